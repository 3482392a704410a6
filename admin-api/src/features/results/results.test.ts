import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '@portaldesk/db';
import { jobActor } from '../../lib/audit.ts';
import { createHarness, createPatient, createPortalToken, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';
import {
  accountFor,
  bornYearsAgo,
  csv,
  dateIn,
  DAY,
  daysAgo,
  HEADER,
  HIV,
  hold,
  importFile,
  portalRead,
  release,
  resultsOf,
  row,
  useResultFixtures,
  type Cells,
} from '../../testing/results.ts';
import { releaseDueResults, SENSITIVE_TEST_NAME } from './results.service.ts';

let h: Harness;
let admin: SignedIn;
let clinician: SignedIn;
let clinicianName: string;
let timeZone: string;
let portalToken: string;
beforeAll(async () => {
  h = await createHarness();
  admin = await signedInAs(h, ['admin']);
  clinician = await signedInAs(h, ['clinical']);
  timeZone = (await h.knex('settings').first('value').where({ key: 'organization.time_zone' })).value;
  clinicianName = (await h.knex('staff_users').first('display_name').where({ id: clinician.staff.id })).display_name;
  portalToken = await createPortalToken(h);
  useResultFixtures({ h, admin, clinician, timeZone, portalToken });
});
afterAll(() => h.close());

/** A patient with one imported result of `category`; answers the patient and the result's id. */
async function patientWithResult(overrides: Partial<Record<string, string>> = {}) {
  const patient = await createPatient(h.knex);
  const result = row(patient.mrn, overrides);
  await importFile(csv(result)).expect(200);
  const [stored] = await resultsOf(clinician, patient.id);
  return { patient, resultId: stored.id as number, accession: result.cells.accession_number };
}

describe('POST /api/results/import', () => {
  it('when a file is imported twice, then the second run changes nothing, and a changed value is kept as a correction the patient sees marked', async () => {
    const patient = await createPatient(h.knex);
    const a1c = row(patient.mrn);
    const ldl = row(patient.mrn, { loinc_code: '13457-7', test_name: 'LDL cholesterol', value: '131', unit: 'mg/dL', reference_range: '<100' });
    const first = await importFile(csv(a1c, ldl)).expect(200);
    expect(first.body).toMatchObject({ committed: true, rowsRead: 2, inserted: 2, corrected: 0, unchanged: 0, held: 0, rejected: 0 });
    const [before] = await h.knex('results').where({ accession_number: a1c.cells.accession_number }).select('version', 'released_at');
    expect(before.released_at).not.toBeNull();

    const again = await importFile(csv(a1c, ldl)).expect(200);
    expect(again.body).toMatchObject({ committed: true, inserted: 0, corrected: 0, unchanged: 2 });
    const [after] = await h.knex('results').where({ accession_number: a1c.cells.accession_number }).select('version');
    expect(after.version).toBe(before.version);

    const fixed = { ...a1c.cells, value: '7.1' };
    const correction = await importFile(csv({ line: Object.values(fixed).join(',') }, ldl)).expect(200);
    expect(correction.body).toMatchObject({ inserted: 0, corrected: 1, unchanged: 1 });
    const history = await h
      .knex('result_corrections as c')
      .join('results as r', 'r.id', 'c.result_id')
      .where('r.accession_number', a1c.cells.accession_number)
      .select('c.old_values', 'c.new_values', 'c.was_released');
    expect(history).toEqual([{ old_values: { value: '6.8' }, new_values: { value: '7.1' }, was_released: true }]);

    const { username } = await accountFor(patient);
    const seen = await portalRead(username, patient.mrn).expect(200);
    const a1cSeen = seen.body.results.find((result: { accessionNumber: string }) => result.accessionNumber === a1c.cells.accession_number);
    expect(a1cSeen).toMatchObject({ value: '7.1', corrected: true });
    expect(seen.body.results.find((result: { accessionNumber: string }) => result.accessionNumber === ldl.cells.accession_number)).toMatchObject({
      corrected: false,
    });
  });

  it('when rows are wrong, then each is reported by line and field, and nothing is written; a dry run writes nothing either', async () => {
    const patient = await createPatient(h.knex);
    const good = row(patient.mrn);
    const twice = row(patient.mrn);
    const report = await importFile(
      csv(
        good,
        row('NO-SUCH-MRN-1'),
        row(patient.mrn, { category: 'astrology' }),
        row(patient.mrn, { loinc_code: '4548' }),
        row(patient.mrn, { resulted_at: daysAgo(3) }),
        twice,
        twice,
      ),
    ).expect(200);
    expect(report.body).toMatchObject({ committed: false, rowsRead: 7, rejected: 6, inserted: 0 });
    const byLine = Object.fromEntries(
      report.body.rejects.map((reject: { line: number; problems: { field: string }[] }) => [reject.line, reject.problems.map((p) => p.field)]),
    );
    expect(byLine).toEqual({ 3: ['mrn'], 4: ['category'], 5: ['loinc_code'], 6: ['resulted_at'], 7: ['accession_number'], 8: ['accession_number'] });
    expect(await h.knex('results').where({ accession_number: good.cells.accession_number }).first()).toBeUndefined();

    const baseExcess = row(patient.mrn, {
      loinc_code: '1925-7',
      test_name: 'Base excess',
      value: '-3.1',
      unit: 'mmol/L',
      reference_range: '-2 - 3',
      abnormal_flag: 'L',
    });
    const dry = await importFile(csv(good, baseExcess), true).expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, committed: false, inserted: 2, rejected: 0 });
    const formula = await importFile(csv(row(patient.mrn, { value: '=1+1' })), true).expect(200);
    expect(formula.body.rejects[0].problems).toEqual([{ field: 'value', reason: expect.stringMatching(/formula/) }]);
    expect(await h.knex('results').where({ accession_number: good.cells.accession_number }).first()).toBeUndefined();
  });

  it('when a result falls in a category with a state-law rule, then it is held at import with the rule citation, for the days the rule says', async () => {
    const patient = await createPatient(h.knex);
    const hiv = row(patient.mrn, HIV);
    const report = await importFile(csv(hiv)).expect(200);
    expect(report.body).toMatchObject({ inserted: 1, held: 1 });
    const [result] = await resultsOf(clinician, patient.id);
    expect(result).toMatchObject({ status: 'held', released_at: null, hold: { basis: 'state_law', decided_by_name: 'Standing rule: STI and HIV' } });
    expect(Date.parse(result.hold.ends_at) - h.clock.now).toBe(3 * DAY);
    const [register] = (
      await clinician.agent
        .get('/api/result-holds')
        .query({ filter: JSON.stringify({ patient_id: patient.id }) })
        .expect(200)
    ).body;
    expect(register.citation).toMatch(/counseling/);
  });

  it('when anyone but an admin imports, then 403; without a session, 401', async () => {
    await clinician.agent.post('/api/results/import').set('X-CSRF-Token', clinician.csrf).set('Content-Type', 'text/csv').send(HEADER).expect(403);
    await supertest(h.app).post('/api/results/import').set('Content-Type', 'text/csv').send(HEADER).expect(401);
  });
});

