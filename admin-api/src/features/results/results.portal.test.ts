import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, createPatient, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';
import {
  accountFor,
  bornYearsAgo,
  csv,
  dateIn,
  DAY,
  daysAgo,
  HIV,
  HIV_SCREEN_AS_CHEMISTRY,
  hold,
  importFile,
  listResults,
  portalRead,
  release,
  resultsOf,
  row,
  useResultFixtures,
} from '../../testing/results.ts';

/**
 * Issue 12 (results release under the Cures Act), as the patient, their proxies and the privacy
 * office meet it: what the portal read shows to whom, holds, the audit trail, files from the lab
 * as Windows writes them, and corrections of held results.
 */

let h: Harness;
let admin: SignedIn;
let clinician: SignedIn;
let timeZone: string;
let portalToken: string;
let portalTokenName: string;
let startedAt: number;
beforeAll(async () => {
  h = await createHarness();
  startedAt = h.clock.now;
  admin = await signedInAs(h, ['admin']);
  clinician = await signedInAs(h, ['clinical']);
  timeZone = (await h.knex('settings').first('value').where({ key: 'organization.time_zone' })).value;
  portalTokenName = `Portal results ${uniqueSuffix()}`;
  const created = await admin.agent.post('/api/portal-tokens').set('X-CSRF-Token', admin.csrf).send({ name: portalTokenName }).expect(201);
  portalToken = created.body.token;
  useResultFixtures({ h, admin, clinician, timeZone, portalToken });
});
afterEach(() => {
  h.clock.now = startedAt;
});
afterAll(() => h.close());

/** Results in each sensitive category (none of them under a state-law rule) and one that is not sensitive. */
const SENSITIVE = {
  mental_health: { loinc_code: '44261-6', test_name: 'PHQ-9 total score', value: '17', unit: '{score}', reference_range: '0-4', category: 'mental_health' },
  substance_use: {
    loinc_code: '19295-5',
    test_name: 'Opiates urine screen',
    value: 'Positive',
    unit: '',
    reference_range: 'Negative',
    abnormal_flag: 'A',
    category: 'substance_use',
  },
  reproductive_sexual_health: {
    loinc_code: '2106-3',
    test_name: 'hCG pregnancy test',
    value: 'Positive',
    unit: '',
    reference_range: 'Negative',
    abnormal_flag: 'A',
    category: 'reproductive_sexual_health',
  },
} as const;

/** Someone with their own portal account made proxy of `patient`, approved a month ago. */
async function proxyOf(
  patient: { id: number },
  { kind, accessLevel, relationship }: { kind: 'minor' | 'adult'; accessLevel: 'full' | 'limited'; relationship: string },
) {
  const proxy = await accountFor(await createPatient(h.knex, { date_of_birth: '1975-04-04', given_name: 'Robin' }));
  await h.knex('proxy_relationships').insert({
    proxy_account_id: proxy.accountId,
    patient_id: patient.id,
    relationship,
    kind,
    access_level: accessLevel,
    starts_on: dateIn(-30),
    created_at: new Date(h.clock.now - 30 * DAY),
  });
  return proxy;
}

const restrict = (body: object) =>
  supertest(h.app).post('/portal-api/v1/proxy-restrictions').set('Authorization', `Bearer ${portalToken}`).send(body).expect(200);

interface Seen {
  accessionNumber: string;
  testName: string;
  value: string;
  category: string;
  releasedAt: string;
  corrected: boolean;
  correctedAt: string | null;
}

/** The test names the portal shows, sorted. */
async function testNamesSeen(username: string, patientMrn: string): Promise<string[]> {
  const { body } = await portalRead(username, patientMrn).expect(200);
  return body.results.map((result: Seen) => result.testName).sort();
}

const accessions = (body: { results: Seen[] }) => body.results.map((result) => result.accessionNumber).sort();

/** The ids of the named accessions, as staff see them. */
async function idsOf(patientId: number, ...accessionNumbers: string[]): Promise<number[]> {
  const rows: { id: number; accession_number: string }[] = await resultsOf(clinician, patientId);
  return accessionNumbers.map((accession) => rows.find((result) => result.accession_number === accession)!.id);
}

