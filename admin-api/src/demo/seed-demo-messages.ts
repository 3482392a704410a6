import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Faker, base, en } from '@faker-js/faker';
import { pino } from 'pino';
import type { Knex } from '@portaldesk/db';
import { importGuarantorAccounts } from '../features/guarantor-accounts/guarantor-accounts.import.ts';
import { GUARANTOR_ACCOUNT_COLUMNS } from '../features/guarantor-accounts/guarantor-accounts.import-row.ts';
import {
  addNote,
  receivePortalMessage,
  receivePortalReply,
  replyToThread,
  type MessageThreadDeps,
} from '../features/message-threads/message-threads.service.ts';
import type { MessageTopic, MessageTeam } from '../features/message-threads/message-topics.ts';
import { createSavedReply } from '../features/saved-replies/saved-replies.service.ts';
import { createServiceLocationBody } from '../features/service-locations/service-locations.schema.ts';
import { createServiceLocation } from '../features/service-locations/service-locations.service.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import type { Actor } from '../lib/audit.ts';
import { afterBusinessMinutes, businessDayMinutes, type BusinessCalendar } from '../lib/business-days.ts';
import { BusinessCalendarStore } from '../lib/business-calendar.ts';
import { SettingsStore } from '../lib/settings.ts';

const DAY = 86_400_000;
/** Guarantor accounts in all (one per patient picked), and how many of those patients write (each given a portal account). */
const ACCOUNTS = 160;
const WRITERS = 120;
const THREADS = 300;
/** How far back the threads go: the dashboards chart 12 weeks. */
const WEEKS = 12;

const LOCATIONS = [
  { name: 'Main Campus Hospital', billingPhone: '860-972-4993', acceptsOnlinePayments: true },
  { name: 'Farmington Outpatient Center', billingPhone: '860-555-0142', acceptsOnlinePayments: true },
  { name: 'Windsor Family Practice', billingPhone: '860-555-0187', acceptsOnlinePayments: false },
];

const SAVED_REPLIES: { team: MessageTeam; title: string; body: string }[] = [
  {
    team: 'billing',
    title: 'Payment plan',
    body: 'Dear {{patient_first_name}},\n\nThank you for your message about account {{account_number}} (balance {{balance}}). We can spread the balance over up to 12 monthly payments with no interest. Reply here with the amount you can pay each month, or call us at {{billing_phone}}.\n\n{{staff_name}}, Patient Financial Services',
  },
  {
    team: 'billing',
    title: 'Why there is no Pay Now button',
    body: 'Dear {{patient_first_name}},\n\nAccount {{account_number}} is billed by {{location_name}}, which takes payments by phone only, so the portal shows no Pay Now button for it. Please call {{billing_phone}} (Monday to Friday, 8:00 to 4:00) to pay.\n\n{{staff_name}}, Patient Financial Services',
  },
  {
    team: 'billing',
    title: 'Itemized statement sent',
    body: 'Dear {{patient_first_name}},\n\nWe have mailed an itemized statement of account {{account_number}} to the guarantor’s address on file. It lists each visit and what insurance paid.\n\n{{staff_name}}, Patient Financial Services',
  },
  {
    team: 'support',
    title: 'Password reset steps',
    body: 'Hello {{patient_first_name}},\n\nOn the sign-in page choose "Forgot password?" and follow the link we email you within 15 minutes. If the email does not arrive, check your spam folder, then call portal support at 860-972-4993.\n\n{{staff_name}}, Portal support',
  },
  {
    team: 'support',
    title: 'Activation code expired',
    body: 'Hello {{patient_first_name}},\n\nActivation codes work for 45 days. Any registration desk can print you a new one, or we can mail one to the address on your record: reply here to ask.\n\n{{staff_name}}, Portal support',
  },
  {
    team: 'roi',
    title: 'Records request received',
    body: 'Dear {{patient_first_name}},\n\nWe received your request for a copy of your medical records. Electronic copies are free and are usually ready within 4 business days; we will write here when they are.\n\n{{staff_name}}, Release of Information',
  },
];

