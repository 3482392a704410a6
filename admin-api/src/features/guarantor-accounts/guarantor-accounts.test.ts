import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '@portaldesk/db';
import { createHarness, createPatient, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';
import { accountRow, accountsCsv, createLocation, HEADER, importAccounts, storedAccount } from '../../testing/guarantor-accounts.ts';
import { payNow } from './pay-now.ts';

let h: Harness;
let admin: SignedIn;
let billing: SignedIn;
beforeAll(async () => {
  h = await createHarness();
  admin = await signedInAs(h, ['admin']);
  billing = await signedInAs(h, ['billing']);
});
afterAll(() => h.close());

const location = (acceptsOnlinePayments = true, billingPhone?: string) => createLocation(h.knex, h.clock.read(), acceptsOnlinePayments, billingPhone);
const importFile = (text: string | Buffer, dryRun = false) => importAccounts(admin, text, dryRun);
const accountId = async (number: string) => (await storedAccount(h.knex, number)).id as number;
const detail = async (number: string, who = billing) => (await who.agent.get(`/api/guarantor-accounts/${await accountId(number)}`).expect(200)).body;

describe('payNow', () => {
  const at = (balance_cents: number, accepts_online_payments: boolean) => payNow({ balance_cents, accepts_online_payments, billing_phone: '+18609724993' });

  it('when the balance is zero or a credit, then that is the reason, even where the location takes no online payments', () => {
    expect(at(0, true)).toEqual({ available: false, reason: 'zero_balance' });
    expect(at(0, false)).toEqual({ available: false, reason: 'zero_balance' });
    expect(at(-1, true)).toEqual({ available: false, reason: 'credit_balance' });
    expect(at(-500, false)).toEqual({ available: false, reason: 'credit_balance' });
  });

  it('when something is owed at a location without online payments, then the reason is that, with its billing phone; otherwise Pay Now is available', () => {
    expect(at(1, false)).toEqual({ available: false, reason: 'no_online_payments', billingPhone: '+18609724993', billingPhoneDisplay: '(860) 972-4993' });
    expect(at(1, true)).toEqual({ available: true, reason: 'available' });
  });
});

describe('Pay Now through the API', () => {
  it('when accounts have each reason, then the detail and the list give it, the reason filter finds exactly those, and a location change flips them at once', async () => {
    const patient = await createPatient(h.knex);
    const [online, offline] = [await location(true), await location(false, '+12035550142')];
    const rows = {
      available: accountRow([patient.mrn], online.name),
      zero_balance: accountRow([patient.mrn], offline.name, { balance_cents: '0' }),
      credit_balance: accountRow([patient.mrn], offline.name, { balance_cents: '-2500' }),
      no_online_payments: accountRow([patient.mrn], offline.name.toUpperCase()),
    };
    await importFile(accountsCsv(Object.values(rows))).expect(200);

    expect((await detail(rows.available.cells.account_number)).payNow).toEqual({ available: true, reason: 'available' });
    expect((await detail(rows.zero_balance.cells.account_number)).payNow).toEqual({ available: false, reason: 'zero_balance' });
    expect((await detail(rows.credit_balance.cells.account_number)).payNow).toEqual({ available: false, reason: 'credit_balance' });
    const offlineDetail = await detail(rows.no_online_payments.cells.account_number);
    expect(offlineDetail.payNow).toEqual({
      available: false,
      reason: 'no_online_payments',
      billingPhone: '+12035550142',
      billingPhoneDisplay: '(203) 555-0142',
    });
    expect(offlineDetail.service_location).toEqual({
      id: offline.id,
      name: offline.name,
      billing_phone: '+12035550142',
      billing_phone_display: '(203) 555-0142',
      accepts_online_payments: false,
    });

    for (const [reason, row] of Object.entries(rows)) {
      const listed = (
        await billing.agent
          .get('/api/guarantor-accounts')
          .query({ filter: JSON.stringify({ patient_id: patient.id, pay_now_reason: reason }) })
          .expect(200)
      ).body;
      expect(listed.map((account: { account_number: string }) => account.account_number)).toEqual([row.cells.account_number]);
      expect(listed[0].payNow.reason).toBe(reason);
    }

    const stored = await h.knex('service_locations').where({ id: offline.id }).first('name', 'version');
    await admin.agent
      .put(`/api/service-locations/${offline.id}`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ name: stored.name, billingPhone: '203-555-0142', acceptsOnlinePayments: true, version: stored.version })
      .expect(200);
    expect((await detail(rows.no_online_payments.cells.account_number)).payNow).toEqual({ available: true, reason: 'available' });
    expect((await detail(rows.credit_balance.cells.account_number)).payNow.reason).toBe('credit_balance');
  });
});

