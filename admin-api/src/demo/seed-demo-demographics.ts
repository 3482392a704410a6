import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { Knex } from '@portaldesk/db';
import { createHash } from 'node:crypto';
import { correctPatient } from '../features/patients/patients.service.ts';
import { insertStaffDocument } from '../features/documents/documents.repo.ts';
import { demoPdf } from './demo-documents.ts';
import { insertChangeRequest } from '../features/demographic-change-requests/demographic-change-requests.repo.ts';
import {
  reviewChangeRequest,
  submitChangeRequest,
  type ChangeRequestDeps,
} from '../features/demographic-change-requests/demographic-change-requests.service.ts';
import type { ReviewBody } from '../features/demographic-change-requests/demographic-change-requests.schema.ts';
import type { DemographicChangeRequestBody } from '../features/demographics/demographics.schema.ts';
import { applyFieldChanges, lockPatientDemographics } from '../features/demographics/demographics.repo.ts';
import { fieldValueOf } from '../features/demographics/field-values.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import type { Actor } from '../lib/audit.ts';
import { afterBusinessMinutes, businessDayMinutes } from '../lib/business-days.ts';
import { BusinessCalendarStore } from '../lib/business-calendar.ts';
import { SettingsStore } from '../lib/settings.ts';

const DAY_MS = 24 * 3_600_000;

const actor = (at: Date, who: { id: number | null; username: string; roles: string[] }): Actor => ({
  staffUserId: who.id,
  username: who.username,
  roles: who.roles,
  clientAddress: who.id ? '10.20.6.40' : '198.51.100.7',
  requestId: randomUUID(),
  clock: () => at,
});
const PORTAL = { id: null, username: 'portal:MyChartPLUS portal (demo)', roles: [] };

/** One patient's request: what they ask, how long ago, and what ROI decided (if it has). */
interface Story {
  daysAgo: number;
  changes: DemographicChangeRequestBody['changes'];
  review?: { daysLater: number; fields: ReviewBody['fields'] };
}

const STORIES: Story[] = [
  { daysAgo: 0, changes: { race: ['2054-5', '2106-3'], ethnicity: '2186-5' } },
  { daysAgo: 0.2, changes: { preferredLanguage: 'ht' } },
  { daysAgo: 1, changes: { sexualOrientation: '42035005', genderIdentity: '33791000087105' } },
  {
    daysAgo: 6,
    changes: {
      address: { line1: '80 Seymour St', line2: 'Unit 4B', city: 'Hartford', state: 'CT', postalCode: '06102-5037' },
      phone: '+18605550163',
      email: 'moved.recently@example.com',
    },
  },
  {
    daysAgo: 12,
    changes: { race: ['2028-9'], phone: '+18605550999' },
    review: {
      daysLater: 1,
      fields: {
        race: { decision: 'accept' },
        phone: { decision: 'reject', reason: 'We called this number twice and it is not in service. Please check it and send it again.' },
      },
    },
  },
  {
    daysAgo: 30,
    changes: { preferredLanguage: 'es', genderIdentity: 'ASKU' },
    review: { daysLater: 2, fields: { preferred_language: { decision: 'accept' }, gender_identity: { decision: 'accept' } } },
  },
];

/**
 * The story's changes, each coded one swapped for another value where the patient's record
 * already holds it (the demo's patients get random demographics), so every field is a change.
 */
function differing(changes: Story['changes'], current: { race: string[] | null; ethnicity: string | null; preferred_language: string | null }) {
  const result = { ...changes };
  if (result.race && current.race?.join() === result.race.join()) result.race = ['1002-5'];
  if (result.ethnicity && current.ethnicity === result.ethnicity) result.ethnicity = result.ethnicity === '2135-2' ? '2186-5' : '2135-2';
  if (result.preferredLanguage && current.preferred_language === result.preferredLanguage) result.preferredLanguage = 'pt';
  return result;
}

/**
 * ROI's demographic queue: new requests of every kind of field, an overdue one, one whose
 * language tag the hospital does not support (it arrived before the language list changed), one
 * whose address an EHR import changed after the patient asked, and reviewed ones, partly accepted,
 * that left history and a message to the patient. Through the services the portal and the console
 * call. Idempotent: nothing is added once any change request exists.
 */