describe('GET /portal-api/v1/results: who sees what', () => {
  it("when an adult patient's proxy was approved with limited access, then they see the patient's ordinary results but none in a sensitive category, while a full-access proxy and the patient see them all", async () => {
    const patient = await createPatient(h.knex, { date_of_birth: '1950-01-01' });
    const a1c = row(patient.mrn);
    const sensitive = Object.values(SENSITIVE).map((overrides) => row(patient.mrn, overrides));
    const hiv = row(patient.mrn, HIV);
    await importFile(csv(a1c, ...sensitive, hiv)).expect(200);
    // The HIV result waits for counseling; released now, it is a result like the others for this test.
    await release({ resultIds: await idsOf(patient.id, hiv.cells.accession_number), reason: 'Counseled at the visit' }).expect(200);

    const limited = await proxyOf(patient, { kind: 'adult', accessLevel: 'limited', relationship: 'power_of_attorney' });
    const full = await proxyOf(patient, { kind: 'adult', accessLevel: 'full', relationship: 'health_care_proxy' });
    const own = await accountFor(patient);

    const ofLimited = await portalRead(limited.username, patient.mrn).expect(200);
    expect(ofLimited.body).toMatchObject({ as: 'proxy', patientMrn: patient.mrn });
    expect(ofLimited.body.results.map((result: Seen) => result.testName)).toEqual(['Hemoglobin A1c']);
    expect([...ofLimited.body.hiddenCategories].sort()).toEqual(['mental_health', 'reproductive_sexual_health', 'sti_hiv', 'substance_use']);
    // Not a trace of the sensitive results: neither their tests, nor their values.
    expect(JSON.stringify(ofLimited.body.results)).not.toMatch(/PHQ|Opiates|hCG|HIV|Reactive|Positive/);

    const everything = ['HIV 1+2 Ab', 'Hemoglobin A1c', 'Opiates urine screen', 'PHQ-9 total score', 'hCG pregnancy test'];
    expect(await testNamesSeen(full.username, patient.mrn)).toEqual(everything);
    const ofFull = await portalRead(full.username, patient.mrn).expect(200);
    expect(ofFull.body).toMatchObject({ as: 'proxy', hiddenCategories: [] });
    expect(await testNamesSeen(own.username, patient.mrn)).toEqual(everything);
  });

  it('when a 15-year-old hides test results from a parent, then the parent sees none of their results, the teen still sees all of their own, and when the teen lifts it the parent again sees all but the sensitive ones', async () => {
    const teen = await createPatient(h.knex, { date_of_birth: bornYearsAgo(15) });
    const a1c = row(teen.mrn);
    const phq = row(teen.mrn, SENSITIVE.mental_health);
    const pregnancy = row(teen.mrn, SENSITIVE.reproductive_sexual_health);
    await importFile(csv(a1c, phq, pregnancy)).expect(200);
    const parent = await proxyOf(teen, { kind: 'minor', accessLevel: 'full', relationship: 'parent' });
    const own = await accountFor(teen);
    const teenOwn = ['Hemoglobin A1c', 'PHQ-9 total score', 'hCG pregnancy test'];

    // Before any choice of the teen's: the age tier alone keeps the sensitive results from the parent.
    expect(await testNamesSeen(parent.username, teen.mrn)).toEqual(['Hemoglobin A1c']);

    // Hiding something that is not a result changes nothing here; the sensitive results stay hidden regardless.
    await restrict({ patientUsername: own.username, proxyUsername: parent.username, hide: ['billing'] });
    const billingHidden = await portalRead(parent.username, teen.mrn).expect(200);
    expect(billingHidden.body.results.map((result: Seen) => result.testName)).toEqual(['Hemoglobin A1c']);
    expect(billingHidden.body.hiddenCategories).toEqual(expect.arrayContaining(['mental_health', 'reproductive_sexual_health', 'billing']));

    await restrict({ patientUsername: own.username, proxyUsername: parent.username, hide: ['test_results'] });
    const restricted = await portalRead(parent.username, teen.mrn).expect(200);
    expect(restricted.body).toMatchObject({ as: 'proxy', results: [] });
    expect(restricted.body.hiddenCategories).toContain('test_results');
    expect(await testNamesSeen(own.username, teen.mrn)).toEqual(teenOwn);

    // Hiding only a sensitive category the tier already hides is no door to it either.
    await restrict({ patientUsername: own.username, proxyUsername: parent.username, hide: ['mental_health'] });
    expect(await testNamesSeen(parent.username, teen.mrn)).toEqual(['Hemoglobin A1c']);

    await restrict({ patientUsername: own.username, proxyUsername: parent.username, hide: [] });
    expect(await testNamesSeen(parent.username, teen.mrn)).toEqual(['Hemoglobin A1c']);
    expect(await testNamesSeen(own.username, teen.mrn)).toEqual(teenOwn);

    // Hiding everything: the parent is refused as if they had no relationship at all.
    await restrict({ patientUsername: own.username, proxyUsername: parent.username, hide: 'all' });
    expect((await portalRead(parent.username, teen.mrn).expect(403)).body.code).toBe('no_access');
  });
});

