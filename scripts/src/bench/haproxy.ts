/**
 * HAProxy for `npm run bench:scale`: Debian's package, found or installed, run as a child
 * process with a round-robin configuration over the API instances and a stats page that says
 * how many requests each instance answered.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Where Debian's package puts it; /usr/sbin is often not on a normal user's PATH. */
const DEBIAN_BINARY = '/usr/sbin/haproxy';
const INSTALL_STEPS = [
  ['apt-get', 'update'],
  ['apt-get', 'install', '-y', 'haproxy'],
];
/** The backend's name in the configuration and in the stats. */
const BACKEND = 'instances';
const STOP_TIMEOUT_MS = 5_000;

/** HAProxy is missing and this process may not install it: the message says what to run. */
export class HaproxyMissingError extends Error {}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The haproxy binary on PATH, else Debian's; undefined when neither is there. */
export function findHaproxy(): string | undefined {
  const onPath = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((directory) => path.join(directory, 'haproxy'));
  return [...onPath, DEBIAN_BINARY].find(isExecutableFile);
}

function runToEnd(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (exit code ${code}).`))));
  });
}

/**
 * The haproxy binary, installing Debian's package first when it is missing and this process is
 * root; otherwise throws HaproxyMissingError naming the command to run.
 */
export async function ensureHaproxy(): Promise<string> {
  const found = findHaproxy();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    const commands = INSTALL_STEPS.map((step) => `sudo ${step.join(' ')}`).join(' && ');
    throw new HaproxyMissingError(`HAProxy is not installed. Install Debian's package, then run the benchmark again:\n  ${commands}`);
  }
  console.log("HAProxy is not installed: installing Debian's package...");
  // The package lists of a fresh container are empty: without the update, the install finds nothing.
  for (const [command, ...args] of INSTALL_STEPS) await runToEnd(command, args);
  const installed = findHaproxy();
  if (!installed) throw new Error(`apt-get installed haproxy, yet neither PATH nor ${DEBIAN_BINARY} has it.`);
  return installed;
}

/** "2.6.12-1+deb12u4", from `haproxy -v`. */
export async function haproxyVersion(binary: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const child = spawn(binary, ['-v'], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk: Buffer) => (text += chunk));
    child.once('error', reject);
    child.once('exit', () => resolve(/version (\S+)/.exec(text)?.[1] ?? 'unknown version'));
  });
}

/** Where the balancer listens and which instances it sends to. */
export interface BalancerLayout {
  port: number;
  statsPort: number;
  /** The API instances, in order; named api1, api2, ... in the stats. */
  instancePorts: number[];
}

/**
 * Round robin without stickiness, so one client's requests land on every instance; keep-alive
 * to the instances; an instance leaves the rotation after two failed readiness checks (about a
 * second after it starts answering 503) and comes back after two good ones. A GET search is
 * safe to send again, so a refused connection, a connection closed without an answer or a
 * timeout is retried, the last retry on another instance.
 */
export function haproxyConfig({ port, statsPort, instancePorts }: BalancerLayout): string {
  return [
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 30s',
    '  timeout server 30s',
    // A readiness check may take longer than the 500 ms between checks on a saturated machine;
    // without this, every instance would be taken out at once and HAProxy would answer 503 itself.
    '  timeout check 2s',
    '',
    'frontend api',
    `  bind 127.0.0.1:${port}`,
    `  default_backend ${BACKEND}`,
    '',
    `backend ${BACKEND}`,
    '  balance roundrobin',
    '  http-reuse safe',
    '  option httpchk GET /api/health/ready',
    '  http-check expect status 200',
    '  retries 2',
    '  option redispatch',
    '  retry-on conn-failure empty-response response-timeout',
    ...instancePorts.map((instancePort, index) => `  server api${index + 1} 127.0.0.1:${instancePort} check inter 500ms fall 2 rise 2`),
    '',
    'frontend stats',
    `  bind 127.0.0.1:${statsPort}`,
    '  stats enable',
    '  stats uri /stats',
    '',
  ].join('\n');
}

/** One instance's counters since HAProxy started. */
export interface InstanceCounters {
  name: string;
  /** UP, DOWN, "UP 1/2" (going down), ... */
  status: string;
  /** The last health check: L7OK, L7STS (wrong status), L4CON (refused), ... */
  checkStatus: string;
  /** HTTP requests sent to this instance (health checks are not counted). */
  requests: number;
  /** Times HAProxy took it out of the rotation (UP to DOWN: two failed readiness checks in a row). */
  takenOut: number;
  /** Connection attempts retried, and requests sent to another instance instead. */
  retries: number;
  redispatches: number;
}

/**
 * The stats CSV, one row per instance. Values are not quoted; only the free-text columns after
 * req_tot (last_chk, check_desc) can hold a comma, so the columns read here are never shifted.
 */
function parseStats(csv: string): InstanceCounters[] {
  const [header, ...lines] = csv.trim().split('\n');
  const columns = header.replace(/^# /, '').split(',');
  const column = (name: string) => {
    const index = columns.indexOf(name);
    if (index < 0) throw new Error(`HAProxy's stats have no ${name} column.`);
    return index;
  };
  const at = { proxy: column('pxname'), name: column('svname'), status: column('status'), check: column('check_status') };
  const count = { requests: column('req_tot'), takenOut: column('chkdown'), retries: column('wretr'), redispatches: column('wredis') };
  return lines
    .map((line) => line.split(','))
    .filter((cells) => cells[at.proxy] === BACKEND && cells[at.name] !== 'BACKEND')
    .map((cells) => ({
      name: cells[at.name],
      status: cells[at.status],
      checkStatus: cells[at.check],
      requests: Number(cells[count.requests]),
      takenOut: Number(cells[count.takenOut]),
      retries: Number(cells[count.retries]),
      redispatches: Number(cells[count.redispatches]),
    }));
}

/** HAProxy running as a child of this process. */
export interface Haproxy {
  baseUrl: string;
  /** Per-instance counters, in the layout's order. */
  counters(): Promise<InstanceCounters[]>;
  /** Stops it at once (SIGTERM: a hard stop) and waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Writes the configuration into `directory` and runs `haproxy -db` (in the foreground, as a
 * child) on it; answers once every instance has passed a readiness check. HAProxy counts a
 * server as up before its first check, so a started process alone proves nothing.
 */
export async function startHaproxy(binary: string, directory: string, layout: BalancerLayout, readyWithinMs = 10_000): Promise<Haproxy> {
  const configFile = path.join(directory, 'haproxy.cfg');
  await fs.writeFile(configFile, haproxyConfig(layout));
  let output = '';
  const child = spawn(binary, ['-db', '-f', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (hasExited()) return;
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(force);
  };
  const counters = async () => parseStats(await (await fetch(`http://127.0.0.1:${layout.statsPort}/stats;csv`)).text());

  const deadline = Date.now() + readyWithinMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`HAProxy exited (${child.exitCode ?? child.signalCode}):\n${output}`);
    try {
      const instances = await counters();
      if (instances.length === layout.instancePorts.length && instances.every((instance) => instance.status === 'UP' && instance.checkStatus === 'L7OK')) {
        return { baseUrl: `http://127.0.0.1:${layout.port}`, counters, stop };
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  const last = await counters().catch(() => []);
  await stop();
  throw new Error(`HAProxy's instances did not pass their checks within ${readyWithinMs / 1000} s: ${JSON.stringify(last)}\n${output}`);
}
