/**
 * `npm run bench:console [-- --runs N] [--print-only]`
 *
 * The console as a front-desk clerk meets it: the compiled server (built first if needed) on a
 * throwaway database seeded with the demo, driven by headless Chromium through sign-in, the
 * patient search, a record and an activation code, each run in a fresh browser profile (a first
 * visit: nothing cached). Prints the median and worst time of each step and the compressed bytes
 * it loaded, and appends them to BENCHMARKS.md.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, CDPSession, Page, Request } from 'playwright-core';
import { createKnex, repoRoot } from '@portaldesk/db';
import { provisionTestDatabase } from '@portaldesk/db/testing';
import { seedDemoData } from '@portaldesk/admin-api';
import { launchChromium } from '../chromium.ts';
import { EXIT, parseFlags } from '../cli.ts';
import { startCompiledServer } from './compiled-server.ts';
import { appendToBenchmarks, CONSOLE_CHAPTER, describeMachine, type MachineDescription } from './report.ts';

const usage = 'Usage: npm run bench:console [-- --runs N] [--print-only]   (DATABASE_URL optional; CHROMIUM_PATH, else /usr/bin/chromium)';
const { values: flags } = parseFlags({ runs: { type: 'string' }, 'print-only': { type: 'boolean' } }, usage);
const RUNS = flags.runs === undefined ? 5 : Number(flags.runs);
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 50) {
  console.error(`--runs must be a whole number from 1 to 50.\n${usage}`);
  process.exit(EXIT.usage);
}

/** The demo as `npm start` seeds it. */
const DEMO_PATIENTS = 3000;
const DEMO_PASSWORD = 'console benchmark demo passphrase';
/** The issue's goals on this machine. */
const SIGN_IN_TO_SEARCH_MEDIAN_MS = 1000;
const SIGN_IN_PAGE_SCRIPT_BYTES = 250_000;
const PATIENT_LIST_SCRIPT_BYTES = 300_000;
const STEP_TIMEOUT_MS = 30_000;

const STEPS = [
  'open the sign-in page',
  'sign in -> patient search box usable',
  'search a name -> its row shown',
  'open the record -> its portal panel shown',
  'issue an activation code -> the code shown',
] as const;

interface StepMeasure {
  ms: number;
  /** CPU time of the page's main thread (scripts, styles, layout). */
  cpuMs: number;
  /** Compressed bytes of scripts, as they crossed the wire. */
  scriptBytes: number;
  /** Compressed bytes of every response body (scripts, the page, API answers). */
  allBytes: number;
}

interface DemoPatient {
  id: number;
  mrn: string;
  family_name: string;
  given_name: string;
}

/** The demo as `npm start` seeds it; answers the machine's description, PostgreSQL's included. */
async function seedDemo(connectionString: string): Promise<MachineDescription> {
  const knex = createKnex(connectionString, 2);
  try {
    await seedDemoData(knex, { password: DEMO_PASSWORD, patientCount: DEMO_PATIENTS, now: new Date() });
    return await describeMachine(knex, process.env.DATABASE_URL ? `DATABASE_URL (${new URL(process.env.DATABASE_URL).host})` : 'embedded');
  } finally {
    await knex.destroy();
  }
}

/** Living adults with no portal account and no code yet, each with a "Family, Given" no one else has. */
async function patientsToServe(databaseUrl: string, count: number): Promise<DemoPatient[]> {
  const knex = createKnex(databaseUrl, 1);
  try {
    return await knex('patients as p')
      .select('p.id', 'p.mrn', 'p.family_name', 'p.given_name')
      .whereNull('p.deceased_date')
      .where('p.date_of_birth', '<', knex.raw(`current_date - interval '25 years'`))
      .whereNotExists(knex('portal_accounts').whereRaw('patient_id = p.id'))
      .whereNotExists(knex('activation_codes').whereRaw('patient_id = p.id'))
      .whereRaw('(SELECT count(*) FROM patients o WHERE o.family_name = p.family_name AND o.given_name = p.given_name) = 1')
      .orderBy('p.id')
      .limit(count);
  } finally {
    await knex.destroy();
  }
}

/**
 * Times a step, adds up the compressed bytes of the responses that finish meanwhile, and reads
 * the CPU time the page's main thread spent: unlike the time on the clock, that barely moves
 * when other work shares the machine.
 */
class StepMeter {
  private pending: Promise<void>[] = [];
  private scriptBytes = 0;
  private allBytes = 0;

  private constructor(
    page: Page,
    private readonly cdp: CDPSession,
  ) {
    page.on('requestfinished', (request: Request) => this.pending.push(this.count(request)));
  }

