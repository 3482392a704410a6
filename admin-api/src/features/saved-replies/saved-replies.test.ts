import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, createPatient, createPortalToken, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';

let h: Harness;
let admin: SignedIn;
let billing: SignedIn;
let support: SignedIn;
let desk: SignedIn;
let portalToken: string;

beforeAll(async () => {
  h = await createHarness();
  [admin, billing, support, desk] = await Promise.all([
    signedInAs(h, ['admin']),
    signedInAs(h, ['billing']),
    signedInAs(h, ['support']),
    signedInAs(h, ['front_desk']),
  ]);
  portalToken = await createPortalToken(h);
});
afterAll(() => h.close());

const create = (body: object) => admin.agent.post('/api/saved-replies').set('X-CSRF-Token', admin.csrf).send(body);

/** A technical-support thread a patient just sent from the portal. */
async function newTechnicalThread(): Promise<number> {
  const patient = await createPatient(h.knex, { given_name: 'Rosa' });
  const username = `patient-${uniqueSuffix()}`;
  const at = new Date(h.clock.now);
  await h.knex('portal_accounts').insert({ patient_id: patient.id, username, status: 'active', activated_at: at, updated_at: at });
  const { body } = await supertest(h.app)
    .post('/portal-api/v1/messages')
    .set('Authorization', `Bearer ${portalToken}`)
    .send({ username, topic: 'technical', subject: 'Cannot sign in', body: 'Help' })
    .expect(201);
  return body.threadId;
}

