import { Writable } from 'node:stream';
import pino from 'pino';
import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MessageTopic } from './message-topics.ts';
import {
  createHarness,
  createPatient,
  createPortalToken,
  createStaff,
  signedInAs,
  signIn,
  uniqueSuffix,
  type Harness,
  type SignedIn,
} from '../../testing/harness.ts';

let h: Harness;
let billing: SignedIn;
let otherBilling: SignedIn;
let support: SignedIn;
let roi: SignedIn;
let compliance: SignedIn;
let admin: SignedIn;
let desk: SignedIn;
let portalToken: string;
let realNow: number;
let logLines: string[] = [];

/** Tuesday 24 November 2026, 10:00 in New York (EST): two days before Thanksgiving. */
const TUESDAY_BEFORE_THANKSGIVING = Date.parse('2026-11-24T15:00:00Z');
/** Monday 30 November 2026, 09:00 in New York. */
const MONDAY_MORNING = Date.parse('2026-11-30T14:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  h = await createHarness({ logger: pino({ level: 'info' }, sink) });
  realNow = h.clock.now;
  [billing, otherBilling, support, roi, compliance, admin, desk] = await Promise.all([
    signedInAs(h, ['billing']),
    signedInAs(h, ['billing']),
    signedInAs(h, ['support']),
    signedInAs(h, ['roi']),
    signedInAs(h, ['compliance']),
    signedInAs(h, ['admin']),
    signedInAs(h, ['front_desk']),
  ]);
  portalToken = await createPortalToken(h);
  // Thanksgiving (Thursday 26 November 2026) among them.
  await admin.agent.post('/api/business-holidays/federal').set('X-CSRF-Token', admin.csrf).send({ year: 2026 }).expect(201);
});
afterEach(() => {
  h.clock.now = realNow;
});
afterAll(() => h.close());

/** A patient with a portal account (active unless said). */
async function patientWithAccount(status = 'active') {
  const patient = await createPatient(h.knex, { given_name: 'Rosa' });
  const username = `patient-${uniqueSuffix()}`;
  const at = new Date(h.clock.now);
  await h
    .knex('portal_accounts')
    .insert({ patient_id: patient.id, username, status, activated_at: at, updated_at: at, locked_at: status === 'locked' ? at : null });
  return { patient, username };
}

/** A guarantor account on `patientIds`, billed from a location of its own. */
async function guarantorAccount(patientIds: number[], { closed = false, balanceCents = 12_345 } = {}) {
  const suffix = uniqueSuffix();
  const at = new Date(h.clock.now);
  const [location] = await h
    .knex('service_locations')
    .insert({ name: `Clinic ${suffix}`, billing_phone: '+18609724993', accepts_online_payments: true, created_at: at, updated_at: at })
    .returning(['id', 'name']);
  const accountNumber = `G${suffix}`.toUpperCase();
  const [account] = await h
    .knex('guarantor_accounts')
    .insert({
      account_number: accountNumber,
      guarantor_family_name: 'Payer',
      guarantor_given_name: 'Paula',
      address_line1: '1 Main St',
      city: 'Hartford',
      state: 'CT',
      zip: '06106',
      balance_cents: balanceCents,
      service_location_id: location.id,
      closed_at: closed ? at : null,
      imported_at: at,
    })
    .returning('id');
  await h.knex('guarantor_account_patients').insert(patientIds.map((patientId) => ({ guarantor_account_id: account.id, patient_id: patientId })));
  return { id: Number(account.id), accountNumber, locationName: location.name as string };
}

const portal = {
  send: (body: object) => supertest(h.app).post('/portal-api/v1/messages').set('Authorization', `Bearer ${portalToken}`).send(body),
  reply: (threadId: number, body: object) =>
    supertest(h.app).post(`/portal-api/v1/messages/${threadId}/replies`).set('Authorization', `Bearer ${portalToken}`).send(body),
  read: (username: string) => supertest(h.app).get('/portal-api/v1/messages').query({ username }).set('Authorization', `Bearer ${portalToken}`),
};

/** A patient's new thread on `topic` (billing ones name an account of theirs), sent through the portal. */
async function newThread(topic: MessageTopic, { subject = 'A question', body = 'Hello, I have a question.' } = {}) {
  const { patient, username } = await patientWithAccount();
  const account = topic === 'billing' ? await guarantorAccount([patient.id]) : undefined;
  const { body: sent } = await portal.send({ username, topic, subject, body, ...(account ? { guarantorAccount: account.accountNumber } : {}) }).expect(201);
  return { threadId: sent.threadId as number, dueAt: sent.dueAt as string, patient, username, account };
}

/**
 * `who` signed in anew at the test clock's time. A clock moved forward past a session's last
 * request ends it (15 idle minutes): tests that move the clock use sessions of their own.
 */
const again = (who: SignedIn) => signIn(h.app, who.staff);

const show = (who: SignedIn, id: number) => who.agent.get(`/api/message-threads/${id}`);
const reply = (who: SignedIn, id: number, body: object) => who.agent.post(`/api/message-threads/${id}/replies`).set('X-CSRF-Token', who.csrf).send(body);
const note = (who: SignedIn, id: number, body: object) => who.agent.post(`/api/message-threads/${id}/notes`).set('X-CSRF-Token', who.csrf).send(body);
const change = (who: SignedIn, id: number, body: object) => who.agent.put(`/api/message-threads/${id}`).set('X-CSRF-Token', who.csrf).send(body);
const listOf = (who: SignedIn, filter: object) => who.agent.get('/api/message-threads').query({ filter: JSON.stringify(filter) });
const versionOf = async (id: number) => (await h.knex('message_threads').first('version').where({ id })).version as number;

