/**
 * `npm run bench:activation [-- --codes N --concurrency C]`
 *
 * Issues N activation codes through the staff API (front-desk sessions, CSRF, audit on) and then
 * redeems every one of them through the portal integration API with concurrent clients, in a
 * throwaway database. In the same run it measures bare argon2id verification with the same
 * concurrency: each issue hashes and each redemption verifies one code, so that is the ceiling.
 * Prints p50, p99 and throughput and appends them to BENCHMARKS.md.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { verify } from '@node-rs/argon2';
import pino from 'pino';
import { createKnex, repoRoot, type Knex } from '@portaldesk/db';
import { buildApp, hashSecret, hashToken } from '@portaldesk/admin-api';
import { EXIT, parseFlags, wholeNumberOption } from '../cli.ts';
import { openBenchDatabase } from './bench-database.ts';
import { runClosedLoop, summarize, type PhaseSummary } from './closed-loop.ts';
import { loadPatients } from './load-patients.ts';
import { ACTIVATION_CHAPTER, appendToBenchmarks, describeMachine } from './report.ts';
import { StaffClient } from './staff-client.ts';

const usage = 'Usage: npm run bench:activation [-- --codes N] [--concurrency C]   (DATABASE_URL optional)';
const { values: flags } = parseFlags({ codes: { type: 'string' }, concurrency: { type: 'string' } }, usage);

const CODES = wholeNumberOption('codes', flags.codes, 10_000, 10, 100_000, usage);
const CONCURRENCY = wholeNumberOption('concurrency', flags.concurrency, 8, 1, 64, usage);
const ARGON2_SECONDS = 10;
/** Refusals measured of each kind. */
const REFUSALS = 1_000;
const DATA_SEED = 20_261_126;

/** Runs `send` for items 0..count-1 from `workers` concurrent loops; answers every latency. */
async function runFixedWork(count: number, workers: number, send: (worker: number, item: number) => Promise<unknown>): Promise<PhaseSummary> {
  const latenciesMs: number[] = [];
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let item = next++; item < count; item = next++) {
        const sent = process.hrtime.bigint();
        await send(worker, item);
        latenciesMs.push(Number(process.hrtime.bigint() - sent) / 1e6);
      }
    }),
  );
  return summarize({ latenciesMs, elapsedMs: Number(process.hrtime.bigint() - start) / 1e6 });
}

/** A patient address of its own for each attempt: limits are per device, and this measures checks, not the limit. */
const deviceOf = (item: number) => `10.${(item >> 16) & 255}.${(item >> 8) & 255}.${item & 255}`;

