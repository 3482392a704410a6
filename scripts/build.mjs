/**
 * `npm run build`: the API and its command-line scripts compiled to JavaScript in dist/ (esbuild:
 * one bundle per entry, the packages from node_modules left as imports, so `npm ci --omit=dev`
 * is enough to run them), the migrations and seeds beside them, and the console built by vite
 * into admin-ui/dist. Plain JavaScript, so that it runs before anything is compiled.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
};

export async function buildAll() {
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
  execFileSync('npm', ['run', 'build', '--workspace', 'admin-ui'], { cwd: root, stdio: 'inherit' });
  writeFileSync(path.join(dist, 'BUILD'), `${new Date().toISOString()}\n`);
  console.log(`Built dist/ and admin-ui/dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildAll();