const SUBJECTS: Record<MessageTopic, string[]> = {
  billing: [
    'Question about my bill',
    'Payment plan',
    'I already paid this',
    'Why is there no Pay Now button?',
    'Insurance was not billed',
    'Itemized statement',
  ],
  technical: ['Cannot sign in', 'Activation code does not work', 'Password reset email never came', 'App shows an error', 'Locked out of my account'],
  medical_records: ['Copy of my records', 'Records for a new doctor', 'Immunization record for school', 'X-ray images on a disc', 'Correction to my chart'],
};

const QUESTIONS: Record<MessageTopic, string[]> = {
  billing: [
    'I received a statement for my visit in the spring. I thought my insurance covered it. Can you check?',
    'Can I pay this balance in smaller monthly amounts?',
    'I paid this by phone last month but the portal still shows a balance.',
    'The portal does not show a Pay Now button for my account. How do I pay?',
  ],
  technical: [
    'I type my password and the portal says it is wrong, but I just reset it.',
    'My activation code says it is not valid. I got the letter two months ago.',
    'I asked for a password reset twice and no email arrived.',
  ],
  medical_records: [
    'Please send a copy of my records from the last two years to my new primary care doctor.',
    'I need my child’s immunization record for school registration.',
    'How do I get my MRI images on a disc?',
  ],
};

const ANSWERS: Record<MessageTopic, string[]> = {
  billing: [
    'We checked with your insurer: the claim was resubmitted today. You do not need to pay until the new statement arrives.',
    'Your payment of last month is posted now; the portal will show the new balance tomorrow.',
  ],
  technical: [
    'We unlocked your account. Please sign in again; if it still fails, reply here and we will call you.',
    'We sent a new password-reset email just now. The link works for 24 hours.',
  ],
  medical_records: [
    'Your records were sent to your new doctor’s office today by secure fax.',
    'Your request is approved; the copy will be ready within 4 business days.',
  ],
};

/**
 * A line of the billing system's export. Not lib/csv.ts's csvLine: that defuses cells for
 * spreadsheets, and would turn a credit's leading minus into text.
 */
const exportLine = (cells: readonly string[]) => `${cells.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')}\r\n`;

const actorAt = (at: Date, who: { id: number | null; username: string; roles: string[] }): Actor => ({
  staffUserId: who.id,
  username: who.username,
  roles: who.roles,
  clientAddress: who.id ? '10.20.6.44' : '198.51.100.7',
  requestId: randomUUID(),
  clock: () => at,
});
const PORTAL = { id: null, username: 'portal:MyChartPLUS portal (demo)', roles: [] as string[] };
const TEAM_OF: Record<MessageTopic, MessageTeam> = { billing: 'billing', technical: 'support', medical_records: 'roi' };

/**
 * Customer service as billing, support and ROI meet it on a fresh demo: three service locations
 * (one taking no online payments), guarantor accounts from a billing export through the real
 * import (every Pay Now reason, a few closed), each team's saved replies, and 300 threads over the
 * last 12 weeks through the product's own services: answered and closed ones (so the dashboards
 * chart a median first response every week), some waiting on the patient, open ones with notes,
 * new ones, and a few past their due date. Idempotent: nothing is added once a thread exists.
 */
