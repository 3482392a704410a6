import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, createPatient, createPortalToken, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';

let h: Harness;
let roi: SignedIn;
let otherRoi: SignedIn;
let portalToken: string;
let realNow: number;

/** Friday 20 November 2026, 15:30 in New York. */
const FRIDAY_AFTERNOON = Date.parse('2026-11-20T20:30:00Z');

beforeAll(async () => {
  h = await createHarness();
  realNow = h.clock.now;
  roi = await signedInAs(h, ['roi']);
  otherRoi = await signedInAs(h, ['roi']);
  portalToken = await createPortalToken(h);
});
afterEach(() => {
  h.clock.now = realNow;
});
afterAll(() => h.close());

/** A patient with an active (or `status`) portal account. */
async function patientWithAccount(status = 'active') {
  const patient = await createPatient(h.knex);
  const username = `patient-${uniqueSuffix()}`;
  const at = new Date(h.clock.now);
  await h
    .knex('portal_accounts')
    .insert({ patient_id: patient.id, username, status, activated_at: at, updated_at: at, locked_at: status === 'locked' ? at : null });
  return { patient, username };
}

const submit = (body: object) => supertest(h.app).post('/portal-api/v1/demographic-change-requests').set('Authorization', `Bearer ${portalToken}`).send(body);
const portalStatus = (id: number) => supertest(h.app).get(`/portal-api/v1/demographic-change-requests/${id}`).set('Authorization', `Bearer ${portalToken}`);
/** Sends a review; unless the test is about it, compared with the patient's record as it is now. */
function review(who: SignedIn, id: number, body: { version: number; patientVersion?: number; fields: object }) {
  const sent = (async () => {
    const { patient_id } = await h.knex('demographic_change_requests').first('patient_id').where({ id });
    const { version } = await h.knex('patients').first('version').where({ id: patient_id });
    return who.agent
      .post(`/api/demographic-change-requests/${id}/review`)
      .set('X-CSRF-Token', who.csrf)
      .send({ patientVersion: version, ...body });
  })();
  const expectStatus = async (status: number) => {
    const response = await sent;
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    return response;
  };
  return Object.assign(sent, { expect: expectStatus });
}

const correct = (who: SignedIn, id: number, body: object) => who.agent.put(`/api/patients/${id}`).set('X-CSRF-Token', who.csrf).send(body).expect(200);

const NEW_ADDRESS = { line1: '55 Asylum St', line2: 'Apt 3', city: 'Hartford', state: 'ct', postalCode: '06103-1234' };