describe('POST /api/guarantor-accounts/import', () => {
  it('when a file is imported, then each account is stored with its patients, and the detail shows them and is audited as a read of each', async () => {
    const [ana, ben] = [await createPatient(h.knex), await createPatient(h.knex)];
    const clinic = await location();
    const family = accountRow([ana.mrn, ` ${ben.mrn} `, ''], ` ${clinic.name.toLowerCase()}  `, { state: 'ct', account_status: 'open' });
    const single = accountRow([ana.mrn], clinic.name, { zip: '06106-1234', balance_cents: '-300', account_status: '' });
    const report = await importFile(accountsCsv([family, single], `${HEADER},account_status`)).expect(200);
    expect(report.body).toMatchObject({
      committed: true,
      dryRun: false,
      rowsRead: 2,
      valid: 2,
      rejected: 0,
      inserted: 2,
      updated: 0,
      unchanged: 0,
      rejects: [],
    });

    const shown = await detail(family.cells.account_number);
    expect(shown).toMatchObject({
      account_number: family.cells.account_number,
      guarantor_family_name: family.cells.guarantor_family_name,
      guarantor_given_name: 'Jordan',
      address_line1: '12 Elm St',
      city: 'Hartford',
      state: 'CT',
      zip: '06106',
      balance_cents: 12550,
      service_location_id: clinic.id,
      service_location_name: clinic.name,
      closed_at: null,
      patient_count: 2,
      version: 1,
    });
    expect(shown.patients.map((patient: { id: number }) => patient.id).sort()).toEqual([ana.id, ben.id].sort());
    expect(shown.patients[0]).toEqual({
      id: expect.any(Number),
      mrn: expect.any(String),
      family_name: expect.any(String),
      given_name: 'Pat',
    });

    const reads = await h
      .knex('audit_events')
      .where({ action: 'show', resource: 'guarantor-accounts', resource_id: String(shown.id), staff_user_id: billing.staff.id })
      .pluck('patient_id');
    expect(reads.sort()).toEqual([ana.id, ben.id].sort());
    const created = await h.knex('audit_events').where({ action: 'create', resource: 'guarantor-accounts', patient_id: ana.id }).select('details');
    expect(created.map((row) => row.details)).toEqual([{ source: 'import', fileName: 'accounts.csv', accounts: 2 }]);
    expect(
      await h.knex('audit_events').where({ action: 'import', resource: 'guarantor-accounts', request_id: report.headers['x-request-id'] }).first(),
    ).toMatchObject({
      outcome: 'success',
    });
  });

  it('when the list is read, then the audit row names every patient on the accounts shown', async () => {
    const [ana, ben] = [await createPatient(h.knex), await createPatient(h.knex)];
    const clinic = await location();
    const row = accountRow([ana.mrn, ben.mrn], clinic.name);
    await importFile(accountsCsv([row])).expect(200);
    const listed = await billing.agent
      .get('/api/guarantor-accounts')
      .query({ filter: JSON.stringify({ q: row.cells.account_number.slice(0, -2).toLowerCase() }) })
      .expect(200);
    expect(listed.body.map((account: { account_number: string }) => account.account_number)).toEqual([row.cells.account_number]);
    expect(listed.headers['content-range']).toBe('guarantor-accounts 0-0/1');
    const byName = await billing.agent
      .get('/api/guarantor-accounts')
      .query({ filter: JSON.stringify({ q: row.cells.guarantor_family_name.toUpperCase() }) })
      .expect(200);
    expect(byName.body).toHaveLength(1);
    const audited = await h
      .knex('audit_events')
      .where({ action: 'list', resource: 'guarantor-accounts', staff_user_id: billing.staff.id })
      .orderBy('id', 'desc')
      .first();
    expect([...audited.listed_patient_ids].sort()).toEqual([ana.id, ben.id].sort());
  });

  it('when the same file is imported again, then nothing changes; a changed row updates its account, steps its version and replaces its patients', async () => {
    const [ana, ben, cy] = [await createPatient(h.knex), await createPatient(h.knex), await createPatient(h.knex)];
    const [north, south] = [await location(), await location()];
    const kept = accountRow([ana.mrn], north.name);
    const changing = accountRow([ana.mrn, ben.mrn], north.name);
    await importFile(accountsCsv([kept, changing])).expect(200);
    const before = await storedAccount(h.knex, changing.cells.account_number);

    h.clock.advance(60_000);
    const again = await importFile(accountsCsv([kept, changing])).expect(200);
    expect(again.body).toMatchObject({ committed: true, inserted: 0, updated: 0, unchanged: 2 });
    expect(await storedAccount(h.knex, changing.cells.account_number)).toEqual(before);

    const changed = accountRow([ben.mrn, cy.mrn], south.name, {
      ...changing.cells,
      patient_mrns: `${cy.mrn};${ben.mrn}`,
      service_location: south.name,
      balance_cents: '0',
    });
    const update = await importFile(accountsCsv([kept, changed])).expect(200);
    expect(update.body).toMatchObject({ committed: true, inserted: 0, updated: 1, unchanged: 1 });
    const after = await detail(changing.cells.account_number);
    expect(after).toMatchObject({ version: 2, balance_cents: 0, service_location_id: south.id, payNow: { reason: 'zero_balance' } });
    expect(Date.parse(after.imported_at)).toBe(h.clock.now);
    expect(after.patients.map((patient: { id: number }) => patient.id).sort()).toEqual([ben.id, cy.id].sort());
    expect((await storedAccount(h.knex, kept.cells.account_number)).version).toBe(1);
    // Ana, taken off the account, finds the change in her ledger too.
    const edits = await h
      .knex('audit_events')
      .where({ action: 'edit', resource: 'guarantor-accounts' })
      .whereIn('patient_id', [ana.id, ben.id, cy.id])
      .pluck('patient_id');
    expect(edits.sort()).toEqual([ana.id, ben.id, cy.id].sort());

    const closed = await importFile(accountsCsv([{ line: `${changed.line},closed` }], `${HEADER},account_status`)).expect(200);
    expect(closed.body).toMatchObject({ updated: 1 });
    const closedAccount = await storedAccount(h.knex, changing.cells.account_number);
    expect(closedAccount).toMatchObject({ version: 3, closed_at: new Date(h.clock.now) });
    h.clock.advance(60_000);
    await importFile(accountsCsv([{ line: `${changed.line},CLOSED` }], `${HEADER},account_status`)).expect(200);
    expect(await storedAccount(h.knex, changing.cells.account_number)).toEqual(closedAccount);
  });

  it('when rows are wrong, then each is reported by line and field, in line order, without quoting a cell, and nothing is written', async () => {
    const patient = await createPatient(h.knex);
    const clinic = await location();
    const unknownMrn = `NOPE${uniqueSuffix()}`;
    const good = accountRow([patient.mrn], clinic.name);
    const twice = accountRow([patient.mrn], clinic.name);
    const rows = [
      good,
      accountRow([patient.mrn, unknownMrn], clinic.name),
      accountRow([patient.mrn], `Nowhere ${uniqueSuffix()}`),
      accountRow([patient.mrn], clinic.name, { state: 'Conn' }),
      accountRow([patient.mrn], clinic.name, { zip: '6106' }),
      accountRow([patient.mrn], clinic.name, { balance_cents: '125.50' }),
      twice,
      accountRow([patient.mrn], clinic.name, { guarantor_family_name: '"=HYPERLINK(""http://evil.example"")"' }),
      { line: `${accountRow([patient.mrn], clinic.name).line},extra` },
      twice,
      accountRow([patient.mrn], clinic.name, { account_number: 'GA 12/3' }),
      accountRow([patient.mrn], clinic.name, { balance_cents: '+1e5' }),
    ];
    const report = await importFile(accountsCsv(rows)).expect(200);
    expect(report.body).toMatchObject({ committed: false, rowsRead: 12, rejected: 11, inserted: 0, updated: 0, unchanged: 0 });
    const byLine = Object.fromEntries(
      report.body.rejects.map((reject: { line: number; problems: { field: string; reason: string }[] }) => [
        reject.line,
        reject.problems.map((problem) => `${problem.field}: ${problem.reason}`),
      ]),
    );
    // Those the file alone shows and those the database judged (MRNs, locations, repeats) are merged by line.
    expect(report.body.rejects.map((reject: { line: number }) => reject.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(byLine[3]).toEqual([expect.stringMatching(/^patient_mrns: MRN number 2 is not a known patient/)]);
    expect(byLine[4]).toEqual([expect.stringMatching(/^service_location: names no service location/)]);
    expect(byLine[5]).toEqual([expect.stringMatching(/^state: must be a two-letter state code/)]);
    expect(byLine[6]).toEqual([expect.stringMatching(/^zip: /)]);
    expect(byLine[7]).toEqual([expect.stringMatching(/^balance_cents: must be a whole number of cents/)]);
    expect(byLine[8]).toEqual(['account_number: appears on 2 lines of the file: 8, 11']);
    expect(byLine[9]).toEqual([expect.stringMatching(/^guarantor_family_name: .*formula/)]);
    expect(byLine[10]).toEqual([expect.stringMatching(/^row: has 11 cells; the header has 10/)]);
    expect(byLine[11]).toEqual(['account_number: appears on 2 lines of the file: 8, 11']);
    expect(byLine[12]).toEqual([expect.stringMatching(/^account_number: /)]);
    expect(byLine[13]).toEqual([expect.stringMatching(/^balance_cents: /)]);
    expect(report.text).not.toContain(unknownMrn);
    expect(report.text).not.toContain('HYPERLINK');
    expect(report.text).not.toContain('Nowhere');
    expect(await storedAccount(h.knex, good.cells.account_number)).toBeUndefined();
    expect(
      await h.knex('audit_events').where({ action: 'import', resource: 'guarantor-accounts', request_id: report.headers['x-request-id'] }).first(),
    ).toMatchObject({
      outcome: 'failed',
    });
  });

  it('when the last line of a long file names an unknown MRN, then none of the sound lines before it are written', async () => {
    const patient = await createPatient(h.knex);
    const clinic = await location();
    const rows = [...Array.from({ length: 200 }, () => accountRow([patient.mrn], clinic.name)), accountRow([`NOPE${uniqueSuffix()}`], clinic.name)];
    const report = (await importFile(accountsCsv(rows)).expect(200)).body;
    expect(report).toMatchObject({ committed: false, rowsRead: 201, rejected: 1, inserted: 0 });
    expect(report.rejects).toEqual([
      { line: 202, account_number: rows[200].cells.account_number, problems: [expect.objectContaining({ field: 'patient_mrns' })] },
    ]);
    expect(
      await h
        .knex('guarantor_accounts')
        .whereIn(
          'account_number',
          rows.map((row) => row.cells.account_number),
        )
        .count({ count: '*' }),
    ).toEqual([{ count: 0 }]);
  });

  it('when the same file is imported by two admins at once, then each account is stored once, and a run that lost the race says so (409) with nothing half-saved', async () => {
    const patient = await createPatient(h.knex);
    const clinic = await location();
    const rows = Array.from({ length: 50 }, () => accountRow([patient.mrn], clinic.name));
    const other = await signedInAs(h, ['admin']);
    const answers = await Promise.all([importFile(accountsCsv(rows)), importAccounts(other, accountsCsv(rows))]);
    expect(answers.map((answer) => answer.status).sort()).toEqual(expect.arrayContaining([200]));
    for (const answer of answers) {
      expect([200, 409]).toContain(answer.status);
      if (answer.status === 409) expect(answer.body.code).toBe('import_conflict');
    }
    const stored = await h
      .knex('guarantor_accounts')
      .whereIn(
        'account_number',
        rows.map((row) => row.cells.account_number),
      )
      .select('version');
    expect(stored).toHaveLength(50);
    expect(stored.every((row) => row.version === 1)).toBe(true);
  });

  it('when a dry run is asked, then the report counts what would happen and nothing is written', async () => {
    const patient = await createPatient(h.knex);
    const clinic = await location();
    const known = accountRow([patient.mrn], clinic.name);
    await importFile(accountsCsv([known])).expect(200);
    const before = await storedAccount(h.knex, known.cells.account_number);
    const fresh = accountRow([patient.mrn], clinic.name);
    const changedKnown = accountRow([patient.mrn], clinic.name, { ...known.cells, balance_cents: '1' });
    const dry = await importFile(accountsCsv([fresh, changedKnown]), true).expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, committed: false, inserted: 1, updated: 1, unchanged: 0, rejected: 0 });
    expect(await storedAccount(h.knex, fresh.cells.account_number)).toBeUndefined();
    expect(await storedAccount(h.knex, known.cells.account_number)).toEqual(before);
  });

  it('when the file is empty, has no header, lacks a column or is not CSV, then 400 says so and nothing is written', async () => {
    const patient = await createPatient(h.knex);
    const clinic = await location();
    const row = accountRow([patient.mrn], clinic.name);
    expect((await importFile('').expect(400)).body.code).toBe('csv_empty');
    expect((await importFile(accountsCsv([row], '')).expect(400)).body.code).toBe('csv_columns');
    const missing = await importFile(accountsCsv([row], HEADER.replace(',service_location', ''))).expect(400);
    expect(missing.body).toMatchObject({ code: 'csv_columns', message: expect.stringMatching(/missing required column\(s\): service_location/) });
    expect((await importFile(`${HEADER}\n"unclosed,${row.line}\n`).expect(400)).body.code).toBe('csv_malformed');
    // A BOM and CRLF line ends are how spreadsheets save: read as any other file.
    const windows = await importFile(Buffer.from(`\uFEFF${HEADER}\r\n${row.line}\r\n`)).expect(200);
    expect(windows.body).toMatchObject({ committed: true, inserted: 1 });
    expect((await admin.agent.post('/api/guarantor-accounts/import').set('X-CSRF-Token', admin.csrf).send({ rows: [] })).status).toBe(415);
  });
});

