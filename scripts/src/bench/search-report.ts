import type { LoadReport } from './load-generator.ts';
import { loadLine, type BenchmarkChapter, type MachineDescription } from './report.ts';
import type { LoadTimings } from './load-patients.ts';
import type { Scenario } from './search-scenarios.ts';

/** The arrival rate the p99 targets are set at. */
export const TARGET_RATE = 100;

/** What the framework and the session cost before any search, measured in the same run. */
export interface Ceilings {
  /** express answering one word in a process of its own. */
  bareExpress: LoadReport;
  /** `GET /api/health/live` through the whole API stack: touches no table. */
  noTable: LoadReport;
  /** `GET /api/session` with a session: the stack plus the session read, and nothing else. */
  sessionOnly: LoadReport;
}

/** One kind of search, measured at fixed arrival rates and at saturation. */
export interface SearchResult {
  scenario: Scenario;
  open: { rate: number; report: LoadReport }[];
  api: LoadReport;
  sql: LoadReport;
  /** The search's own SQL through a bare pg pool, open loop at TARGET_RATE with the API's arrivals. */
  sqlAtTargetRate: LoadReport;
  /** Database statements per API request, by table and verb. */
  statements: string;
}

export interface SearchRunFacts {
  machine: MachineDescription;
  rows: number;
  load?: LoadTimings;
  poolSize: number;
  openSeconds: number;
  closedSeconds: number;
  connections: number;
  rates: number[];
}

const ms = (value: number) => (Number.isNaN(value) ? '-' : value.toFixed(1));
const perSecond = (value: number) => Math.round(value).toLocaleString('en-US');
const ratio = (value: number) => value.toFixed(2);

/** The closed-loop throughput the target compares with, and the target ratio. */
function closedTarget(result: SearchResult, ceilings: Ceilings): { base: number; words: string } | undefined {
  const target = result.scenario.closedTarget;
  if (!target) return undefined;
  const base = target.of === 'sql' ? result.sql.perSecond : ceilings.sessionOnly.perSecond;
  return { base: base * target.share, words: `>= ${target.share === 0.5 ? '1/2' : '1/3'} of ${target.of === 'sql' ? 'bare SQL' : 'the session-only ceiling'}` };
}

/** The targets a search misses, in words; empty when it meets them all. */
export function missedTargets(result: SearchResult, ceilings: Ceilings): string[] {
  const missed: string[] = [];
  const atTarget = result.open.find((point) => point.rate === TARGET_RATE)?.report;
  const p99Target = result.scenario.p99TargetMs;
  if (atTarget && atTarget.p99Ms > p99Target) missed.push(`p99 at ${TARGET_RATE}/s ${ms(atTarget.p99Ms)} ms > ${p99Target} ms`);
  const failed = result.open.reduce((sum, point) => sum + point.report.failed, result.api.failed);
  if (failed > 0) missed.push(`${failed} failed requests`);
  const closed = closedTarget(result, ceilings);
  if (closed && result.api.perSecond < closed.base)
    missed.push(`closed loop ${perSecond(result.api.perSecond)}/s < ${perSecond(closed.base)}/s (${closed.words})`);
  return missed;
}

const line = (row: string[]) => `| ${row.join(' | ')} |`;
const header = (headings: string[], textColumns: number[]) => [
  line(headings),
  line(headings.map((_, column) => (textColumns.includes(column) ? '---' : '---:'))),
];

function ceilingRows(ceilings: Ceilings): string[] {
  const bare = ceilings.bareExpress.perSecond;
  const row = (what: string, report: LoadReport, goal: string) =>
    line([what, perSecond(report.perSecond), ms(report.p50Ms), ms(report.p99Ms), ratio(report.perSecond / bare), goal]);
  return [
    ...header(['closed loop', 'req/s', 'p50 ms', 'p99 ms', 'of bare express', 'goal'], [0, 5]),
    row('bare express, one word', ceilings.bareExpress, ''),
    row('`GET /api/health/live`: the whole stack, no table', ceilings.noTable, '>= 0.60'),
    row('`GET /api/session`: the stack and the session read', ceilings.sessionOnly, ''),
  ];
}

