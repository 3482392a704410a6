import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from '@portaldesk/db';
import { decideProxyRequest, submitProxyRequest, withdrawProxyRequest, type ProxyRequestDeps } from '../features/proxy-requests/proxy-requests.service.ts';
import type { ProxyRelationship } from '../features/proxy-requests/proxy-requests.schema.ts';
import type { Actor } from '../lib/audit.ts';
import { BusinessCalendarStore } from '../lib/business-calendar.ts';
import { ageOn, todayIn } from '../lib/clock.ts';
import { SettingsStore } from '../lib/settings.ts';
import { demoPdf } from './demo-documents.ts';

const DAY_MS = 24 * 3_600_000;

interface Person {
  id: number;
  mrn: string;
  family_name: string;
  given_name: string;
  date_of_birth: string;
}

/** One request of the story: who asks for whom, when, with what, and what ROI did. */
interface Story {
  requester: Person;
  patient: Person;
  relationship: ProxyRelationship;
  daysAgo: number;
  document?: string;
  decision?: { decision: 'approve' | 'deny' | 'more_info'; daysLater: number; endsInDays?: number; reason?: string; accessLevel?: 'full' | 'limited' };
  /** The requester took it back this many days after sending it. */
  withdrawnDaysLater?: number;
}

const shiftDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Requesters need portal accounts of their own: the demo gives them ones activated a year ago. */
async function accountFor(knex: Knex, person: Person, now: Date): Promise<string> {
  const username = `${person.given_name}.${person.family_name}.proxy`.toLowerCase().replace(/[^a-z0-9.]/g, '');
  const at = new Date(now.getTime() - 365 * DAY_MS);
  await knex('portal_accounts')
    .insert({ patient_id: person.id, username, status: 'active', activated_at: at, updated_at: at })
    .onConflict('patient_id')
    .ignore();
  return (await knex('portal_accounts').first('username').where({ patient_id: person.id })).username;
}

const roiActor = (roiId: number, at: Date): Actor => ({
  staffUserId: roiId,
  username: 'roi',
  roles: ['roi'],
  clientAddress: '10.20.6.40',
  requestId: randomUUID(),
  clock: () => at,
});
const portalActor = (at: Date): Actor => ({
  staffUserId: null,
  username: 'portal:MyChartPLUS portal (demo)',
  roles: [],
  clientAddress: '198.51.100.7',
  requestId: randomUUID(),
  clock: () => at,
});

/**
 * ROI's queue in every state, through the services the portal and the console call: a parent's
 * new request, an adult's overdue one, one waiting on the requester, approvals (a teen who turns
 * 18 next week, a child who turns 13 soon, a power of attorney that expires in three weeks), a
 * denial and one the requester withdrew. Idempotent: nothing is added once any proxy request exists.
 */
