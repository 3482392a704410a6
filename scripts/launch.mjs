/**
 * `npm start` and the operator scripts (`npm run migrate`, `staff:create`, ...): runs an entry of
 * the compiled build in dist/, building first when the build is missing or older than any source
 * (a fresh clone, a `git pull`). Where the build tools are not installed (`npm ci --omit=dev`),
 * it runs the build that is there. Plain JavaScript, so that it runs before anything is compiled.
 *
 * Usage: node scripts/launch.mjs <server | migrate | staff-create | seed-demo | import-patients | import-results | import-guarantor-accounts> [args]
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', 'BUILD');

/** What the build is made from: a change to any of these makes it stale. */
const SOURCES = [
  'db/src',
  'db/migrations',
  'db/seeds',
  'admin-api/src',
  'scripts/src',
  'scripts/build.mjs',
  'admin-ui/src',
  'admin-ui/index.html',
  'admin-ui/vite.config.ts',
  'admin-ui/shims',
  'package-lock.json',
];

function newestChange(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(full).map((child) => newestChange(path.join(entry, child))));
}

async function buildToolsInstalled() {
  try {
    await import('esbuild');
    return true;
  } catch {
    return false;
  }
}

const [entry, ...args] = process.argv.slice(2);
const compiled = path.join(root, 'dist', `${entry}.js`);
if (!entry || !/^[a-z-]+$/.test(entry)) {
  console.error(
    'Usage: node scripts/launch.mjs <server | migrate | staff-create | seed-demo | import-patients | import-results | import-guarantor-accounts> [args]',
  );
  process.exit(2);
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const stale = !built || SOURCES.some((source) => newestChange(source) > built);
if (stale && (await buildToolsInstalled())) {
  // One line while it builds; the build itself speaks only of problems.
  process.stderr.write(built ? 'The sources changed: building the console again… ' : 'Building the console (first start)… ');
  const { buildAll } = await import('./build.mjs');
  const seconds = await buildAll({ quiet: true });
  process.stderr.write(`done in ${seconds.toFixed(1)} s.\n`);
} else if (!existsSync(compiled)) {
  console.error(`No build to run (${path.relative(root, compiled)}), and no build tools: run \`npm ci\` and \`npm run build\` first.`);
  process.exit(2);
}

// The entry reads its arguments from process.argv as if it had been started itself.
process.argv = [process.argv[0], compiled, ...args];
await import(pathToFileURL(compiled).href);