export async function seedDemoDemographics(knex: Knex, { now }: { now: Date }): Promise<void> {
  if (await knex('demographic_change_requests').first('id')) return;
  const roi: { id: number } | undefined = await knex('staff_users').first('id').where({ username: 'roi' });
  const admin: { id: number } | undefined = await knex('staff_users').first('id').where({ username: 'admin' });
  if (!roi || !admin) return;
  const accounts: { username: string; patient_id: number }[] = await knex('portal_accounts as a')
    .join('patients as p', 'p.id', 'a.patient_id')
    .select('a.username', 'a.patient_id')
    .where('a.status', 'active')
    .whereNull('p.deceased_date')
    .orderBy('a.username');
  if (accounts.length < STORIES.length + 2) return;

  const settings = new SettingsStore(knex);
  const calendar = new BusinessCalendarStore(knex, settings);
  const jobs = new JobQueue(knex, pino({ level: 'silent' }));
  const deps = (at: Date): ChangeRequestDeps => ({ knex, settings, calendar, clock: () => at, jobs });
  const ROI = { id: roi.id, username: 'roi', roles: ['roi'] };

  for (const [index, story] of STORIES.entries()) {
    const at = new Date(now.getTime() - story.daysAgo * DAY_MS);
    const current = await knex('patients').first('race', 'ethnicity', 'preferred_language').where({ id: accounts[index].patient_id });
    const { id } = await submitChangeRequest(deps(at), actor(at, PORTAL), { username: accounts[index].username, changes: differing(story.changes, current) });
    if (!story.review) continue;
    const reviewedAt = new Date(at.getTime() + story.review.daysLater * DAY_MS);
    const { version: patientVersion } = await knex('patients').first('version').where({ id: accounts[index].patient_id });
    await reviewChangeRequest(deps(reviewedAt), actor(reviewedAt, ROI), id, { version: 1, patientVersion, fields: story.review.fields });
  }

  // The patient whose phone was rejected came in married a week later: Registration corrected the
  // legal name with the marriage certificate, and the email the patient gave at the desk.
  const married = accounts[4];
  const marriedAt = new Date(now.getTime() - 5 * DAY_MS);
  const person = await knex('patients').first('family_name', 'given_name', 'version').where({ id: married.patient_id });
  const certificate = demoPdf(['Certificate of marriage', `${person.given_name} ${person.family_name}`, '(Demo document: no real person.)']);
  const document = await insertStaffDocument(
    knex,
    married.patient_id,
    {
      fileName: 'marriage-certificate.pdf',
      mediaType: 'application/pdf',
      bytes: certificate.length,
      sha256: createHash('sha256').update(certificate).digest('hex'),
      content: certificate,
    },
    roi.id,
    marriedAt,
  );
  await correctPatient({ knex, settings, clock: () => marriedAt }, actor(marriedAt, ROI), married.patient_id, {
    family_name: `${person.family_name}-Okafor`,
    email: 'newly.married@example.com',
    reason: 'Name changed by marriage; certificate seen at the registration desk',
    document_id: document.id,
    version: person.version,
  });

  // Yiddish was on the hospital's list when this patient asked; it is no longer, so ROI may only reject it.
  const unsupported = accounts[STORIES.length];
  const askedAt = new Date(now.getTime() - 0.5 * DAY_MS);
  const businessCalendar = await calendar.get();
  const dueAt = afterBusinessMinutes(
    askedAt,
    (await settings.get('demographics.review_due_business_days')) * businessDayMinutes(businessCalendar),
    businessCalendar,
  );
  await knex.transaction(async (trx) => {
    const current = await lockPatientDemographics(trx, unsupported.patient_id);
    const account = await trx('portal_accounts').first('id').where({ username: unsupported.username });
    await insertChangeRequest(trx, { patientId: unsupported.patient_id, portalAccountId: account.id, receivedAt: askedAt, dueAt }, [
      { field: 'preferred_language', valueAtRequest: fieldValueOf(current!, 'preferred_language'), requestedValue: 'yi' },
    ]);
  });

  // The patient asked for a new address yesterday; this morning's EHR extract brought another.
  const conflicting = accounts[STORIES.length + 1];
  const sentAt = new Date(now.getTime() - DAY_MS);
  await submitChangeRequest(deps(sentAt), actor(sentAt, PORTAL), {
    username: conflicting.username,
    changes: { address: { line1: '15 Lewis St', city: 'Hartford', state: 'CT', postalCode: '06103' } },
  });
  const importedAt = new Date(now.getTime() - 0.3 * DAY_MS);
  await knex.transaction(async (trx) => {
    const current = await lockPatientDemographics(trx, conflicting.patient_id);
    await applyFieldChanges(
      trx,
      conflicting.patient_id,
      current!.version,
      [
        {
          field: 'address',
          oldValue: fieldValueOf(current!, 'address'),
          newValue: { line1: '2 Park Terrace', line2: null, city: 'West Hartford', state: 'CT', postal_code: '06107' },
        },
      ],
      { source: 'import', changedBy: admin.id, changedAt: importedAt, reason: 'EHR import demo-extract.csv' },
    );
  });
}
