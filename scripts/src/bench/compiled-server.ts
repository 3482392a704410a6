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
  /** What the server printed so far, stdout and stderr interleaved. */
  output(): string;
  /** SIGTERM, then waits for the graceful exit. */
  stop(): Promise<void>;
}

/**
 * The server as `npm start` runs it (scripts/launch.mjs: the compiled build in dist/, built
 * first when missing or older than a source) on `databaseUrl`, answering on 127.0.0.1 once
 * `/api/health/ready` says so.
 */
export async function startCompiledServer(databaseUrl: string, { readyWithinMs = 120_000 } = {}): Promise<CompiledServer> {
  const port = await freePort();
  let log = '';
  const server = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'launch.mjs'), 'server'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (chunk) => (log += chunk));
  server.stderr.on('data', (chunk) => (log += chunk));
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const stop = async () => {
    if (server.exitCode === null) server.kill('SIGTERM');
    await exited;
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyWithinMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited (${server.exitCode}):\n${log}`);
    try {
      if ((await fetch(`${baseUrl}/api/health/ready`)).ok) return { baseUrl, output: () => log, stop };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`The server was not ready within ${readyWithinMs / 1000} s:\n${log}`);
}