export async function seedDemoMessages(knex: Knex, { now }: { now: Date }): Promise<void> {
  if (await knex('message_threads').first('id')) return;
  const staffRows: { id: number; username: string; display_name: string }[] = await knex('staff_users')
    .select('id', 'username', 'display_name')
    .whereIn('username', ['admin', 'billing', 'support', 'roi']);
  const staff = Object.fromEntries(staffRows.map((row) => [row.username, { id: row.id, username: row.username, roles: [row.username] }]));
  if (Object.keys(staff).length < 4) return;
  const settings = new SettingsStore(knex, 0);
  const calendarStore = new BusinessCalendarStore(knex, settings, 0);
  const calendar = await calendarStore.get();
  const jobs = new JobQueue(knex, pino({ level: 'silent' }));
  const deps = (at: Date): MessageThreadDeps => ({ knex, calendar: calendarStore, clock: () => at, jobs });
  const faker = new Faker({ locale: [en, base] });
  faker.seed(20261205);
  const setupAt = new Date(now.getTime() - (WEEKS * 7 + 30) * DAY);

  for (const location of LOCATIONS) {
    if (await knex('service_locations').first('id').where({ name: location.name })) continue;
    await createServiceLocation({ knex, clock: () => setupAt }, actorAt(setupAt, staff.admin), createServiceLocationBody.parse(location));
  }
  for (const reply of SAVED_REPLIES) {
    if (await knex('saved_replies').first('id').where({ team: reply.team, title: reply.title })) continue;
    await createSavedReply({ knex, clock: () => setupAt }, actorAt(setupAt, staff.admin), reply);
  }

  // Living adults from the middle of the list (the README's named patients and the end of the
  // list, where the browser tests pick theirs, stay as they were).
  const adults: {
    id: number;
    mrn: string;
    family_name: string;
    given_name: string;
    address_line1: string | null;
    city: string | null;
    state: string | null;
    postal_code: string | null;
  }[] = await knex('patients')
    .select('id', 'mrn', 'family_name', 'given_name', 'address_line1', 'city', 'state', 'postal_code')
    .whereNull('deceased_date')
    .where('date_of_birth', '<', knex.raw("?::date - interval '21 years'", [now.toISOString().slice(0, 10)]))
    .orderBy('mrn');
  const patients = adults.slice(Math.min(1000, Math.floor(adults.length / 3)), -10).slice(0, ACCOUNTS);
  if (patients.length < 12) return;
  const writers = patients.slice(0, Math.min(WRITERS, Math.ceil((patients.length * 3) / 4)));
  const accountFor = new Map<number, string>();
  const lines = [exportLine(GUARANTOR_ACCOUNT_COLUMNS)];
  patients.forEach((guarantor, i) => {
    const number = `G${String(400_001 + i)}`;
    // Every tenth account also covers someone of the guarantor's household.
    const covered = i % 10 === 3 ? [guarantor, patients[(i + 7) % patients.length]] : [guarantor];
    const balance = [0, 1, 2].includes(i % 12)
      ? 0
      : i % 12 === 3
        ? -faker.number.int({ min: 500, max: 9_000 })
        : faker.number.int({ min: 2_500, max: 240_000 });
    const location = i % 7 === 2 ? LOCATIONS[2] : LOCATIONS[i % 2];
    const closed = i % 40 === 39;
    lines.push(
      exportLine([
        number,
        guarantor.family_name,
        guarantor.given_name,
        guarantor.address_line1 ?? '1 Main St',
        guarantor.city ?? 'Hartford',
        guarantor.state ?? 'CT',
        guarantor.postal_code ?? '06103',
        covered.map((patient) => patient.mrn).join(';'),
        String(balance),
        location.name,
        closed ? 'closed' : 'open',
      ]),
    );
    if (!closed) accountFor.set(guarantor.id, number);
  });
  const imported = await importGuarantorAccounts(knex, Readable.from([lines.join('')]), {
    actor: actorAt(setupAt, staff.admin),
    fileName: 'demo-billing-export.csv',
  });
  if (!imported.committed) throw new Error(`The demo billing export was refused: ${JSON.stringify(imported.rejects.slice(0, 3))}`);

  const activatedAt = new Date(now.getTime() - 400 * DAY);
  const usernames = new Map<number, string>();
  for (const writer of writers) {
    const username = `${writer.given_name}.${writer.family_name}.${writer.mrn}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
    await knex('portal_accounts')
      .insert({ patient_id: writer.id, username, status: 'active', activated_at: activatedAt, updated_at: activatedAt })
      .onConflict('patient_id')
      .ignore();
    usernames.set(writer.id, (await knex('portal_accounts').first('username').where({ patient_id: writer.id })).username);
  }

  const billingWriters = writers.filter((writer) => accountFor.has(writer.id));
  for (let i = 0; i < THREADS; i += 1) {
    const topic = faker.helpers.weightedArrayElement<MessageTopic>([
      { weight: 45, value: 'billing' },
      { weight: 35, value: 'technical' },
      { weight: 20, value: 'medical_records' },
    ]);
    const writer = topic === 'billing' ? faker.helpers.arrayElement(billingWriters) : faker.helpers.arrayElement(writers);
    // Spread over the 12 weeks, a few more lately; the last ones arrive within the last days.
    const ageDays = i < 24 ? faker.number.float({ min: 0.05, max: 6 }) : faker.number.float({ min: 0, max: 1 }) ** 1.3 * WEEKS * 7;
    const receivedAt = new Date(now.getTime() - ageDays * DAY);
    await tellStory(
      { deps, calendar, now, faker, staff: staff[TEAM_OF[topic]], knex },
      {
        topic,
        receivedAt,
        username: usernames.get(writer.id)!,
        guarantorAccount: topic === 'billing' ? accountFor.get(writer.id) : undefined,
        storyIndex: i,
      },
    );
  }
}

interface Scene {
  deps: (at: Date) => MessageThreadDeps;
  calendar: BusinessCalendar;
  now: Date;
  faker: Faker;
  staff: { id: number; username: string; roles: string[] };
  knex: Knex;
}

/**
 * One thread's life: received, then (when the time has come by now) answered after a while of
 * business time; the older ones mostly closed, some after the patient wrote back; the newest
 * waiting, open with a note, or untouched (a few of those already overdue).
 */
async function tellStory(
  scene: Scene,
  thread: { topic: MessageTopic; receivedAt: Date; username: string; guarantorAccount?: string; storyIndex: number },
): Promise<void> {
  const { faker, calendar, now } = scene;
  const { threadId } = await receivePortalMessage(scene.deps(thread.receivedAt), actorAt(thread.receivedAt, PORTAL), {
    username: thread.username,
    topic: thread.topic,
    subject: faker.helpers.arrayElement(SUBJECTS[thread.topic]),
    body: faker.helpers.arrayElement(QUESTIONS[thread.topic]),
    ...(thread.guarantorAccount ? { guarantorAccount: thread.guarantorAccount } : {}),
  });
  // Most are answered within a business day or two; some take longer than the 3 days allowed.
  const day = businessDayMinutes(calendar);
  const answerAfter = faker.helpers.weightedArrayElement([
    { weight: 55, value: faker.number.int({ min: 20, max: day }) },
    { weight: 35, value: faker.number.int({ min: day, max: 3 * day }) },
    { weight: 10, value: faker.number.int({ min: 3 * day, max: 5 * day }) },
  ]);
  const answeredAt = afterBusinessMinutes(thread.receivedAt, answerAfter, calendar);
  // Of the last week's threads, some nobody has touched yet (the oldest of them overdue by now)
  // and some only noted; older ones were all answered, some later than they were due.
  const recent = thread.receivedAt.getTime() > now.getTime() - 7 * DAY;
  if ((recent && thread.storyIndex % 3 === 0) || answeredAt >= now) return;
  const version = async () => (await scene.knex('message_threads').first('version').where({ id: threadId })).version as number;
  const staffActor = (at: Date) => actorAt(at, scene.staff);

  if (recent && thread.storyIndex % 3 === 1) {
    // Looked at, a note left for a colleague, not answered yet.
    await addNote(scene.deps(answeredAt), staffActor(answeredAt), threadId, {
      body: 'Checked the account history; waiting for the insurer’s answer before replying.',
    });
    return;
  }
  const closeNow = answeredAt.getTime() < now.getTime() - 10 * DAY && thread.storyIndex % 4 !== 0;
  await replyToThread(scene.deps(answeredAt), staffActor(answeredAt), threadId, {
    body: faker.helpers.arrayElement(ANSWERS[thread.topic]),
    version: await version(),
    status: closeNow ? 'closed' : 'waiting_on_patient',
  });
  if (closeNow) return;
  // The patient writes back a day later; staff answer and close when that has happened by now.
  const patientAt = new Date(answeredAt.getTime() + faker.number.float({ min: 0.3, max: 3 }) * DAY);
  if (patientAt >= now || thread.storyIndex % 3 === 0) return;
  await receivePortalReply(scene.deps(patientAt), actorAt(patientAt, PORTAL), threadId, {
    username: thread.username,
    body: 'Thank you. One more question: is there anything else I need to do?',
  });
  const closedAt = afterBusinessMinutes(patientAt, faker.number.int({ min: 30, max: 600 }), calendar);
  if (closedAt >= now) return;
  await replyToThread(scene.deps(closedAt), staffActor(closedAt), threadId, {
    body: 'Nothing else is needed. We are closing this conversation; write again any time.',
    version: await version(),
    status: 'closed',
  });
}