describe('an import, all or nothing', () => {
  const stored = (...rows: { cells: Cells }[]) =>
    h
      .knex('results')
      .whereIn(
        'accession_number',
        rows.map((r) => r.cells.accession_number),
      )
      .select('accession_number', 'value');

  it("when one patient's rows are spread through the file, then each patient gets one audit row naming how many results were added", async () => {
    const [ana, ben] = [await createPatient(h.knex), await createPatient(h.knex)];
    const rows = [row(ana.mrn), row(ben.mrn), row(ben.mrn), row(ana.mrn), row(ana.mrn)];
    const report = (await importFile(csv(...rows)).expect(200)).body;
    expect(report).toMatchObject({ committed: true, rowsRead: 5, inserted: 5, rejected: 0 });
    expect(await stored(...rows)).toHaveLength(5);
    const audited = await h
      .knex('audit_events')
      .whereIn('patient_id', [ana.id, ben.id])
      .where({ action: 'create', resource: 'results' })
      .select('patient_id', 'details');
    expect(audited.map((entry) => [entry.patient_id, entry.details.results]).sort()).toEqual(
      [
        [ana.id, 3],
        [ben.id, 2],
      ].sort(),
    );
  });

  it('when the last line names an unknown MRN, then none of the sound lines before it are written, and the reject names the line', async () => {
    const patient = await createPatient(h.knex);
    const rows = [row(patient.mrn), row(patient.mrn), row(patient.mrn), row(`NOPE${uniqueSuffix()}`)];
    const report = (await importFile(csv(...rows)).expect(200)).body;
    expect(report).toMatchObject({ committed: false, rejected: 1, inserted: 0 });
    expect(report.rejects).toEqual([{ line: 5, accession_number: rows[3].cells.accession_number, problems: [expect.objectContaining({ field: 'mrn' })] }]);
    expect(await stored(...rows)).toEqual([]);
  });

  it('when an accession number comes back later in the file, then every line of it is rejected and nothing is written, whether it was new, unchanged or corrected', async () => {
    const patient = await createPatient(h.knex);
    const known = row(patient.mrn);
    await importFile(csv(known)).expect(200);
    const fresh = row(patient.mrn);
    // Lines 2 and 5 repeat a new accession number; lines 3 and 6 a known one, first unchanged, then changed.
    const rows = [fresh, known, row(patient.mrn), fresh, row(patient.mrn, { ...known.cells, value: '7.9' })];
    const report = (await importFile(csv(...rows)).expect(200)).body;
    expect(report).toMatchObject({ committed: false, inserted: 0, corrected: 0 });
    expect(report.rejects.map((reject: { line: number; problems: { reason: string }[] }) => [reject.line, reject.problems[0].reason])).toEqual([
      [2, 'appears on 2 lines of the file: 2, 5'],
      [3, 'appears on 2 lines of the file: 3, 6'],
      [5, 'appears on 2 lines of the file: 2, 5'],
      [6, 'appears on 2 lines of the file: 3, 6'],
    ]);
    expect(await stored(fresh, rows[2])).toEqual([]);
    expect(await stored(known)).toEqual([{ accession_number: known.cells.accession_number, value: '6.8' }]);
  });
});