describe('GET /portal-api/v1/results: holds', () => {
  it('when a result is held, by a clinician or by a state-law rule, then neither the patient nor their proxy is shown it; once a clinician releases it, both are, dated by the release', async () => {
    const patient = await createPatient(h.knex, { date_of_birth: '1962-08-08' });
    const shown = row(patient.mrn);
    const toHold = row(patient.mrn, { loinc_code: '2093-3', test_name: 'Cholesterol', value: '265', unit: 'mg/dL', reference_range: '<200' });
    const hiv = row(patient.mrn, HIV);
    const imported = await importFile(csv(shown, toHold, hiv)).expect(200);
    expect(imported.body).toMatchObject({ inserted: 3, held: 1 });
    const [heldId, hivId] = await idsOf(patient.id, toHold.cells.accession_number, hiv.cells.accession_number);
    await hold({
      resultIds: [heldId],
      basis: 'preventing_harm',
      reason: 'Risk of harm if read before the call',
      harmType: 'life_or_physical_safety',
      reviewBy: dateIn(7),
    }).expect(201);

    const own = await accountFor(patient);
    const proxy = await proxyOf(patient, { kind: 'adult', accessLevel: 'full', relationship: 'health_care_proxy' });
    for (const username of [own.username, proxy.username]) {
      const { body } = await portalRead(username, patient.mrn).expect(200);
      expect(accessions(body)).toEqual([shown.cells.accession_number]);
      expect(JSON.stringify(body)).not.toMatch(/Cholesterol|HIV|Reactive/);
    }

    // A minute later, the clinician releases both.
    h.clock.advance(60_000);
    const releasedAt = new Date(h.clock.now).toISOString();
    await release({ resultIds: [heldId, hivId], reason: 'Discussed with the patient by phone' }).expect(200);
    for (const username of [own.username, proxy.username]) {
      const { body } = await portalRead(username, patient.mrn).expect(200);
      expect(accessions(body)).toEqual([shown.cells.accession_number, toHold.cells.accession_number, hiv.cells.accession_number].sort());
      const byAccession = new Map(body.results.map((result: Seen) => [result.accessionNumber, result]));
      expect(byAccession.get(toHold.cells.accession_number)).toMatchObject({ value: '265', releasedAt, corrected: false });
      expect(byAccession.get(hiv.cells.accession_number)).toMatchObject({ value: 'Reactive', releasedAt });
      expect((byAccession.get(shown.cells.accession_number) as Seen).releasedAt).not.toBe(releasedAt);
    }
  });
});

