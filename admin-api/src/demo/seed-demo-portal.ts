import { randomUUID } from 'node:crypto';
import type { Knex } from '@portaldesk/db';
import { issueActivationCode, redeemActivationCode, type ActivationDeps } from '../features/activation-codes/activation-codes.service.ts';
import { findDeskLocationNamed } from '../features/desk-locations/desk-locations.repo.ts';
import { createDeskLocation, setDeskLocationRetired } from '../features/desk-locations/desk-locations.service.ts';
import { findIdentityCheck } from '../features/identity-check-failures/identity-check-failures.repo.ts';
import { recordIdentityCheckFailure, resolveIdentityCheck } from '../features/identity-check-failures/identity-check-failures.service.ts';
import { findAccount } from '../features/portal-accounts/portal-accounts.repo.ts';
import { changeAccount, recordSignInEvent } from '../features/portal-accounts/portal-accounts.service.ts';
import { authenticatePortalToken, createPortalToken } from '../features/portal-tokens/portal-tokens.service.ts';
import type { Actor } from '../lib/audit.ts';
import { BusinessCalendarStore } from '../lib/business-calendar.ts';
import { dueAfterBusinessDays, type BusinessCalendar } from '../lib/business-days.ts';
import { SettingsStore } from '../lib/settings.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The demo patient (by MRN) whose support panel shows each state. */
export interface DemoPortalStates {
  active: string;
  locked: string;
  codePending: string;
  codeExpired: string;
  deactivated: string;
  identityCheckFailed: string;
}

/** The portal's integration token in the demo: its calls are audited under this name. */
const DEMO_PORTAL_TOKEN = 'MyChartPLUS portal (demo)';

type DemoStaffRole = 'front_desk' | 'support' | 'admin';

/** Staff desks on the hospital network, as the audit trail shows where a request came from. */
const STAFF_ADDRESSES: Record<DemoStaffRole, string> = { front_desk: '10.20.4.31', support: '10.20.9.12', admin: '10.20.1.5' };

interface DemoPatient {
  id: number;
  mrn: string;
  family_name: string;
  given_name: string;
  date_of_birth: string;
}

/** The demo's world: the database, the stores the services read, the staff who act, and the story's "now". */
interface Scene {
  knex: Knex;
  settings: SettingsStore;
  calendar: BusinessCalendarStore;
  now: Date;
  staffIds: Record<DemoStaffRole, number>;
  portalTokenId: number;
  /** The desk locations' ids by name. */
  locations: Map<DeskName, number>;
  /** The latest portal call of the story, to date the token's last use. */
  lastPortalCall?: Date;
}

const ago = (scene: Scene, ms: number) => new Date(scene.now.getTime() - ms);

/** A demo staff member acting at `at`, as a signed-in request of theirs would be audited. */
function staffActor(staffIds: Record<DemoStaffRole, number>, role: DemoStaffRole, at: Date): Actor {
  return { staffUserId: staffIds[role], username: role, roles: [role], clientAddress: STAFF_ADDRESSES[role], requestId: randomUUID(), clock: () => at };
}

/** The portal calling at `at` on behalf of a patient at `patientAddress`, as its token's requests are audited. */
function portalActor(scene: Scene, patientAddress: string, at: Date): Actor {
  if (!scene.lastPortalCall || at > scene.lastPortalCall) scene.lastPortalCall = at;
  return { staffUserId: null, username: `portal:${DEMO_PORTAL_TOKEN}`, roles: [], clientAddress: patientAddress, requestId: randomUUID(), clock: () => at };
}

const activationDeps = (scene: Scene, at: Date): ActivationDeps => ({ knex: scene.knex, settings: scene.settings, clock: () => at });

/** A device as the portal route names it: the portal's token and the patient's address. */
const deviceOf = (scene: Scene, patientAddress: string) => `${scene.portalTokenId}:${patientAddress}`;

/** The username the patient picks in the portal: given.family, in the characters usernames allow. */
const usernameOf = (patient: DemoPatient) => `${patient.given_name}.${patient.family_name}`.toLowerCase().replace(/[^a-z0-9.]/g, '');

function shiftDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Where the demo's codes were handed over; the last desk closed a month ago and is retired. */
const DESKS = [
  'Main lobby desk 1',
  'Main lobby desk 2',
  'Cardiology check-in',
  'Primary care check-in',
  'Emergency department registration',
  'West annex registration',
] as const;
type DeskName = (typeof DESKS)[number];
const RETIRED_DESK: DeskName = 'West annex registration';