describe('messages from the portal land in their team’s queue', () => {
  it('when a patient writes on each topic, then each thread is in its own team’s queue only, and the privacy office reads all three', async () => {
    const { patient, username } = await patientWithAccount();
    const account = await guarantorAccount([patient.id]);
    const ids: Record<string, number> = {};
    for (const topic of ['billing', 'technical', 'medical_records'] as const) {
      const { body } = await portal
        .send({ username, topic, subject: `About ${topic}`, body: 'Please help.', ...(topic === 'billing' ? { guarantorAccount: account.accountNumber } : {}) })
        .expect(201);
      expect(body).toEqual({ threadId: expect.any(Number), dueAt: expect.any(String) });
      ids[topic] = body.threadId;
    }
    for (const [who, topic, team] of [
      [billing, 'billing', 'billing'],
      [support, 'technical', 'support'],
      [roi, 'medical_records', 'roi'],
    ] as const) {
      const { body, headers } = await listOf(who, { patient_id: patient.id }).expect(200);
      expect(body).toEqual([
        expect.objectContaining({ id: ids[topic], topic, team, status: 'new', patient_mrn: patient.mrn, patient_name: `${patient.family_name}, Rosa` }),
      ]);
      expect(headers['content-range']).toBe('message-threads 0-0/1');
    }
    const { body: billingRow } = await show(billing, ids.billing).expect(200);
    expect(billingRow).toMatchObject({ guarantor_account_id: account.id, guarantor_account_number: account.accountNumber, last_message_from: 'patient' });

    const { body: everything } = await listOf(compliance, { patient_id: patient.id }).expect(200);
    expect(everything.map((row: { topic: string }) => row.topic).sort()).toEqual(['billing', 'medical_records', 'technical']);
    await show(compliance, ids.technical).expect(200);
  });

  it('when a team asks for another team’s thread or topic, then 404 and an empty list: its existence is not told', async () => {
    const technical = await newThread('technical');
    const billed = await newThread('billing');
    const refused = await show(billing, technical.threadId).expect(404);
    expect(refused.body.code).toBe('not_found');
    const missing = await show(billing, 987_654_321).expect(404);
    expect(refused.body.message).toBe(missing.body.message);
    await reply(billing, technical.threadId, { body: 'Hi', version: 1 }).expect(404);
    await note(billing, technical.threadId, { body: 'Hi' }).expect(404);
    await change(billing, technical.threadId, { status: 'closed', version: 1 }).expect(404);
    await billing.agent.put(`/api/message-threads/${technical.threadId}/drafting`).set('X-CSRF-Token', billing.csrf).expect(404);
    await billing.agent.get(`/api/message-threads/${technical.threadId}/saved-replies`).expect(404);

    const { body: supportsBilling, headers } = await listOf(support, { topic: 'billing' }).expect(200);
    expect(supportsBilling).toEqual([]);
    expect(headers['content-range']).toBe('message-threads */0');
    expect((await listOf(support, { patient_id: billed.patient.id }).expect(200)).body).toEqual([]);

    const denied = await h
      .knex('audit_events')
      .first('outcome', 'staff_user_id', 'details')
      .where({ resource: 'message-threads', action: 'show', resource_id: String(technical.threadId), patient_id: technical.patient.id });
    expect(denied).toMatchObject({ outcome: 'denied', staff_user_id: billing.staff.id, details: { reason: 'other_team' } });
  });

  it('when the queue is listed and a thread opened, then both are audited under the patient', async () => {
    const { threadId, patient } = await newThread('medical_records');
    await listOf(roi, { patient_id: patient.id }).expect(200);
    await show(roi, threadId).expect(200);
    const rows = await h
      .knex('audit_events')
      .select('action', 'patient_id', 'listed_patient_ids')
      .where({ resource: 'message-threads', staff_user_id: roi.staff.id })
      .where((inner) => inner.where({ patient_id: patient.id }).orWhereRaw('? = ANY(listed_patient_ids)', [patient.id]))
      .orderBy('id');
    expect(rows).toEqual([
      { action: 'list', patient_id: patient.id, listed_patient_ids: [patient.id] },
      { action: 'show', patient_id: patient.id, listed_patient_ids: null },
    ]);
    const submitted = await h
      .knex('audit_events')
      .first('details')
      .where({ resource: 'message-threads', action: 'submit', resource_id: String(threadId) });
    expect(submitted.details).toEqual({ topic: 'medical_records' });
  });

  it('when a change saves what is there already, then 200 with the thread, audited under the patient as an edit that changed nothing', async () => {
    const { threadId, patient } = await newThread('billing');
    const { body } = await change(billing, threadId, { assignee_id: null, version: 1 }).expect(200);
    expect(body).toMatchObject({ id: threadId, version: 1, messages: [expect.objectContaining({ kind: 'patient' })] });
    const rows = await h
      .knex('audit_events')
      .select('action', 'outcome', 'patient_id', 'details')
      .where({ resource: 'message-threads', resource_id: String(threadId), staff_user_id: billing.staff.id });
    expect(rows).toEqual([{ action: 'edit', outcome: 'success', patient_id: patient.id, details: { unchanged: true } }]);
  });

  it('when the queue is filtered by status, assignee, overdue or a search, then it answers those threads only', async () => {
    const subject = `Portal login ${uniqueSuffix()}`;
    const first = await newThread('technical', { subject });
    const second = await newThread('technical', { subject });
    const { body: detail } = await show(support, second.threadId).expect(200);
    await reply(support, second.threadId, { body: 'Try again now.', version: detail.version }).expect(201);

    const ids = async (filter: object) => (await listOf(support, { q: subject, ...filter }).expect(200)).body.map((row: { id: number }) => row.id);
    expect(await ids({})).toEqual([first.threadId, second.threadId]);
    expect(await ids({ status: 'new' })).toEqual([first.threadId]);
    expect(await ids({ status: ['new', 'waiting_on_patient'] })).toEqual([first.threadId, second.threadId]);
    expect(await ids({ assignee_id: 'me' })).toEqual([second.threadId]);
    expect(await ids({ assignee_id: support.staff.id })).toEqual([second.threadId]);
    expect(await ids({ assignee_id: null })).toEqual([first.threadId]);
    expect(await ids({ overdue: true })).toEqual([]);
    expect((await listOf(support, { q: first.patient.mrn }).expect(200)).body.map((row: { id: number }) => row.id)).toEqual([first.threadId]);
    // An MRN stored in lower case is found by either case.
    const lowerMrn = first.patient.mrn.toLowerCase();
    await h.knex('patients').where({ id: first.patient.id }).update({ mrn: lowerMrn });
    for (const q of [lowerMrn, lowerMrn.toUpperCase()]) {
      expect(
        (await listOf(support, { q }).expect(200)).body.map((row: { id: number }) => row.id),
        q,
      ).toEqual([first.threadId]);
    }
    expect((await listOf(support, { q: `${first.patient.family_name}, ro` }).expect(200)).body.map((row: { id: number }) => row.id)).toEqual([first.threadId]);
    const bad = await listOf(support, { status: 'pending' }).expect(400);
    expect(bad.body.errors).toHaveProperty(['filter.status']);
  });
});