export async function seedDemoProxies(knex: Knex, { now }: { now: Date }): Promise<void> {
  if (await knex('proxy_requests').first('id')) return;
  const settings = new SettingsStore(knex);
  const timeZone = await settings.get('organization.time_zone');
  const today = todayIn(timeZone, now);
  const people: (Person & { deceased_date: string | null; email: string | null })[] = await knex('patients')
    .select('id', 'mrn', 'family_name', 'given_name', 'date_of_birth', 'deceased_date', 'email')
    // Not the patients whose portal stories the support demo tells.
    .whereNotExists(knex('portal_accounts').whereRaw('portal_accounts.patient_id = patients.id'))
    .whereNotExists(knex('activation_codes').whereRaw('activation_codes.patient_id = patients.id'))
    .whereNotExists(knex('identity_check_failures').whereRaw('identity_check_failures.patient_id = patients.id'))
    .orderBy('mrn');
  const alive = people.filter((person) => !person.deceased_date);
  const aged = (min: number, max: number) => alive.filter((person) => ageOn(person.date_of_birth, today) >= min && ageOn(person.date_of_birth, today) <= max);
  const turning = (age: number, withinDays: number) =>
    alive.find((person) => {
      const birthday = `${Number(person.date_of_birth.slice(0, 4)) + age}${person.date_of_birth.slice(4)}`;
      return birthday > today && birthday <= shiftDays(today, withinDays);
    });
  const adults = aged(25, 70).filter((person) => person.email);
  const elders = aged(75, 98);
  const children = aged(3, 11);
  const teenTurning18 = turning(18, 7);
  const childTurning13 = turning(13, 30);
  if (adults.length < 8 || elders.length < 3 || children.length < 3 || !teenTurning18 || !childTurning13) return;

  const roi: { id: number } | undefined = await knex('staff_users').first('id').where({ username: 'roi' });
  if (!roi) return;
  const deps = (at: Date): ProxyRequestDeps => ({ knex, settings, calendar: new BusinessCalendarStore(knex, settings), clock: () => at });
  const form = (title: string, requester: Person, patient: Person) =>
    demoPdf([
      title,
      `Patient: ${patient.given_name} ${patient.family_name}, born ${patient.date_of_birth}`,
      `Representative: ${requester.given_name} ${requester.family_name}`,
      'Signed and dated by the patient or the court. (Demo document: no real person.)',
    ]);

  const stories: Story[] = [
    { requester: adults[0], patient: children[0], relationship: 'parent', daysAgo: 0 },
    {
      requester: adults[1],
      patient: elders[0],
      relationship: 'power_of_attorney',
      daysAgo: 6,
      document: 'Durable power of attorney for health care',
    },
    {
      requester: adults[2],
      patient: elders[1],
      relationship: 'health_care_proxy',
      daysAgo: 3,
      document: 'Health care proxy appointment (page 1 of 2)',
      decision: { decision: 'more_info', daysLater: 1, reason: 'Please upload page 2 of the health care proxy, with the witnesses’ signatures.' },
    },
    {
      requester: adults[3],
      patient: teenTurning18,
      relationship: 'parent',
      daysAgo: 400,
      decision: { decision: 'approve', daysLater: 2, accessLevel: 'full' },
    },
    {
      requester: adults[4],
      patient: childTurning13,
      relationship: 'legal_guardian',
      daysAgo: 200,
      decision: { decision: 'approve', daysLater: 1, accessLevel: 'full' },
    },
    {
      requester: adults[5],
      patient: elders[2],
      relationship: 'power_of_attorney',
      daysAgo: 60,
      document: 'Limited power of attorney (expires this month)',
      decision: { decision: 'approve', daysLater: 1, accessLevel: 'limited', endsInDays: 21 },
    },
    {
      requester: adults[6],
      patient: adults[7],
      relationship: 'authorized_by_patient',
      daysAgo: 10,
      document: 'Proxy authorization form (unsigned)',
      decision: { decision: 'deny', daysLater: 1, reason: 'The authorization form is not signed by the patient. Please send a signed and dated form.' },
    },
    { requester: adults[0], patient: children[1], relationship: 'parent', daysAgo: 2, decision: { decision: 'approve', daysLater: 1, accessLevel: 'full' } },
    { requester: adults[7], patient: children[2], relationship: 'legal_guardian', daysAgo: 5, withdrawnDaysLater: 1 },
  ];

  for (const story of stories) {
    const at = new Date(now.getTime() - story.daysAgo * DAY_MS);
    const username = await accountFor(knex, story.requester, at);
    const documents = story.document
      ? [
          (() => {
            const content = form(story.document, story.requester, story.patient);
            return {
              fileName: `${story.document
                .split(' (')[0]
                .toLowerCase()
                .replace(/[^a-z0-9]+/g, '-')}.pdf`,
              mediaType: 'application/pdf',
              bytes: content.length,
              sha256: createHash('sha256').update(content).digest('hex'),
              content,
            };
          })(),
        ]
      : [];
    const { id } = await submitProxyRequest(
      deps(at),
      portalActor(at),
      {
        requesterUsername: username,
        patient: {
          familyName: story.patient.family_name,
          givenName: story.patient.given_name,
          dateOfBirth: story.patient.date_of_birth,
          mrn: story.patient.mrn,
        },
        relationship: story.relationship,
      },
      documents,
    );
    if (story.withdrawnDaysLater !== undefined) {
      const withdrawnAt = new Date(at.getTime() + story.withdrawnDaysLater * DAY_MS);
      await withdrawProxyRequest(deps(withdrawnAt), portalActor(withdrawnAt), id);
    }
    if (!story.decision) continue;
    const decidedAt = new Date(at.getTime() + story.decision.daysLater * DAY_MS);
    const { version } = await knex('proxy_requests').first('version').where({ id });
    await decideProxyRequest(deps(decidedAt), roiActor(roi.id, decidedAt), id, {
      decision: story.decision.decision,
      accessLevel: story.decision.accessLevel,
      endsOn: story.decision.endsInDays === undefined ? undefined : shiftDays(today, story.decision.endsInDays),
      reason: story.decision.reason,
      checklist: story.decision.decision === 'approve' ? { relationshipProven: true, signedAndDated: true, notExpired: true } : undefined,
      version,
    });
  }
}
