import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Faker, base, en } from '@faker-js/faker';
import type { Knex } from '@portaldesk/db';
import type { StaffPrincipal } from '../auth/principal.ts';
import type { Actor } from '../lib/audit.ts';
import { todayIn } from '../lib/clock.ts';
import { csvLine } from '../lib/csv.ts';
import { SettingsStore } from '../lib/settings.ts';
import { importResults } from '../features/results/results.import.ts';
import { rangeBounds, RESULT_COLUMNS } from '../features/results/results.import-row.ts';
import { placeHolds, releaseDueResults, releaseNow, withdrawHold } from '../features/results/results.service.ts';
import { jobActor } from '../lib/audit.ts';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** Patients with a lab history: enough to fill the register and graph a few series each. */
const PATIENTS = 150;
const YEARS = 3;

/** The numeric tests worth graphing, with how a patient's values drift around their own level. */
const SERIES = [
  { loinc: '4548-4', name: 'Hemoglobin A1c', unit: '%', range: '4.0-5.6', low: 4.0, high: 5.6, level: [5.2, 8.4], spread: 0.4, digits: 1, everyDays: 91 },
  {
    loinc: '13457-7',
    name: 'LDL cholesterol (calculated)',
    unit: 'mg/dL',
    range: '<100',
    low: null,
    high: 100,
    level: [70, 170],
    spread: 14,
    digits: 0,
    everyDays: 182,
  },
  { loinc: '2160-0', name: 'Creatinine', unit: 'mg/dL', range: '0.6-1.3', low: 0.6, high: 1.3, level: [0.7, 1.8], spread: 0.12, digits: 2, everyDays: 182 },
] as const;

const actorFor = (staff: StaffPrincipal, at: Date): Actor => ({
  staffUserId: staff.id,
  username: staff.username,
  roles: staff.roles,
  clientAddress: '10.20.7.12',
  requestId: randomUUID(),
  clock: () => at,
});

/**
 * Three years of lab results for 150 adult demo patients through the real import, a file a week
 * received soon after its results (HbA1c quarterly, LDL and creatinine twice a year, each
 * drifting around the patient's own level, so the Results tab has series to graph), a few STI
 * and HIV results (one reactive HIV result held
 * by the state-law rule), and holds of every basis placed by the demo clinician: open ones (one
 * ends tomorrow, one waits until the patient asks, one prevents harm until a review next week)
 * and ended ones (expired, released now, basis withdrawn) for the register, and two results the
 * lab corrected. Idempotent: nothing is added once any result exists.
 */
