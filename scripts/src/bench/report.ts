import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import type { Knex } from '@portaldesk/db';
import type { PhaseSummary } from './closed-loop.ts';
import type { LoadTimings } from './load-patients.ts';

/** API throughput must be at least this share of the bare-SQL throughput (issue's target). */
export const THROUGHPUT_RATIO_TARGET = 1 / 3;

/** Where and on what the figures were measured. */
export interface MachineDescription {
  date: string;
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  postgres: string;
  database: string;
  /** The 1-minute load average at the start: other work on the machine moves every figure. */
  loadAverage: number;
}

/** The machine, the Node and PostgreSQL versions, and the server settings that move the figures most. */
export async function describeMachine(knex: Knex, databaseLabel: string): Promise<MachineDescription> {
  const setting = async (name: string) => (await knex.raw(`SHOW ${name}`)).rows[0][name] as string;
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    cores: os.cpus().length,
    ramGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: `${await setting('server_version')} (shared_buffers ${await setting('shared_buffers')}, synchronous_commit ${await setting('synchronous_commit')})`,
    database: databaseLabel,
    loadAverage: os.loadavg()[0],
  };
}

/** One scenario's measurements on both sides. */
export interface ScenarioResult {
  label: string;
  p99TargetMs?: number;
  api: PhaseSummary;
  sql: PhaseSummary;
  /** Database statements per API request, by table and verb, e.g. "staff_sessions select 1.00". */
  apiQueriesPerRequest: string;
}

/** The targets a result misses, in words; empty when it meets them all. */
export function missedTargets(result: ScenarioResult): string[] {
  const missed: string[] = [];
  if (result.p99TargetMs !== undefined && result.api.p99Ms > result.p99TargetMs) {
    missed.push(`API p99 ${result.api.p99Ms.toFixed(1)} ms > ${result.p99TargetMs} ms`);
  }
  const ratio = result.api.perSecond / result.sql.perSecond;
  if (ratio < THROUGHPUT_RATIO_TARGET) missed.push(`API/SQL throughput ${ratio.toFixed(2)} < 0.33`);
  return missed;
}

const ms = (value: number) => value.toFixed(1);
const perSecond = (value: number) => Math.round(value).toLocaleString('en-US');
const verdict = (result: ScenarioResult) => (missedTargets(result).length ? 'FAIL' : 'PASS');
const target = (result: ScenarioResult) => `${result.p99TargetMs === undefined ? '' : `p99 <= ${result.p99TargetMs} ms, `}ratio >= 0.33`;

const HEADINGS = ['search', 'API p50 ms', 'API p99 ms', 'API req/s', 'SQL p50 ms', 'SQL p99 ms', 'SQL req/s', 'API/SQL', 'target', 'verdict'];

function cells(result: ScenarioResult): string[] {
  const { api, sql } = result;
  return [
    result.label,
    ms(api.p50Ms),
    ms(api.p99Ms),
    perSecond(api.perSecond),
    ms(sql.p50Ms),
    ms(sql.p99Ms),
    perSecond(sql.perSecond),
    (api.perSecond / sql.perSecond).toFixed(2),
    target(result),
    verdict(result),
  ];
}

/** The results as an aligned plain-text table for the terminal. */
export function consoleTable(results: ScenarioResult[]): string {
  const rows = [HEADINGS, ...results.map(cells)];
  const widths = HEADINGS.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')).join('\n');
}

/** What else a run reports besides the table. */
export interface RunFacts {
  machine: MachineDescription;
  rows: number;
  /** Undefined when a database kept by an earlier run was reused. */
  load?: LoadTimings;
  concurrency: number;
  poolSize: number;
  seconds: number;
}

function loadLine({ rows, load }: RunFacts): string {
  if (!load) return `${rows.toLocaleString('en-US')} patients, reused from a kept database (--keep).`;
  const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
  return (
    `${rows.toLocaleString('en-US')} patients: COPY ${seconds(load.copyMs)} (${perSecond(rows / (load.copyMs / 1000))} rows/s), ` +
    `search indexes ${seconds(load.indexMs)}, VACUUM ANALYZE ${seconds(load.vacuumMs)}; ` +
    `${perSecond(rows / ((load.copyMs + load.indexMs + load.vacuumMs) / 1000))} rows/s overall.`
  );
}

/** The load figures, one line, for the terminal. */
export function consoleLoadLine(facts: RunFacts): string {
  return `Loaded ${loadLine(facts)}`;
}

const BENCHMARKS_HEADER = '# Benchmarks\n';

/** A chapter of BENCHMARKS.md: its heading and how its benchmark measures. */
export interface BenchmarkChapter {
  heading: string;
  method: string;
}