describe('audit of result reads', () => {
  /** The audit rows of one request, by the id the API answered it with. */
  const auditOf = async (response: { headers: Record<string, string> }) => {
    const requestId = response.headers['x-request-id'];
    expect(requestId).toBeTruthy();
    return h
      .knex('audit_events')
      .where({ request_id: requestId })
      .select('staff_user_id', 'staff_username', 'roles', 'action', 'resource', 'resource_id', 'patient_id', 'listed_patient_ids', 'outcome', 'details');
  };

  it("when staff list a patient's results, export the hold register, or the portal reads them, then each leaves an audit row naming who, what and the patient, and the privacy office finds them in the patient's ledger", async () => {
    const patient = await createPatient(h.knex, { date_of_birth: '1971-02-02' });
    const other = await createPatient(h.knex, { date_of_birth: '1971-02-02' });
    const kept = row(patient.mrn);
    const held = row(patient.mrn, { loinc_code: '2093-3', test_name: 'Cholesterol', value: '265', unit: 'mg/dL', reference_range: '<200' });
    await importFile(csv(kept, held)).expect(200);
    const [heldId] = await idsOf(patient.id, held.cells.accession_number);
    await hold({ resultIds: [heldId], basis: 'patient_request', reason: 'Wants to see the doctor first', requestedOn: dateIn(0), until: dateIn(10) }).expect(
      201,
    );

    // The clinician's read: values shown.
    const listed = await listResults(clinician, patient.id).expect(200);
    expect(await auditOf(listed)).toEqual([
      {
        staff_user_id: clinician.staff.id,
        staff_username: clinician.staff.username,
        roles: ['clinical'],
        action: 'list',
        resource: 'results',
        resource_id: null,
        patient_id: patient.id,
        listed_patient_ids: null,
        outcome: 'success',
        details: { results: 2, values: true },
      },
    ]);
    // Support's read: statuses only, said so in the row.
    const support = await signedInAs(h, ['support']);
    const supportRead = await listResults(support, patient.id).expect(200);
    expect(await auditOf(supportRead)).toEqual([
      expect.objectContaining({
        staff_user_id: support.staff.id,
        action: 'list',
        resource: 'results',
        patient_id: patient.id,
        details: { results: 2, values: false },
      }),
    ]);

    // The hold register's export, filtered to this patient, and unfiltered but for the day's holds.
    const compliance = await signedInAs(h, ['compliance']);
    const exported = await compliance.agent
      .get('/api/result-holds/export')
      .query({ filter: JSON.stringify({ patient_id: patient.id }) })
      .expect(200);
    expect(exported.text).toContain(held.cells.accession_number);
    expect(await auditOf(exported)).toEqual([
      {
        staff_user_id: compliance.staff.id,
        staff_username: compliance.staff.username,
        roles: ['compliance'],
        action: 'export',
        resource: 'result-holds',
        resource_id: null,
        patient_id: patient.id,
        listed_patient_ids: [patient.id],
        outcome: 'success',
        details: { filter: { patient_id: patient.id }, holds: 1 },
      },
    ]);
    const today = dateIn(0);
    const exportedDay = await clinician.agent
      .get('/api/result-holds/export')
      .query({ filter: JSON.stringify({ placed_from: today, placed_to: today }) })
      .expect(200);
    const [dayRow] = await auditOf(exportedDay);
    expect(dayRow).toMatchObject({ staff_user_id: clinician.staff.id, action: 'export', resource: 'result-holds', patient_id: null });
    expect(dayRow.listed_patient_ids).toContain(patient.id);
    expect(dayRow.listed_patient_ids).not.toContain(other.id);

    // The portal's read by the patient and by a proxy, and a refused one.
    const own = await accountFor(patient);
    const proxy = await proxyOf(patient, { kind: 'adult', accessLevel: 'limited', relationship: 'power_of_attorney' });
    const portalReadBy = (username: string, mrn = patient.mrn) =>
      supertest(h.app)
        .get('/portal-api/v1/results')
        .query({ username, patientMrn: mrn })
        .set('Authorization', `Bearer ${portalToken}`)
        .set('X-Patient-Address', '203.0.113.7');
    const ownRead = await portalReadBy(own.username).expect(200);
    const portalRow = {
      staff_user_id: null,
      staff_username: `portal:${portalTokenName}`,
      roles: [],
      action: 'portal-read',
      resource: 'results',
      resource_id: null,
      listed_patient_ids: null,
    };
    expect(await auditOf(ownRead)).toEqual([{ ...portalRow, patient_id: patient.id, outcome: 'success', details: { as: 'patient', results: 1, hidden: [] } }]);
    const proxyRead = await portalReadBy(proxy.username).expect(200);
    expect(await auditOf(proxyRead)).toEqual([
      {
        ...portalRow,
        patient_id: patient.id,
        outcome: 'success',
        details: { as: 'proxy', results: 1, hidden: expect.arrayContaining(['mental_health', 'sti_hiv']) },
      },
    ]);
    const strangerRead = await portalReadBy(proxy.username, other.mrn).expect(403);
    // A refused look is filed under the patient the MRN names: their ledger shows who tried.
    expect(await auditOf(strangerRead)).toEqual([{ ...portalRow, patient_id: other.id, outcome: 'denied', details: { known: true } }]);

    // What the privacy officer reads: the patient's own ledger holds each of these looks.
    const ledger = await compliance.agent
      .get('/api/patient-access-ledger')
      .query({ filter: JSON.stringify({ patient_id: patient.id }), range: '[0,99]' })
      .expect(200);
    const looks = ledger.body
      .filter((entry: { action: string }) => ['list', 'export', 'portal-read'].includes(entry.action))
      .map((entry: { staff_username: string; action: string; resource: string; client_address: string | null }) => [
        entry.staff_username,
        entry.action,
        entry.resource,
      ]);
    expect(looks).toEqual(
      expect.arrayContaining([
        [clinician.staff.username, 'list', 'results'],
        [support.staff.username, 'list', 'results'],
        [compliance.staff.username, 'export', 'result-holds'],
        [clinician.staff.username, 'export', 'result-holds'],
        [`portal:${portalTokenName}`, 'portal-read', 'results'],
      ]),
    );
    expect(looks.filter(([, action]: string[]) => action === 'portal-read')).toHaveLength(2);
    expect(ledger.body.find((entry: { action: string }) => entry.action === 'portal-read').client_address).toBe('203.0.113.7');
  });
});