/** The desk locations, added by the admin half a year ago (once: the names are unique). */
async function seedDeskLocations(knex: Knex, staffIds: Record<DemoStaffRole, number>, now: Date): Promise<Map<DeskName, number>> {
  const at = new Date(now.getTime() - 180 * DAY_MS);
  const ids = new Map<DeskName, number>();
  for (const name of DESKS) {
    const existing = await findDeskLocationNamed(knex, name);
    ids.set(name, existing?.id ?? (await createDeskLocation({ knex, clock: () => at }, staffActor(staffIds, 'admin', at), name)).id);
  }
  return ids;
}

/** The annex closed after its last code was handed out: reports still name it, new codes cannot be issued there. */
async function retireClosedDesk(scene: Scene) {
  const at = ago(scene, 30 * DAY_MS);
  await setDeskLocationRetired({ knex: scene.knex, clock: () => at }, staffActor(scene.staffIds, 'admin', at), scene.locations.get(RETIRED_DESK)!, true);
}

async function issueCode(scene: Scene, patient: DemoPatient, at: Date, desk: DeskName): Promise<string> {
  const issued = await issueActivationCode(activationDeps(scene, at), staffActor(scene.staffIds, 'front_desk', at), patient.id, scene.locations.get(desk)!);
  return issued.code;
}

async function redeemCode(scene: Scene, patient: DemoPatient, code: string, patientAddress: string, at: Date): Promise<string> {
  const username = usernameOf(patient);
  const result = await redeemActivationCode(activationDeps(scene, at), portalActor(scene, patientAddress, at), {
    code,
    dateOfBirth: patient.date_of_birth,
    username,
    device: deviceOf(scene, patientAddress),
  });
  if (!result.ok) throw new Error(`The demo activation of MRN ${patient.mrn} was refused (${result.reason}).`);
  return username;
}

async function reportSignIns(scene: Scene, username: string, patientAddress: string, events: ['success' | 'failure' | 'locked', Date][]) {
  for (const [event, at] of events) await recordSignInEvent(scene.knex, portalActor(scene, patientAddress, at), { username, event });
}

/** Active for three weeks and used now and then; one mistyped password two days ago. */
async function seedActive(scene: Scene, patient: DemoPatient) {
  const home = '203.0.113.24';
  const code = await issueCode(scene, patient, ago(scene, 21 * DAY_MS), 'Main lobby desk 1');
  const username = await redeemCode(scene, patient, code, home, ago(scene, 20 * DAY_MS));
  await reportSignIns(scene, username, home, [
    ['success', ago(scene, 9 * DAY_MS)],
    ['failure', ago(scene, 2 * DAY_MS + 4 * MINUTE_MS)],
    ['success', ago(scene, 2 * DAY_MS + 3 * MINUTE_MS)],
    ['success', ago(scene, 5 * HOUR_MS)],
  ]);
}

/** Locked by the portal yesterday after five wrong passwords in a row. */
async function seedLocked(scene: Scene, patient: DemoPatient) {
  const home = '198.51.100.45';
  const code = await issueCode(scene, patient, ago(scene, 40 * DAY_MS), 'Cardiology check-in');
  const username = await redeemCode(scene, patient, code, home, ago(scene, 39 * DAY_MS));
  const failures = [0, 1, 2, 3, 4].map((minute): ['failure', Date] => ['failure', ago(scene, DAY_MS - minute * MINUTE_MS)]);
  await reportSignIns(scene, username, home, [['success', ago(scene, 12 * DAY_MS)], ...failures, ['locked', ago(scene, DAY_MS - 5 * MINUTE_MS)]]);
}

/**
 * Near misses of the real birth date (a digit off, a month off, a year off), each given with the
 * right code: four from one device, then two from another.
 */
const WRONG_BIRTH_DATE_TRIES: { device: string; daysAgo: number; shiftDays: number }[] = [
  { device: '203.0.113.77', daysAgo: 2, shiftDays: 1 },
  { device: '203.0.113.77', daysAgo: 2, shiftDays: -1 },
  { device: '203.0.113.77', daysAgo: 2, shiftDays: 10 },
  { device: '203.0.113.77', daysAgo: 2, shiftDays: 31 },
  { device: '198.51.100.8', daysAgo: 1, shiftDays: 365 },
  { device: '198.51.100.8', daysAgo: 1, shiftDays: -365 },
];

/** A live code from three days ago that someone has tried six times with a wrong birth date. */
async function seedCodePending(scene: Scene, patient: DemoPatient) {
  const code = await issueCode(scene, patient, ago(scene, 3 * DAY_MS), 'Main lobby desk 2');
  for (const [index, attempt] of WRONG_BIRTH_DATE_TRIES.entries()) {
    const at = ago(scene, attempt.daysAgo * DAY_MS - index * 2 * MINUTE_MS);
    const result = await redeemActivationCode(activationDeps(scene, at), portalActor(scene, attempt.device, at), {
      code,
      dateOfBirth: shiftDays(patient.date_of_birth, attempt.shiftDays),
      username: usernameOf(patient),
      device: deviceOf(scene, attempt.device),
    });
    if (result.ok || result.reason !== 'wrong_birth_date') throw new Error(`A demo wrong-birth-date try for MRN ${patient.mrn} was not counted as one.`);
  }
}