function portalRedeem(port: number, agent: http.Agent, token: string, payload: object, device: string): Promise<number> {
  const body = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/portal-api/v1/activations',
        agent,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'X-Patient-Address': device,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function createStaffAndToken(knex: Knex) {
  const username = `bench_desk_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  const now = new Date();
  const [{ id }] = await knex('staff_users')
    .insert({ username, display_name: 'Benchmark front desk', password_hash: await hashSecret(password), created_at: now, updated_at: now })
    .returning('id');
  await knex('staff_user_roles').insert({ staff_user_id: id, role: 'front_desk' });
  const token = `pdt_${randomBytes(32).toString('base64url')}`;
  await knex('portal_tokens').insert({ name: 'Benchmark portal', token_hash: hashToken(token), created_at: now });
  return { username, password, token };
}

const line = (label: string, summary: PhaseSummary) =>
  `| ${label} | ${summary.requests.toLocaleString('en-US')} | ${summary.p50Ms.toFixed(1)} | ${summary.p99Ms.toFixed(1)} | ${Math.round(summary.perSecond).toLocaleString('en-US')} |`;

async function run(): Promise<void> {
  const database = await openBenchDatabase({ keep: false, rows: CODES });
  const knex = createKnex(database.connectionString, 10);
  const { app } = buildApp({ knex, sessionSecret: randomBytes(32).toString('base64url'), publicUrl: 'http://127.0.0.1', logger: pino({ level: 'silent' }) });
  const server = http.createServer(app);
  try {
    console.log(`Loading ${CODES.toLocaleString('en-US')} synthetic patients (${database.serverLabel})...`);
    await loadPatients(knex, database.connectionString, CODES, DATA_SEED);
    // Every patient an adult, so every issue succeeds and the run measures codes, not refusals.
    await knex('patients').update({ date_of_birth: knex.raw(`LEAST(date_of_birth, DATE '2000-01-01')`), deceased_date: null });
    const patients: { id: number; date_of_birth: string }[] = await knex('patients').select('id', 'date_of_birth').orderBy('id');
    const machine = await describeMachine(knex, database.serverLabel);
    const { username, password, token } = await createStaffAndToken(knex);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    // One after another: sign-ins of one account from one address at the same moment are throttled.
    const clients: StaffClient[] = [];
    for (let i = 0; i < CONCURRENCY; i += 1) {
      const client = new StaffClient(port);
      await client.signIn(username, password);
      clients.push(client);
    }

    console.log(`Issuing ${CODES.toLocaleString('en-US')} codes with ${CONCURRENCY} front-desk clients...`);
    const codes: string[] = new Array(patients.length);
    const issue = await runFixedWork(patients.length, CONCURRENCY, async (worker, item) => {
      codes[item] = (await clients[worker].post<{ code: string }>(`/api/patients/${patients[item].id}/activation-codes`, {})).code;
    });
    console.log(`  issue: p50 ${issue.p50Ms.toFixed(1)} ms, p99 ${issue.p99Ms.toFixed(1)} ms, ${issue.perSecond.toFixed(1)}/s`);

    const agents = Array.from({ length: CONCURRENCY }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    // Refusals must take as long whether or not the first characters belong to a live code.
    const refusals = Math.min(REFUSALS, patients.length);
    console.log(`Refusing ${refusals} unknown codes, then ${refusals} live codes with a wrong rest...`);
    const refuse = (code: (item: number) => string, firstDevice: number) =>
      runFixedWork(refusals, CONCURRENCY, async (worker, item) => {
        const status = await portalRedeem(
          port,
          agents[worker],
          token,
          { code: code(item), dateOfBirth: '1970-01-01', username: `nobody${item}` },
          deviceOf(firstDevice + item),
        );
        if (status !== 422) throw new Error(`Refusal ${item} answered ${status}`);
      });
    const unknownRefused = await refuse(
      () =>
        `ZZ${randomBytes(8)
          .toString('hex')
          .toUpperCase()
          .replace(/[01ILO]/g, 'Z')
          .slice(0, 13)}`,
      CODES,
    );
    const liveRefused = await refuse((item) => `${codes[item].slice(0, 6)}ZZZZZ-ZZZZZ`, CODES + refusals);
    console.log(`  unknown code: p50 ${unknownRefused.p50Ms.toFixed(1)} ms; live code, wrong rest: p50 ${liveRefused.p50Ms.toFixed(1)} ms`);

    console.log(`Redeeming them through the portal API with ${CONCURRENCY} clients...`);
    const redeem = await runFixedWork(patients.length, CONCURRENCY, async (worker, item) => {
      const status = await portalRedeem(
        port,
        agents[worker],
        token,
        { code: codes[item], dateOfBirth: patients[item].date_of_birth, username: `bench${item}` },
        deviceOf(item),
      );
      if (status !== 201) throw new Error(`Redemption ${item} answered ${status}`);
    });
    agents.forEach((agent) => agent.destroy());
    clients.forEach((client) => client.close());
    console.log(`  redeem: p50 ${redeem.p50Ms.toFixed(1)} ms, p99 ${redeem.p99Ms.toFixed(1)} ms, ${redeem.perSecond.toFixed(1)}/s`);

    console.log(`Bare argon2id verification for ${ARGON2_SECONDS} s with ${CONCURRENCY} in flight...`);
    const hash = await hashSecret('ABCDE23456');
    const argon2 = summarize(
      await runClosedLoop({ workers: CONCURRENCY, durationMs: ARGON2_SECONDS * 1000, shouldStop: () => false, send: () => verify(hash, 'ABCDE23456') }),
    );
    console.log(`  argon2id verify: p50 ${argon2.p50Ms.toFixed(1)} ms, p99 ${argon2.p99Ms.toFixed(1)} ms, ${argon2.perSecond.toFixed(1)}/s`);

    const section = [
      `### ${machine.date}: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB`,
      '',
      `- Node ${machine.node}; PostgreSQL ${machine.postgres}; database: ${machine.database}; load average at start ${machine.loadAverage.toFixed(2)}`,
      `- ${CODES.toLocaleString('en-US')} codes, ${CONCURRENCY} concurrent clients each phase; argon2id with @node-rs/argon2 defaults (m=19 MiB, t=2, p=1), libuv threadpool ${process.env.UV_THREADPOOL_SIZE ?? 4}.`,
      '',
      '| phase | requests | p50 ms | p99 ms | per second |',
      '| --- | ---: | ---: | ---: | ---: |',
      line('issue (staff API: session, CSRF, eligibility, argon2id hash, audit)', issue),
      line('refuse an unknown code (portal API: one throwaway argon2id verify)', unknownRefused),
      line('refuse a live code with a wrong rest (row locks, argon2id verify, failure counts)', liveRefused),
      line('redeem (portal API: token, device count, row locks, argon2id verify, account, audit)', redeem),
      line('bare argon2id verify (the ceiling)', argon2),
      '',
      `Redemptions ran at ${((redeem.perSecond / argon2.perSecond) * 100).toFixed(0)}% of bare argon2id verification; issues at ${((issue.perSecond / argon2.perSecond) * 100).toFixed(0)}%. ` +
        `Median refusal of an unknown code: ${((unknownRefused.p50Ms / liveRefused.p50Ms) * 100).toFixed(0)}% of a live code's (both spend one verification).`,
      '',
    ].join('\n');
    const file = path.join(repoRoot, 'BENCHMARKS.md');
    await appendToBenchmarks(file, section, ACTIVATION_CHAPTER);
    console.log(`\n${section}\nAppended to BENCHMARKS.md.`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await knex.destroy();
    await database.release(false);
  }
}

try {
  await run();
  process.exit(EXIT.ok);
} catch (error) {
  console.error(error);
  process.exit(EXIT.rejected);
}
