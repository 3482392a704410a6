import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { repoRoot } from '@portaldesk/db';

/**
 * The server runs in node itself with tsx as a loader: the `tsx` command would put a relay process
 * in between that SIGKILLs its child when the child is slow to answer a relayed signal (a busy
 * machine), and tests would see exit 143 instead of a clean stop, or signal the relay, not the server.
 */
const serverCommand = [process.execPath, '--import', 'tsx', path.join(repoRoot, 'admin-api/src/server.ts')];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  exit: Promise<number | null>;
}

/** Starts a server process on a free port and waits for its banner (or, when expected, for it to exit). */
export async function startServerProcess(env: Record<string, string | undefined>, { expectExit = false } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const [node, ...args] = serverCommand;
  const child = spawn(node, args, {
    cwd: repoRoot,
    env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  // 'close', not 'exit': by then everything the process wrote has been read.
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!output.includes('PortalDesk is ready at')) {
    if (expectExit && child.exitCode !== null) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      // A server left running would keep its job workers polling through every later test.
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, baseUrl: `http://127.0.0.1:${port}`, output: () => output, exit };
}