export async function seedDemoResults(knex: Knex, { now }: { now: Date }): Promise<void> {
  if (await knex('results').first('id')) return;
  const clinicalRow: { id: number; display_name: string } | undefined = await knex('staff_users').first('id', 'display_name').where({ username: 'clinical' });
  const adminRow: { id: number } | undefined = await knex('staff_users').first('id').where({ username: 'admin' });
  if (!clinicalRow || !adminRow) return;
  const clinician: StaffPrincipal = { id: clinicalRow.id, username: 'clinical', displayName: clinicalRow.display_name, roles: ['clinical'] };
  const admin: StaffPrincipal = { id: adminRow.id, username: 'admin', displayName: 'Administrator', roles: ['admin'] };
  const settings = new SettingsStore(knex, 0);
  const timeZone = await settings.get('organization.time_zone');
  const today = todayIn(timeZone, now);
  const patients: { id: number; mrn: string }[] = await knex('patients')
    .select('id', 'mrn')
    .whereNull('deceased_date')
    // 30 years before today in SQL: a leap day minus 30 years is 28 February there, not an invalid date.
    .whereRaw("date_of_birth <= ?::date - interval '30 years'", [today])
    .orderBy('mrn')
    .limit(PATIENTS);
  if (!patients.length) return;

  const faker = new Faker({ locale: [en, base] });
  faker.seed(20261204);
  // The lab's feed arrives week by week: each result is received and released about when it was
  // resulted, not all on the day the demo is seeded.
  const feeds = new Map<number, { receivedAt: number; lines: string[] }>();
  let accession = 0;
  const add = (mrn: string, at: number, cells: { loinc: string; name: string; value: string; unit: string; range: string; flag: string; category: string }) => {
    accession += 1;
    const performed = new Date(at);
    const resulted = Math.min(at + faker.number.int({ min: 2, max: 30 }) * 3_600_000, now.getTime() - 3_600_000);
    const week = Math.floor(resulted / WEEK);
    const feed = feeds.get(week) ?? { receivedAt: 0, lines: [csvLine(RESULT_COLUMNS)] };
    feed.receivedAt = Math.min(Math.max(feed.receivedAt, resulted + 3_600_000), now.getTime());
    feeds.set(week, feed);
    feed.lines.push(
      csvLine([
        `DEMO-${String(accession).padStart(7, '0')}`,
        mrn,
        cells.loinc,
        cells.name,
        cells.value,
        cells.unit,
        cells.range,
        cells.flag,
        cells.category,
        performed.toISOString(),
        new Date(resulted).toISOString(),
      ]),
    );
  };
  const start = now.getTime() - YEARS * 365 * DAY;
  for (const patient of patients) {
    for (const test of SERIES) {
      const level = faker.number.float({ min: test.level[0], max: test.level[1] });
      for (
        let at = start + faker.number.int({ min: 0, max: 60 }) * DAY;
        at < now.getTime() - 2 * DAY;
        at += (test.everyDays + faker.number.int({ min: -10, max: 10 })) * DAY
      ) {
        const value = Math.max(0.1, level + faker.number.float({ min: -test.spread, max: test.spread }));
        const flag = test.low !== null && value < test.low ? 'L' : value > test.high ? 'H' : '';
        add(patient.mrn, at, {
          loinc: test.loinc,
          name: test.name,
          value: value.toFixed(test.digits),
          unit: test.unit,
          range: test.range,
          flag,
          category: 'chemistry',
        });
      }
    }
  }
  // A few sensitive results: shown to the patient, hidden from a teen's parents; one HIV result reactive (held by the rule).
  for (const [index, patient] of patients.slice(0, 12).entries()) {
    const at = now.getTime() - faker.number.int({ min: 3, max: 300 }) * DAY;
    add(patient.mrn, at, {
      loinc: '21613-5',
      name: 'Chlamydia trachomatis DNA',
      value: 'Not detected',
      unit: '',
      range: 'Not detected',
      flag: 'N',
      category: 'reproductive_sexual_health',
    });
    if (index === 0) {
      add(patient.mrn, now.getTime() - DAY, {
        loinc: '75622-1',
        name: 'HIV 1+2 Ab+HIV1 p24 Ag',
        value: 'Reactive',
        unit: '',
        range: 'Nonreactive',
        flag: 'A',
        category: 'sti_hiv',
      });
    }
  }
  for (const [week, feed] of [...feeds].sort(([a], [b]) => a - b)) {
    const receivedAt = new Date(feed.receivedAt);
    await importResults(knex, Readable.from(feed.lines), {
      actor: actorFor(admin, receivedAt),
      fileName: `demo-lab-feed-${todayIn(timeZone, new Date(week * WEEK))}.csv`,
    });
  }

  // Holds, on the most recent results of the first patients: every basis, open and ended.
  // A patient's latest result that had arrived by `at` (default: now): a hold comes after its result.
  const latestOf = async (patient: { id: number }, at = now) =>
    (await knex('results').first('id').where({ patient_id: patient.id, category: 'chemistry' }).where('received_at', '<=', at).orderBy('resulted_at', 'desc'))
      .id as number;
  const deps = (at: Date) => ({ knex, settings, clock: () => at });
  const dayIn = (days: number) => todayIn(timeZone, new Date(now.getTime() + days * DAY));
  const earlier = (days: number) => new Date(now.getTime() - days * DAY);
  const hold = (at: Date, body: Parameters<typeof placeHolds>[3]) => placeHolds(deps(at), actorFor(clinician, at), clinician, body);

  // Open: ends tomorrow; until the patient asks; preventing harm, reviewed next week.
  await hold(earlier(5), {
    resultIds: [await latestOf(patients[1], earlier(5))],
    basis: 'patient_request',
    reason: 'Patient asked to see it only after the follow-up call',
    requestedOn: todayIn(timeZone, earlier(5)),
    until: dayIn(1),
  });
  await hold(earlier(2), {
    resultIds: [await latestOf(patients[2], earlier(2))],
    basis: 'patient_request',
    reason: 'Patient wants to hear results from her oncologist first',
    requestedOn: todayIn(timeZone, earlier(2)),
    untilPatientAsks: true,
  });
  await hold(earlier(1), {
    resultIds: [await latestOf(patients[3], earlier(1))],
    basis: 'preventing_harm',
    reason: 'Documented risk of self-harm on reading this result alone; to be discussed in person',
    harmType: 'life_or_physical_safety',
    reviewBy: dayIn(6),
  });
  // Ended: released now after the visit; withdrawn at the patient's call; expired by the job.
  const released = await latestOf(patients[4], earlier(20));
  await hold(earlier(20), {
    resultIds: [released],
    basis: 'patient_request',
    reason: 'Patient asked to wait for the visit',
    requestedOn: todayIn(timeZone, earlier(20)),
    untilPatientAsks: true,
  });
  await releaseNow(deps(earlier(15)), actorFor(clinician, earlier(15)), clinician, {
    resultIds: [released],
    reason: 'Discussed with the patient at the visit',
  });
  const withdrawn = await hold(earlier(12), {
    resultIds: [await latestOf(patients[5], earlier(12))],
    basis: 'patient_request',
    reason: 'Patient asked to wait',
    requestedOn: todayIn(timeZone, earlier(12)),
    untilPatientAsks: true,
  });
  await withdrawHold(deps(earlier(10)), actorFor(clinician, earlier(10)), clinician, withdrawn.holds[0], {
    reason: 'Patient called: wants to see it now',
    version: 1,
  });
  await hold(earlier(30), {
    resultIds: [await latestOf(patients[6], earlier(30))],
    basis: 'patient_request',
    reason: 'Patient travelling',
    requestedOn: todayIn(timeZone, earlier(30)),
    until: todayIn(timeZone, earlier(25)),
  });
  await releaseDueResults(
    { knex, clock: () => earlier(25) },
    jobActor('release-results', 'demo', () => earlier(25)),
  );

  // Corrections: the lab re-sent two results with higher values, one the patient had already
  // seen in the portal and one still held, so both kinds of correction show in the Results tab.
  const correctedRows: {
    accession_number: string;
    mrn: string;
    loinc_code: string;
    test_name: string;
    value: string;
    unit: string | null;
    reference_range: string | null;
    performed_at: Date;
    resulted_at: Date;
  }[] = await knex('results as r')
    .join('patients as p', 'p.id', 'r.patient_id')
    .whereIn('r.id', [await latestOf(patients[7]), await latestOf(patients[1], earlier(5))])
    .select('r.accession_number', 'p.mrn', 'r.loinc_code', 'r.test_name', 'r.value', 'r.unit', 'r.reference_range', 'r.performed_at', 'r.resulted_at');
  const correctionLines = [csvLine(RESULT_COLUMNS)];
  for (const row of correctedRows) {
    const value = (Number(row.value) * 1.25).toFixed(row.value.split('.')[1]?.length ?? 0);
    const { high } = rangeBounds(row.reference_range);
    const flag = high !== null && Number(value) > Number(high) ? 'H' : '';
    const cells = [row.accession_number, row.mrn, row.loinc_code, row.test_name, value, row.unit ?? '', row.reference_range ?? '', flag, 'chemistry'];
    correctionLines.push(csvLine([...cells, row.performed_at.toISOString(), row.resulted_at.toISOString()]));
  }
  await importResults(knex, Readable.from(correctionLines), { actor: actorFor(admin, earlier(0.5)), fileName: 'demo-lab-feed-corrections.csv' });
}
