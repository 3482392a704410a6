/**
 * `npm run bench:results [-- --rows N --patients P --seconds S --concurrency C]`
 *
 * The lab results benchmark, in a throwaway database: a million results for 100,000 patients,
 * loaded twice into the same indexed `results` table, first by bare COPY (the ceiling: no
 * parsing, no checks), then, the table emptied, through the real import (`importResults`: CSV
 * parsed, every row validated, staged, checked against patients and categories, merged, each
 * patient audited), reading the same rows from a CSV file. Then the compiled server answers a
 * patient's Results tab (`GET /api/results`, first page, and a test's whole series) for patients
 * with 500 results each, from a load generator in this process (the server runs in its own).
 * Prints the figures and appends them to BENCHMARKS.md.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createKnex, repoRoot, type Knex } from '@portaldesk/db';
import { csvLine, hashSecret, importResults, type Actor } from '@portaldesk/admin-api';
import { EXIT, parseFlags, wholeNumberOption } from '../cli.ts';
import { openBenchDatabase } from './bench-database.ts';
import { runClosedLoop, summarize, type PhaseSummary } from './closed-loop.ts';
import { startCompiledServer } from './compiled-server.ts';
import { loadPatients } from './load-patients.ts';
import { appendToBenchmarks, describeMachine, type BenchmarkChapter } from './report.ts';
import { StaffClient } from './staff-client.ts';
import { seededRandom } from './synthetic-patients.ts';

const usage = 'Usage: npm run bench:results [-- --rows N] [--patients P] [--seconds S] [--concurrency C]   (DATABASE_URL optional)';
const { values: flags } = parseFlags(
  { rows: { type: 'string' }, patients: { type: 'string' }, seconds: { type: 'string' }, concurrency: { type: 'string' } },
  usage,
);

const ROWS = wholeNumberOption('rows', flags.rows, 1_000_000, 10_000, 10_000_000, usage);
const PATIENTS = wholeNumberOption('patients', flags.patients, 100_000, 100, 1_000_000, usage);
const SECONDS = wholeNumberOption('seconds', flags.seconds, 10, 1, 600, usage);
const CONCURRENCY = wholeNumberOption('concurrency', flags.concurrency, 4, 1, 64, usage);
/** Patients whose Results tab is measured: each has this many results. */
const HEAVY_PATIENTS = 20;
const HEAVY_RESULTS = 500;
const DATA_SEED = 20_261_204;
const DAY = 86_400_000;
/** The goal: the import at least this share of bare COPY's rows per second. */
const COPY_RATIO_TARGET = 0.8;

const RESULTS_CHAPTER: BenchmarkChapter = {
  heading: '## Lab results (`npm run bench:results`)',
  method: `Loads 100,000 synthetic patients into a throwaway database, then a million synthetic results
(deterministic; 20 patients with 500 results each, the rest about 10 each; HbA1c, LDL,
creatinine, hemoglobin, a urine culture in words) twice into the same \`results\` table with all
its indexes: first by bare COPY of ready rows (the ceiling: no parsing, no checks, no audit),
then, the table emptied, through the real import reading the same rows from a CSV file (parse,
validate every row, stage, check patients, categories and duplicate accession numbers, merge,
one audit row per patient), as \`npm run import:results\` and the console do. Then it starts the
compiled server and measures a clinician's Results tab for the patients with 500 results: the
first page (\`range=[0,24]\`, newest first) and one test's whole series (\`loinc_code\`, up to 500
rows, what the chart reads), from keep-alive clients in the benchmark's own process.

Goal: the import at least 0.8 of COPY's rows per second. Options: \`-- --rows N\`, \`--patients P\`,
\`--seconds S\` per API phase, \`--concurrency C\` (default 4). Each run appends a section below.`,
};

