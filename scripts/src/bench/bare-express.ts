/**
 * The framework's own ceiling for the search benchmark: express answering one word, nothing
 * else, in a process of its own on the port it is given (argv[2]). Says "listening" over IPC.
 */
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.get('/', (_req, res) => {
  res.send('ok');
});
const server = app.listen(Number(process.argv[2]), '127.0.0.1', () => process.send?.('listening'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