describe('POST /api/results/import: files as Windows and Excel write them', () => {
  /** The same file with a UTF-8 byte order mark and CRLF line endings (and a final CRLF). */
  const windows = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text.replaceAll('\n', '\r\n')}\r\n`, 'utf8')]);

  it('when a results file starts with a UTF-8 BOM and has CRLF line endings, then it imports exactly as the plain file would, and rejects name the same lines', async () => {
    const patient = await createPatient(h.knex);
    // A quoted test name across two lines: the lines after it count one more.
    const a1c = row(patient.mrn, { test_name: '"Hemoglobin\nA1c"' });
    const ldl = row(patient.mrn, {
      loinc_code: '13457-7',
      test_name: 'LDL cholesterol',
      value: '131',
      unit: 'mg/dL',
      reference_range: '<100',
      abnormal_flag: '',
    });
    const badLoinc = row(patient.mrn, { loinc_code: '4548' });
    const badTimes = row(patient.mrn, { resulted_at: daysAgo(3) });
    const withRejects = csv(a1c, ldl, badLoinc, { line: '' }, badTimes);

    const rejectsOf = (body: { rejects: { line: number; problems: { field: string }[] }[] }) =>
      body.rejects.map((reject) => [reject.line, reject.problems.map((problem) => problem.field)]);
    const plainRejected = await importFile(withRejects).expect(200);
    const windowsRejected = await importFile(windows(withRejects)).expect(200);
    // Header 1, A1c 2-3, LDL 4, bad LOINC 5, blank 6, bad times 7.
    const expected = [
      [5, ['loinc_code']],
      [7, ['resulted_at']],
    ];
    expect(rejectsOf(plainRejected.body)).toEqual(expected);
    expect(rejectsOf(windowsRejected.body)).toEqual(expected);
    expect(windowsRejected.body).toMatchObject({ committed: false, rowsRead: 4, valid: 2, rejected: 2, inserted: 0 });
    expect(await h.knex('results').where({ patient_id: patient.id }).count({ count: '*' })).toEqual([{ count: 0 }]);

    const good = csv(a1c, ldl);
    const imported = await importFile(windows(good)).expect(200);
    expect(imported.body).toMatchObject({ committed: true, rowsRead: 2, rejected: 0, inserted: 2, corrected: 0 });
    const stored = await h
      .knex('results')
      .where({ patient_id: patient.id })
      .orderBy('accession_number')
      .select('accession_number', 'test_name', 'value', 'unit', 'reference_range', 'abnormal_flag', 'category', 'resulted_at');
    expect(stored).toEqual(
      [
        {
          accession_number: a1c.cells.accession_number,
          test_name: 'Hemoglobin A1c',
          value: '6.8',
          unit: '%',
          reference_range: '4.0-5.6',
          abnormal_flag: 'H',
          category: 'chemistry',
          resulted_at: new Date(a1c.cells.resulted_at),
        },
        {
          accession_number: ldl.cells.accession_number,
          test_name: 'LDL cholesterol',
          value: '131',
          unit: 'mg/dL',
          reference_range: '<100',
          abnormal_flag: null,
          category: 'chemistry',
          resulted_at: new Date(ldl.cells.resulted_at),
        },
      ].sort((a, b) => a.accession_number.localeCompare(b.accession_number)),
    );
    // The plain file afterwards finds nothing to change: both readings of the file are the same results.
    const plainAgain = await importFile(good).expect(200);
    expect(plainAgain.body).toMatchObject({ committed: true, inserted: 0, corrected: 0, unchanged: 2 });
    const [{ corrections }] = await h.knex('results').where({ accession_number: a1c.cells.accession_number }).select('corrections');
    expect(corrections).toBe(0);
  });
});

describe('corrections of held results, and corrections that move a result under a rule', () => {
  const historyOf = (accession: string) =>
    h
      .knex('result_corrections as c')
      .join('results as r', 'r.id', 'c.result_id')
      .where('r.accession_number', accession)
      .orderBy('c.id')
      .select('c.old_values', 'c.new_values', 'c.was_released', 'c.imported_by');

  it('when the lab corrects a result held since import (state-law rule), then the correction is recorded, the result stays held, and once released the patient sees the corrected value, not marked corrected: they never saw the first one', async () => {
    const patient = await createPatient(h.knex);
    const own = await accountFor(patient);
    const hiv = row(patient.mrn, HIV);
    await importFile(csv(hiv)).expect(200);
    const [resultId] = await idsOf(patient.id, hiv.cells.accession_number);

    const fixed = row(patient.mrn, { ...hiv.cells, value: 'Nonreactive', abnormal_flag: 'N' });
    const correction = await importFile(csv(fixed)).expect(200);
    expect(correction.body).toMatchObject({ committed: true, inserted: 0, corrected: 1, held: 0 });
    expect(await historyOf(hiv.cells.accession_number)).toEqual([
      {
        old_values: { value: 'Reactive', abnormal_flag: 'A' },
        new_values: { value: 'Nonreactive', abnormal_flag: 'N' },
        was_released: false,
        imported_by: admin.staff.id,
      },
    ]);
    const [staffView] = await resultsOf(clinician, patient.id);
    expect(staffView).toMatchObject({ id: resultId, status: 'held', value: 'Nonreactive', corrections: 1, hold: { basis: 'state_law' } });
    expect(staffView.corrected_at).not.toBeNull();
    expect((await portalRead(own.username, patient.mrn).expect(200)).body.results).toEqual([]);

    await release({ resultIds: [resultId], reason: 'Post-test counseling done' }).expect(200);
    const [seen] = (await portalRead(own.username, patient.mrn).expect(200)).body.results;
    expect(seen).toMatchObject({ accessionNumber: hiv.cells.accession_number, value: 'Nonreactive', corrected: false, correctedAt: null });
  });

  it('when the lab corrects a result the patient had already read and a clinician then held, then the correction is recorded and the result stays held; once released the patient sees the corrected value, marked corrected', async () => {
    const patient = await createPatient(h.knex);
    const own = await accountFor(patient);
    const a1c = row(patient.mrn);
    await importFile(csv(a1c)).expect(200);
    const [resultId] = await idsOf(patient.id, a1c.cells.accession_number);
    // Released at import: the patient reads 6.8.
    const [first] = (await portalRead(own.username, patient.mrn).expect(200)).body.results;
    expect(first).toMatchObject({ value: '6.8', corrected: false });

    await hold({
      resultIds: [resultId],
      basis: 'preventing_harm',
      reason: 'Risk of harm if read before the call',
      harmType: 'life_or_physical_safety',
      reviewBy: dateIn(7),
    }).expect(201);
    const fixed = row(patient.mrn, { ...a1c.cells, value: '9.4', abnormal_flag: 'HH' });
    const correction = await importFile(csv(fixed)).expect(200);
    expect(correction.body).toMatchObject({ committed: true, inserted: 0, corrected: 1 });
    const history = await historyOf(a1c.cells.accession_number);
    expect(history).toMatchObject([{ old_values: { value: '6.8', abnormal_flag: 'H' }, new_values: { value: '9.4', abnormal_flag: 'HH' } }]);
    const [staffView] = await resultsOf(clinician, patient.id);
    expect(staffView).toMatchObject({ status: 'held', value: '9.4', corrections: 1, hold: { basis: 'preventing_harm' } });
    expect((await portalRead(own.username, patient.mrn).expect(200)).body.results).toEqual([]);

    await release({ resultIds: [resultId], reason: 'Called the patient' }).expect(200);
    const [seen] = (await portalRead(own.username, patient.mrn).expect(200)).body.results;
    // They read 6.8 before the hold took it back: the 9.4 they see now says it was corrected.
    expect(history[0].was_released).toBe(true);
    expect(seen).toMatchObject({ accessionNumber: a1c.cells.accession_number, value: '9.4', corrected: true, correctedAt: expect.any(String) });

    // A correction of a value in the portal is marked too, dated by the import.
    h.clock.advance(60_000);
    const again = row(patient.mrn, { ...a1c.cells, value: '9.2', abnormal_flag: 'HH' });
    await importFile(csv(again)).expect(200);
    expect((await historyOf(a1c.cells.accession_number)).map((entry) => entry.was_released)).toEqual([true, true]);
    const [marked] = (await portalRead(own.username, patient.mrn).expect(200)).body.results;
    expect(marked).toMatchObject({ value: '9.2', corrected: true, correctedAt: new Date(h.clock.now).toISOString() });
  });

  it('when a clinician holds a result while an import moves it into a state-law category, then the import waits for the clinician and leaves their hold to decide: no second hold, no refusal', async () => {
    const patient = await createPatient(h.knex);
    const filed = row(patient.mrn, HIV_SCREEN_AS_CHEMISTRY);
    await importFile(csv(filed)).expect(200);
    const [resultId] = await idsOf(patient.id, filed.cells.accession_number);

    // The clinician's transaction has the result locked, as placing a hold does, and has not committed yet.
    const clinicianAtWork = await h.knex.transaction();
    let importing: Promise<{ status: number; body: unknown }>;
    try {
      await clinicianAtWork('results').where({ id: resultId }).forUpdate().first('id');
      // then() sends the request now, without waiting for its answer.
      importing = importFile(csv(row(patient.mrn, { ...filed.cells, value: 'Reactive', abnormal_flag: 'A', category: HIV.category }))).then(
        (response) => response,
      );
      // Until the import has read and checked the file and waits on the clinician's lock.
      for (let tries = 0; ; tries += 1) {
        const { rows } = await h.knex.raw("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE OF stored%'");
        if (rows.length) break;
        if (tries === 200) throw new Error('the import never waited on the locked result');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const at = new Date(h.clock.now);
      await clinicianAtWork('result_holds').insert({
        result_id: resultId,
        patient_id: patient.id,
        basis: 'patient_request',
        reason: 'Patient asked to hear it at the visit',
        placed_at: at,
        placed_by: clinician.staff.id,
        decided_by_name: 'Dr. Test',
        ends_at: new Date(h.clock.now + 10 * DAY),
        requested_on: dateIn(0),
      });
      await clinicianAtWork('results').where({ id: resultId }).update({ released_at: null });
      await clinicianAtWork.commit();
    } finally {
      // A failed wait must not leave the lock behind for the rest of the file.
      if (!clinicianAtWork.isCompleted()) await clinicianAtWork.rollback();
    }

    const imported = await importing;
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ committed: true, corrected: 1 });
    const holds = await h.knex('result_holds').where({ result_id: resultId }).select('basis', 'ended_at');
    expect(holds).toEqual([{ basis: 'patient_request', ended_at: null }]);
    expect((await resultsOf(clinician, patient.id))[0]).toMatchObject({ status: 'held', value: 'Reactive', hold: { basis: 'patient_request' } });
  });

  it('when a correction moves a result held by a state-law rule out of its category, then the hold ends as recategorized and the result reaches the portal at once', async () => {
    const patient = await createPatient(h.knex);
    const own = await accountFor(patient);
    const hiv = row(patient.mrn, HIV);
    await importFile(csv(hiv)).expect(200);
    const [resultId] = await idsOf(patient.id, hiv.cells.accession_number);
    h.clock.advance(60_000);

    const moved = row(patient.mrn, { ...hiv.cells, category: 'chemistry' });
    expect((await importFile(csv(moved)).expect(200)).body).toMatchObject({ committed: true, corrected: 1, held: 0 });
    const ended = await h.knex('result_holds').first('ended_at', 'ended_how', 'ended_by', 'end_reason').where({ result_id: resultId });
    expect(ended).toEqual({
      ended_at: new Date(h.clock.now),
      ended_how: 'recategorized',
      ended_by: admin.staff.id,
      end_reason: 'A lab correction moved the result from sti_hiv to chemistry',
    });
    const [staffView] = await resultsOf(clinician, patient.id);
    expect(staffView).toMatchObject({ id: resultId, status: 'released', released_at: new Date(h.clock.now).toISOString(), hold: null });
    const [seen] = (await portalRead(own.username, patient.mrn).expect(200)).body.results;
    // Never in the portal before: not marked corrected.
    expect(seen).toMatchObject({ accessionNumber: hiv.cells.accession_number, category: 'Chemistry', corrected: false });
    const register = await clinician.agent
      .get('/api/result-holds/export')
      .query({ filter: JSON.stringify({ patient_id: patient.id }) })
      .expect(200);
    expect(register.text).toContain('A lab correction moved the result out of the category of this rule');
    const ledger = await h
      .knex('audit_events')
      .where({ patient_id: patient.id, resource: 'results' })
      .whereIn('action', ['hold', 'release'])
      .select('action', 'resource_id', 'details');
    expect(ledger).toEqual([
      {
        action: 'release',
        resource_id: String(resultId),
        details: { source: 'import', fileName: 'lab.csv', why: 'moved out of the category of its state-law hold' },
      },
    ]);
  });

  it('when a correction moves a released result into a category with a state-law rule, then it is held under that rule from the correction and leaves the portal until the hold ends; a dry run counts it held', async () => {
    const patient = await createPatient(h.knex);
    const own = await accountFor(patient);
    const filed = row(patient.mrn, HIV_SCREEN_AS_CHEMISTRY);
    await importFile(csv(filed)).expect(200);
    expect((await portalRead(own.username, patient.mrn).expect(200)).body.results).toHaveLength(1);

    const recategorized = row(patient.mrn, { ...filed.cells, value: 'Reactive', abnormal_flag: 'A', category: HIV.category });
    const dryRun = await importFile(csv(recategorized), true).expect(200);
    expect(dryRun.body).toMatchObject({ committed: false, corrected: 1, held: 1 });
    const correction = await importFile(csv(recategorized)).expect(200);
    expect(correction.body).toMatchObject({ committed: true, inserted: 0, corrected: 1, held: 1 });

    const [staffView] = await resultsOf(clinician, patient.id);
    expect(staffView).toMatchObject({ status: 'held', value: 'Reactive', category: HIV.category, hold: { basis: 'state_law' } });
    const rule = await h.knex('result_categories').first('hold_days', 'hold_citation').where({ code: HIV.category });
    const holdRow = await h.knex('result_holds').first('ends_at', 'citation').where({ result_id: staffView.id }).whereNull('ended_at');
    expect(holdRow).toEqual({ ends_at: new Date(h.clock.now + rule.hold_days * DAY), citation: rule.hold_citation });
    expect((await portalRead(own.username, patient.mrn).expect(200)).body.results).toEqual([]);

    // The same file again changes nothing: no second hold.
    expect((await importFile(csv(recategorized)).expect(200)).body).toMatchObject({ corrected: 0, unchanged: 1, held: 0 });
    const [{ n: holds }] = await h.knex('result_holds').where({ result_id: staffView.id }).count({ n: '*' });
    expect(Number(holds)).toBe(1);
    const ledger = await h.knex('audit_events').where({ patient_id: patient.id, resource: 'results', action: 'hold' }).select('resource_id', 'details');
    expect(ledger).toEqual([
      { resource_id: String(staffView.id), details: { source: 'import', fileName: 'lab.csv', why: 'moved into a category with a state-law rule' } },
    ]);
  });
});