const TESTS = [
  { loinc: '4548-4', name: 'Hemoglobin A1c', unit: '%', range: '4.0-5.6', base: 5.8, spread: 1.5, digits: 1, category: 'chemistry' },
  { loinc: '13457-7', name: 'LDL cholesterol (calculated)', unit: 'mg/dL', range: '<100', base: 115, spread: 40, digits: 0, category: 'chemistry' },
  { loinc: '2160-0', name: 'Creatinine', unit: 'mg/dL', range: '0.6-1.3', base: 1.0, spread: 0.4, digits: 2, category: 'chemistry' },
  { loinc: '718-7', name: 'Hemoglobin', unit: 'g/dL', range: '12.0-17.5', base: 14, spread: 2.5, digits: 1, category: 'hematology' },
  { loinc: '630-4', name: 'Bacteria identified in Urine by Culture', unit: '', range: '', base: 0, spread: 0, digits: 0, category: 'microbiology' },
] as const;

interface SyntheticResult {
  accession: string;
  patientId: number;
  mrn: string;
  test: (typeof TESTS)[number];
  value: string;
  numeric: string | null;
  low: string | null;
  high: string | null;
  flag: string;
  performedAt: string;
  resultedAt: string;
}

/** The rows, the same every run: the heavy patients first, then the rest round-robin. */
function* syntheticResults(patients: { id: number; mrn: string }[], now: number): Generator<SyntheticResult> {
  const random = seededRandom(DATA_SEED);
  const heavy = Math.min(HEAVY_PATIENTS, patients.length);
  const heavyRows = Math.min(ROWS, heavy * HEAVY_RESULTS);
  for (let i = 0; i < ROWS; i += 1) {
    const patient = i < heavyRows ? patients[Math.floor(i / HEAVY_RESULTS)] : patients[heavy + ((i - heavyRows) % (patients.length - heavy))];
    const test = TESTS[Math.floor(random() * TESTS.length)];
    const performed = now - Math.floor(random() * 3 * 365 * DAY) - DAY;
    let value: string;
    let numeric: string | null = null;
    let flag = '';
    if (test.spread === 0) {
      value = random() < 0.8 ? 'No growth' : 'Escherichia coli >100,000 CFU/mL';
      flag = value === 'No growth' ? 'N' : 'A';
    } else {
      numeric = (test.base + (random() - 0.5) * test.spread).toFixed(test.digits);
      value = numeric;
    }
    const [low, high] = test.range.startsWith('<') ? [null, test.range.slice(1)] : test.range ? test.range.split('-') : [null, null];
    if (numeric !== null && ((low !== null && Number(numeric) < Number(low)) || (high !== null && Number(numeric) > Number(high)))) {
      flag = low !== null && Number(numeric) < Number(low) ? 'L' : 'H';
    }
    yield {
      accession: `BR${String(i).padStart(9, '0')}`,
      patientId: patient.id,
      mrn: patient.mrn,
      test,
      value,
      numeric,
      low,
      high,
      flag,
      performedAt: new Date(performed).toISOString(),
      resultedAt: new Date(performed + Math.floor(random() * 48) * 3_600_000).toISOString(),
    };
  }
}

const copyCell = (value: string | number | null) => (value === null || value === '' ? '\\N' : String(value));

