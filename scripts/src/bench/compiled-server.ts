import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '@portaldesk/db';

/** A free TCP port on the loopback interface, at the moment of asking. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface CompiledServer {
  baseUrl: string;
  port: number;
  pid: number;
  /** The end of what the server printed (stdout and stderr interleaved), for error messages. */
  output(): string;
  /** SIGTERM, then waits for the graceful exit; answers the exit code. */
  stop(): Promise<number | null>;
}

export interface CompiledServerOptions {
  readyWithinMs?: number;
  /** Environment on top of the defaults below (LOG_LEVEL warn, PORT, HOST, DATABASE_URL). */
  env?: Record<string, string>;
  port?: number;
}

/** A request log at info level is megabytes a minute under load; keep the end, for errors. */
const OUTPUT_KEPT_CHARACTERS = 64 * 1024;

/**
 * The server as `npm start` runs it (scripts/launch.mjs: the compiled build in dist/, built
 * first when missing or older than a source) on `databaseUrl`, answering on 127.0.0.1 once
 * `/api/health/ready` says so.
 */
export async function startCompiledServer(
  databaseUrl: string,
  { readyWithinMs = 120_000, env = {}, port: chosenPort }: CompiledServerOptions = {},
): Promise<CompiledServer> {
  const port = chosenPort ?? (await freePort());
  let log = '';
  const server = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'launch.mjs'), 'server'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    log += chunk;
    if (log.length > 2 * OUTPUT_KEPT_CHARACTERS) log = log.slice(-OUTPUT_KEPT_CHARACTERS);
  };
  server.stdout.on('data', keep);
  server.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (server.exitCode === null) server.kill('SIGTERM');
    return exited;
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyWithinMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited (${server.exitCode}):\n${log}`);
    try {
      if ((await fetch(`${baseUrl}/api/health/ready`)).ok)
        return { baseUrl, port, pid: server.pid ?? 0, output: () => log.slice(-OUTPUT_KEPT_CHARACTERS), stop };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`The server was not ready within ${readyWithinMs / 1000} s:\n${log}`);
}