export const SEARCH_CHAPTER: BenchmarkChapter = {
  heading: '## Patient search (`npm run bench:search`)',
  method: `Loads 1,000,000 synthetic patients (deterministic: seeded, names drawn from a few hundred common
family and given names with census-like frequencies, birth dates across 100 years, sequential
MRNs) into a throwaway database by COPY, starts the real admin API in-process, signs in one
front-desk session per client through \`POST /api/session\`, then drives
\`GET /api/patients?sort=...&range=[0,24]&filter=...\` with a fixed number of keep-alive clients
on 127.0.0.1: sessions, passport and the audit trail are on, as in every real request. In the
same run it sends the same SQL (captured from the API's search service, so the text and values
are literally the ones the API sends) straight through a pg pool as large as the API's. Each
phase warms up first; percentiles come from every measured request. The load generator shares
the API's event loop, so the API figures include the client's own cost.

Targets on a 2-core machine: name-prefix search p99 <= 25 ms, MRN lookup p99 <= 10 ms, and API
throughput >= 1/3 of the bare-SQL throughput.

Run it with \`npm run bench:search\` (an embedded PostgreSQL), or against a server with
\`DATABASE_URL=postgres://user@host:5432/postgres npm run bench:search\`: it creates and drops a
database of its own there. Options: \`-- --seconds S\` per phase, \`--concurrency C\`, \`--rows N\`,
\`--keep\` (DATABASE_URL only: keep the loaded database for the next \`--keep\` run).
Each run appends a section below.`,
};

export const ACTIVATION_CHAPTER: BenchmarkChapter = {
  heading: '## Activation codes (`npm run bench:activation`)',
  method: `Loads synthetic adult patients into a throwaway database, signs in one front-desk session per
client and issues a code for every patient through \`POST /api/patients/{id}/activation-codes\`
(session, CSRF check, eligibility, an argon2id hash, the audit row), then redeems every code once
through \`POST /portal-api/v1/activations\` with a bearer token (token lookup, the code's row
lock, an argon2id verification, the new account, the audit row), with the same number of
concurrent clients. In the same run it measures bare argon2id verification at that concurrency:
every issue hashes and every redemption verifies once, so that is the ceiling. Between the two
it refuses 1,000 unknown codes and 1,000 live codes with a wrong rest (each from a device of its
own): both must take about as long, or the answer's timing would tell a live code's first
characters from unknown ones. Options:
\`-- --codes N\` (default 10,000), \`--concurrency C\` (default 8). Each run appends a section below.`,
};

export const CONSOLE_CHAPTER: BenchmarkChapter = {
  heading: '## The console in the browser (`npm run bench:console`)',
  method: `Seeds the demo (3,000 patients, as \`npm start\` does) into a throwaway database, starts the
compiled server on it the way \`npm start\` does (building first if a source changed), and drives
headless Chromium at 1366x768 through what a front-desk clerk does first thing: open the
sign-in page, sign in until the patient search box is usable, search a name until its row
shows, open the record until its portal panel shows, issue an activation code until the code
shows. Each run uses a fresh browser profile, so nothing is cached: a first visit. Times are
measured from the action to the element being visible; beside them, the CPU time the page's
main thread spent (Chromium's ThreadTime), which other work on the machine barely moves, while
it can stretch the times on the clock several-fold. Bytes are response bodies as they crossed
the wire (compressed), from Chromium's own accounting, per step.

Goals on a 2-core machine: sign-in to a usable search box at most 1 s median; at most 250 kB of
compressed scripts for the sign-in page and 300 kB up to the patient list (the browser test
\`admin-ui/e2e/console-weight.e2e.test.ts\` holds the byte budgets). Options: \`-- --runs N\`
(default 5), \`--print-only\` (nothing appended). Each run appends a section below.`,
};

/** The run as a dated Markdown section. */
export function markdownSection(facts: RunFacts, results: ScenarioResult[]): string {
  const { machine } = facts;
  const line = (row: string[]) => `| ${row.join(' | ')} |`;
  return [
    `### ${machine.date}: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB`,
    '',
    `- Node ${machine.node}; PostgreSQL ${machine.postgres}; database: ${machine.database}; load average at start ${machine.loadAverage.toFixed(2)}`,
    `- ${loadLine(facts)}`,
    `- ${facts.concurrency} concurrent clients each side, pool of ${facts.poolSize} connections each side, ${facts.seconds} s measured per phase after a warm-up.`,
    '',
    line(HEADINGS),
    line(HEADINGS.map((_, column) => (column === 0 || column >= HEADINGS.length - 2 ? '---' : '---:'))),
    ...results.map((result) => line(cells(result))),
    '',
    'Database statements per API request:',
    '',
    ...results.map((result) => `- ${result.label}: ${result.apiQueriesPerRequest}`),
    '',
  ].join('\n');
}

/** Appends a section to BENCHMARKS.md, creating the file with its explanation first. */
export async function appendToBenchmarks(file: string, section: string, chapter = SEARCH_CHAPTER): Promise<void> {
  const text = existsSync(file) ? await fs.readFile(file, 'utf8') : BENCHMARKS_HEADER;
  const at = text.indexOf(`\n${chapter.heading}\n`);
  if (at < 0) {
    await fs.writeFile(file, `${text.trimEnd()}\n\n${chapter.heading}\n\n${chapter.method}\n\n${section}`);
    return;
  }
  // A run goes at the end of its own chapter, before the next "## " heading.
  const next = text.indexOf('\n## ', at + chapter.heading.length + 1);
  const end = next < 0 ? text.length : next;
  await fs.writeFile(file, `${text.slice(0, end).trimEnd()}\n\n${section.trimEnd()}\n${text.slice(end)}`);
}