describe('what the portal may send', () => {
  it('when a billing message names no account, someone else’s, a closed one, or another topic names one, then 422 names guarantorAccount, the refusal is audited under the patient and nothing is stored', async () => {
    const { patient, username } = await patientWithAccount();
    const stranger = await createPatient(h.knex);
    const theirs = await guarantorAccount([stranger.id]);
    const closed = await guarantorAccount([patient.id], { closed: true });
    const mine = await guarantorAccount([patient.id]);
    const base = { username, subject: 'My bill', body: 'Why is it so high?' };
    const cases = [
      [{ ...base, topic: 'billing' }, 'guarantor_account_required'],
      [{ ...base, topic: 'billing', guarantorAccount: theirs.accountNumber }, 'guarantor_account_unknown'],
      [{ ...base, topic: 'billing', guarantorAccount: closed.accountNumber }, 'guarantor_account_unknown'],
      [{ ...base, topic: 'billing', guarantorAccount: 'NO-SUCH-ACCOUNT' }, 'guarantor_account_unknown'],
      [{ ...base, topic: 'technical', guarantorAccount: mine.accountNumber }, 'guarantor_account_not_allowed'],
    ] as const;
    for (const [body, code] of cases) {
      const refused = await portal.send(body).expect(422);
      expect(refused.body.code, JSON.stringify(body)).toBe(code);
      expect(refused.body.errors).toHaveProperty('guarantorAccount');
      // Naming an account that is not theirs may be probing: the patient's ledger keeps every refusal.
      const audited = await h
        .knex('audit_events')
        .select('action', 'resource', 'outcome', 'patient_id', 'details')
        .where({ request_id: refused.headers['x-request-id'] });
      expect(audited, code).toEqual([{ action: 'submit', resource: 'message-threads', outcome: 'failed', patient_id: patient.id, details: { reason: code } }]);
    }
    expect(await h.knex('message_threads').where({ patient_id: patient.id })).toEqual([]);
    await portal.send({ ...base, topic: 'billing', guarantorAccount: mine.accountNumber }).expect(201);
  });

  it('when a billing message names its account in lower case or with spaces, then it is found as the guest lookup finds it', async () => {
    const { patient, username } = await patientWithAccount();
    const mine = await guarantorAccount([patient.id]);
    const typed = ` ${mine.accountNumber.slice(0, 4).toLowerCase()} ${mine.accountNumber.slice(4).toLowerCase()} `;
    const { body } = await portal.send({ username, topic: 'billing', subject: 'My bill', body: 'Why?', guarantorAccount: typed }).expect(201);
    const stored = await h.knex('message_threads').first('guarantor_account_id').where({ id: body.threadId });
    expect(stored.guarantor_account_id).toBe(mine.id);
  });

  it('when the username has no active portal account, then 422 account_unknown or account_inactive, each refusal audited (under the patient when there is one)', async () => {
    const unknown = await portal.send({ username: `nobody-${uniqueSuffix()}`, topic: 'billing', subject: 'Hi', body: 'Hi' }).expect(422);
    expect(unknown.body).toMatchObject({ code: 'account_unknown', errors: { username: 'is not a portal account' } });
    const { patient, username } = await patientWithAccount('locked');
    const locked = await portal.send({ username, topic: 'technical', subject: 'Hi', body: 'Hi' }).expect(422);
    expect(locked.body.code).toBe('account_inactive');
    const unknownRead = await portal.read(`nobody-${uniqueSuffix()}`).expect(422);
    expect(unknownRead.body.code).toBe('account_unknown');
    const lockedRead = await portal.read(username).expect(422);
    expect(lockedRead.body.code).toBe('account_inactive');

    const auditOf = (response: { headers: Record<string, string> }) =>
      h.knex('audit_events').select('action', 'resource', 'outcome', 'patient_id', 'details').where({ request_id: response.headers['x-request-id'] });
    const refusal = (action: string, patientId: number | null, reason: string) => [
      { action, resource: 'message-threads', outcome: 'failed', patient_id: patientId, details: { reason } },
    ];
    expect(await auditOf(unknown)).toEqual(refusal('submit', null, 'account_unknown'));
    expect(await auditOf(locked)).toEqual(refusal('submit', patient.id, 'account_inactive'));
    expect(await auditOf(unknownRead)).toEqual(refusal('portal-read', null, 'account_unknown'));
    expect(await auditOf(lockedRead)).toEqual(refusal('portal-read', patient.id, 'account_inactive'));
  });

  it('when the body is 10,001 characters, holds a NUL byte or only spaces, or the subject is too long, then 400 names the field; 10,000 characters are taken', async () => {
    const { patient, username } = await patientWithAccount();
    const base = { username, topic: 'technical', subject: 'Long one' };
    for (const [body, field] of [
      [{ ...base, body: 'x'.repeat(10_001) }, 'body'],
      [{ ...base, body: 'before\u0000after' }, 'body'],
      [{ ...base, body: '   \n\t ' }, 'body'],
      [{ ...base, subject: 's'.repeat(201), body: 'Hi' }, 'subject'],
      [{ ...base, subject: '', body: 'Hi' }, 'subject'],
      [{ ...base, subject: 'Line one\nLine two', body: 'Hi' }, 'subject'],
      [{ ...base, subject: 'Line one\r\nLine two', body: 'Hi' }, 'subject'],
      [{ ...base, subject: 'Carriage\rreturn', body: 'Hi' }, 'subject'],
      [{ ...base, subject: 'Tab\there', body: 'Hi' }, 'subject'],
      [{ ...base, subject: 'Line\u2028separator', body: 'Hi' }, 'subject'],
    ] as const) {
      const refused = await portal.send(body).expect(400);
      expect(refused.body.errors, JSON.stringify(body).slice(0, 80)).toHaveProperty(field);
    }
    expect(await h.knex('message_threads').where({ patient_id: patient.id })).toEqual([]);
    const text = `${'Line one\tcolumn\n'}${'y'.repeat(10_000 - 16)}`;
    const { body } = await portal.send({ ...base, body: text }).expect(201);
    const stored = await h.knex('thread_messages').first('body').where({ thread_id: body.threadId });
    expect(stored.body).toBe(text);
  });

  it('when 10,000 Cyrillic characters come \\u-escaped (six bytes a character), then the body is under the limit and the text is stored', async () => {
    const { username } = await patientWithAccount();
    const text = 'Здравствуйте'.repeat(1_000).slice(0, 10_000);
    const escaped = JSON.stringify({ username, topic: 'technical', subject: 'Вопрос о счёте', body: text }).replace(
      /[\u0080-\uffff]/g,
      (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    expect(escaped.length).toBeGreaterThan(60_000);
    const { body } = await supertest(h.app)
      .post('/portal-api/v1/messages')
      .set('Authorization', `Bearer ${portalToken}`)
      .set('Content-Type', 'application/json')
      .send(escaped)
      .expect(201);
    const stored = await h.knex('thread_messages').first('body').where({ thread_id: body.threadId });
    expect(stored.body).toBe(text);
  });

  it('when a patient writes, then neither the subject nor the text reaches the logs', async () => {
    logLines = [];
    const secret = `Secretsubject${uniqueSuffix()}`;
    const { threadId, username } = await newThread('technical', { subject: secret, body: `${secret} body text` });
    await portal.reply(threadId, { username, body: `${secret} again` }).expect(201);
    await portal.read(username).expect(200);
    await show(support, threadId).expect(200);
    const logs = logLines.join('');
    expect(logs).toContain('request completed');
    expect(logs).not.toContain(secret);
  });

  it('when the portal replies to a thread of another username, or one that does not exist, then 404', async () => {
    const { threadId, patient } = await newThread('technical');
    const other = await patientWithAccount();
    const notTheirs = await portal.reply(threadId, { username: other.username, body: 'Not mine' }).expect(404);
    const missing = await portal.reply(987_654_321, { username: other.username, body: 'Nothing' }).expect(404);
    const nobody = await portal.reply(threadId, { username: `nobody-${uniqueSuffix()}`, body: 'Nobody' }).expect(404);
    expect(await h.knex('thread_messages').where({ thread_id: threadId })).toHaveLength(1);
    // The same answer to the portal; the audit trail keeps whose thread was tried.
    const audited = async (response: { headers: Record<string, string> }) =>
      h
        .knex('audit_events')
        .select('action', 'resource', 'resource_id', 'outcome', 'patient_id', 'details')
        .where({ request_id: response.headers['x-request-id'] });
    const refusal = { action: 'portal-reply', resource: 'message-threads', resource_id: String(threadId) };
    expect(await audited(notTheirs)).toEqual([{ ...refusal, outcome: 'denied', patient_id: patient.id, details: { reason: 'other_account' } }]);
    expect(await audited(nobody)).toEqual([{ ...refusal, outcome: 'denied', patient_id: patient.id, details: { reason: 'unknown_username' } }]);
    expect(await audited(missing)).toEqual([{ ...refusal, resource_id: '987654321', outcome: 'failed', patient_id: null, details: { reason: 'not_found' } }]);
  });
});

describe('the due clock', () => {
  it('when a message arrives on the Tuesday before Thanksgiving at 10:00, then it is due across the holiday and the weekend, on Monday at 10:00', async () => {
    h.clock.now = TUESDAY_BEFORE_THANKSGIVING;
    const { threadId, dueAt } = await newThread('technical');
    // Tuesday 6 h, Wednesday 8 h, Thursday a holiday, Friday 8 h, the weekend, Monday 2 h.
    expect(dueAt).toBe('2026-11-30T15:00:00.000Z');
    const { body } = await show(await again(support), threadId).expect(200);
    expect(body).toMatchObject({ due_at: '2026-11-30T15:00:00.000Z', overdue: false, business_minutes_left: null, status: 'new' });
    h.clock.now = Date.parse('2026-11-30T15:01:00Z');
    const later = await again(support);
    expect((await show(later, threadId).expect(200)).body.overdue).toBe(true);
    expect((await listOf(later, { overdue: true, id: [threadId] }).expect(200)).body).toHaveLength(1);
  });

  it('when a message arrives on a Saturday, then its clock starts at Monday’s opening', async () => {
    h.clock.now = Date.parse('2026-11-21T17:00:00Z');
    const { dueAt } = await newThread('medical_records');
    expect(dueAt).toBe('2026-11-25T21:00:00.000Z');
  });

  it('when staff wait on the patient, then the clock pauses, resumes with what was left when the patient answers, and starts afresh when a closed thread is reopened', async () => {
    h.clock.now = MONDAY_MORNING;
    const { threadId, username } = await newThread('billing');
    expect((await show(await again(billing), threadId).expect(200)).body.due_at).toBe('2026-12-03T14:00:00.000Z');

    h.clock.now = MONDAY_MORNING + 2 * HOUR;
    const { body: waiting } = await reply(await again(billing), threadId, { body: 'Which statement do you mean?', version: 1 }).expect(201);
    expect(waiting).toMatchObject({
      status: 'waiting_on_patient',
      due_at: null,
      overdue: false,
      business_minutes_left: 3 * 480 - 120,
      first_response_at: '2026-11-30T16:00:00.000Z',
      first_response_business_minutes: 120,
      assignee_id: billing.staff.id,
      last_message_from: 'staff',
      version: 2,
    });

    // Wednesday 10:00: 1,320 minutes left run to Friday at 16:00.
    h.clock.now = Date.parse('2026-12-02T15:00:00Z');
    const { body: answered } = await portal.reply(threadId, { username, body: 'The one from October.' }).expect(201);
    expect(answered).toEqual({ messageId: expect.any(Number), status: 'open' });
    expect((await show(await again(billing), threadId).expect(200)).body).toMatchObject({
      status: 'open',
      due_at: '2026-12-04T21:00:00.000Z',
      business_minutes_left: null,
      first_response_business_minutes: 120,
      last_message_from: 'patient',
      version: 3,
    });

    h.clock.now = Date.parse('2026-12-04T14:00:00Z');
    const { body: closed } = await change(await again(billing), threadId, { status: 'closed', version: 3 }).expect(200);
    expect(closed).toMatchObject({ status: 'closed', due_at: null, closed_at: '2026-12-04T14:00:00.000Z', version: 4 });

    // Monday 7 December, 10:00: a fresh three business days.
    h.clock.now = Date.parse('2026-12-07T15:00:00Z');
    expect((await portal.reply(threadId, { username, body: 'One more thing.' }).expect(201)).body.status).toBe('open');
    expect((await show(await again(billing), threadId).expect(200)).body).toMatchObject({
      status: 'open',
      closed_at: null,
      due_at: '2026-12-10T15:00:00.000Z',
    });

    // Reopened by staff from closed: a fresh clock too.
    h.clock.now = Date.parse('2026-12-08T15:00:00Z');
    const tuesday = await again(billing);
    await change(tuesday, threadId, { status: 'closed', version: 5 }).expect(200);
    const { body: reopened } = await change(tuesday, threadId, { status: 'open', version: 6 }).expect(200);
    expect(reopened).toMatchObject({ status: 'open', due_at: '2026-12-11T15:00:00.000Z' });
  });

  it('when staff set a thread nobody has replied to as waiting on the patient, then 422 names status and the clock runs on', async () => {
    const { threadId } = await newThread('technical');
    const refused = await change(support, threadId, { status: 'waiting_on_patient', version: 1 }).expect(422);
    expect(refused.body).toMatchObject({
      code: 'not_asked_yet',
      errors: { status: 'reply first: waiting on the patient pauses the clock only once they have been asked something' },
    });
    expect(await h.knex('message_threads').first('status', 'version', 'due_at').where({ id: threadId })).toMatchObject({
      status: 'new',
      version: 1,
      due_at: expect.any(Date),
    });
    // Closed unanswered and reopened to wait: still nothing asked.
    await change(support, threadId, { status: 'closed', version: 1 }).expect(200);
    await change(support, threadId, { status: 'waiting_on_patient', version: 2 }).expect(422);
    await change(support, threadId, { status: 'open', version: 2 }).expect(200);
    await reply(support, threadId, { body: 'Which browser do you use?', version: 3, status: 'open' }).expect(201);
    expect((await change(support, threadId, { status: 'waiting_on_patient', version: 4 }).expect(200)).body).toMatchObject({
      status: 'waiting_on_patient',
      due_at: null,
    });
  });

  it('when staff take, reassign or unassign a thread, then only to someone of its team', async () => {
    const { threadId } = await newThread('billing');
    await change(billing, threadId, { assignee_id: otherBilling.staff.id, version: 1 })
      .expect(200)
      .then(({ body }) => expect(body).toMatchObject({ assignee_id: otherBilling.staff.id, assignee_name: `Test ${otherBilling.staff.username}`, version: 2 }));
    const refused = await change(billing, threadId, { assignee_id: support.staff.id, version: 2 }).expect(422);
    expect(refused.body).toMatchObject({ code: 'assignee_not_allowed', errors: { assignee_id: 'is not an active member of the billing team' } });
    const { body } = await change(billing, threadId, { assignee_id: null, version: 2 }).expect(200);
    expect(body).toMatchObject({ assignee_id: null, version: 3 });
    // Saving what is there already changes nothing.
    expect((await change(billing, threadId, { assignee_id: null, version: 3 }).expect(200)).body.version).toBe(3);
  });

  it('when a change is refused or changes nothing, then it is audited as an edit under the patient: failed with its reason, or unchanged', async () => {
    const { threadId, patient } = await newThread('billing');
    await change(billing, threadId, { assignee_id: support.staff.id, version: 1 }).expect(422);
    await change(billing, threadId, { status: 'waiting_on_patient', version: 1 }).expect(422);
    expect((await change(billing, threadId, { version: 1 }).expect(200)).body.version).toBe(1);
    await change(billing, threadId, { status: 'closed', version: 1 }).expect(200);
    expect((await change(billing, threadId, { status: 'closed', version: 2 }).expect(200)).body.version).toBe(2);

    const rows = await h
      .knex('audit_events')
      .select('action', 'outcome', 'patient_id', 'details')
      .where({ resource: 'message-threads', resource_id: String(threadId), staff_user_id: billing.staff.id })
      .orderBy('id');
    expect(rows).toEqual([
      { action: 'edit', outcome: 'failed', patient_id: patient.id, details: { reason: 'assignee_not_allowed', assignee_id: support.staff.id } },
      { action: 'edit', outcome: 'failed', patient_id: patient.id, details: { reason: 'not_asked_yet', status: 'waiting_on_patient' } },
      { action: 'edit', outcome: 'success', patient_id: patient.id, details: { unchanged: true } },
      { action: 'edit', outcome: 'success', patient_id: patient.id, details: { status: { from: 'new', to: 'closed' } } },
      { action: 'edit', outcome: 'success', patient_id: patient.id, details: { unchanged: true } },
    ]);
    // A stale save is told of the change that stepped the version, not of the save that changed nothing.
    const stale = await change(otherBilling, threadId, { status: 'open', version: 1 }).expect(409);
    expect(stale.body.message).toMatch(new RegExp(`^Test ${billing.staff.username} closed it at `));
  });
});

describe('two staff answering one thread', () => {
  it('when two reply at once from the same version, then one is sent and the other gets 409 with the first reply, and nothing of theirs is saved', async () => {
    const { threadId, patient } = await newThread('billing');
    const [first, second] = await Promise.all([
      reply(billing, threadId, { body: 'Answer from the first', version: 1 }),
      reply(otherBilling, threadId, { body: 'Answer from the second', version: 1 }),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    const [won, lost] = first.status === 201 ? [first, second] : [second, first];
    const [winner, loser] = first.status === 201 ? [billing, otherBilling] : [otherBilling, billing];
    const winnerText = winner === billing ? 'Answer from the first' : 'Answer from the second';
    const loserText = winner === billing ? 'Answer from the second' : 'Answer from the first';

    expect(lost.body.code).toBe('thread_changed');
    expect(lost.body.message).toMatch(new RegExp(`^Test ${winner.staff.username} replied at .*after you opened this thread`));
    expect(lost.body.details.thread).toMatchObject({ id: threadId, version: 2, status: 'waiting_on_patient', assignee_id: winner.staff.id });
    const bodies = lost.body.details.thread.messages.map((message: { body: string }) => message.body);
    expect(bodies).toContain(winnerText);
    expect(bodies).not.toContain(loserText);
    expect(won.body.version).toBe(2);

    expect(await h.knex('thread_messages').where({ thread_id: threadId, kind: 'staff_reply' }).pluck('body')).toEqual([winnerText]);
    expect(await h.knex('outbox_messages').where({ patient_id: patient.id, kind: 'message_reply_notice' })).toHaveLength(1);
    const refusedAudit = await h
      .knex('audit_events')
      .first('outcome', 'details')
      .where({ resource: 'message-threads', action: 'reply', staff_user_id: loser.staff.id, resource_id: String(threadId) });
    expect(refusedAudit).toEqual({ outcome: 'failed', details: { reason: 'thread_changed' } });
  });

  it('when five staff reply at once from the same version, then exactly one reply is sent', async () => {
    const { threadId } = await newThread('technical');
    const team = [support, ...(await Promise.all([1, 2, 3, 4].map(() => signedInAs(h, ['support']))))];
    const answers = await Promise.all(team.map((who, index) => reply(who, threadId, { body: `Answer ${index}`, version: 1 })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await h.knex('thread_messages').where({ thread_id: threadId, kind: 'staff_reply' })).toHaveLength(1);
    expect(await versionOf(threadId)).toBe(2);
  });

  it('when the patient wrote or someone closed the thread after it was opened, then a reply or change from the older version is refused saying so', async () => {
    const { threadId, username } = await newThread('technical');
    await reply(support, threadId, { body: 'Please try again.', version: 1 }).expect(201);
    await portal.reply(threadId, { username, body: 'Still broken.' }).expect(201);
    const afterPatient = await reply(support, threadId, { body: 'Late answer', version: 2 }).expect(409);
    expect(afterPatient.body.message).toMatch(/^The patient wrote again at /);
    expect(afterPatient.body.details.thread.messages.at(-1).body).toBe('Still broken.');

    const otherSupport = await signedInAs(h, ['support']);
    await change(otherSupport, threadId, { status: 'closed', version: 3 }).expect(200);
    const afterClose = await change(support, threadId, { status: 'waiting_on_patient', version: 3 }).expect(409);
    expect(afterClose.body.message).toMatch(new RegExp(`^Test ${otherSupport.staff.username} closed it at .*Your change was not saved`));
    expect(afterClose.body.details.thread).toMatchObject({ status: 'closed', version: 4 });
  });

  it('when another staff member is writing a reply, then the thread shows them to others (not to themselves) for a minute', async () => {
    const { threadId } = await newThread('billing');
    await billing.agent.put(`/api/message-threads/${threadId}/drafting`).set('X-CSRF-Token', billing.csrf).expect(204);
    const { body: seenByOther } = await show(otherBilling, threadId).expect(200);
    expect(seenByOther.replying).toEqual([
      { staff_user_id: billing.staff.id, name: `Test ${billing.staff.username}`, since: new Date(h.clock.now).toISOString() },
    ]);
    expect((await show(billing, threadId).expect(200)).body.replying).toEqual([]);

    h.clock.advance(61_000);
    expect((await show(otherBilling, threadId).expect(200)).body.replying).toEqual([]);

    await billing.agent.put(`/api/message-threads/${threadId}/drafting`).set('X-CSRF-Token', billing.csrf).expect(204);
    expect((await show(otherBilling, threadId).expect(200)).body.replying).toHaveLength(1);
    await billing.agent.delete(`/api/message-threads/${threadId}/drafting`).set('X-CSRF-Token', billing.csrf).expect(204);
    expect((await show(otherBilling, threadId).expect(200)).body.replying).toEqual([]);

    // Sending the reply ends the announcement.
    await billing.agent.put(`/api/message-threads/${threadId}/drafting`).set('X-CSRF-Token', billing.csrf).expect(204);
    await reply(billing, threadId, { body: 'Done.', version: 1 }).expect(201);
    expect((await show(otherBilling, threadId).expect(200)).body.replying).toEqual([]);
  });
});

describe('replies and internal notes', () => {
  it('when staff add a note and a reply, then the portal reads the reply and never the note, and the note does not step the version', async () => {
    const { threadId, username, patient } = await newThread('medical_records', { body: 'Where are my records?' });
    const { body: noted } = await note(roi, threadId, { body: 'Internal: check the chart first' }).expect(201);
    expect(noted).toMatchObject({ status: 'open', version: 1, last_message_from: 'patient' });
    expect(noted.messages.map((message: { kind: string }) => message.kind)).toEqual(['patient', 'internal_note']);
    expect(noted.messages[1].author).toEqual({ id: roi.staff.id, name: `Test ${roi.staff.username}` });

    const text = 'They are ready.\n\n<b>Not HTML</b>\tTabbed.';
    await reply(roi, threadId, { body: text, version: 1, status: 'open' }).expect(201);
    const { body } = await portal.read(username).expect(200);
    expect(body.threads).toEqual([
      {
        threadId,
        topic: 'medical_records',
        subject: 'A question',
        status: 'open',
        guarantorAccount: null,
        receivedAt: expect.any(String),
        messages: [
          { id: expect.any(Number), from: 'patient', body: 'Where are my records?', sentAt: expect.any(String) },
          { id: expect.any(Number), from: 'staff', staffName: `Test ${roi.staff.username}`, body: text, sentAt: expect.any(String) },
        ],
      },
    ]);
    expect(JSON.stringify(body)).not.toContain('Internal');
    const read = await h.knex('audit_events').first('action').where({ resource: 'message-threads', action: 'portal-read', patient_id: patient.id });
    expect(read).toBeDefined();

    const [notice] = await h.knex('outbox_messages').where({ patient_id: patient.id, kind: 'message_reply_notice' });
    expect(notice.payload).toEqual({ thread_id: threadId });
  });

  it('when a staff reply or note holds a NUL byte, 10,001 characters or nothing, then 400 names body and nothing is saved', async () => {
    const { threadId } = await newThread('technical');
    for (const body of ['a\u0000b', 'z'.repeat(10_001), '  \n ']) {
      const refused = await reply(support, threadId, { body, version: 1 }).expect(400);
      expect(refused.body.errors).toHaveProperty('body');
      expect((await note(support, threadId, { body }).expect(400)).body.errors).toHaveProperty('body');
    }
    expect((await reply(support, threadId, { version: 1 }).expect(400)).body.errors).toHaveProperty('body');
    expect((await reply(support, threadId, { body: 'Hi' }).expect(400)).body.errors).toHaveProperty('version');
    expect(await h.knex('thread_messages').where({ thread_id: threadId })).toHaveLength(1);
    expect(await versionOf(threadId)).toBe(1);
  });
});

describe('whom a thread may be assigned to', () => {
  const assignees = (who: SignedIn, id: number) => who.agent.get(`/api/message-threads/${id}/assignees`);

  it('when billing staff ask whom a billing thread may go to, then the active billing members answer by name, never a deactivated one or another team’s', async () => {
    const tag = uniqueSuffix();
    const [last, first, gone] = await Promise.all([
      createStaff(h.knex, ['billing']),
      createStaff(h.knex, ['billing']),
      createStaff(h.knex, ['billing'], { active: false }),
    ]);
    await h
      .knex('staff_users')
      .where({ id: last.id })
      .update({ display_name: `Zz Billing ${tag}` });
    await h
      .knex('staff_users')
      .where({ id: first.id })
      .update({ display_name: `Aa Billing ${tag}` });
    const { threadId } = await newThread('billing');

    const answer = await assignees(billing, threadId).expect(200);
    const body = answer.body as { id: number; name: string }[];
    expect(body).toEqual(
      expect.arrayContaining([
        { id: billing.staff.id, name: `Test ${billing.staff.username}` },
        { id: otherBilling.staff.id, name: `Test ${otherBilling.staff.username}` },
      ]),
    );
    const ids = body.map((member) => member.id);
    expect(ids).not.toContain(gone.id);
    expect(ids).not.toContain(support.staff.id);
    expect(ids.indexOf(first.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(last.id));
    // Each one is someone a reassignment takes: active, and of the billing team.
    const members = await h
      .knex('staff_users as s')
      .join('staff_user_roles as r', 'r.staff_user_id', 's.id')
      .whereIn('s.id', ids)
      .where({ 's.active': true, 'r.role': 'billing' })
      .pluck('s.id');
    expect(new Set(members).size).toBe(ids.length);
    await change(billing, threadId, { assignee_id: first.id, version: 1 }).expect(200);
    // Staff names are not patient data: the read leaves no audit row.
    expect(await h.knex('audit_events').where({ request_id: answer.headers['x-request-id'] })).toEqual([]);

    const technical = await newThread('technical');
    const { body: supportTeam } = await assignees(support, technical.threadId).expect(200);
    expect(supportTeam.map((member: { id: number }) => member.id)).toContain(support.staff.id);
    expect(supportTeam.map((member: { id: number }) => member.id)).not.toContain(billing.staff.id);
  });

  it('when billing asks about another team’s thread or one that does not exist, then 404 alike, and the refusal is audited', async () => {
    const technical = await newThread('technical');
    const refused = await assignees(billing, technical.threadId).expect(404);
    const missing = await assignees(billing, 987_654_321).expect(404);
    expect(refused.body.message).toBe(missing.body.message);
    const [denied] = await h.knex('audit_events').select('action', 'outcome', 'patient_id', 'details').where({ request_id: refused.headers['x-request-id'] });
    expect(denied).toEqual({ action: 'edit', outcome: 'denied', patient_id: technical.patient.id, details: { reason: 'other_team' } });
  });

  it('when the privacy office or front desk ask, then 403; without a session, 401', async () => {
    const { threadId } = await newThread('billing');
    await assignees(compliance, threadId).expect(403);
    await assignees(desk, threadId).expect(403);
    await supertest(h.app).get(`/api/message-threads/${threadId}/assignees`).expect(401);
  });
});

describe('who may call the thread routes', () => {
  it('when anonymous, then 401 on every staff route; without a token, 401 on every portal route', async () => {
    const { threadId } = await newThread('technical');
    const anonymous = supertest(h.app);
    for (const [method, path] of [
      ['get', '/api/message-threads'],
      ['get', '/api/message-team-stats'],
      ['get', `/api/message-threads/${threadId}`],
      ['post', `/api/message-threads/${threadId}/replies`],
      ['post', `/api/message-threads/${threadId}/notes`],
      ['put', `/api/message-threads/${threadId}`],
      ['put', `/api/message-threads/${threadId}/drafting`],
      ['delete', `/api/message-threads/${threadId}/drafting`],
      ['get', `/api/message-threads/${threadId}/saved-replies`],
      ['get', `/api/message-threads/${threadId}/assignees`],
      ['get', '/api/saved-replies'],
      ['get', '/api/saved-replies/1'],
      ['post', '/api/saved-replies'],
      ['put', '/api/saved-replies/1'],
      ['delete', '/api/saved-replies/1'],
      ['get', '/portal-api/v1/messages?username=x'],
      ['post', '/portal-api/v1/messages'],
      ['post', `/portal-api/v1/messages/${threadId}/replies`],
    ] as const) {
      expect((await anonymous[method](path)).status, `${method} ${path}`).toBe(401);
    }
  });

  it('when front desk, admin or the privacy office call what their role does not allow, then 403; the privacy office reads', async () => {
    const { threadId } = await newThread('technical');
    for (const who of [desk, admin]) {
      await who.agent.get('/api/message-threads').expect(403);
      await who.agent.get(`/api/message-threads/${threadId}`).expect(403);
      await who.agent.get('/api/message-team-stats').expect(403);
    }
    await desk.agent.get('/api/saved-replies').expect(403);
    for (const who of [compliance, desk]) {
      await reply(who, threadId, { body: 'No', version: 1 }).expect(403);
      await note(who, threadId, { body: 'No' }).expect(403);
      await change(who, threadId, { status: 'closed', version: 1 }).expect(403);
      await who.agent.put(`/api/message-threads/${threadId}/drafting`).set('X-CSRF-Token', who.csrf).expect(403);
      await who.agent.get(`/api/message-threads/${threadId}/saved-replies`).expect(403);
      await who.agent.get(`/api/message-threads/${threadId}/assignees`).expect(403);
    }
    await compliance.agent.get(`/api/message-threads/${threadId}`).expect(200);
    await compliance.agent.get('/api/message-team-stats').expect(200);
    expect(await h.knex('thread_messages').where({ thread_id: threadId })).toHaveLength(1);
  });
});

describe('team dashboards', () => {
  /** Wednesday 9 February 2011, 12:00 in New York: weeks nobody else's rows fall in. */
  const DASHBOARD_NOW = Date.parse('2011-02-09T17:00:00Z');

  async function answeredAfter(topic: MessageTopic, receivedAt: number, answeredAt: number | null) {
    h.clock.now = receivedAt;
    const { threadId } = await newThread(topic);
    if (answeredAt !== null) {
      h.clock.now = answeredAt;
      await reply(await again(topic === 'billing' ? billing : support), threadId, { body: 'Answered.', version: 1 }).expect(201);
    }
    return threadId;
  }

  it('when a team’s threads were answered after 1, 3 and 8 business hours in one week, then the median is 3 hours; each team sees its own dashboard', async () => {
    // Week of Monday 31 January 2011 (EST): 60, 180 and 480 business minutes.
    await answeredAfter('billing', Date.parse('2011-01-31T14:00:00Z'), Date.parse('2011-01-31T15:00:00Z'));
    await answeredAfter('billing', Date.parse('2011-02-01T14:00:00Z'), Date.parse('2011-02-01T17:00:00Z'));
    await answeredAfter('billing', Date.parse('2011-02-02T14:00:00Z'), Date.parse('2011-02-03T14:00:00Z'));
    // Week of Monday 7 February: one not answered yet; one of support's.
    await answeredAfter('billing', Date.parse('2011-02-08T14:00:00Z'), null);
    await answeredAfter('technical', Date.parse('2011-02-08T14:00:00Z'), Date.parse('2011-02-08T14:30:00Z'));

    h.clock.now = DASHBOARD_NOW;
    const { body } = await (await again(billing)).agent.get('/api/message-team-stats').expect(200);
    expect(body.map((team: { team: string }) => team.team)).toEqual(['billing']);
    const [team] = body;
    expect(team.weeks).toHaveLength(12);
    expect(team.weeks[0].week_start).toBe('2010-11-22');
    expect(team.weeks.slice(10)).toEqual([
      { week_start: '2011-01-31', received: 3, answered: 3, median_first_response_business_minutes: 180 },
      { week_start: '2011-02-07', received: 1, answered: 0, median_first_response_business_minutes: null },
    ]);
    expect(team.weeks.slice(0, 10).every((week: { received: number }) => week.received === 0)).toBe(true);
    expect(team.new).toBeGreaterThanOrEqual(1);
    // Due Friday 11 February at 09:00: overdue by Monday, and nothing of later years is.
    expect(team.overdue).toBe(0);
    h.clock.now = Date.parse('2011-02-14T17:00:00Z');
    expect((await (await again(billing)).agent.get('/api/message-team-stats').expect(200)).body[0].overdue).toBe(1);

    h.clock.now = DASHBOARD_NOW;
    const { body: supportStats } = await (await again(support)).agent.get('/api/message-team-stats').expect(200);
    expect(supportStats.map((team: { team: string }) => team.team)).toEqual(['support']);
    expect(supportStats[0].weeks[11]).toEqual({ week_start: '2011-02-07', received: 1, answered: 1, median_first_response_business_minutes: 30 });
    const { body: everyTeam } = await (await again(compliance)).agent.get('/api/message-team-stats').expect(200);
    expect(everyTeam.map((team: { topic: string }) => team.topic)).toEqual(['billing', 'technical', 'medical_records']);
  });
});

describe('saved replies filled for a thread', () => {
  const create = (body: object) => admin.agent.post('/api/saved-replies').set('X-CSRF-Token', admin.csrf).send(body);

  it('when a thread’s saved replies are asked for, then the placeholders are filled for it, those with no value named as unfilled', async () => {
    const tag = uniqueSuffix();
    const text =
      'Dear {{patient_first_name}} {{patient_last_name}}, this is {{staff_name}}. Account {{account_number}} owes {{balance}}; call {{billing_phone}} at {{location_name}}.';
    const { body: billingReply } = await create({ team: 'billing', title: `Balance ${tag}`, body: text }).expect(201);
    const { body: supportReply } = await create({
      team: 'support',
      title: `Account ${tag}`,
      body: 'Hi {{patient_first_name}}, account {{account_number}}.',
    }).expect(201);

    const billed = await newThread('billing');
    const { body: filled } = await billing.agent.get(`/api/message-threads/${billed.threadId}/saved-replies`).expect(200);
    expect(filled.find((row: { id: number }) => row.id === billingReply.id)).toEqual({
      id: billingReply.id,
      title: `Balance ${tag}`,
      body: `Dear Rosa ${billed.patient.family_name}, this is Test ${billing.staff.username}. Account ${billed.account!.accountNumber} owes $123.45; call (860) 972-4993 at ${billed.account!.locationName}.`,
      unfilled: [],
    });
    expect(filled.some((row: { id: number }) => row.id === supportReply.id)).toBe(false);

    const technical = await newThread('technical');
    const { body: supportFilled } = await support.agent.get(`/api/message-threads/${technical.threadId}/saved-replies`).expect(200);
    expect(supportFilled.find((row: { id: number }) => row.id === supportReply.id)).toEqual({
      id: supportReply.id,
      title: `Account ${tag}`,
      body: 'Hi Rosa, account {{account_number}}.',
      unfilled: ['account_number'],
    });

    const wrongTeam = await reply(support, technical.threadId, { body: 'Hi', version: 1, saved_reply_id: billingReply.id }).expect(422);
    expect(wrongTeam.body.errors).toHaveProperty('saved_reply_id');
    expect(await versionOf(technical.threadId)).toBe(1);
    const refusal = await h
      .knex('audit_events')
      .select('action', 'resource', 'resource_id', 'outcome', 'patient_id', 'details')
      .where({ request_id: wrongTeam.headers['x-request-id'] });
    expect(refusal).toEqual([
      {
        action: 'reply',
        resource: 'message-threads',
        resource_id: String(technical.threadId),
        outcome: 'failed',
        patient_id: technical.patient.id,
        details: { reason: 'saved_reply_unknown', saved_reply_id: billingReply.id },
      },
    ]);
  });
});