describe('demographic change requests from the portal', () => {
  it('when a patient sends every kind of field on Friday at 15:30, then it is stored as codes and due Tuesday at 15:30 in the queue', async () => {
    h.clock.now = FRIDAY_AFTERNOON;
    const { patient, username } = await patientWithAccount();
    const { body } = await submit({
      username,
      changes: {
        race: ['2106-3', '2028-9'],
        ethnicity: '2186-5',
        preferredLanguage: 'HT',
        sexualOrientation: '42035005',
        genderIdentity: '446141000124107',
        address: NEW_ADDRESS,
        email: 'pat.new@example.com',
        phone: '+18605550199',
      },
    }).expect(201);
    expect(body).toEqual({ id: expect.any(Number), status: 'submitted' });

    const { body: queue } = await roi.agent
      .get('/api/demographic-change-requests')
      .query({ filter: JSON.stringify({ patient_id: patient.id }) })
      .expect(200);
    expect(queue).toEqual([
      expect.objectContaining({
        id: body.id,
        status: 'submitted',
        patient_mrn: patient.mrn,
        due_at: '2026-11-24T20:30:00.000Z',
        fields: ['address', 'email', 'ethnicity', 'gender_identity', 'phone', 'preferred_language', 'race', 'sexual_orientation'],
      }),
    ]);
    const { body: shown } = await roi.agent.get(`/api/demographic-change-requests/${body.id}`).expect(200);
    const byField = Object.fromEntries(shown.requested_fields.map((field: { field: string }) => [field.field, field]));
    expect(byField.preferred_language).toMatchObject({ requested_value: 'ht', value_at_request: null, changed_since_request: false, problem: null });
    expect(byField.address.requested_value).toEqual({ line1: '55 Asylum St', line2: 'Apt 3', city: 'Hartford', state: 'CT', postal_code: '06103-1234' });
    expect(byField.address.value_at_request).toEqual({ line1: '1 Main St', line2: null, city: 'Hartford', state: 'CT', postal_code: '06106' });
    expect(byField.race.requested_value).toEqual(['2106-3', '2028-9']);
  });

  it.each([
    ['race', { race: ['2106-3', '9999-9'] }, 'changes.race', '9999-9'],
    ['race with ASKU beside a race', { race: ['ASKU', '2106-3'] }, 'changes.race', 'UNK or ASKU'],
    ['ethnicity', { ethnicity: '2106-3' }, 'changes.ethnicity', '2106-3'],
    ['sexual orientation', { sexualOrientation: '446141000124107' }, 'changes.sexualOrientation', '446141000124107'],
    ['gender identity', { genderIdentity: '12345' }, 'changes.genderIdentity', '12345'],
    ['a language the hospital does not support', { preferredLanguage: 'tlh' }, 'changes.preferredLanguage', 'Klingon'],
    ['a malformed language tag', { preferredLanguage: 'e' }, 'changes.preferredLanguage', 'not a BCP 47'],
    ['a state the USPS does not know', { address: { ...NEW_ADDRESS, state: 'XX' } }, 'changes.address', 'XX'],
  ])('when the portal sends an unknown code for %s, then 422 names the field and the code and nothing is stored', async (_what, changes, field, named) => {
    const { patient, username } = await patientWithAccount();
    const { body } = await submit({ username, changes }).expect(422);
    expect(body.code).toBe('invalid_value');
    expect(body.errors[field]).toContain(named);
    expect(await h.knex('demographic_change_requests').where({ patient_id: patient.id })).toEqual([]);
  });

  it.each([
    ['an email', { email: 'not-an-email' }, 'changes.email'],
    ['a phone not in E.164', { phone: '860-555-0100' }, 'changes.phone'],
    ['a ZIP code', { address: { ...NEW_ADDRESS, postalCode: '6103' } }, 'changes.address.postalCode'],
    ['an empty race list', { race: [] }, 'changes.race'],
  ])('when the portal sends a malformed value for %s, then 400 names the field', async (_what, changes, field) => {
    const { username } = await patientWithAccount();
    const { body } = await submit({ username, changes }).expect(400);
    expect(Object.keys(body.errors)).toContain(field);
  });

  it('when the portal asks to change the legal name, date of birth or sex, then 422 tells the patient to contact Registration', async () => {
    const { username } = await patientWithAccount();
    for (const changes of [{ familyName: 'Newname' }, { dateOfBirth: '1981-01-01' }, { sex: 'male' }, { legalName: 'X Y', email: 'a@example.com' }]) {
      const { body } = await submit({ username, changes }).expect(422);
      expect(body.code).toBe('staff_only_field');
      expect(body.message).toContain('contact Registration');
    }
  });

  it('when the username is unknown or the account is not active, then 422', async () => {
    const unknown = await submit({ username: `nobody-${uniqueSuffix()}`, changes: { email: 'a@example.com' } }).expect(422);
    expect(unknown.body).toMatchObject({ code: 'account_unknown', errors: { username: 'is not a portal account' } });
    const { username } = await patientWithAccount('locked');
    const locked = await submit({ username, changes: { email: 'a@example.com' } }).expect(422);
    expect(locked.body.code).toBe('account_inactive');
  });

  it('when every value sent equals the record, then 422 no_change; equal fields beside a real change are left out', async () => {
    const { username } = await patientWithAccount();
    const same = await submit({ username, changes: { email: 'pat@example.com', phone: '+18605550100' } }).expect(422);
    expect(same.body.code).toBe('no_change');
    const { body } = await submit({ username, changes: { email: 'pat@example.com', ethnicity: '2135-2' } }).expect(201);
    const { body: shown } = await roi.agent.get(`/api/demographic-change-requests/${body.id}`).expect(200);
    expect(shown.fields).toEqual(['ethnicity']);
  });
});

