/**
 * `npm run build`: the API and its command-line scripts compiled to JavaScript in dist/ (esbuild:
 * one bundle per entry, the packages from node_modules left as imports, so `npm ci --omit=dev`
 * is enough to run them), the migrations and seeds beside them, and the console built by vite
 * into admin-ui/dist with brotli and gzip copies of its text files beside them. Plain
 * JavaScript, so that it runs before anything is compiled. Quiet unless something is wrong.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

/** Every package the workspaces depend on at run time stays an import; our own are bundled. */
function runtimePackages() {
  const names = new Set();
  for (const workspace of ['db', 'admin-api', 'scripts']) {
    const manifest = JSON.parse(readFileSync(path.join(root, workspace, 'package.json'), 'utf8'));
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      if (!name.startsWith('@portaldesk/')) names.add(name);
    }
  }
  return [...names].flatMap((name) => [name, `${name}/*`]);
}

/** The entries an operator runs: the server and the scripts a production install needs. */
const ENTRIES = {
  server: 'admin-api/src/server.ts',
  migrate: 'scripts/src/migrate.ts',
  'staff-create': 'scripts/src/staff-create.ts',
  'seed-demo': 'scripts/src/seed-demo.ts',
  'import-patients': 'scripts/src/import-patients.ts',
  'import-results': 'scripts/src/import-results.ts',
  'import-guarantor-accounts': 'scripts/src/import-guarantor-accounts.ts',
};

/** What the browser downloads as text; source maps are never fetched by a user's browser. */
const COMPRESSIBLE = /\.(?:js|css|html|svg|json)$/;
const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * Writes `file.br` and `file.gz` beside every text file of the console, at the highest levels
 * (done once per build, so the server spends nothing per request), wherever the copy is smaller.
 * admin-api/src/lib/console-files.ts serves them.
 */
export async function precompress(directory) {
  const files = (await readdir(directory, { recursive: true })).filter((file) => COMPRESSIBLE.test(file));
  await Promise.all(
    files.map(async (file) => {
      const full = path.join(directory, file);
      const content = await readFile(full);
      const [br, gz] = await Promise.all([
        brotli(content, {
          params: {
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
          },
        }),
        gzipped(content, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      for (const [suffix, copy] of [
        ['.br', br],
        ['.gz', gz],
      ]) {
        if (copy.length < content.length) await writeFile(full + suffix, copy);
      }
    }),
  );
}

/** Builds everything; answers the seconds it took, and says so unless `quiet`. */
export async function buildAll({ quiet = false } = {}) {
  rmSync(dist, { recursive: true, force: true });
  const started = Date.now();
  await build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir: dist,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    sourcemap: true,
    external: runtimePackages(),
    define: { PORTALDESK_COMPILED: 'true' },
    logLevel: 'warning',
  });
  // Loaded by path at run time (db/src/index.ts), one module a file, as knex expects; each
  // bundles what it imports of ours (such as db/src/online-migrations.ts).
  await build({
    absWorkingDir: root,
    entryPoints: ['db/migrations/*.ts', 'db/seeds/*.ts'],
    outbase: 'db',
    outdir: path.join(dist, 'db'),
    bundle: true,
    external: runtimePackages(),
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    logLevel: 'warning',
  });
  // vite.config.ts keeps vite to warnings; a dev dependency, like esbuild.
  const { build: buildConsole } = await import('vite');
  const consoleRoot = path.join(root, 'admin-ui');
  // vite builds React and the rest for whatever NODE_ENV says (vitest sets "test", which gives
  // their development builds, 30% heavier and slower): the console is always the production build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await buildConsole({ root: consoleRoot, configFile: path.join(consoleRoot, 'vite.config.ts') });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  await precompress(path.join(consoleRoot, 'dist'));
  writeFileSync(path.join(dist, 'BUILD'), `${new Date().toISOString()}\n`);
  const seconds = (Date.now() - started) / 1000;
  if (!quiet) console.log(`Built dist/ and admin-ui/dist/ in ${seconds.toFixed(1)} s.`);
  return seconds;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildAll();