/** A code handed out 52 days ago, at the annex since closed, and never used: past the 45 days a code lives. */
async function seedCodeExpired(scene: Scene, patient: DemoPatient) {
  await issueCode(scene, patient, ago(scene, 52 * DAY_MS), RETIRED_DESK);
}

/** Used for two months, then closed by phone support at the patient's request. */
async function seedDeactivated(scene: Scene, patient: DemoPatient) {
  const home = '198.51.100.120';
  const code = await issueCode(scene, patient, ago(scene, 90 * DAY_MS), 'Primary care check-in');
  const username = await redeemCode(scene, patient, code, home, ago(scene, 89 * DAY_MS));
  await reportSignIns(scene, username, home, [
    ['success', ago(scene, 60 * DAY_MS)],
    ['success', ago(scene, 21 * DAY_MS)],
  ]);
  const at = ago(scene, 14 * DAY_MS);
  const account = await findAccount(scene.knex, patient.id);
  await changeAccount({ knex: scene.knex, clock: () => at }, staffActor(scene.staffIds, 'support', at), patient.id, 'deactivate', {
    version: account!.version,
    reason: 'Patient called: the phone with the portal app signed in was stolen. Closed until they come in with photo ID.',
  });
}

/** The states an account or a code shows; the last state comes from an identity-check case alone. */
const ACCOUNT_STORIES: [keyof DemoPortalStates, (scene: Scene, patient: DemoPatient) => Promise<void>][] = [
  ['active', seedActive],
  ['locked', seedLocked],
  ['codePending', seedCodePending],
  ['codeExpired', seedCodeExpired],
  ['deactivated', seedDeactivated],
];

/**
 * A report time whose due time, by the queue's own rule, passed `businessDaysLate` business days
 * before `now`. The slack keeps the case overdue when the server adds the federal holidays after
 * seeding: a holiday moves a due time by one business day.
 */
function overdueReportTime(now: Date, calendar: BusinessCalendar, dueDays: number, businessDaysLate: number): Date {
  let reportedAt = new Date(now.getTime() - DAY_MS);
  while (dueAfterBusinessDays(reportedAt, dueDays + businessDaysLate, calendar).getTime() >= now.getTime()) {
    reportedAt = new Date(reportedAt.getTime() - HOUR_MS);
  }
  return reportedAt;
}

interface DemoIdentityCase {
  report: { familyName: string; givenName: string; dateOfBirth: string; email?: string; phone?: string; reason: string };
  patientAddress: string;
  reportedAt: Date;
  resolution?: { at: Date; text: string };
}

/** Five self sign-ups the portal could not verify: two overdue, one of a known patient, one already resolved. */
async function identityCases(scene: Scene, knownPatient: DemoPatient): Promise<DemoIdentityCase[]> {
  const calendar = await scene.calendar.get();
  const dueDays = await scene.settings.get('identity_checks.due_business_days');
  return [
    {
      report: {
        familyName: 'Whitcombe',
        givenName: 'Dolores',
        dateOfBirth: '1958-07-14',
        phone: '860-555-0142',
        reason: 'Identity questions: 2 of 4 answered correctly',
      },
      patientAddress: '203.0.113.140',
      reportedAt: overdueReportTime(scene.now, calendar, dueDays, 3),
    },
    {
      report: {
        familyName: 'Abernathy-Cole',
        givenName: 'Marcus',
        dateOfBirth: '1989-02-27',
        email: 'marcus.ac@example.com',
        reason: 'The credit bureau has no file for this name and address',
      },
      patientAddress: '198.51.100.61',
      reportedAt: overdueReportTime(scene.now, calendar, dueDays, 1),
    },
    {
      // Typed in capitals, with a phone the chart does not have: the case page marks both.
      report: {
        familyName: knownPatient.family_name.toUpperCase(),
        givenName: knownPatient.given_name,
        dateOfBirth: knownPatient.date_of_birth,
        phone: '203-555-0148',
        reason: 'The phone number given does not match the one on the credit file',
      },
      patientAddress: '203.0.113.9',
      reportedAt: ago(scene, 3 * HOUR_MS),
    },
    {
      report: {
        familyName: 'Nakamura',
        givenName: 'Ellen',
        dateOfBirth: '1971-11-03',
        email: 'e.nakamura@example.com',
        reason: 'Identity questions timed out',
      },
      patientAddress: '198.51.100.230',
      reportedAt: ago(scene, 40 * MINUTE_MS),
    },
    {
      report: {
        familyName: 'Brennan',
        givenName: 'Thomas',
        dateOfBirth: '1945-05-19',
        phone: '860-555-0187',
        reason: 'Identity questions: 1 of 4 answered correctly',
      },
      patientAddress: '203.0.113.201',
      reportedAt: ago(scene, 6 * DAY_MS),
      resolution: {
        at: ago(scene, 5 * DAY_MS),
        text: 'Called back on the number given: not our patient yet. Told him to bring photo ID to registration for a record and an activation code.',
      },
    },
  ];
}

