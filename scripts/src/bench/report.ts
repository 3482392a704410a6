import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import type { Knex } from '@portaldesk/db';
import type { LoadTimings } from './load-patients.ts';

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

const perSecond = (value: number) => Math.round(value).toLocaleString('en-US');

/** How the synthetic patients were loaded, one line. */
export function loadLine(rows: number, load: LoadTimings | undefined): string {
  if (!load) return `${rows.toLocaleString('en-US')} patients, reused from a kept database (--keep).`;
  const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
  return (
    `${rows.toLocaleString('en-US')} patients: COPY ${seconds(load.copyMs)} (${perSecond(rows / (load.copyMs / 1000))} rows/s), ` +
    `search indexes ${seconds(load.indexMs)}, VACUUM ANALYZE ${seconds(load.vacuumMs)}; ` +
    `${perSecond(rows / ((load.copyMs + load.indexMs + load.vacuumMs) / 1000))} rows/s overall.`
  );
}

const BENCHMARKS_HEADER = '# Benchmarks\n';

/** A chapter of BENCHMARKS.md: its heading and how its benchmark measures. */
export interface BenchmarkChapter {
  heading: string;
  method: string;
}

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

/** Appends a section to BENCHMARKS.md, creating the file with its explanation first. */
export async function appendToBenchmarks(file: string, section: string, chapter: BenchmarkChapter): Promise<void> {
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
