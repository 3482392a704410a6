import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';

let h: Harness;
let admin: SignedIn;
beforeAll(async () => {
  h = await createHarness();
  admin = await signedInAs(h, ['admin']);
});
afterAll(() => h.close());

const create = (body: object, who = admin) => who.agent.post('/api/result-categories').set('X-CSRF-Token', who.csrf).send(body);
const update = (code: string, body: object, who = admin) => who.agent.put(`/api/result-categories/${code}`).set('X-CSRF-Token', who.csrf).send(body);

describe('result categories', () => {
  it('when an admin adds a category with a state-law rule, then it lists with its citation, and an edit from an older version is refused (409)', async () => {
    const code = `cat_${uniqueSuffix()}`;
    const created = await create({ code, name: 'Genetic counseling', hold_citation: 'State genetic privacy law', hold_days: 5 }).expect(201);
    expect(created.body).toMatchObject({ id: code, proxy_category: null, hold_citation: 'State genetic privacy law', hold_days: 5, version: 1 });
    const changed = await update(code, {
      name: 'Genetics (counseling)',
      proxy_category: 'reproductive_sexual_health',
      hold_citation: null,
      hold_days: null,
      version: 1,
    }).expect(200);
    expect(changed.body).toMatchObject({ name: 'Genetics (counseling)', hold_citation: null, hold_days: null, version: 2 });
    await update(code, { name: 'Stale', version: 1 }).expect(409);
    await create({ code, name: 'Again' }).expect(409);
    const listed = await admin.agent
      .get('/api/result-categories')
      .query({ range: JSON.stringify([0, 199]) })
      .expect(200);
    expect(listed.body.find((category: { id: string }) => category.id === code)).toMatchObject({ name: 'Genetics (counseling)' });
  });

  it('when a rule has a citation without days, days out of range, or a bad code, then 400 names the field and nothing is saved', async () => {
    const code = `cat_${uniqueSuffix()}`;
    const refused = [
      [{ code, name: 'Half a rule', hold_citation: 'Some law' }, 'hold_citation'],
      [{ code, name: 'Too long', hold_citation: 'Some law', hold_days: 31 }, 'hold_days'],
      [{ code: 'Bad Code', name: 'Bad' }, 'code'],
      [{ code, name: 'Unknown sensitivity', proxy_category: 'astrology' }, 'proxy_category'],
    ] as const;
    for (const [body, field] of refused) {
      const answer = await create(body).expect(400);
      expect(Object.keys(answer.body.errors)).toContain(field);
    }
    await admin.agent.get(`/api/result-categories/${code}`).expect(404);
  });

  it('when a clinician lists the categories, then they may; when they or ROI try to change one, then 403; anonymous, 401', async () => {
    const clinician = await signedInAs(h, ['clinical']);
    await clinician.agent.get('/api/result-categories').expect(200);
    await create({ code: `cat_${uniqueSuffix()}`, name: 'Nope' }, clinician).expect(403);
    const roi = await signedInAs(h, ['roi']);
    await roi.agent.get('/api/result-categories').expect(403);
    await supertest(h.app).get('/api/result-categories').expect(401);
  });
});
