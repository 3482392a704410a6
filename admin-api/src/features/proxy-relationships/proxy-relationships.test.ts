import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jobActor } from '../../lib/audit.ts';
import { createHarness, createPatient, createPortalToken, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';
import { endExpiredRelationships } from './proxy-relationships.service.ts';

let h: Harness;
let roi: SignedIn;
let portalToken: string;
let realNow: number;

beforeAll(async () => {
  h = await createHarness();
  realNow = h.clock.now;
  roi = await signedInAs(h, ['roi']);
  portalToken = await createPortalToken(h);
});
afterEach(() => {
  h.clock.now = realNow;
});
afterAll(() => h.close());

/** 23:30 on 30 November 2026 in New York, already 1 December in UTC. */
const NOV_30_LATE_IN_NEW_YORK = Date.parse('2026-12-01T04:30:00Z');
/** 00:30 on 1 December 2026 in New York. */
const DEC_1_EARLY_IN_NEW_YORK = Date.parse('2026-12-01T05:30:00Z');

async function accountFor(patient: { id: number }) {
  const username = `user-${uniqueSuffix()}`;
  const at = new Date(h.clock.now);
  const [row] = await h
    .knex('portal_accounts')
    .insert({ patient_id: patient.id, username, status: 'active', activated_at: at, updated_at: at })
    .returning('id');
  return { username, accountId: Number(row.id) };
}

/** A parent with their own account, given minor access to a child born on `dateOfBirth` (approved earlier). */
async function family(dateOfBirth: string, { state = 'CT', kind = 'minor', accessLevel = 'full', endsOn = null as string | null } = {}) {
  const parentPatient = await createPatient(h.knex, { date_of_birth: '1980-01-01', given_name: 'Morgan' });
  const parent = await accountFor(parentPatient);
  const child = await createPatient(h.knex, { date_of_birth: dateOfBirth, given_name: 'Kim', state });
  const [relationship] = await h
    .knex('proxy_relationships')
    .insert({
      proxy_account_id: parent.accountId,
      patient_id: child.id,
      relationship: kind === 'minor' ? 'parent' : 'power_of_attorney',
      kind,
      access_level: accessLevel,
      starts_on: '2020-01-01',
      ends_on: endsOn,
      created_at: new Date('2020-01-01T12:00:00Z'),
    })
    .returning('id');
  return { parent, parentPatient, child, relationshipId: Number(relationship.id) };
}

const portal = () => ({
  access: (username: string) => supertest(h.app).get('/portal-api/v1/proxy-access').query({ username }).set('Authorization', `Bearer ${portalToken}`),
  restrict: (body: object) => supertest(h.app).post('/portal-api/v1/proxy-restrictions').set('Authorization', `Bearer ${portalToken}`).send(body),
});

describe('what a proxy may see, by the age tiers', () => {
  it('when a child turns 13 today in New York, then the sensitive categories are hidden from the parent from that morning, not the evening before', async () => {
    const { parent, child } = await family('2013-12-01');
    h.clock.now = NOV_30_LATE_IN_NEW_YORK;
    const before = await portal().access(parent.username).expect(200);
    expect(before.body.patients).toEqual([expect.objectContaining({ mrn: child.mrn, stage: 'child', hidden: [] })]);
    expect(before.body.patients[0].why).toMatch(/^Sees everything: parent of a patient aged 12/);

    h.clock.now = DEC_1_EARLY_IN_NEW_YORK;
    const after = await portal().access(parent.username).expect(200);
    expect(after.body.patients[0]).toMatchObject({ stage: 'teen', until: '2031-11-30' });
    expect(after.body.patients[0].hidden.map((entry: { category: string }) => entry.category)).toEqual([
      'reproductive_sexual_health',
      'sti_hiv',
      'mental_health',
      'substance_use',
    ]);
    expect(after.body.patients[0].why).toBe(
      'Sees the record except reproductive and sexual health, STI and HIV, mental health and substance use: parent of a patient aged 13, until November 30, 2031; the default age rules hide these from parents and guardians of patients 13 to 17.',
    );
  });

  it("when a minor turns 18 today, then the parent's access is gone at once, before any job runs; the day before, it shows its last day", async () => {
    const { parent, child, relationshipId } = await family('2008-12-01');
    h.clock.now = NOV_30_LATE_IN_NEW_YORK;
    const lastDay = await portal().access(parent.username).expect(200);
    expect(lastDay.body.patients).toEqual([expect.objectContaining({ mrn: child.mrn, until: '2026-11-30' })]);
    h.clock.now = DEC_1_EARLY_IN_NEW_YORK;
    expect((await portal().access(parent.username).expect(200)).body.patients).toEqual([]);
    const { body: who } = await roi.agent.get(`/api/patients/${child.id}/who-can-see`).expect(200);
    expect(who.people).toEqual([expect.objectContaining({ relationship_id: relationshipId, sees_anything: false })]);
    expect(who.people[0].sentence).toContain('access to a minor ends at 18');
  });

  it('when a state has rules of its own, then they apply to patients living there and the default elsewhere', async () => {
    const admin = await signedInAs(h, ['admin']);
    const state = 'VT';
    await admin.agent.delete(`/api/proxy-age-tiers/${state}`).set('X-CSRF-Token', admin.csrf);
    await admin.agent
      .post('/api/proxy-age-tiers')
      .set('X-CSRF-Token', admin.csrf)
      .send({ state, teenFromAge: 12, adultAtAge: 18, hiddenCategories: ['mental_health'] })
      .expect(201);
    h.clock.now = DEC_1_EARLY_IN_NEW_YORK;
    const vermont = await family('2014-06-01', { state });
    const connecticut = await family('2014-06-01', { state: 'CT' });
    expect((await portal().access(vermont.parent.username)).body.patients[0]).toMatchObject({
      stage: 'teen',
      hidden: [{ category: 'mental_health', because: 'teen_tier' }],
    });
    expect((await portal().access(connecticut.parent.username)).body.patients[0]).toMatchObject({ stage: 'child', hidden: [] });
    await admin.agent.delete(`/api/proxy-age-tiers/${state}`).set('X-CSRF-Token', admin.csrf).expect(200);
  });

  it('when an adult patient’s proxy was approved as limited, or their POA ended yesterday, then the portal sees that', async () => {
    h.clock.now = DEC_1_EARLY_IN_NEW_YORK;
    const limited = await family('1950-01-01', { kind: 'adult', accessLevel: 'limited' });
    expect((await portal().access(limited.parent.username)).body.patients[0]).toMatchObject({
      stage: null,
      hidden: expect.arrayContaining([{ category: 'mental_health', because: 'limited_access' }]),
    });
    const expired = await family('1950-01-01', { kind: 'adult', endsOn: '2026-11-30' });
    expect((await portal().access(expired.parent.username)).body.patients).toEqual([]);
  });
});

describe('a teenager restricting a parent', () => {
  it('when a 15-year-old hides test results, then everything; and lifts it, then the parent sees each change at once', async () => {
    h.clock.now = DEC_1_EARLY_IN_NEW_YORK;
    const { parent, child } = await family('2011-03-03');
    const teen = await accountFor(child);
    const hidden = await portal()
      .restrict({ patientUsername: teen.username, proxyUsername: parent.username, hide: ['test_results'] })
      .expect(200);
    expect(hidden.body.hidden).toContainEqual({ category: 'test_results', because: 'patient_restricted' });
    expect((await portal().access(parent.username)).body.patients[0].why).toContain('the patient chose to hide test results');

    await portal().restrict({ patientUsername: teen.username, proxyUsername: parent.username, hide: 'all' }).expect(200);
    expect((await portal().access(parent.username)).body.patients).toEqual([]);
    const { body: who } = await roi.agent.get(`/api/patients/${child.id}/who-can-see`).expect(200);
    expect(who.people.map((person: { through: string; sees_anything: boolean }) => [person.through, person.sees_anything])).toEqual([
      ['own_account', true],
      ['proxy', false],
    ]);

    await portal().restrict({ patientUsername: teen.username, proxyUsername: parent.username, hide: [] }).expect(200);
    expect((await portal().access(parent.username)).body.patients[0].hidden.map((entry: { because: string }) => entry.because)).not.toContain(
      'patient_restricted',
    );
  });

  it('when a teenager sends two restrictions at once, then both are answered and one of them stands', async () => {
    h.clock.now = DEC_1_EARLY_IN_NEW_YORK;
    const { parent, child } = await family('2011-03-03');
    const teen = await accountFor(child);
    const answers = await Promise.all([
      portal().restrict({ patientUsername: teen.username, proxyUsername: parent.username, hide: ['billing'] }),
      portal().restrict({ patientUsername: teen.username, proxyUsername: parent.username, hide: ['messages'] }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const rows = await h.knex('proxy_restrictions').where({ patient_id: child.id });
    expect(rows).toHaveLength(1);
    expect([['billing'], ['messages']]).toContainEqual(rows[0].hidden_categories);
  });

  it('when a 10-year-old, or someone with no proxy, tries to restrict, then 422 names the field', async () => {
    h.clock.now = DEC_1_EARLY_IN_NEW_YORK;
    const { parent, child } = await family('2016-05-05');
    const kid = await accountFor(child);
    const young = await portal().restrict({ patientUsername: kid.username, proxyUsername: parent.username, hide: 'all' }).expect(422);
    expect(young.body).toMatchObject({ code: 'not_a_teen', errors: { patientUsername: expect.stringContaining('from 13 to 17') } });
    const stranger = await accountFor(await createPatient(h.knex));
    const none = await portal()
      .restrict({ patientUsername: kid.username, proxyUsername: stranger.username, hide: ['billing'] })
      .expect(422);
    expect(none.body.errors).toHaveProperty('proxyUsername');
    const bad = await portal()
      .restrict({ patientUsername: kid.username, proxyUsername: parent.username, hide: ['diary'] })
      .expect(400);
    expect(bad.body.errors).toBeDefined();
  });
});

describe("ROI on the patient's proxies", () => {
  it('when ROI revokes a relationship with a reason, then the panel shows it ended and the portal drops it; a second revoke on the old version is refused', async () => {
    h.clock.now = DEC_1_EARLY_IN_NEW_YORK;
    const { parent, child, relationshipId } = await family('2016-05-05');
    const { body: panel } = await roi.agent
      .get('/api/proxy-relationships')
      .query({ filter: JSON.stringify({ patient_id: child.id }) })
      .expect(200);
    expect(panel).toEqual([expect.objectContaining({ id: relationshipId, side: 'patient', status: 'live', relationship: 'parent' })]);
    const revoke = (body: object) => roi.agent.post(`/api/proxy-relationships/${relationshipId}/revoke`).set('X-CSRF-Token', roi.csrf).send(body);
    await revoke({ version: panel[0].version }).expect(400);
    const { body: revoked } = await revoke({ reason: 'Court order: custody changed.', version: panel[0].version }).expect(200);
    expect(revoked).toMatchObject({ status: 'ended', end_cause: 'revoked', end_reason: 'Court order: custody changed.' });
    expect((await portal().access(parent.username)).body.patients).toEqual([]);
    await revoke({ reason: 'Again.', version: panel[0].version }).expect(409);
    const { body: fromParent } = await roi.agent
      .get('/api/proxy-relationships')
      .query({ filter: JSON.stringify({ patient_id: (await h.knex('portal_accounts').first('patient_id').where({ id: parent.accountId })).patient_id }) })
      .expect(200);
    expect(fromParent).toEqual([expect.objectContaining({ id: relationshipId, side: 'proxy' })]);
  });

  it('when front desk or support look, then they read the panel but cannot revoke; admin sees no patient', async () => {
    const { child, relationshipId } = await family('2016-05-05');
    for (const role of ['front_desk', 'support', 'compliance'] as const) {
      const staff = await signedInAs(h, [role]);
      await staff.agent
        .get('/api/proxy-relationships')
        .query({ filter: JSON.stringify({ patient_id: child.id }) })
        .expect(200);
      await staff.agent
        .post(`/api/proxy-relationships/${relationshipId}/revoke`)
        .set('X-CSRF-Token', staff.csrf)
        .send({ reason: 'No.', version: 1 })
        .expect(403);
    }
    const admin = await signedInAs(h, ['admin']);
    await admin.agent.get(`/api/patients/${child.id}/who-can-see`).expect(403);
  });

  it('when the birthday worklist is read, then a child turning 13 and a teen turning 18 within 30 days are listed with what changes for whom', async () => {
    h.clock.now = DEC_1_EARLY_IN_NEW_YORK;
    const turning13 = await family('2013-12-11');
    const turning18 = await family('2008-12-06');
    const { body } = await roi.agent.get('/api/proxy-age-changes').query({ days: 30 }).expect(200);
    const mine = body.filter((entry: { id: number }) => [turning13.child.id, turning18.child.id].includes(entry.id));
    expect(mine).toEqual([
      expect.objectContaining({ id: turning18.child.id, on: '2026-12-06', turns: 18, change: 'adult' }),
      expect.objectContaining({ id: turning13.child.id, on: '2026-12-11', turns: 13, change: 'teen' }),
    ]);
    expect(mine[0].proxies[0].from_then).toContain('Sees nothing');
    expect(mine[1].proxies[0].from_then).toContain('Sees the record except');
  });
});

describe("deactivating a patient's own account", () => {
  it('when support deactivates it choosing to end the proxies, then their access ends with the reason; without choosing, it stays', async () => {
    h.clock.now = DEC_1_EARLY_IN_NEW_YORK;
    const support = await signedInAs(h, ['support']);
    const deactivate = async (patientId: number, revokeProxies?: boolean) => {
      const { body: panel } = await support.agent.get(`/api/patients/${patientId}/portal-account`).expect(200);
      expect(panel.open_proxies).toBe(1);
      return support.agent
        .post(`/api/patients/${patientId}/portal-account/deactivate`)
        .set('X-CSRF-Token', support.csrf)
        .send({ version: panel.account.version, reason: 'Patient asked to close the account', ...(revokeProxies === undefined ? {} : { revokeProxies }) })
        .expect(200);
    };
    const ending = await family('2011-03-03');
    await accountFor(ending.child);
    await deactivate(ending.child.id, true);
    expect(await h.knex('proxy_relationships').first('end_cause', 'end_reason').where({ id: ending.relationshipId })).toEqual({
      end_cause: 'account_deactivated',
      end_reason: 'Patient asked to close the account',
    });
    expect((await portal().access(ending.parent.username)).body.patients).toEqual([]);

    const keeping = await family('2011-03-03');
    await accountFor(keeping.child);
    await deactivate(keeping.child.id);
    expect((await portal().access(keeping.parent.username)).body.patients).toHaveLength(1);
  });
});

describe('the nightly end of proxy access', () => {
  it('when two workers run the job at once on the 18th birthday, then the relationship ends once, with one audit row and one message', async () => {
    const { relationshipId, parentPatient } = await family('2008-12-01');
    h.clock.now = DEC_1_EARLY_IN_NEW_YORK;
    const deps = { knex: h.knex, settings: h.deps.settings, clock: h.deps.clock, jobs: h.deps.jobs };
    const counts = await Promise.all([
      endExpiredRelationships(deps, jobActor('end-proxy-access', 'worker-a', h.deps.clock)),
      endExpiredRelationships(deps, jobActor('end-proxy-access', 'worker-b', h.deps.clock)),
    ]);
    const ended = await h.knex('proxy_relationships').first('ended_at', 'end_cause').where({ id: relationshipId });
    expect(ended.end_cause).toBe('turned_adult');
    const audits = await h.knex('audit_events').where({ action: 'end', resource: 'proxy-relationships', resource_id: String(relationshipId) });
    expect(audits).toHaveLength(1);
    const messages = await h.knex('outbox_messages').where({ kind: 'proxy_access_ended', patient_id: parentPatient.id });
    expect(messages).toHaveLength(1);
    expect(counts.filter((count) => count > 0).length).toBeGreaterThanOrEqual(1);
    // Run again the next night: nothing more.
    await endExpiredRelationships(deps, jobActor('end-proxy-access', 'worker-c', h.deps.clock));
    expect(await h.knex('audit_events').where({ action: 'end', resource: 'proxy-relationships', resource_id: String(relationshipId) })).toHaveLength(1);
  });
});

describe('age rules as admins keep them', () => {
  it('when an admin changes the default with a stale version, or removes it, then 409; roi may not change them', async () => {
    const admin = await signedInAs(h, ['admin']);
    const { body: rules } = await admin.agent.get('/api/proxy-age-tiers').expect(200);
    expect(rules[0]).toMatchObject({ id: 'default', teen_from_age: 13, adult_at_age: 18 });
    const change = (version: number, teenFromAge = 13) =>
      admin.agent
        .put('/api/proxy-age-tiers/default')
        .set('X-CSRF-Token', admin.csrf)
        .send({ teenFromAge, adultAtAge: 18, hiddenCategories: rules[0].hidden_categories, version });
    await change(rules[0].version + 5).expect(409);
    await change(rules[0].version, 18).expect(400);
    const { body: saved } = await change(rules[0].version).expect(200);
    expect(saved.version).toBe(rules[0].version + 1);
    await admin.agent.delete('/api/proxy-age-tiers/default').set('X-CSRF-Token', admin.csrf).expect(409);
    await roi.agent
      .put('/api/proxy-age-tiers/default')
      .set('X-CSRF-Token', roi.csrf)
      .send({ teenFromAge: 12, adultAtAge: 18, hiddenCategories: [], version: saved.version })
      .expect(403);
  });
});