describe('npm run import:results', () => {
  function runCli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn('npx', ['tsx', 'scripts/src/import-results.ts', ...args], {
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
    'when run from the command line, then it exits 0 with the summary, or 1 naming the rejected lines, with nothing written',
    { timeout: 90_000 },
    async () => {
      const patient = await createPatient(h.knex);
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'import-results-'));
      try {
        const good = path.join(dir, 'good.csv');
        const bad = path.join(dir, 'bad.csv');
        const kept = row(patient.mrn);
        await fs.writeFile(good, csv(kept, row(patient.mrn, { category: 'sti_hiv', value: 'Nonreactive', abnormal_flag: 'N' })));
        await fs.writeFile(bad, csv(row(patient.mrn), row(patient.mrn, { performed_at: 'yesterday' })));
        const [imported, rejected] = await Promise.all([runCli(good), runCli(bad)]);
        expect(imported.code, imported.stderr).toBe(0);
        expect(imported.stdout).toMatch(/new\s+2 \(1 held by a state-law rule\)/);
        expect(rejected.code).toBe(1);
        expect(rejected.stderr).toContain('line 3: performed_at: must be an ISO 8601 date-time');
        expect(rejected.stdout).toContain('nothing was written: 1 row rejected');
        expect(await h.knex('results').where({ patient_id: patient.id }).count({ count: '*' })).toEqual([{ count: 2 }]);
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('GET /api/results', () => {
  it('when ROI or support read results, then they see whether each was released, never its value', async () => {
    const { patient } = await patientWithResult();
    for (const roles of [['roi'], ['support']] as const) {
      const [result] = await resultsOf(await signedInAs(h, [...roles]), patient.id);
      expect(result).toMatchObject({ status: 'released', values_withheld: true, value: null, value_numeric: null, abnormal_flag: null, reference_range: null });
    }
    const [seen] = await resultsOf(clinician, patient.id);
    expect(seen).toMatchObject({ values_withheld: false, value: '6.8', value_numeric: 6.8, reference_low: 4, reference_high: 5.6, abnormal_flag: 'H' });
  });

  it('when support reads a held result of a sensitive category, then neither the test, the category nor the basis of the hold shows, only until when', async () => {
    const { patient } = await patientWithResult(HIV);
    const [result] = await resultsOf(await signedInAs(h, ['support']), patient.id);
    expect(result).toMatchObject({
      status: 'held',
      test_name: SENSITIVE_TEST_NAME,
      loinc_code: '',
      category: '',
      hold: { basis: null, decided_by_name: null },
    });
    expect(JSON.stringify(result)).not.toMatch(/HIV|sti_hiv|Reactive|Standing rule/);
    expect(result.hold.ends_at).not.toBeNull();
  });

  it('when billing or front desk asks, then 403; without patient_id, 400', async () => {
    const { patient } = await patientWithResult();
    for (const role of ['billing', 'front_desk'] as const) {
      const who = await signedInAs(h, [role]);
      await who.agent
        .get('/api/results')
        .query({ filter: JSON.stringify({ patient_id: patient.id }) })
        .expect(403);
    }
    await clinician.agent.get('/api/results').expect(400);
  });
});

describe('POST /api/result-holds', () => {
  it('when a hold lacks what its basis needs, says "for review", names a delegate, or has no end, then it is refused and nothing is held', async () => {
    const { patient, resultId } = await patientWithResult();
    const refusals: [object, number, string][] = [
      [{ resultIds: [resultId], reason: 'Patient asked' }, 400, 'basis'],
      [{ resultIds: [resultId], basis: 'for_review', reason: 'Waiting for the doctor' }, 400, 'basis'],
      [{ resultIds: [resultId], basis: 'patient_request', reason: 'for review', requestedOn: dateIn(0), until: dateIn(5) }, 400, 'reason'],
      [{ resultIds: [resultId], basis: 'patient_request', reason: 'Patient asked to wait', requestedOn: dateIn(0) }, 422, 'until'],
      [{ resultIds: [resultId], basis: 'patient_request', reason: 'Patient asked to wait', until: dateIn(5) }, 422, 'requestedOn'],
      [{ resultIds: [resultId], basis: 'preventing_harm', reason: 'Risk of self-harm on reading', reviewBy: dateIn(5) }, 422, 'harmType'],
      [{ resultIds: [resultId], basis: 'preventing_harm', reason: 'Risk of self-harm on reading', harmType: 'life_or_physical_safety' }, 422, 'reviewBy'],
      [
        { resultIds: [resultId], basis: 'preventing_harm', reason: 'Risk of self-harm', harmType: 'life_or_physical_safety', reviewBy: dateIn(31) },
        422,
        'reviewBy',
      ],
      [
        {
          resultIds: [resultId],
          basis: 'preventing_harm',
          reason: 'Risk of self-harm',
          harmType: 'life_or_physical_safety',
          reviewBy: dateIn(5),
          decidedBy: 'Dr. Delegate',
        },
        400,
        'decidedBy',
      ],
      [{ resultIds: [resultId], basis: 'state_law', reason: 'Counseling first' }, 422, 'basis'],
      [{ resultIds: [resultId, 99_999_999], basis: 'patient_request', reason: 'Patient asked', requestedOn: dateIn(0), until: dateIn(5) }, 422, 'resultIds'],
    ];
    for (const [body, status, field] of refusals) {
      const answer = await hold(body);
      // A field the basis needs is named in `errors`; a field nobody may send (decidedBy), in the message.
      const named = [...Object.keys(answer.body.errors ?? {}), ...(answer.body.message.match(/"(\w+)"/g) ?? []).map((quoted: string) => quoted.slice(1, -1))];
      expect([answer.status, named], JSON.stringify(answer.body)).toEqual([status, expect.arrayContaining([field])]);
    }
    const [result] = await resultsOf(clinician, patient.id);
    expect(result).toMatchObject({ status: 'released', hold: null });
    expect(await h.knex('result_holds').where({ result_id: resultId }).count({ count: '*' })).toEqual([{ count: 0 }]);
  });

  it('when a clinician holds to prevent harm, then the result leaves the portal under their own name; the same basis again extends it, another basis replaces it, the result held throughout', async () => {
    const { patient, resultId } = await patientWithResult();
    const placed = await hold({
      resultIds: [resultId],
      basis: 'preventing_harm',
      reason: 'Risk of self-harm on reading alone',
      harmType: 'life_or_physical_safety',
      reviewBy: dateIn(7),
    }).expect(201);
    expect(placed.body).toMatchObject({ placed: [resultId], extended: [] });
    const [held] = await resultsOf(clinician, patient.id);
    expect(held).toMatchObject({ status: 'held', hold: { basis: 'preventing_harm', decided_by_name: clinicianName } });
    const { username } = await accountFor(patient);
    expect((await portalRead(username, patient.mrn).expect(200)).body.results).toEqual([]);

    await hold({ resultIds: [resultId], basis: 'preventing_harm', reason: 'Shorter', harmType: 'life_or_physical_safety', reviewBy: dateIn(3) }).expect(422);
    const extended = await hold({
      resultIds: [resultId],
      basis: 'preventing_harm',
      reason: 'Still at risk: reviewed today',
      harmType: 'life_or_physical_safety',
      reviewBy: dateIn(20),
    }).expect(201);
    expect(extended.body).toMatchObject({ placed: [], extended: [resultId] });
    expect(await h.knex('result_hold_extensions').where({ hold_id: placed.body.holds[0] }).select('reason', 'decided_by_name', 'harm_type')).toEqual([
      { reason: 'Still at risk: reviewed today', decided_by_name: clinicianName, harm_type: 'life_or_physical_safety' },
    ]);

    const replaced = await hold({
      resultIds: [resultId],
      basis: 'patient_request',
      reason: 'Patient asked to wait for the visit',
      requestedOn: dateIn(0),
      until: dateIn(3),
    }).expect(201);
    expect(replaced.body).toMatchObject({ placed: [resultId], extended: [] });
    const [stillHeld] = await resultsOf(clinician, patient.id);
    expect(stillHeld).toMatchObject({ status: 'held', released_at: null, hold: { basis: 'patient_request' } });
    const register = (
      await clinician.agent
        .get('/api/result-holds')
        .query({ filter: JSON.stringify({ patient_id: patient.id }), sort: '["placed_at","ASC"]' })
        .expect(200)
    ).body;
    expect(register.map((entry: { basis: string; ended_how: string | null }) => [entry.basis, entry.ended_how])).toEqual([
      ['preventing_harm', 'superseded'],
      ['patient_request', null],
    ]);
    expect((await portalRead(username, patient.mrn).expect(200)).body.results).toEqual([]);
  });

  it('when anyone but a clinician places a hold or releases, then 403', async () => {
    const { resultId } = await patientWithResult();
    for (const role of ['roi', 'support', 'compliance', 'admin'] as const) {
      const who = await signedInAs(h, [role]);
      await hold({ resultIds: [resultId], basis: 'patient_request', reason: 'Patient asked', requestedOn: dateIn(0), until: dateIn(5) }, who).expect(403);
      await release({ resultIds: [resultId], reason: 'Released' }, who).expect(403);
    }
  });
});

describe('releasing', () => {
  it('when a clinician releases held results now, then the portal shows them, and a second release of the same results is refused (409)', async () => {
    const { patient, resultId } = await patientWithResult();
    await hold({
      resultIds: [resultId],
      basis: 'patient_request',
      reason: 'Wants to hear it from her doctor first',
      requestedOn: dateIn(0),
      untilPatientAsks: true,
    }).expect(201);
    const [first, second] = await Promise.all([
      release({ resultIds: [resultId], reason: 'Discussed at the visit' }),
      release({ resultIds: [resultId], reason: 'Discussed at the visit' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const { username } = await accountFor(patient);
    expect((await portalRead(username, patient.mrn).expect(200)).body.results).toHaveLength(1);
    const [entry] = (
      await clinician.agent
        .get('/api/result-holds')
        .query({ filter: JSON.stringify({ patient_id: patient.id }) })
        .expect(200)
    ).body;
    expect(entry).toMatchObject({
      ended_how: 'released_now',
      end_reason: 'Discussed at the visit',
      ended_by_name: clinicianName,
      until_patient_asks: true,
    });
  });

  it('when the patient withdraws the request, then the hold ends as withdrawn and the result is released', async () => {
    const { patient, resultId } = await patientWithResult();
    const placed = await hold({
      resultIds: [resultId],
      basis: 'patient_request',
      reason: 'Wants to wait',
      requestedOn: dateIn(0),
      untilPatientAsks: true,
    }).expect(201);
    const holdId = placed.body.holds[0];
    const withdrawn = await clinician.agent
      .post(`/api/result-holds/${holdId}/withdraw`)
      .set('X-CSRF-Token', clinician.csrf)
      .send({ reason: 'Patient called: wants to see it', version: 1 })
      .expect(200);
    expect(withdrawn.body).toMatchObject({ ended_how: 'basis_withdrawn', version: 2 });
    await clinician.agent.post(`/api/result-holds/${holdId}/withdraw`).set('X-CSRF-Token', clinician.csrf).send({ reason: 'Again', version: 2 }).expect(409);
    const [result] = await resultsOf(clinician, patient.id);
    expect(result.status).toBe('released');
  });

  it('when two release workers run at once, then each due hold is released once with one audit row, and a hold that ended while no worker ran is released on the next run', async () => {
    const results = await Promise.all([1, 2, 3].map(() => patientWithResult()));
    await hold({
      resultIds: results.map((r) => r.resultId),
      basis: 'patient_request',
      reason: 'Patient away until next week',
      requestedOn: dateIn(0),
      until: dateIn(2),
    }).expect(201);
    // The workers' clock moves on, not the app's: the staff sessions of this file must not lapse.
    // Past these holds' end, not past 3 days: the job releases every due hold in the database, and
    // other files running beside this one hold results for 3 days (the state-law rule) or longer.
    let workerNow = h.clock.now + 2.5 * DAY;
    const clock = () => new Date(workerNow);
    // A clinician is acting on the first result (its row locked): the workers skip it, never wait.
    const busy = await h.knex.transaction();
    await busy('results').where({ id: results[0].resultId }).forUpdate().first('id');
    const [a, b] = await Promise.all([
      releaseDueResults({ knex: h.knex, clock }, jobActor('release-results', `w1-${uniqueSuffix()}`, clock)),
      releaseDueResults({ knex: h.knex, clock }, jobActor('release-results', `w2-${uniqueSuffix()}`, clock)),
    ]);
    expect((await resultsOf(clinician, results[0].patient.id))[0].status).toBe('held');
    await busy.commit();
    const c = await releaseDueResults({ knex: h.knex, clock }, jobActor('release-results', `w3-${uniqueSuffix()}`, clock));
    expect(c).toBeGreaterThanOrEqual(1);
    expect(a + b + c).toBeGreaterThanOrEqual(3);
    for (const { patient, resultId } of results) {
      const [result] = await resultsOf(clinician, patient.id);
      expect(result.status).toBe('released');
      const audits = await h
        .knex('audit_events')
        .where({ resource: 'results', action: 'release', resource_id: String(resultId) })
        .select('staff_username');
      expect(audits).toEqual([{ staff_username: 'job:release-results' }]);
    }
    expect(await releaseDueResults({ knex: h.knex, clock }, jobActor('release-results', 'w5', clock))).toBe(0);

    // Due while the workers were down: released when one comes back.
    const late = await patientWithResult();
    await hold({ resultIds: [late.resultId], basis: 'patient_request', reason: 'Patient away', requestedOn: dateIn(0), until: dateIn(1) }).expect(201);
    workerNow += DAY / 24;
    expect(await releaseDueResults({ knex: h.knex, clock }, jobActor('release-results', 'w4', clock))).toBeGreaterThanOrEqual(1);
    expect((await resultsOf(clinician, late.patient.id))[0].status).toBe('released');
  });
});

describe('GET /api/result-holds/export', () => {
  it('when compliance exports the register, then every hold of the filter is a CSV row with its basis in words; other roles but clinical are refused', async () => {
    const { patient, resultId } = await patientWithResult();
    await hold({
      resultIds: [resultId],
      basis: 'preventing_harm',
      reason: 'Danger on reading',
      harmType: 'substantial_harm_by_representative',
      reviewBy: dateIn(10),
    }).expect(201);
    await hold({
      resultIds: [resultId],
      basis: 'preventing_harm',
      reason: 'Still dangerous: the care team meets again',
      harmType: 'substantial_harm_by_representative',
      reviewBy: dateIn(20),
    }).expect(201);
    const compliance = await signedInAs(h, ['compliance']);
    const exported = await compliance.agent
      .get('/api/result-holds/export')
      .query({ filter: JSON.stringify({ patient_id: patient.id }) })
      .expect(200);
    expect(exported.headers['content-type']).toMatch(/text\/csv/);
    const lines = exported.text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Preventing harm (45 CFR 171.201)');
    expect(lines[1]).toContain(clinicianName);
    expect(lines[1]).toContain('substantial_harm_by_representative');
    // The renewal is in the evidence: who, until when and why.
    expect(lines[0]).toContain('"extensions","extension_history"');
    expect(lines[1]).toMatch(new RegExp(`"1","[^"]+ by ${clinicianName}, until ${dateIn(20)}T00:00:00-0\\d:00: Still dangerous: the care team meets again"`));
    const roi = await signedInAs(h, ['roi']);
    await roi.agent.get('/api/result-holds/export').expect(403);
  });
});

describe('GET /portal-api/v1/results', () => {
  it('when a parent reads a teenager’s results, then sensitive results are hidden; a young child’s parent sees them; the teen sees their own', async () => {
    const parentPatient = await createPatient(h.knex, { date_of_birth: '1980-01-01' });
    const parent = await accountFor(parentPatient);
    const teen = await createPatient(h.knex, { date_of_birth: bornYearsAgo(15) });
    const child = await createPatient(h.knex, { date_of_birth: bornYearsAgo(8) });
    for (const kid of [teen, child]) {
      await h.knex('proxy_relationships').insert({
        proxy_account_id: parent.accountId,
        patient_id: kid.id,
        relationship: 'parent',
        kind: 'minor',
        access_level: 'full',
        starts_on: '2020-01-01',
        created_at: new Date('2020-01-01T12:00:00Z'),
      });
      await importFile(
        csv(
          row(kid.mrn),
          row(kid.mrn, {
            loinc_code: '5196-1',
            test_name: 'Chlamydia NAAT',
            value: 'Negative',
            unit: '',
            reference_range: 'Negative',
            abnormal_flag: '',
            category: 'reproductive_sexual_health',
          }),
        ),
      ).expect(200);
    }
    const ofTeen = await portalRead(parent.username, teen.mrn).expect(200);
    expect(ofTeen.body.results.map((r: { testName: string }) => r.testName)).toEqual(['Hemoglobin A1c']);
    expect(ofTeen.body).toMatchObject({ as: 'proxy', hiddenCategories: expect.arrayContaining(['reproductive_sexual_health']) });
    const ofChild = await portalRead(parent.username, child.mrn).expect(200);
    expect(ofChild.body.results).toHaveLength(2);
    const teenOwn = await accountFor(teen);
    const own = await portalRead(teenOwn.username, teen.mrn).expect(200);
    expect(own.body).toMatchObject({ as: 'patient' });
    expect(own.body.results).toHaveLength(2);
  });

  it('when the user has no access to the patient, or is unknown, then one uniform refusal', async () => {
    const { patient } = await patientWithResult();
    const stranger = await accountFor(await createPatient(h.knex));
    const refusals = await Promise.all([
      portalRead(stranger.username, patient.mrn),
      portalRead(`nobody-${uniqueSuffix()}`, patient.mrn),
      portalRead(stranger.username, 'NO-SUCH-MRN'),
    ]);
    for (const refusal of refusals) {
      expect(refusal.status).toBe(403);
      expect({ code: refusal.body.code, message: refusal.body.message }).toEqual({ code: refusals[0].body.code, message: refusals[0].body.message });
    }
    await supertest(h.app).get('/portal-api/v1/results').query({ username: stranger.username, patientMrn: patient.mrn }).expect(401);
  });
});
