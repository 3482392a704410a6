import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@portaldesk/db';

/**
 * The API's tests, run again with every test clock started on days that break date code: due
 * dates across a holiday weekend, the year's end in New York (already the next year in UTC), a
 * leap day, and a year well ahead. Stored times and due dates must all come from the injected
 * clock, or these runs disagree with themselves.
 *
 * Left out: this file, and the tests that start real processes (the server, three servers
 * sharing jobs, the embedded PostgreSQL, the command-line scripts), which run on the machine's
 * own clock by design; the 200,000-row import and the command-line import are left out by name,
 * as they test volume and exit codes, not dates, and would double the time; so are the tests that
 * read the source (every audited action has words), lint the OpenAPI documents, and call every
 * route with every role and with hostile input, which check status codes, not dates.
 */
const DAYS = [
  { day: 'a Friday afternoon before a federal holiday (Independence Day observed on Monday 5 July 2027)', at: '2027-07-02T19:30:00Z' },
  { day: "New Year's Eve, 23:30 in New York (already New Year's Day in UTC)", at: '2027-01-01T04:30:00Z' },
  { day: 'a leap day (29 February 2028)', at: '2028-02-29T17:00:00Z' },
  { day: 'a day in 2031 (9 March, the morning clocks spring forward)', at: '2031-03-09T07:30:00Z' },
];

const EXCLUDED_FILES = [
  'admin-api/src/any-date.test.ts',
  'admin-api/src/server.test.ts',
  'admin-api/src/jobs/exactly-once.test.ts',
  'db/src/embedded.test.ts',
  'admin-api/src/features/audit-events/audit-labels.test.ts',
  'admin-api/src/features/openapi/openapi.test.ts',
  'admin-api/src/authorization-matrix.test.ts',
  'admin-api/src/hostile-input.test.ts',
  'scripts/src/**',
];
const EXCLUDED_TESTS = /200,000 rows|from the command line/.source;

function runApiSuite(at: string): Promise<{ code: number | null; output: string }> {
  // The outer vitest's own variables would make the inner one think it is a worker.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS'));
  const args = [
    path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    '--project',
    'api',
    // Two files at a time, as the main run: the tests count only their own rows and attempts, and
    // none moves its clock on before housekeeping (which prunes every file's expired sessions).
    '--maxWorkers',
    '2',
    ...EXCLUDED_FILES.flatMap((file) => ['--exclude', file]),
    '--testNamePattern',
    `^(?!.*(${EXCLUDED_TESTS})).*$`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...env, PORTALDESK_TEST_NOW: at, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the API suite on any date', () => {
  for (const { day, at } of DAYS) {
    it(`when every clock starts on ${day}, then the API's tests pass`, { timeout: 600_000 }, async () => {
      const { code, output } = await runApiSuite(at);
      const failures = output.split('\n').filter((line) => /FAIL|×|AssertionError|Error:/.test(line));
      expect(failures.slice(0, 40), output.slice(-4_000)).toEqual([]);
      expect(code).toBe(0);
      expect(output).toMatch(/Tests\s+\d+ passed/);
    });
  }
});
