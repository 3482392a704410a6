// Every browser the console supports has Object.entries: the polyfill's dependencies are dead weight.
module.exports = Object.entries;
