import { createHash } from 'node:crypto';
import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { minimalPdf, minimalPng } from '../../testing/documents.ts';
import { createHarness, createPatient, createPortalToken, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';

let h: Harness;
let roi: SignedIn;
let portalToken: string;
let realNow: number;

/** Friday 20 November 2026, 15:30 in New York. */
const FRIDAY_AFTERNOON = Date.parse('2026-11-20T20:30:00Z');

beforeAll(async () => {
  h = await createHarness();
  realNow = h.clock.now;
  roi = await signedInAs(h, ['roi']);
  portalToken = await createPortalToken(h);
  const admin = await signedInAs(h, ['admin']);
  await admin.agent.post('/api/business-holidays/federal').set('X-CSRF-Token', admin.csrf).send({ year: 2026 }).expect(201);
});
afterEach(() => {
  h.clock.now = realNow;
});
afterAll(() => h.close());

const PDF = minimalPdf();
const ALL_CHECKED = { relationshipProven: true, signedAndDated: true, notExpired: true };
const PNG = minimalPng();
const EXECUTABLE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

/** An adult with an active portal account of their own. */
async function portalUser({ dateOfBirth = '1980-05-17', status = 'active' }: { dateOfBirth?: string; status?: string } = {}) {
  const patient = await createPatient(h.knex, { date_of_birth: dateOfBirth, given_name: 'Rita' });
  const username = `requester-${uniqueSuffix()}`;
  const at = new Date(h.clock.now);
  const [account] = await h
    .knex('portal_accounts')
    .insert({ patient_id: patient.id, username, status, activated_at: at, updated_at: at, locked_at: status === 'locked' ? at : null })
    .returning('id');
  return { patient, username, accountId: Number(account.id) };
}

interface Submission {
  requesterUsername: string;
  patient: { familyName: string; givenName: string; dateOfBirth: string; mrn?: string };
  relationship: string;
  note?: string;
}

function submit(request: Submission | string, documents: { content: Buffer; filename: string; contentType?: string }[] = []) {
  const call = supertest(h.app)
    .post('/portal-api/v1/proxy-requests')
    .set('Authorization', `Bearer ${portalToken}`)
    .field('request', typeof request === 'string' ? request : JSON.stringify(request));
  for (const document of documents)
    call.attach('documents', document.content, { filename: document.filename, contentType: document.contentType ?? 'application/pdf' });
  return call;
}

const forPatient = (patient: { family_name: string; given_name: string; date_of_birth: string }) => ({
  familyName: patient.family_name,
  givenName: patient.given_name,
  dateOfBirth: patient.date_of_birth,
});

const requestsOf = async (accountId: number) =>
  Number((await h.knex('proxy_requests').where({ requester_account_id: accountId }).count({ count: '*' }))[0].count);

describe('proxy requests from the portal', () => {
  it("when a representative sends an adult's request with a PDF on Friday at 15:30, then it is due Tuesday at 15:30 and ROI sees it and its document", async () => {
    h.clock.now = FRIDAY_AFTERNOON;
    const requester = await portalUser();
    const patient = await createPatient(h.knex, { date_of_birth: '1950-02-02' });
    const { body } = await submit({ requesterUsername: requester.username, patient: forPatient(patient), relationship: 'power_of_attorney' }, [
      { content: PDF, filename: 'poa.pdf' },
    ]).expect(201);
    expect(body).toEqual({ id: expect.any(Number), status: 'submitted', dueAt: '2026-11-24T20:30:00.000Z' });

    const { body: queue } = await roi.agent
      .get('/api/proxy-requests')
      .query({ filter: JSON.stringify({ patient_id: patient.id }) })
      .expect(200);
    expect(queue).toEqual([
      expect.objectContaining({ id: body.id, kind: 'adult', status: 'submitted', patient_mrn: patient.mrn, due_at: '2026-11-24T20:30:00.000Z', documents: 1 }),
    ]);
    const { body: shown } = await roi.agent.get(`/api/proxy-requests/${body.id}`).expect(200);
    expect(shown.requester).toMatchObject({ family_name: requester.patient.family_name, age: 46, account_status: 'active' });
    expect(shown.patient_on_file).toMatchObject({ mrn: patient.mrn, date_of_birth: '1950-02-02' });
    const [document] = shown.document_list;
    expect(document).toMatchObject({
      file_name: 'poa.pdf',
      media_type: 'application/pdf',
      bytes: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
    });

    const content = await roi.agent
      .get(`/api/documents/${document.id}/content`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(content.status).toBe(200);
    expect(content.headers['content-type']).toBe('application/pdf');
    expect(content.headers['cache-control']).toContain('no-store');
    expect(content.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(content.body as Buffer, PDF)).toBe(0);
    const { body: listed } = await roi.agent
      .get('/api/documents')
      .query({ filter: JSON.stringify({ patient_id: patient.id }) })
      .expect(200);
    expect(listed).toEqual([expect.objectContaining({ id: document.id, file_name: 'poa.pdf', source: 'portal', proxy_request_id: body.id })]);
  });

  it("when a parent asks for a 10-year-old's record without documents, then it is a minor's request due in 4 business days", async () => {
    h.clock.now = FRIDAY_AFTERNOON;
    const parent = await portalUser();
    const child = await createPatient(h.knex, { date_of_birth: '2016-06-01' });
    const { body } = await submit({ requesterUsername: parent.username, patient: forPatient(child), relationship: 'parent' }).expect(201);
    // Friday 15:30 + 4 business days: Thanksgiving (Thursday 26) does not count, so Friday 27 at 15:30.
    expect(body.dueAt).toBe('2026-11-27T20:30:00.000Z');
    const { body: shown } = await roi.agent.get(`/api/proxy-requests/${body.id}`).expect(200);
    expect(shown).toMatchObject({ kind: 'minor', relationship: 'parent', documents: 0 });
  });

  it('when the request cannot be accepted, then each refusal is a 422 naming the field, and nothing is stored', async () => {
    const requester = await portalUser();
    const adult = await createPatient(h.knex, { date_of_birth: '1950-02-02' });
    const child = await createPatient(h.knex, { date_of_birth: '2016-06-01' });
    const locked = await portalUser({ status: 'locked' });
    // Sixteen whatever day the suite runs on.
    const teen = await portalUser({ dateOfBirth: `${new Date(h.clock.now).getUTCFullYear() - 16}-01-01` });
    const pdf = [{ content: PDF, filename: 'form.pdf' }];
    const cases: [Submission, typeof pdf, string, string][] = [
      [{ requesterUsername: `nobody-${uniqueSuffix()}`, patient: forPatient(child), relationship: 'parent' }, [], 'requesterUsername', 'requester_unknown'],
      [{ requesterUsername: locked.username, patient: forPatient(child), relationship: 'parent' }, [], 'requesterUsername', 'requester_inactive'],
      [{ requesterUsername: teen.username, patient: forPatient(child), relationship: 'parent' }, [], 'requesterUsername', 'requester_minor'],
      [
        { requesterUsername: requester.username, patient: forPatient(requester.patient), relationship: 'authorized_by_patient' },
        pdf,
        'patient',
        'requester_is_patient',
      ],
      [{ requesterUsername: requester.username, patient: forPatient(adult), relationship: 'power_of_attorney' }, [], 'documents', 'documents_required'],
      [{ requesterUsername: requester.username, patient: forPatient(adult), relationship: 'parent' }, pdf, 'relationship', 'relationship_not_allowed'],
    ];
    for (const [request, documents, field, code] of cases) {
      const { status, body } = await submit(request, documents);
      expect([status, body.code, Object.keys(body.errors ?? {})], code).toEqual([422, code, [field, 'root']]);
    }
    expect(await requestsOf(requester.accountId)).toBe(0);
    expect(await h.knex('documents').where({ patient_id: adult.id }).count({ count: '*' })).toEqual([{ count: 0 }]);
  });

  it('when a request for the same patient is open, or access was granted already, then another is refused', async () => {
    const parent = await portalUser();
    const child = await createPatient(h.knex, { date_of_birth: '2016-06-01' });
    const first = await submit({ requesterUsername: parent.username, patient: forPatient(child), relationship: 'parent' }).expect(201);
    const again = await submit({ requesterUsername: parent.username, patient: forPatient(child), relationship: 'parent' }).expect(422);
    expect(again.body).toMatchObject({ code: 'request_open', errors: { patient: expect.stringContaining(String(first.body.id)) } });

    const { body: shown } = await roi.agent.get(`/api/proxy-requests/${first.body.id}`).expect(200);
    await roi.agent
      .post(`/api/proxy-requests/${first.body.id}/decision`)
      .set('X-CSRF-Token', roi.csrf)
      .send({ decision: 'approve', accessLevel: 'full', checklist: ALL_CHECKED, version: shown.version })
      .expect(200);
    const afterApproval = await submit({ requesterUsername: parent.username, patient: forPatient(child), relationship: 'parent' }).expect(422);
    expect(afterApproval.body.code).toBe('relationship_exists');
  });

  it('when the same parent sends two requests at once, then exactly one is accepted', async () => {
    const parent = await portalUser();
    const child = await createPatient(h.knex, { date_of_birth: '2016-06-01' });
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        submit({ requesterUsername: parent.username, patient: forPatient(child), relationship: 'parent' }).then((response) => response.status),
      ),
    );
    expect(answers.sort()).toEqual([201, 422, 422]);
    expect(await requestsOf(parent.accountId)).toBe(1);
  });

  it('when a document is not what its name says (an executable named scan.pdf), then the request is refused with 415 naming it, and nothing is stored', async () => {
    const requester = await portalUser();
    const patient = await createPatient(h.knex, { date_of_birth: '1950-02-02' });
    const { body } = await submit({ requesterUsername: requester.username, patient: forPatient(patient), relationship: 'power_of_attorney' }, [
      { content: PNG, filename: 'id-card.png', contentType: 'image/png' },
      { content: EXECUTABLE, filename: 'scan.pdf', contentType: 'application/pdf' },
    ]).expect(415);
    expect(body).toMatchObject({ code: 'unsupported_document_type', errors: { 'documents[1]': expect.any(String) } });
    expect(body.message).toContain('scan.pdf');
    expect(await requestsOf(requester.accountId)).toBe(0);
  });

  it('when a document is larger than 10 MB, then the request is refused with 413 naming it', async () => {
    const requester = await portalUser();
    const patient = await createPatient(h.knex, { date_of_birth: '1950-02-02' });
    const huge = Buffer.concat([PDF.subarray(0, 9), Buffer.alloc(10 * 1024 * 1024, 0x20), Buffer.from('\n%%EOF\n')]);
    const { body } = await submit({ requesterUsername: requester.username, patient: forPatient(patient), relationship: 'power_of_attorney' }, [
      { content: huge, filename: 'huge.pdf' },
    ]).expect(413);
    expect(body.message).toContain('huge.pdf');
    expect(await requestsOf(requester.accountId)).toBe(0);
  });

  it('when the request part is missing or not JSON, or a field holds a NUL, then 400 names it', async () => {
    const requester = await portalUser();
    const notJson = await submit('{"requesterUsername": ').expect(400);
    expect(notJson.body.errors).toHaveProperty('request');
    const nul = await submit({
      requesterUsername: `${requester.username}\u0000`,
      patient: { familyName: 'A', givenName: 'B', dateOfBirth: '2016-01-01' },
      relationship: 'parent',
    }).expect(400);
    expect(nul.body.code).toBe('control_character');
    const missing = await supertest(h.app).post('/portal-api/v1/proxy-requests').set('Authorization', `Bearer ${portalToken}`).field('other', 'x').expect(400);
    expect(missing.body.errors).toBeDefined();
    await supertest(h.app).post('/portal-api/v1/proxy-requests').set('Authorization', `Bearer ${portalToken}`).send({ request: {} }).expect(415);
    await supertest(h.app).post('/portal-api/v1/proxy-requests').field('request', '{}').expect(401);
  });
});