async function seedIdentityCase(scene: Scene, demoCase: DemoIdentityCase) {
  const { report } = demoCase;
  const seeded = await scene
    .knex('identity_check_failures')
    .first('id')
    .where({ family_name: report.familyName, given_name: report.givenName, date_of_birth: report.dateOfBirth });
  if (seeded) return;
  const { id } = await recordIdentityCheckFailure(scene.knex, portalActor(scene, demoCase.patientAddress, demoCase.reportedAt), report);
  if (!demoCase.resolution) return;
  const { at, text } = demoCase.resolution;
  const { version } = (await findIdentityCheck(scene.knex, id))!;
  await resolveIdentityCheck(
    { knex: scene.knex, settings: scene.settings, calendar: scene.calendar, clock: () => at },
    staffActor(scene.staffIds, 'support', at),
    id,
    {
      version,
      resolution: text,
    },
  );
}

/** The demo portal token, created by the admin half a year ago; its secret is dropped, as nothing calls with it. */
async function demoPortalToken(knex: Knex, adminActor: Actor): Promise<{ id: number; secret?: string }> {
  const existing = await knex('portal_tokens').first('id').where({ name: DEMO_PORTAL_TOKEN });
  if (existing) return { id: existing.id };
  const created = await createPortalToken(knex, adminActor, DEMO_PORTAL_TOKEN);
  return { id: created.id, secret: created.token };
}

/**
 * Portal accounts in every state the support panel explains, and a queue of failed identity
 * checks, written through the same services the console and the portal call (so the counters,
 * per-device failures and audit rows are the ones the product itself writes), at times before
 * `now`. Idempotent: a patient with any activation code, or a case already reported, is left as
 * it is. Answers which patient shows which state; null when fewer patients than states were given.
 *
 * @param candidateMrns demo patients fit for it (adults, alive, with an email), in a fixed order.
 */
export async function seedDemoPortal(knex: Knex, { now, candidateMrns }: { now: Date; candidateMrns: string[] }): Promise<DemoPortalStates | null> {
  const [active, locked, codePending, codeExpired, deactivated, identityCheckFailed] = candidateMrns;
  if (identityCheckFailed === undefined) return null;
  const states: DemoPortalStates = { active, locked, codePending, codeExpired, deactivated, identityCheckFailed };
  const patients: DemoPatient[] = await knex('patients')
    .select('id', 'mrn', 'family_name', 'given_name', 'date_of_birth')
    .whereIn('mrn', Object.values(states));
  const patientOf = (state: keyof DemoPortalStates) => {
    const patient = patients.find((row) => row.mrn === states[state]);
    if (!patient) throw new Error(`Demo patient ${states[state]} is missing: seed the patients first.`);
    return patient;
  };
  const staff: { id: number; username: DemoStaffRole }[] = await knex('staff_users').select('id', 'username').whereIn('username', Object.keys(STAFF_ADDRESSES));
  const staffIds = Object.fromEntries(staff.map((row) => [row.username, row.id])) as Record<DemoStaffRole, number>;
  const token = await demoPortalToken(knex, staffActor(staffIds, 'admin', new Date(now.getTime() - 180 * DAY_MS)));
  const settings = new SettingsStore(knex);
  const locations = await seedDeskLocations(knex, staffIds, now);
  const scene: Scene = { knex, settings, calendar: new BusinessCalendarStore(knex, settings), now, staffIds, portalTokenId: token.id, locations };

  for (const [state, seed] of ACCOUNT_STORIES) {
    const patient = patientOf(state);
    if (await knex('activation_codes').first('id').where({ patient_id: patient.id })) continue;
    await seed(scene, patient);
  }
  await retireClosedDesk(scene);
  for (const demoCase of await identityCases(scene, patientOf('identityCheckFailed'))) await seedIdentityCase(scene, demoCase);
  // The token's last use, as the portal's calls above would have left it.
  if (token.secret && scene.lastPortalCall) await authenticatePortalToken(knex, token.secret, scene.lastPortalCall);
  return states;
}