describe('who may do what with guarantor accounts', () => {
  it('when billing or compliance read, then yes; support and front desk 403; admins import but never read; anonymous 401; a missing account 404', async () => {
    const patient = await createPatient(h.knex);
    const clinic = await location();
    const row = accountRow([patient.mrn], clinic.name);
    await importFile(accountsCsv([row])).expect(200);
    const id = await accountId(row.cells.account_number);
    const compliance = await signedInAs(h, ['compliance']);
    for (const reader of [billing, compliance]) {
      await reader.agent.get('/api/guarantor-accounts').expect(200);
      await reader.agent.get(`/api/guarantor-accounts/${id}`).expect(200);
      await importAccounts(reader, accountsCsv([row])).expect(403);
    }
    for (const role of ['support', 'front_desk', 'roi', 'clinical'] as const) {
      const other = await signedInAs(h, [role]);
      await other.agent.get('/api/guarantor-accounts').expect(403);
      await other.agent.get(`/api/guarantor-accounts/${id}`).expect(403);
      await importAccounts(other, accountsCsv([row])).expect(403);
    }
    await admin.agent.get('/api/guarantor-accounts').expect(403);
    await admin.agent.get(`/api/guarantor-accounts/${id}`).expect(403);
    await supertest(h.app).get('/api/guarantor-accounts').expect(401);
    await supertest(h.app).get(`/api/guarantor-accounts/${id}`).expect(401);
    await supertest(h.app)
      .post('/api/guarantor-accounts/import')
      .set('Content-Type', 'text/csv')
      .send(accountsCsv([row]))
      .expect(401);
    await billing.agent.get('/api/guarantor-accounts/987654321').expect(404);
  });

  it('when a filter holds a NUL byte or a huge value, or names an unknown field, then 400 names it', async () => {
    const nul = await billing.agent
      .get('/api/guarantor-accounts')
      .query({ filter: JSON.stringify({ q: 'Smi\u0000th' }) })
      .expect(400);
    expect(nul.body.errors).toHaveProperty(['filter.q']);
    const huge = await billing.agent
      .get('/api/guarantor-accounts')
      .query({ filter: JSON.stringify({ q: 'x'.repeat(5_000) }) })
      .expect(400);
    expect(huge.body.errors).toHaveProperty(['filter.q']);
    const reason = await billing.agent
      .get('/api/guarantor-accounts')
      .query({ filter: JSON.stringify({ pay_now_reason: 'maybe' }) })
      .expect(400);
    expect(reason.body.errors).toHaveProperty(['filter.pay_now_reason']);
    const unknown = await billing.agent
      .get('/api/guarantor-accounts')
      .query({ filter: JSON.stringify({ balance: 1 }) })
      .expect(400);
    expect(unknown.body.errors).toHaveProperty(['filter.balance']);
    await billing.agent.get(`/api/guarantor-accounts/${'9'.repeat(5_000)}`).expect(400);
  });
});