  static async attach(page: Page): Promise<StepMeter> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    return new StepMeter(page, cdp);
  }

  private async mainThreadMs(): Promise<number> {
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    return (metrics.find((metric) => metric.name === 'ThreadTime')?.value ?? 0) * 1000;
  }

  private async count(request: Request): Promise<void> {
    const { responseBodySize } = await request.sizes();
    this.allBytes += responseBodySize;
    if (request.resourceType() === 'script') this.scriptBytes += responseBodySize;
  }

  /**
   * Runs `step` and answers how long it took, the CPU it cost the page and what it loaded,
   * counting what loaded since the step before (the console fetches code while the clerk types).
   */
  async measure(step: () => Promise<unknown>): Promise<StepMeasure> {
    const cpuBefore = await this.mainThreadMs();
    const started = performance.now();
    await step();
    const ms = performance.now() - started;
    const cpuMs = (await this.mainThreadMs()) - cpuBefore;
    await Promise.all(this.pending.splice(0));
    const loaded = { scriptBytes: this.scriptBytes, allBytes: this.allBytes };
    this.scriptBytes = 0;
    this.allBytes = 0;
    return { ms, cpuMs, ...loaded };
  }
}

/** Where the code is handed over: picked once a session, before the first code, when an admin has listed any. */
async function chooseDeskLocation(page: Page): Promise<void> {
  const panel = page.getByRole('region', { name: 'Portal account' });
  const select = panel.getByRole('combobox', { name: /Desk location/ });
  if (!(await select.count())) return;
  // Enabled once the list has loaded; it stays disabled when there is none (codes count as "not recorded").
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (!(await select.isEnabled())) {
    if ((await panel.getByText(/No desk locations yet|could not be loaded/).count()) || Date.now() > deadline) return;
    await sleep(50);
  }
  // An empty MUI select shows a zero-width space.
  if ((await select.textContent())?.replace(/[\s\u200b]/g, '')) return;
  await select.click();
  await page.getByRole('option').first().click();
}

interface RunResult {
  measures: StepMeasure[];
  /** Whether the name box had the cursor on arrival, so the clerk could type at once. */
  nameBoxFocused: boolean;
}

