import supertest from 'supertest';
import { todayIn } from '../lib/clock.ts';
import { uniqueSuffix, type Harness, type SignedIn } from './harness.ts';

/**
 * What the results tests share: a lab file's rows and header, the import, a patient's results,
 * holds and releases, a portal account and the portal's read, all on the test file's own harness
 * and staff (given once, in its beforeAll, by useResultFixtures).
 */
interface ResultTestContext {
  h: Harness;
  admin: SignedIn;
  clinician: SignedIn;
  timeZone: string;
  portalToken: string;
}

let context: ResultTestContext | undefined;

export function useResultFixtures(value: ResultTestContext): void {
  context = value;
}

function given(): ResultTestContext {
  if (!context) throw new Error('Call useResultFixtures in the test file’s beforeAll first.');
  return context;
}

export const HEADER = 'accession_number,mrn,loinc_code,test_name,value,unit,reference_range,abnormal_flag,category,performed_at,resulted_at';
export const DAY = 86_400_000;

/** An instant `days` before the test clock, as the lab writes it. */
export const daysAgo = (days: number) => new Date(given().h.clock.now - days * DAY).toISOString();
/** A calendar date `days` after the test clock's, in the organization's zone (as the API counts days). */
export const dateIn = (days: number) => todayIn(given().timeZone, new Date(given().h.clock.now + days * DAY));
/** A date of birth `years` (and a few days) before the test clock. */
export const bornYearsAgo = (years: number) => {
  const date = new Date(given().h.clock.now - 10 * DAY);
  date.setUTCFullYear(date.getUTCFullYear() - years);
  return date.toISOString().slice(0, 10);
};

export type Cells = Record<string, string>;

/** One line of a results file: an HbA1c of 6.8 % for `mrn` unless `overrides` say otherwise. */
export function row(mrn: string, overrides: Partial<Cells> = {}): { cells: Cells; line: string } {
  const cells: Cells = {
    accession_number: `ACC-${uniqueSuffix()}`,
    mrn,
    loinc_code: '4548-4',
    test_name: 'Hemoglobin A1c',
    value: '6.8',
    unit: '%',
    reference_range: '4.0-5.6',
    abnormal_flag: 'H',
    category: 'chemistry',
    performed_at: daysAgo(2),
    resulted_at: daysAgo(1),
    ...overrides,
  };
  return { cells, line: Object.values(cells).join(',') };
}

/** Held at import by the seeded state-law rule for STI and HIV (3 days, counseling first). */
export const HIV = {
  loinc_code: '7918-6',
  test_name: 'HIV 1+2 Ab',
  value: 'Reactive',
  unit: '',
  reference_range: 'Nonreactive',
  abnormal_flag: 'A',
  category: 'sti_hiv',
} as const;

/** The same test filed in the default category (chemistry), where no rule holds it: for corrections that move it. */
export const HIV_SCREEN_AS_CHEMISTRY = {
  loinc_code: '7918-6',
  test_name: 'HIV 1+2 antibody screen',
  value: 'Nonreactive',
  unit: '',
  reference_range: '',
  abnormal_flag: 'N',
} as const;

export const csv = (...rows: { line: string }[]) => [HEADER, ...rows.map((r) => r.line)].join('\n');

export const importFile = (text: string | Buffer, dryRun = false) =>
  given()
    .admin.agent.post('/api/results/import')
    .query({ file_name: 'lab.csv', dry_run: String(dryRun) })
    .set('X-CSRF-Token', given().admin.csrf)
    .set('Content-Type', 'text/csv')
    .send(text);

export const listResults = (who: SignedIn, patientId: number) => who.agent.get('/api/results').query({ filter: JSON.stringify({ patient_id: patientId }) });
export const resultsOf = async (who: SignedIn, patientId: number) => (await listResults(who, patientId).expect(200)).body;

export const hold = (body: object, who = given().clinician) => who.agent.post('/api/result-holds').set('X-CSRF-Token', who.csrf).send(body);
export const release = (body: object, who = given().clinician) => who.agent.post('/api/results/release').set('X-CSRF-Token', who.csrf).send(body);

/** An active portal account of the patient's own. */
export async function accountFor(patient: { id: number }) {
  const { h } = given();
  const username = `user-${uniqueSuffix()}`;
  const at = new Date(h.clock.now);
  const [account] = await h
    .knex('portal_accounts')
    .insert({ patient_id: patient.id, username, status: 'active', activated_at: at, updated_at: at })
    .returning('id');
  return { username, accountId: Number(account.id) };
}

export const portalRead = (username: string, patientMrn: string) =>
  supertest(given().h.app).get('/portal-api/v1/results').query({ username, patientMrn }).set('Authorization', `Bearer ${given().portalToken}`);