function openRows(results: SearchResult[]): string[] {
  return [
    ...header(['search', 'arrivals/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'failed', 'p99 target'], [0]),
    ...results.flatMap((result) =>
      result.open.map(({ rate, report }) =>
        line([
          result.scenario.label,
          String(rate),
          ms(report.p50Ms),
          ms(report.p95Ms),
          ms(report.p99Ms),
          ms(report.maxMs),
          String(report.failed),
          rate === TARGET_RATE ? `<= ${result.scenario.p99TargetMs} ms` : '',
        ]),
      ),
    ),
  ];
}

function floorRows(results: SearchResult[]): string[] {
  return [
    ...header(['search', 'API p50 ms', 'API p99 ms', 'bare SQL p50 ms', 'bare SQL p99 ms', 'p99 target'], [0]),
    ...results.map((result) => {
      const api = result.open.find((point) => point.rate === TARGET_RATE)?.report;
      const sql = result.sqlAtTargetRate;
      return line([
        result.scenario.label,
        ms(api?.p50Ms ?? Number.NaN),
        ms(api?.p99Ms ?? Number.NaN),
        ms(sql.p50Ms),
        ms(sql.p99Ms),
        `<= ${result.scenario.p99TargetMs} ms`,
      ]);
    }),
  ];
}

function closedRows(results: SearchResult[], ceilings: Ceilings): string[] {
  return [
    ...header(
      ['search', 'API req/s', 'API p99 ms', 'SQL req/s', 'API/SQL', 'API/session ceiling', 'API/bare express', 'closed-loop target', 'verdict'],
      [0, 7, 8],
    ),
    ...results.map((result) =>
      line([
        result.scenario.label,
        perSecond(result.api.perSecond),
        ms(result.api.p99Ms),
        perSecond(result.sql.perSecond),
        ratio(result.api.perSecond / result.sql.perSecond),
        ratio(result.api.perSecond / ceilings.sessionOnly.perSecond),
        ratio(result.api.perSecond / ceilings.bareExpress.perSecond),
        closedTarget(result, ceilings)?.words ?? 'report',
        missedTargets(result, ceilings).length ? 'FAIL' : 'PASS',
      ]),
    ),
  ];
}

/** The run as a dated Markdown section of BENCHMARKS.md. */
export function searchSection(facts: SearchRunFacts, ceilings: Ceilings, results: SearchResult[]): string {
  const { machine } = facts;
  return [
    `### ${machine.date}: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB`,
    '',
    `- Node ${machine.node}; PostgreSQL ${machine.postgres}; database: ${machine.database}; load average at start ${machine.loadAverage.toFixed(2)}`,
    `- ${loadLine(facts.rows, facts.load)}`,
    `- The compiled API in its own process (LOG_LEVEL=info: one line per request, to a pipe), a pool of ${facts.poolSize}; the load generator in another.`,
    `- Open loop: Poisson arrivals at ${facts.rates.join(', ')} requests/s, ${facts.openSeconds} s each after a 3 s warm-up. Closed loop: ${facts.connections} connections, ${facts.closedSeconds} s after a 2 s warm-up; bare SQL through a pg pool of ${facts.poolSize} with ${facts.connections} workers.`,
    '',
    ...ceilingRows(ceilings),
    '',
    ...openRows(results),
    '',
    `At ${TARGET_RATE} arrivals/s, the API beside its searches' own SQL sent alone through a pg pool with the same arrivals (no session, audit or HTTP):`,
    '',
    ...floorRows(results),
    '',
    ...closedRows(results, ceilings),
    '',
    ...results.flatMap((result) => {
      const missed = missedTargets(result, ceilings);
      return missed.length ? [`- ${result.scenario.label} missed: ${missed.join('; ')}.`] : [];
    }),
    '',
    'Database statements per API request (counted in the API process under the same closed loop):',
    '',
    ...results.map((result) => `- ${result.scenario.label}: ${result.statements}`),
    '',
  ].join('\n');
}

export const SEARCH_CHAPTER: BenchmarkChapter = {
  heading: '## Patient search (`npm run bench:search`)',
  method: `Loads 1,000,000 synthetic patients (deterministic: seeded, names drawn from a few hundred common
family and given names with census-like frequencies, birth dates across 100 years, sequential
MRNs) into a throwaway database by COPY, starts the compiled API in a process of its own as
\`npm start\` runs it (production log level: one line per request), signs in one front-desk session
through \`POST /api/session\`, and drives \`GET /api/patients?sort=...&range=[0,24]&filter=...\`
from a load generator in another process: sessions, passport and the audit trail are on, as in
every real request. Two kinds of load in the same run: an open loop (Poisson arrivals at fixed
rates; each request's latency counts from the moment it was due, so queueing is never hidden)
and a closed loop to saturation (autocannon, keep-alive connections). Ceilings in the same run:
express alone answering one word (its own process), the API's no-table route
(\`GET /api/health/live\`), the API's session-only route (\`GET /api/session\`), and the searches'
own SQL (captured from the API's search service, so the text and values are literally the ones
the API sends) through a bare pg pool, in the closed loop and, with the API's own arrivals, at 100
arrivals/s (the floor under the API's p99 there). Statements per request are counted in a separate,
in-process pass.

Targets on this 2-core machine at 1,000,000 patients (issue 14): at 100 arrivals/s, p99 <= 25 ms
for name prefixes, <= 10 ms for an MRN, <= 15 ms for a date of birth, <= 150 ms for "contains";
in the closed loop, name prefixes >= 1/3 of bare SQL, MRN and date of birth >= 1/2 of the
session-only ceiling. Framework goals: the no-table route >= 60% of bare express, an audited MRN
search >= 25%.

Run it with \`npm run bench:search\` (an embedded PostgreSQL), or against a server with
\`DATABASE_URL=postgres://user@host:5432/postgres npm run bench:search\`: it creates and drops a
database of its own there. Options: \`-- --seconds S\` per arrival rate (default 30),
\`--rates 25,50,100,200\`, \`--closed-seconds S\` (default 10), \`--connections C\` (default 8),
\`--rows N\`, \`--keep\` (DATABASE_URL only: keep the loaded database for the next \`--keep\` run),
\`--print-only\`. Each run appends a section below; runs before 2026-12-02 used the earlier,
in-process method and are kept for the record.`,
};