describe('npm run import:guarantor-accounts', () => {
  function runCli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn('npx', ['tsx', 'scripts/src/import-guarantor-accounts.ts', ...args], {
        cwd: repoRoot,
        env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (data) => (stdout += data));
      child.stderr.on('data', (data) => (stderr += data));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it(
    'when run from the command line, then it exits 0 with the summary, or 1 naming the rejected lines (also in the rejects file), with nothing written',
    { timeout: 90_000 },
    async () => {
      const patient = await createPatient(h.knex);
      const clinic = await location();
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'import-guarantor-accounts-'));
      try {
        const good = path.join(dir, 'good.csv');
        const bad = path.join(dir, 'bad.csv');
        const rejects = path.join(dir, 'rejects.csv');
        const kept = [accountRow([patient.mrn], clinic.name), accountRow([patient.mrn], clinic.name, { balance_cents: '0' })];
        const refused = [
          accountRow([patient.mrn], clinic.name),
          accountRow([patient.mrn, `NOPE${uniqueSuffix()}`], clinic.name),
          accountRow([patient.mrn], clinic.name, { guarantor_family_name: '=1+1' }),
        ];
        await fs.writeFile(good, accountsCsv(kept));
        await fs.writeFile(bad, accountsCsv(refused));
        const [imported, rejected] = await Promise.all([runCli(good), runCli(bad, '--rejects', rejects)]);
        expect(imported.code, imported.stderr).toBe(0);
        expect(imported.stdout).toMatch(/new\s+2/);
        expect(rejected.code).toBe(1);
        expect(rejected.stderr).toContain('line 3: patient_mrns: MRN number 2 is not a known patient');
        expect(rejected.stdout).toContain('nothing was written: 2 rows rejected');
        const rejectsText = await fs.readFile(rejects, 'utf8');
        expect(rejectsText).toContain('patient_mrns: MRN number 2 is not a known patient');
        // The reason reads as written: the formula guard is for what came from the file.
        expect(rejectsText).toContain(
          `"4","${refused[2].cells.account_number}","guarantor_family_name: starts with =, +, -, @, tab or CR, which a spreadsheet would run as a formula"\r\n`,
        );
        const stored = await h
          .knex('guarantor_accounts')
          .whereIn(
            'account_number',
            [...kept, ...refused].map((row) => row.cells.account_number),
          )
          .pluck('account_number');
        expect(stored.sort()).toEqual(kept.map((row) => row.cells.account_number).sort());

        const again = await runCli(good, '--dry-run');
        expect(again.code, again.stderr).toBe(0);
        expect(again.stdout).toMatch(/unchanged\s+2/);
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  );
});
