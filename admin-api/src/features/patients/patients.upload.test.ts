import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';

let h: Harness;
let admin: SignedIn;
beforeAll(async () => {
  h = await createHarness();
  admin = await signedInAs(h, ['admin']);
});
afterAll(() => h.close());

const HEADER = 'mrn,family_name,given_name,date_of_birth,sex';

function extract(prefix: string, rows: string[]) {
  return `${HEADER}\r\n${rows.map((row, i) => `${prefix}-${i},${row}`).join('\r\n')}\r\n`;
}

const upload = (who: SignedIn, body: string, query: Record<string, string> = {}) =>
  who.agent.post('/api/patients/import').query(query).set('X-CSRF-Token', who.csrf).set('Content-Type', 'text/csv').send(body);

const storedWithPrefix = async (prefix: string) => (await h.knex('patients').where('mrn', 'like', `${prefix}-%`)).length;

describe('POST /api/patients/import (the console upload)', () => {
  it('when an admin checks a file, then the dry run says whether it can be imported and writes nothing', async () => {
    const prefix = `UP${uniqueSuffix()}`;
    const response = await upload(admin, extract(prefix, ['Rivera,Ana,1980-02-03,f', 'Okafor,Chidi,2001-12-31,m']), { file_name: 'extract.csv' }).expect(200);
    expect(response.body).toMatchObject({ fileName: 'extract.csv', dryRun: true, committed: false, rowsRead: 2, valid: 2, rejected: 0, imported: 0 });
    expect(response.body).not.toHaveProperty('inserted');
    expect(await storedWithPrefix(prefix)).toBe(0);
  });

  it('when an admin imports a clean file, then the patients are saved and a second import changes nothing', async () => {
    const prefix = `UP${uniqueSuffix()}`;
    const body = extract(prefix, ['Rivera,Ana,1980-02-03,f', 'Okafor,Chidi,2001-12-31,m']);
    const first = await upload(admin, body, { dry_run: 'false' }).expect(200);
    expect(first.body).toMatchObject({ committed: true, imported: 2 });
    const stored = await h.knex('patients').where('mrn', 'like', `${prefix}-%`).orderBy('mrn');
    const again = await upload(admin, body, { dry_run: 'false' }).expect(200);
    expect(again.body).toMatchObject({ committed: true, imported: 2 });
    expect(await h.knex('patients').where('mrn', 'like', `${prefix}-%`).orderBy('mrn')).toEqual(stored);
    const [audit] = await h.knex('audit_events').where({ staff_user_id: admin.staff.id, action: 'import' }).orderBy('id', 'desc').limit(1);
    expect(audit).toMatchObject({ resource: 'patients', outcome: 'success' });
  });

  it("when an import changes a patient's email, then the privacy office sees it in that patient's access ledger", async () => {
    const prefix = `UP${uniqueSuffix()}`;
    const header = 'mrn,family_name,given_name,date_of_birth,sex,email';
    await upload(admin, `${header}\r\n${prefix}-0,Rivera,Ana,1980-02-03,f,ana@example.com\r\n`, { dry_run: 'false' }).expect(200);
    await upload(admin, `${header}\r\n${prefix}-0,Rivera,Ana,1980-02-03,f,attacker@example.net\r\n`, { dry_run: 'false' }).expect(200);
    const patient = await h
      .knex('patients')
      .first('id')
      .where({ mrn: `${prefix}-0` });

    const compliance = await signedInAs(h, ['compliance']);
    const ledger = await compliance.agent
      .get('/api/patient-access-ledger')
      .query({ filter: JSON.stringify({ patient_id: patient.id }) })
      .expect(200);
    const byAdmin = ledger.body.filter((row: { staff_username: string }) => row.staff_username === admin.staff.username);
    expect(byAdmin.map((row: { action: string; staff_username: string; details: unknown }) => [row.action, row.staff_username, row.details])).toEqual([
      ['edit', admin.staff.username, { source: 'import', fileName: 'upload.csv', changed: ['email'] }],
      ['create', admin.staff.username, { source: 'import', fileName: 'upload.csv' }],
    ]);
  });

  it('when staff corrected a patient after the extract, then the import keeps their value and the report lists the conflict', async () => {
    const prefix = `UP${uniqueSuffix()}`;
    const header = 'mrn,family_name,given_name,date_of_birth,sex,phone';
    await upload(admin, `${header}\r\n${prefix}-0,Rivera,Ana,1980-02-03,f,860-555-0100\r\n`, { dry_run: 'false' }).expect(200);
    const patient = await h
      .knex('patients')
      .first('id', 'phone')
      .where({ mrn: `${prefix}-0` });
    expect(patient.phone).toBe('+18605550100');
    const extractedAt = new Date(h.clock.now);
    const correctedAt = new Date(h.clock.now + 60_000);
    await h.knex.transaction(async (trx) => {
      await trx('patients').where({ id: patient.id }).update({ phone: '+12035550100', version: 2 });
      await trx('patient_field_history').insert({
        patient_id: patient.id,
        field: 'phone',
        old_value: JSON.stringify('+18605550100'),
        new_value: JSON.stringify('+12035550100'),
        changed_at: correctedAt,
        source: 'staff_correction',
        reason: 'Patient called',
        version: 2,
      });
    });
    h.clock.advance(120_000);

    const body = `${header}\r\n${prefix}-0,Rivera,Ana,1980-02-03,f,860-555-0100\r\n`;
    const response = await upload(admin, body, { dry_run: 'false', extracted_at: extractedAt.toISOString() }).expect(200);

    expect(response.body).toMatchObject({ committed: true, imported: 1, conflicted: 1 });
    expect(response.body.conflicts).toEqual([
      { line: 2, mrn: `${prefix}-0`, field: 'phone', changedAt: correctedAt.toISOString(), source: 'staff_correction' },
    ]);
    expect(await h.knex('patients').first('phone', 'version').where({ id: patient.id })).toEqual({ phone: '+12035550100', version: 2 });
  });

  it('when extracted_at is not an instant or lies in the future, then 400 names it', async () => {
    const malformed = await upload(admin, `${HEADER}\r\n`, { extracted_at: 'yesterday' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toHaveProperty('extracted_at');
    const future = await upload(admin, `${HEADER}\r\n`, { extracted_at: new Date(h.clock.now + 3_600_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ code: 'validation_failed', errors: { extracted_at: 'is in the future' } });
  });

  it('when a row is bad, then the report names its line and reason and nothing is written', async () => {
    const prefix = `UP${uniqueSuffix()}`;
    const response = await upload(admin, extract(prefix, ['Rivera,Ana,1980-02-03,f', 'Okafor,Chidi,2001-02-30,m']), { dry_run: 'false' }).expect(200);
    expect(response.body).toMatchObject({ committed: false, rejected: 1 });
    expect(response.body.rejects).toEqual([{ line: 3, mrn: `${prefix}-1`, problems: [{ field: 'date_of_birth', reason: 'is not a real calendar date' }] }]);
    expect(await storedWithPrefix(prefix)).toBe(0);
  });

  it('when the file cannot be imported at all, then 400 says why', async () => {
    const response = await upload(admin, 'mrn,family_name\r\nX1,Rivera\r\n', { dry_run: 'false' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('csv_columns');
    expect(response.body.message).toContain('missing required column(s)');
  });

  it('when the body is not CSV, the query is wrong, the role is not admin or the CSRF token is missing, then it is refused', async () => {
    const json = await admin.agent.post('/api/patients/import').set('X-CSRF-Token', admin.csrf).send({ rows: [] });
    expect(json.status).toBe(415);
    const badQuery = await upload(admin, `${HEADER}\r\n`, { dry_run: 'maybe' });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.errors).toHaveProperty('dry_run');
    const desk = await signedInAs(h, ['front_desk']);
    expect((await upload(desk, `${HEADER}\r\n`)).status).toBe(403);
    const noToken = await admin.agent.post('/api/patients/import').set('Content-Type', 'text/csv').send(`${HEADER}\r\n`);
    expect(noToken.status).toBe(403);
    await supertest(h.app).post('/api/patients/import').set('Content-Type', 'text/csv').send(`${HEADER}\r\n`).expect(401);
  });
});