describe('the review', () => {
  it('when ROI accepts some fields and rejects another, then only accepted values reach the record, each with one history row naming the request, and the portal reads the outcome', async () => {
    const { patient, username } = await patientWithAccount();
    const { body: sent } = await submit({ username, changes: { ethnicity: '2135-2', preferredLanguage: 'es', phone: '+18605550142' } }).expect(201);
    const { body: before } = await roi.agent.get(`/api/demographic-change-requests/${sent.id}`).expect(200);

    const { body: reviewed } = await review(roi, sent.id, {
      version: before.version,
      fields: {
        ethnicity: { decision: 'accept' },
        preferred_language: { decision: 'accept' },
        phone: { decision: 'reject', reason: 'We could not reach you at this number; please call us to confirm it.' },
      },
    }).expect(200);
    expect(reviewed).toMatchObject({ status: 'reviewed', reviewed_by_name: expect.any(String) });

    const { body: record } = await roi.agent.get(`/api/patients/${patient.id}`).expect(200);
    expect(record).toMatchObject({ ethnicity: '2135-2', preferred_language: 'es', phone: '+18605550100' });

    const history = await h.knex('patient_field_history').where({ patient_id: patient.id }).orderBy('field');
    expect(history).toEqual([
      expect.objectContaining({ field: 'ethnicity', old_value: null, new_value: '2135-2', source: 'change_request', change_request_id: sent.id }),
      expect.objectContaining({ field: 'preferred_language', old_value: null, new_value: 'es', source: 'change_request', change_request_id: sent.id }),
    ]);

    const { body: outcome } = await portalStatus(sent.id).expect(200);
    expect(outcome).toMatchObject({
      status: 'reviewed',
      fields: {
        ethnicity: { status: 'accepted', reason: null },
        preferredLanguage: { status: 'accepted', reason: null },
        phone: { status: 'rejected', reason: 'We could not reach you at this number; please call us to confirm it.' },
      },
    });
    const messages = await h.knex('outbox_messages').where({ kind: 'demographic_change_reviewed', patient_id: patient.id });
    expect(messages).toHaveLength(1);
    expect(messages[0].payload).toMatchObject({ change_request_id: sent.id, accepted: ['Ethnicity', 'Preferred language'] });
  });

  it('when a field is left without a decision, or rejected without a reason, then 422 names it and nothing is written', async () => {
    const { patient, username } = await patientWithAccount();
    const { body: sent } = await submit({ username, changes: { ethnicity: '2135-2', email: 'new@example.com' } }).expect(201);
    const missing = await review(roi, sent.id, { version: 1, fields: { ethnicity: { decision: 'accept' } } }).expect(422);
    expect(missing.body.errors).toMatchObject({ 'fields.email': 'needs a decision: accept or reject' });
    const noReason = await review(roi, sent.id, { version: 1, fields: { ethnicity: { decision: 'accept' }, email: { decision: 'reject' } } }).expect(422);
    expect(Object.keys(noReason.body.errors)).toContain('fields.email.reason');
    const notAsked = await review(roi, sent.id, {
      version: 1,
      fields: { ethnicity: { decision: 'accept' }, email: { decision: 'accept' }, phone: { decision: 'accept' } },
    }).expect(422);
    expect(notAsked.body.errors['fields.phone']).toBe('is not part of this request');
    expect(await h.knex('patient_field_history').where({ patient_id: patient.id })).toEqual([]);
    expect((await roi.agent.get(`/api/demographic-change-requests/${sent.id}`)).body.status).toBe('submitted');
  });

  it('when the record changed since the request arrived, then the field is flagged and accepting it needs the acknowledgement', async () => {
    const { patient, username } = await patientWithAccount();
    const { body: sent } = await submit({ username, changes: { email: 'asked@example.com' } }).expect(201);
    const { body: current } = await roi.agent.get(`/api/patients/${patient.id}`).expect(200);
    await correct(roi, patient.id, { email: 'called-in@example.com', reason: 'Patient called with a new address', version: current.version });

    const { body: shown } = await roi.agent.get(`/api/demographic-change-requests/${sent.id}`).expect(200);
    expect(shown.requested_fields[0]).toMatchObject({
      value_at_request: 'pat@example.com',
      current_value: 'called-in@example.com',
      requested_value: 'asked@example.com',
      changed_since_request: true,
    });
    const blind = await review(roi, sent.id, { version: shown.version, fields: { email: { decision: 'accept' } } }).expect(422);
    expect(Object.keys(blind.body.errors)).toEqual(['fields.email.acknowledgeChange', 'root']);
    await review(roi, sent.id, { version: shown.version, fields: { email: { decision: 'accept', acknowledgeChange: true } } }).expect(200);
    const history = await h.knex('patient_field_history').where({ patient_id: patient.id, field: 'email' }).orderBy('id');
    expect(history.map((row) => [row.old_value, row.new_value, row.source])).toEqual([
      ['pat@example.com', 'called-in@example.com', 'staff_correction'],
      ['called-in@example.com', 'asked@example.com', 'change_request'],
    ]);
  });

  it('when a requested language is no longer supported, then the review page says so and it cannot be accepted, only rejected', async () => {
    const { username } = await patientWithAccount();
    const { body: sent } = await submit({ username, changes: { preferredLanguage: 'vi' } }).expect(201);
    const setting = await h.knex('settings').first('value').where({ key: 'demographics.supported_languages' });
    await h
      .knex('settings')
      .where({ key: 'demographics.supported_languages' })
      .update({ value: JSON.stringify('en, es') });
    try {
      const { body: shown } = await roi.agent.get(`/api/demographic-change-requests/${sent.id}`).expect(200);
      expect(shown.requested_fields[0].problem).toContain('Vietnamese');
      await review(roi, sent.id, { version: shown.version, fields: { preferred_language: { decision: 'accept' } } }).expect(422);
      await review(roi, sent.id, {
        version: shown.version,
        fields: { preferred_language: { decision: 'reject', reason: 'We cannot offer Vietnamese.' } },
      }).expect(200);
    } finally {
      await h
        .knex('settings')
        .where({ key: 'demographics.supported_languages' })
        .update({ value: JSON.stringify(setting.value) });
    }
  });

  it('when two reviewers send their reviews at the same moment, then one wins, the other gets 409 with the first decisions, and the record changes once', async () => {
    const { patient, username } = await patientWithAccount();
    const { body: sent } = await submit({ username, changes: { ethnicity: '2135-2' } }).expect(201);
    const [first, second] = await Promise.all([
      review(roi, sent.id, { version: 1, fields: { ethnicity: { decision: 'accept' } } }),
      review(otherRoi, sent.id, { version: 1, fields: { ethnicity: { decision: 'reject', reason: 'Needs checking.' } } }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const [winner, loser] = first.status === 200 ? [first, second] : [second, first];
    expect(loser.body.code).toBe('already_reviewed');
    const winningDecision = winner.body.requested_fields[0].decision;
    expect(loser.body.details.current).toMatchObject({
      status: 'reviewed',
      requested_fields: [expect.objectContaining({ field: 'ethnicity', decision: winningDecision })],
    });
    expect(await h.knex('patient_field_history').where({ patient_id: patient.id })).toHaveLength(winningDecision === 'accepted' ? 1 : 0);
    expect(await h.knex('outbox_messages').where({ kind: 'demographic_change_reviewed', patient_id: patient.id })).toHaveLength(1);
  });

  it('when the patient record changed after the reviewer read the request, then 409 patient_changed with the values as they are now, and nothing is written', async () => {
    const { patient, username } = await patientWithAccount();
    const { body: sent } = await submit({ username, changes: { email: 'asked@example.com', ethnicity: '2135-2' } }).expect(201);
    const { body: read } = await roi.agent.get(`/api/demographic-change-requests/${sent.id}`).expect(200);
    await correct(otherRoi, patient.id, { email: 'called-in@example.com', reason: 'Patient called', version: read.patient_version });

    const { body } = await review(roi, sent.id, {
      version: read.version,
      patientVersion: read.patient_version,
      fields: { email: { decision: 'accept', acknowledgeChange: true }, ethnicity: { decision: 'accept' } },
    }).expect(409);
    expect(body.code).toBe('patient_changed');
    expect(body.details.current).toMatchObject({ status: 'submitted', patient_version: read.patient_version + 1 });
    expect(body.details.current.requested_fields).toContainEqual(
      expect.objectContaining({ field: 'email', current_value: 'called-in@example.com', changed_since_request: true }),
    );
    expect((await h.knex('patients').first('email', 'ethnicity').where({ id: patient.id })).email).toBe('called-in@example.com');
  });

  it('when a reviewer sends an older version, then 409 stale_version with the request as it is now', async () => {
    const { username } = await patientWithAccount();
    const { body: sent } = await submit({ username, changes: { ethnicity: '2135-2' } }).expect(201);
    await h.knex('demographic_change_requests').where({ id: sent.id }).update({ version: 2 });
    const { body } = await review(roi, sent.id, { version: 1, fields: { ethnicity: { decision: 'accept' } } }).expect(409);
    expect(body).toMatchObject({ code: 'stale_version', details: { current: { id: sent.id, version: 2, status: 'submitted' } } });
  });
});

describe('who may', () => {
  it('when compliance reads the queue, then it may, but its review is refused; front desk cannot read it; the portal needs its token', async () => {
    const { username } = await patientWithAccount();
    const { body: sent } = await submit({ username, changes: { ethnicity: '2135-2' } }).expect(201);
    const compliance = await signedInAs(h, ['compliance']);
    await compliance.agent.get(`/api/demographic-change-requests/${sent.id}`).expect(200);
    await review(compliance, sent.id, { version: 1, fields: { ethnicity: { decision: 'accept' } } }).expect(403);
    const desk = await signedInAs(h, ['front_desk']);
    await desk.agent.get('/api/demographic-change-requests').expect(403);
    await supertest(h.app)
      .post('/portal-api/v1/demographic-change-requests')
      .send({ username, changes: { email: 'a@example.com' } })
      .expect(401);
    await supertest(h.app).get('/api/demographic-change-requests').expect(401);
  });

  it('when ROI opens a request, then the patient’s ledger shows it', async () => {
    const { patient, username } = await patientWithAccount();
    const { body: sent } = await submit({ username, changes: { ethnicity: '2135-2' } }).expect(201);
    await roi.agent.get(`/api/demographic-change-requests/${sent.id}`).expect(200);
    const rows = await h.knex('audit_events').where({ patient_id: patient.id, resource: 'demographic-change-requests' }).orderBy('id');
    expect(rows.map((row) => [row.action, row.staff_user_id])).toEqual([
      ['submit', null],
      ['show', roi.staff.id],
    ]);
  });
});