/** COPY text of every row, ready for `results` as the import would store it, in 64 kB chunks. */
async function* copyText(patients: { id: number; mrn: string }[], now: number): AsyncGenerator<string> {
  const receivedAt = new Date(now).toISOString();
  let chunk = '';
  for (const row of syntheticResults(patients, now)) {
    chunk += `${[
      row.accession,
      row.patientId,
      row.test.loinc,
      row.test.name,
      row.value,
      row.numeric,
      row.test.unit,
      row.test.range,
      row.low,
      row.high,
      row.flag,
      row.test.category,
      row.performedAt,
      row.resultedAt,
      receivedAt,
      receivedAt,
      receivedAt,
    ]
      .map(copyCell)
      .join('\t')}\n`;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

async function writeCsv(file: string, patients: { id: number; mrn: string }[], now: number): Promise<void> {
  async function* lines(): AsyncGenerator<string> {
    yield csvLine([
      'accession_number',
      'mrn',
      'loinc_code',
      'test_name',
      'value',
      'unit',
      'reference_range',
      'abnormal_flag',
      'category',
      'performed_at',
      'resulted_at',
    ]);
    let chunk = '';
    for (const row of syntheticResults(patients, now)) {
      chunk += csvLine([
        row.accession,
        row.mrn,
        row.test.loinc,
        row.test.name,
        row.value,
        row.test.unit,
        row.test.range,
        row.flag,
        row.test.category,
        row.performedAt,
        row.resultedAt,
      ]);
      if (chunk.length >= 65_536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(lines, fs.createWriteStream(file));
}

async function copyResults(connectionString: string, patients: { id: number; mrn: string }[], now: number): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const start = process.hrtime.bigint();
    const copy = client.query(
      copyFrom(`COPY results (accession_number, patient_id, loinc_code, test_name, value, value_numeric, unit, reference_range, reference_low, reference_high,
                              abnormal_flag, category, performed_at, resulted_at, received_at, released_at, first_released_at) FROM STDIN`),
    );
    await pipeline(copyText(patients, now), copy);
    return Number(process.hrtime.bigint() - start) / 1e6;
  } finally {
    await client.end();
  }
}

async function createClinician(knex: Knex) {
  const username = `bench_clinician_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  const now = new Date();
  const [{ id }] = await knex('staff_users')
    .insert({ username, display_name: 'Benchmark clinician', password_hash: await hashSecret(password), created_at: now, updated_at: now })
    .returning('id');
  await knex('staff_user_roles').insert({ staff_user_id: id, role: 'clinical' });
  return { id: Number(id), username, password };
}

const perSecond = (rows: number, ms: number) => Math.round(rows / (ms / 1000));
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');
const line = (label: string, summary: PhaseSummary) =>
  `| ${label} | ${thousands(summary.requests)} | ${summary.p50Ms.toFixed(1)} | ${summary.p99Ms.toFixed(1)} | ${thousands(summary.perSecond)} |`;

async function run(): Promise<void> {
  const database = await openBenchDatabase({ keep: false, rows: PATIENTS });
  const knex = createKnex(database.connectionString, 4);
  const csvFile = path.join(os.tmpdir(), `bench-results-${process.pid}.csv`);
  try {
    const machine = await describeMachine(knex, database.serverLabel);
    console.log(`Loading ${thousands(PATIENTS)} synthetic patients (${database.serverLabel})...`);
    await loadPatients(knex, database.connectionString, PATIENTS, DATA_SEED);
    const patients: { id: number; mrn: string }[] = await knex('patients').select('id', 'mrn').orderBy('id');
    const now = Date.now();
    console.log(`Writing ${thousands(ROWS)} results to ${csvFile}...`);
    await writeCsv(csvFile, patients, now);

    console.log('COPY into results (indexed), the ceiling...');
    const copyMs = await copyResults(database.connectionString, patients, now);
    console.log(`  ${(copyMs / 1000).toFixed(1)} s, ${thousands(perSecond(ROWS, copyMs))} rows/s`);
    await knex.raw('TRUNCATE results CASCADE');
    await knex.raw('VACUUM ANALYZE results');

    console.log('The import (importResults) of the same rows from the CSV file...');
    const clinician = await createClinician(knex);
    const actor: Actor = {
      staffUserId: null,
      username: 'bench:import',
      roles: [],
      clientAddress: null,
      requestId: randomBytes(8).toString('hex'),
      clock: () => new Date(),
    };
    const importStart = process.hrtime.bigint();
    const report = await importResults(knex, fs.createReadStream(csvFile), { actor, fileName: path.basename(csvFile) });
    const importMs = Number(process.hrtime.bigint() - importStart) / 1e6;
    if (!report.committed || report.inserted !== ROWS)
      throw new Error(`The import did not take every row: ${JSON.stringify({ ...report, rejects: report.rejects.slice(0, 3) })}`);
    const ratio = copyMs / importMs;
    console.log(`  ${(importMs / 1000).toFixed(1)} s, ${thousands(perSecond(ROWS, importMs))} rows/s: ${ratio.toFixed(2)} of COPY`);
    await knex.raw('VACUUM ANALYZE results');

    console.log("Starting the compiled server, then reading heavy patients' Results tabs...");
    const server = await startCompiledServer(database.connectionString);
    const port = Number(new URL(server.baseUrl).port);
    const clients: StaffClient[] = [];
    try {
      for (let i = 0; i < CONCURRENCY; i += 1) {
        const client = new StaffClient(port);
        await client.signIn(clinician.username, clinician.password);
        clients.push(client);
      }
      const heavy = patients.slice(0, Math.min(HEAVY_PATIENTS, patients.length));
      const firstPage = (sequence: number) =>
        `/api/results?filter=${encodeURIComponent(JSON.stringify({ patient_id: heavy[sequence % heavy.length].id }))}&range=${encodeURIComponent('[0,24]')}`;
      const series = (sequence: number) =>
        `/api/results?filter=${encodeURIComponent(JSON.stringify({ patient_id: heavy[sequence % heavy.length].id, loinc_code: TESTS[sequence % 4].loinc }))}&range=${encodeURIComponent('[0,499]')}`;
      const measure = async (label: string, pathOf: (sequence: number) => string) => {
        await runClosedLoop({
          workers: CONCURRENCY,
          durationMs: 2_000,
          shouldStop: () => false,
          send: (worker, sequence) => clients[worker].get(pathOf(sequence)),
        });
        const summary = summarize(
          await runClosedLoop({
            workers: CONCURRENCY,
            durationMs: SECONDS * 1000,
            shouldStop: () => false,
            send: (worker, sequence) => clients[worker].get(pathOf(sequence)),
          }),
        );
        console.log(`  ${label}: p50 ${summary.p50Ms.toFixed(1)} ms, p99 ${summary.p99Ms.toFixed(1)} ms, ${summary.perSecond.toFixed(0)}/s`);
        return summary;
      };
      const page = await measure('first page', firstPage);
      const chart = await measure("one test's series", series);

      const section = [
        `### ${machine.date}: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB`,
        '',
        `- Node ${machine.node}; PostgreSQL ${machine.postgres}; database: ${machine.database}; load average at start ${machine.loadAverage.toFixed(2)}`,
        `- ${thousands(ROWS)} results for ${thousands(PATIENTS)} patients; ${HEAVY_PATIENTS} patients with ${HEAVY_RESULTS} results each.`,
        '',
        '| load into the indexed results table | seconds | rows/s | of COPY |',
        '| --- | ---: | ---: | ---: |',
        `| COPY of ready rows (the ceiling) | ${(copyMs / 1000).toFixed(1)} | ${thousands(perSecond(ROWS, copyMs))} | 1.00 |`,
        `| the import (parse, validate, stage, check, merge, audit) | ${(importMs / 1000).toFixed(1)} | ${thousands(perSecond(ROWS, importMs))} | ${ratio.toFixed(2)} |`,
        '',
        `Goal: at least ${COPY_RATIO_TARGET} of COPY: ${ratio >= COPY_RATIO_TARGET ? 'PASS' : 'FAIL'}.`,
        '',
        `Results tab API (compiled server, ${CONCURRENCY} keep-alive clients, ${SECONDS} s after a 2 s warm-up, sessions and audit on):`,
        '',
        '| request | requests | p50 ms | p99 ms | per second |',
        '| --- | ---: | ---: | ---: | ---: |',
        line('first page of a patient with 500 results (25 rows, newest first)', page),
        line("one test's whole series (what the chart reads, up to 500 rows)", chart),
        '',
      ].join('\n');
      await appendToBenchmarks(path.join(repoRoot, 'BENCHMARKS.md'), section, RESULTS_CHAPTER);
      console.log(`\n${section}\nAppended to BENCHMARKS.md.`);
    } finally {
      clients.forEach((client) => client.close());
      await server.stop();
    }
  } finally {
    fs.rmSync(csvFile, { force: true });
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
