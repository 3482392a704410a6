import { spawn, execFile, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { createKnex, repoRoot } from '@portaldesk/db';
import { provisionTestDatabase } from '@portaldesk/db/testing';
import { seedDemoData } from '@portaldesk/admin-api';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    demoPassword: string;
    e2eDatabaseUrl: string;
  }
}

const DEMO_PASSWORD = 'end to end demo passphrase';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(url: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited (${server.exitCode}):\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not become ready:\n${output()}`);
}

/**
 * Builds PortalDesk as `npm run build` does, seeds a throwaway database with the demo, and starts
 * the compiled server on it as production runs it, for the browser tests.
 */
export default async function setup(project: TestProject) {
  await promisify(execFile)(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot });
  const database = await provisionTestDatabase('portaldesk_e2e');
  const knex = createKnex(database.connectionString, 2);
  try {
    await seedDemoData(knex, { password: DEMO_PASSWORD, patientCount: 300, now: new Date() });
  } finally {
    await knex.destroy();
  }

  const port = await freePort();
  let log = '';
  const server = spawn(process.execPath, [path.join(repoRoot, 'dist', 'server.js')], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: database.connectionString, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (chunk) => (log += chunk));
  server.stderr!.on('data', (chunk) => (log += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${baseUrl}/api/health/ready`, server, () => log);

  project.provide('baseUrl', baseUrl);
  project.provide('demoPassword', DEMO_PASSWORD);
  project.provide('e2eDatabaseUrl', database.connectionString);
  return async () => {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
    await database.teardown();
  };
}