describe('hostile input on the proxy routes', () => {
  it('when fields are huge, dates impossible, names full of NULs or paths, then 4xx names the field and a file name is cleaned', async () => {
    const requester = await portalUser();
    const patient = await createPatient(h.knex, { date_of_birth: '1950-02-02' });
    const base = { requesterUsername: requester.username, patient: forPatient(patient), relationship: 'power_of_attorney' };
    const pdf = [{ content: PDF, filename: 'form.pdf' }];
    expect((await submit({ ...base, note: 'x'.repeat(10_000) }, pdf).expect(400)).body.errors).toHaveProperty('note');
    expect((await submit({ ...base, patient: { ...base.patient, dateOfBirth: '9999-01-01' } }, pdf).expect(400)).body.errors).toHaveProperty([
      'patient.dateOfBirth',
    ]);
    expect((await submit('{"requesterUsername":"' + 'y'.repeat(20_000) + '"}').expect(413)).body.code).toBe('field_too_large');
    // A raw NUL in a part's header is a malformed form; a path and a right-to-left mark are cleaned away.
    expect((await submit(base, [{ content: PDF, filename: 'scan\u0000.pdf' }])).status).toBe(400);
    const { body } = await submit(base, [{ content: PDF, filename: '../../etc/passwd\u202efdp.exe' }]).expect(201);
    const { body: shown } = await roi.agent.get(`/api/proxy-requests/${body.id}`).expect(200);
    expect([...shown.document_list[0].file_name].filter((character) => ['/', '\\', '\u0000', '\u202e'].includes(character))).toEqual([]);
    const access = await supertest(h.app).get('/portal-api/v1/proxy-access').query({ username: 'a\u0000b' }).set('Authorization', `Bearer ${portalToken}`);
    expect(access.status).toBe(400);
    const nul = await roi.agent
      .post(`/api/proxy-requests/${body.id}/decision`)
      .set('X-CSRF-Token', roi.csrf)
      .send({ decision: 'deny', reason: 'no\u0000', version: shown.version });
    expect(nul.status).toBe(400);
    const yearZero = await roi.agent
      .post(`/api/proxy-requests/${body.id}/decision`)
      .set('X-CSRF-Token', roi.csrf)
      .send({ decision: 'approve', accessLevel: 'full', startsOn: '0000-01-01', endsOn: '0000-12-31', checklist: ALL_CHECKED, version: shown.version });
    expect(yearZero.status).toBe(400);
    expect(yearZero.body.errors).toHaveProperty('startsOn');
  });
});