/** One clerk's first visit, step by step, in a fresh profile. */
async function oneRun(browser: Browser, baseUrl: string, patient: DemoPatient): Promise<RunResult> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    const meter = await StepMeter.attach(page);
    const measures: StepMeasure[] = [];
    const username = page.getByLabel('Username');
    measures.push(
      await meter.measure(async () => {
        await page.goto(baseUrl);
        await username.waitFor();
      }),
    );
    await username.fill('front_desk');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);

    const search = page.getByRole('search', { name: 'Patient search' });
    const nameBox = search.getByRole('textbox', { name: 'Name', exact: true });
    measures.push(
      await meter.measure(async () => {
        await page.getByRole('button', { name: 'Sign in' }).click();
        // Where front desk lands after sign-in decides whether the clerk needs the menu first.
        const menu = page.getByRole('menuitem', { name: 'Patients' });
        await menu.waitFor();
        if (!new URL(page.url()).hash.startsWith('#/patients')) await menu.click();
        await nameBox.waitFor();
        if (!(await nameBox.isEnabled())) throw new Error('The patient search box is not enabled.');
      }),
    );

    const nameBoxFocused = await nameBox.evaluate((element) => element === document.activeElement);

    const row = page.getByRole('row').filter({ hasText: patient.mrn });
    await nameBox.fill(`${patient.family_name}, ${patient.given_name}`);
    measures.push(
      await meter.measure(async () => {
        await nameBox.press('Enter');
        await row.waitFor();
      }),
    );

    const panel = page.getByRole('region', { name: 'Portal account' });
    const issue = panel.getByRole('button', { name: 'Issue activation code' });
    measures.push(
      await meter.measure(async () => {
        await row.click();
        await page
          .getByRole('main')
          .getByRole('heading', { name: `${patient.family_name}, ${patient.given_name}`, exact: true })
          .waitFor();
        await issue.waitFor();
      }),
    );

    await chooseDeskLocation(page);
    measures.push(
      await meter.measure(async () => {
        await issue.click();
        await page.getByTestId('issued-code').waitFor();
      }),
    );
    return { measures, nameBoxFocused };
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/** Undo steps, last first, run once however the run ends (Ctrl-C included). */
const undoSteps: (() => Promise<unknown>)[] = [];
let undoing: Promise<void> | undefined;
const undoAll = () =>
  (undoing ??= (async () => {
    for (const step of undoSteps.reverse()) await step().catch((error: Error) => console.error(`Cleaning up failed: ${error.message}`));
  })());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the server and removing the benchmark database...`);
    void undoAll().finally(() => process.exit(130));
  });
}

async function run(): Promise<void> {
  const database = await provisionTestDatabase('portaldesk_bench_console');
  undoSteps.push(() => database.teardown());
  console.log(`Seeding the demo (${DEMO_PATIENTS.toLocaleString('en-US')} patients) into a throwaway database...`);
  const machine = await seedDemo(database.ownerConnectionString);
  const patients = await patientsToServe(database.ownerConnectionString, RUNS);
  if (patients.length < RUNS) throw new Error(`The demo has only ${patients.length} patients fit for ${RUNS} runs.`);

  console.log('Starting the compiled server (building it first if a source changed)...');
  const server = await startCompiledServer(database.connectionString);
  undoSteps.push(() => server.stop());
  const browser = await launchChromium();
  undoSteps.push(() => browser.close());
  const chromiumVersion = browser.version();

  const runs: StepMeasure[][] = [];
  let focusedOnArrival = 0;
  for (const [index, patient] of patients.entries()) {
    const { measures, nameBoxFocused } = await oneRun(browser, server.baseUrl, patient);
    runs.push(measures);
    if (nameBoxFocused) focusedOnArrival += 1;
    console.log(`  run ${index + 1}: ${measures.map((measure) => `${Math.round(measure.ms)} ms`).join(', ')}`);
  }

  const rows = STEPS.map((label, step) => {
    const of = (pick: (measure: StepMeasure) => number) => runs.map((measures) => pick(measures[step]));
    return {
      label,
      medianMs: median(of((measure) => measure.ms)),
      worstMs: Math.max(...of((measure) => measure.ms)),
      cpuMs: median(of((measure) => measure.cpuMs)),
      scriptBytes: median(of((measure) => measure.scriptBytes)),
      allBytes: median(of((measure) => measure.allBytes)),
    };
  });
  const signInPageScripts = rows[0].scriptBytes;
  const toPatientListScripts = rows[0].scriptBytes + rows[1].scriptBytes;
  const goals = [
    `sign in -> usable search box, median ${Math.round(rows[1].medianMs)} ms (goal <= ${SIGN_IN_TO_SEARCH_MEDIAN_MS} ms): ${verdict(rows[1].medianMs <= SIGN_IN_TO_SEARCH_MEDIAN_MS)}`,
    `scripts for the sign-in page ${kB(signInPageScripts)} (goal <= ${kB(SIGN_IN_PAGE_SCRIPT_BYTES)}): ${verdict(signInPageScripts <= SIGN_IN_PAGE_SCRIPT_BYTES)}`,
    `scripts up to the patient list ${kB(toPatientListScripts)} (goal <= ${kB(PATIENT_LIST_SCRIPT_BYTES)}): ${verdict(toPatientListScripts <= PATIENT_LIST_SCRIPT_BYTES)}`,
    `the name box had the cursor on arrival in ${focusedOnArrival} of ${RUNS} runs`,
  ];

  const section = [
    `### ${machine.date}: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB`,
    '',
    `- Node ${machine.node}; Chromium ${chromiumVersion} (headless, 1366x768); PostgreSQL ${machine.postgres}; database: ${machine.database}; load average at start ${machine.loadAverage.toFixed(2)}`,
    `- ${RUNS} runs as front_desk, each in a fresh browser profile; the demo's ${DEMO_PATIENTS.toLocaleString('en-US')} patients; bytes are response bodies as sent (brotli).`,
    '',
    '| step | median ms | worst ms | main-thread CPU ms (median) | scripts loaded | everything loaded |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${row.label} | ${Math.round(row.medianMs)} | ${Math.round(row.worstMs)} | ${Math.round(row.cpuMs)} | ${kB(row.scriptBytes)} | ${kB(row.allBytes)} |`,
    ),
    '',
    ...goals.map((goal) => `- ${goal}`),
    '',
  ].join('\n');
  console.log(`\n${section}`);
  if (!flags['print-only']) {
    await appendToBenchmarks(path.join(repoRoot, 'BENCHMARKS.md'), section, CONSOLE_CHAPTER);
    console.log('Appended to BENCHMARKS.md.');
  }
}

let exitCode: number = EXIT.ok;
try {
  await run();
} catch (error) {
  console.error(error);
  exitCode = EXIT.rejected;
} finally {
  await undoAll();
}
process.exit(exitCode);