describe('saved replies', () => {
  it('when an admin adds, changes and removes a saved reply, then titles are unique per team, versions guard changes, and sent replies keep their words', async () => {
    const title = `Statement copy ${uniqueSuffix()}`;
    const { body: created } = await create({ team: 'billing', title, body: 'Hello {{patient_first_name}}, a copy is on its way.' }).expect(201);
    expect(created).toMatchObject({ team: 'billing', title, version: 1, updated_by_username: admin.staff.username });

    const taken = await create({ team: 'billing', title: title.toUpperCase(), body: 'Another' }).expect(409);
    expect(taken.body).toMatchObject({ code: 'title_taken', errors: { title: expect.stringContaining(title) } });
    const { body: supportReply } = await create({ team: 'support', title, body: 'Same title, other team' }).expect(201);

    const unknown = await create({ team: 'billing', title: `Bad ${uniqueSuffix()}`, body: 'Dear {{patient_name}}, {{ balance }}' }).expect(400);
    expect(unknown.body.errors.body).toMatch(/^names \{\{patient_name\}\}, which no thread can fill/);

    const put = (body: object) => admin.agent.put(`/api/saved-replies/${created.id}`).set('X-CSRF-Token', admin.csrf).send(body);
    const { body: changed } = await put({ team: 'billing', title, body: 'Hi {{patient_first_name}}.', version: 1 }).expect(200);
    expect(changed).toMatchObject({ body: 'Hi {{patient_first_name}}.', version: 2 });
    expect((await put({ team: 'billing', title, body: 'Stale', version: 1 }).expect(409)).body.code).toBe('stale_version');
    expect((await put({ team: 'support', title, body: 'Clash', version: 2 }).expect(409)).body.code).toBe('title_taken');

    const threadId = await newTechnicalThread();
    await support.agent
      .post(`/api/message-threads/${threadId}/replies`)
      .set('X-CSRF-Token', support.csrf)
      .send({ body: 'Hi Rosa.', version: 1, saved_reply_id: supportReply.id })
      .expect(201);
    await admin.agent.delete(`/api/saved-replies/${supportReply.id}`).query({ version: 1 }).set('X-CSRF-Token', admin.csrf).expect(200);
    await admin.agent.delete(`/api/saved-replies/${created.id}`).query({ version: 2 }).set('X-CSRF-Token', admin.csrf).expect(200);
    await admin.agent.get(`/api/saved-replies/${created.id}`).expect(404);
    const sent = await h.knex('thread_messages').first('body', 'saved_reply_id').where({ thread_id: threadId, kind: 'staff_reply' });
    expect(sent).toEqual({ body: 'Hi Rosa.', saved_reply_id: null });
    const audited = await h
      .knex('audit_events')
      .where({ resource: 'saved-replies', resource_id: String(created.id) })
      .orderBy('id')
      .pluck('action');
    expect(audited).toEqual(['create', 'edit', 'delete']);
  });

  it('when a team lists saved replies, then it sees its own team’s only; admins and the privacy office see every team’s; only admins change them', async () => {
    const tag = uniqueSuffix();
    await create({ team: 'billing', title: `Billing ${tag}`, body: 'B' }).expect(201);
    await create({ team: 'support', title: `Support ${tag}`, body: 'S' }).expect(201);
    const titles = async (who: SignedIn, filter: object = {}) =>
      (
        await who.agent
          .get('/api/saved-replies')
          .query({ filter: JSON.stringify({ q: tag, ...filter }) })
          .expect(200)
      ).body.map((row: { title: string }) => row.title);
    expect(await titles(billing)).toEqual([`Billing ${tag}`]);
    expect(await titles(billing, { team: 'support' })).toEqual([]);
    expect(await titles(support)).toEqual([`Support ${tag}`]);
    expect(await titles(admin)).toEqual([`Billing ${tag}`, `Support ${tag}`]);
    expect(await titles(admin, { team: 'support' })).toEqual([`Support ${tag}`]);
    // The privacy office reads every team's conversations, so every team's saved replies: read only.
    const compliance = await signedInAs(h, ['compliance']);
    expect(await titles(compliance)).toEqual([`Billing ${tag}`, `Support ${tag}`]);
    const { body: listed } = await compliance.agent
      .get('/api/saved-replies')
      .query({ filter: JSON.stringify({ q: tag, team: 'support' }) })
      .expect(200);
    expect((await compliance.agent.get(`/api/saved-replies/${listed[0].id}`).expect(200)).body).toMatchObject({ title: `Support ${tag}`, body: 'S' });
    await compliance.agent.post('/api/saved-replies').set('X-CSRF-Token', compliance.csrf).send({ team: 'billing', title: 'Mine', body: 'x' }).expect(403);
    await compliance.agent
      .put(`/api/saved-replies/${listed[0].id}`)
      .set('X-CSRF-Token', compliance.csrf)
      .send({ team: 'support', title: 'Mine', body: 'x', version: 1 })
      .expect(403);
    await compliance.agent.delete(`/api/saved-replies/${listed[0].id}`).query({ version: 1 }).set('X-CSRF-Token', compliance.csrf).expect(403);
    await billing.agent.post('/api/saved-replies').set('X-CSRF-Token', billing.csrf).send({ team: 'billing', title: 'Mine', body: 'x' }).expect(403);
  });

  it('when someone without the admin role adds, changes, opens or removes one, or nobody is signed in, then 403 or 401', async () => {
    const { body: created } = await create({ team: 'roi', title: `Records ${uniqueSuffix()}`, body: 'Your records are ready.' }).expect(201);
    const sent = { team: 'roi', title: 'Mine', body: 'x', version: 1 };
    for (const who of [billing, support, desk]) {
      await who.agent.post('/api/saved-replies').set('X-CSRF-Token', who.csrf).send(sent).expect(403);
      await who.agent.put(`/api/saved-replies/${created.id}`).set('X-CSRF-Token', who.csrf).send(sent).expect(403);
      await who.agent.delete(`/api/saved-replies/${created.id}`).set('X-CSRF-Token', who.csrf).expect(403);
      await who.agent.get(`/api/saved-replies/${created.id}`).expect(403);
    }
    await desk.agent.get('/api/saved-replies').expect(403);
    const anonymous = supertest(h.app);
    await anonymous.get('/api/saved-replies').expect(401);
    await anonymous.post('/api/saved-replies').send(sent).expect(401);
    await anonymous.delete(`/api/saved-replies/${created.id}`).expect(401);
    expect((await admin.agent.get(`/api/saved-replies/${created.id}`).expect(200)).body).toMatchObject({ version: 1, body: 'Your records are ready.' });
  });

  it('when a body is 10,001 characters, holds a NUL byte or nothing, or the team is unknown, then 400 names the field', async () => {
    for (const [body, field] of [
      [{ team: 'billing', title: `Long ${uniqueSuffix()}`, body: 'x'.repeat(10_001) }, 'body'],
      [{ team: 'billing', title: `Nul ${uniqueSuffix()}`, body: 'a\u0000b' }, 'body'],
      [{ team: 'billing', title: `Empty ${uniqueSuffix()}`, body: '  ' }, 'body'],
      [{ team: 'front_desk', title: `Team ${uniqueSuffix()}`, body: 'Hi' }, 'team'],
      [{ team: 'billing', title: '', body: 'Hi' }, 'title'],
    ] as const) {
      expect((await create(body).expect(400)).body.errors).toHaveProperty(field);
    }
  });
});