describe("ROI's decisions", () => {
  async function adultRequest() {
    const requester = await portalUser();
    const patient = await createPatient(h.knex, { date_of_birth: '1950-02-02' });
    const { body } = await submit({ requesterUsername: requester.username, patient: forPatient(patient), relationship: 'health_care_proxy' }, [
      { content: PDF, filename: 'proxy-form.pdf' },
    ]).expect(201);
    const { body: shown } = await roi.agent.get(`/api/proxy-requests/${body.id}`).expect(200);
    return { requester, patient, id: body.id as number, version: shown.version as number };
  }

  const decide = (who: SignedIn, id: number, decision: object) =>
    who.agent.post(`/api/proxy-requests/${id}/decision`).set('X-CSRF-Token', who.csrf).send(decision);

  it('when two reviewers decide the same request at once, then one decision stands and the other is refused with who decided', async () => {
    const { id, version } = await adultRequest();
    const second = await signedInAs(h, ['roi']);
    const answers = await Promise.all([
      decide(roi, id, { decision: 'approve', accessLevel: 'full', checklist: ALL_CHECKED, version }),
      decide(second, id, { decision: 'deny', reason: 'The form is not signed.', version }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const refused = answers.find((answer) => answer.status === 409)!;
    expect(refused.body.code).toMatch(/already_decided|stale_version/);
    const winner = answers.find((answer) => answer.status === 200)!.body;
    const late = await decide(second, id, { decision: 'deny', reason: 'Too late to matter.', version: winner.version });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'already_decided', message: expect.stringContaining(winner.decided_by_name) });
    expect(await h.knex('proxy_relationships').where({ proxy_request_id: id }).count({ count: '*' })).toEqual([
      { count: winner.status === 'approved' ? 1 : 0 },
    ]);
  });

  it('when ROI approves until a POA expires, then the portal sees the access that was created', async () => {
    const { id, version } = await adultRequest();
    const expires = `${new Date(h.clock.now).getUTCFullYear() + 4}-06-30`;
    const { body } = await decide(roi, id, {
      decision: 'approve',
      accessLevel: 'limited',
      endsOn: expires,
      checklist: { relationshipProven: true, signedAndDated: true, notExpired: true },
      version,
    }).expect(200);
    expect(body).toMatchObject({ status: 'approved', due_at: null, created_relationship: { access_level: 'limited', ends_on: expires } });
    const { body: status } = await supertest(h.app).get(`/portal-api/v1/proxy-requests/${id}`).set('Authorization', `Bearer ${portalToken}`).expect(200);
    expect(status).toMatchObject({ status: 'approved', relationship: { accessLevel: 'limited', endsOn: expires }, question: null, reason: null });
  });

  it('when ROI approves with a check left unticked or a start in the past, then 422 names it; asking a question makes the asker the assignee', async () => {
    const { id, version } = await adultRequest();
    const unticked = await decide(roi, id, { decision: 'approve', accessLevel: 'full', checklist: { ...ALL_CHECKED, notExpired: false }, version }).expect(422);
    expect(unticked.body).toMatchObject({ code: 'checklist_incomplete', errors: { checklist: expect.any(String) } });
    expect((await decide(roi, id, { decision: 'approve', accessLevel: 'full', version }).expect(422)).body.code).toBe('checklist_incomplete');
    const past = await decide(roi, id, { decision: 'approve', accessLevel: 'full', checklist: ALL_CHECKED, startsOn: '2020-01-01', version }).expect(422);
    expect(past.body.errors).toHaveProperty('startsOn');
    const { body: asked } = await decide(roi, id, { decision: 'more_info', reason: 'Is the form signed?', version }).expect(200);
    expect(asked).toMatchObject({ assignee_name: expect.any(String), question_asked_at: expect.any(String) });
    expect(asked.assignee_id).not.toBeNull();
  });

  it('when ROI denies without a reason, then 400; with one, the requester reads it', async () => {
    const { id, version } = await adultRequest();
    const bare = await decide(roi, id, { decision: 'deny', version }).expect(400);
    expect(bare.body.errors).toHaveProperty('reason');
    await decide(roi, id, { decision: 'deny', reason: 'The power of attorney expired in 2024.', version }).expect(200);
    const { body: status } = await supertest(h.app).get(`/portal-api/v1/proxy-requests/${id}`).set('Authorization', `Bearer ${portalToken}`).expect(200);
    expect(status).toMatchObject({ status: 'denied', reason: 'The power of attorney expired in 2024.', relationship: null });
  });

  it('when ROI asks for more information, then the clock pauses until the requester sends documents and resumes with the time left', async () => {
    h.clock.now = FRIDAY_AFTERNOON;
    const { id, version } = await adultRequest();
    // Monday 23 November, 09:00: 90 business minutes spent of 960.
    h.clock.now = Date.parse('2026-11-23T14:00:00Z');
    const { body: asked } = await decide(roi, id, { decision: 'more_info', reason: 'Please send page 2 of the power of attorney.', version }).expect(200);
    expect(asked).toMatchObject({ status: 'more_info_requested', due_at: null, overdue: false, business_minutes_left: 870 });
    const portal = () => supertest(h.app).get(`/portal-api/v1/proxy-requests/${id}`).set('Authorization', `Bearer ${portalToken}`);
    expect((await portal().expect(200)).body).toMatchObject({
      status: 'more_info_requested',
      question: 'Please send page 2 of the power of attorney.',
      dueAt: null,
    });

    // Tuesday 24 November, 09:00: the answer arrives; 870 minutes from then is Wednesday 15:30.
    h.clock.now = Date.parse('2026-11-24T14:00:00Z');
    const { body: resumed } = await supertest(h.app)
      .post(`/portal-api/v1/proxy-requests/${id}/documents`)
      .set('Authorization', `Bearer ${portalToken}`)
      .attach('documents', PNG, { filename: 'page-2.png', contentType: 'image/png' })
      .expect(200);
    expect(resumed).toMatchObject({ status: 'submitted', dueAt: '2026-11-25T20:30:00.000Z', documents: 2 });
  });

  it("when a parent's request waits past the child's 18th birthday, then approving it is refused and says why", async () => {
    h.clock.now = FRIDAY_AFTERNOON;
    const parent = await portalUser();
    const child = await createPatient(h.knex, { date_of_birth: '2008-11-30' });
    const { body } = await submit({ requesterUsername: parent.username, patient: forPatient(child), relationship: 'parent' }).expect(201);
    const { body: shown } = await roi.agent.get(`/api/proxy-requests/${body.id}`).expect(200);
    h.clock.now = Date.parse('2026-11-30T15:00:00Z');
    const refused = await decide(roi, body.id, { decision: 'approve', accessLevel: 'full', checklist: ALL_CHECKED, version: shown.version }).expect(422);
    expect(refused.body).toMatchObject({ code: 'patient_now_adult', errors: { patient: expect.stringContaining('turned 18') } });
    expect(await h.knex('proxy_relationships').where({ proxy_request_id: body.id })).toHaveLength(0);
  });

  it('when more than five documents come at once, then 413 and nothing is stored', async () => {
    const requester = await portalUser();
    const patient = await createPatient(h.knex, { date_of_birth: '1950-02-02' });
    const six = Array.from({ length: 6 }, (_, index) => ({ content: PDF, filename: `page-${index + 1}.pdf` }));
    const { body } = await submit({ requesterUsername: requester.username, patient: forPatient(patient), relationship: 'power_of_attorney' }, six).expect(413);
    expect(body.code).toBe('too_many_files');
    expect(await requestsOf(requester.accountId)).toBe(0);
  });

  it('when the requester withdraws a request, then ROI can no longer decide it and is told the requester withdrew it', async () => {
    const { id, version } = await adultRequest();
    const { body } = await supertest(h.app).post(`/portal-api/v1/proxy-requests/${id}/withdraw`).set('Authorization', `Bearer ${portalToken}`).expect(200);
    expect(body).toMatchObject({ status: 'withdrawn', dueAt: null });
    const late = await decide(roi, id, { decision: 'deny', reason: 'Too late.', version }).expect(409);
    expect(late.body.message).toContain('withdrawn by the requester');
    await supertest(h.app).post(`/portal-api/v1/proxy-requests/${id}/withdraw`).set('Authorization', `Bearer ${portalToken}`).expect(409);
  });

  it('when documents come for a decided request, then 409', async () => {
    const { id, version } = await adultRequest();
    await decide(roi, id, { decision: 'deny', reason: 'Not the right form.', version }).expect(200);
    await supertest(h.app)
      .post(`/portal-api/v1/proxy-requests/${id}/documents`)
      .set('Authorization', `Bearer ${portalToken}`)
      .attach('documents', PDF, { filename: 'late.pdf', contentType: 'application/pdf' })
      .expect(409);
  });

  it('when the privacy office reads the queue, then it may, but it may not decide; front desk reads neither requests nor documents', async () => {
    const { id, version } = await adultRequest();
    const compliance = await signedInAs(h, ['compliance']);
    await compliance.agent.get(`/api/proxy-requests/${id}`).expect(200);
    await decide(compliance, id, { decision: 'deny', reason: 'Not mine to decide.', version }).expect(403);
    const frontDesk = await signedInAs(h, ['front_desk']);
    await frontDesk.agent.get(`/api/proxy-requests/${id}`).expect(403);
    const { body: shown } = await roi.agent.get(`/api/proxy-requests/${id}`).expect(200);
    await frontDesk.agent.get(`/api/documents/${shown.document_list[0].id}/content`).expect(403);
  });
});
