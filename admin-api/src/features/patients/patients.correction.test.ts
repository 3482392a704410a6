import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalPdf } from '../../testing/documents.ts';
import { createHarness, createPatient, signedInAs, type Harness, type SignedIn } from '../../testing/harness.ts';

let h: Harness;
let roi: SignedIn;
let otherRoi: SignedIn;

beforeAll(async () => {
  h = await createHarness();
  roi = await signedInAs(h, ['roi']);
  otherRoi = await signedInAs(h, ['roi']);
});
afterAll(() => h.close());

const correct = (who: SignedIn, id: number, body: object) => who.agent.put(`/api/patients/${id}`).set('X-CSRF-Token', who.csrf).send(body);
const uploadDocument = (who: SignedIn, id: number, content: Buffer, filename = 'court-order.pdf') =>
  who.agent.post(`/api/patients/${id}/documents`).set('X-CSRF-Token', who.csrf).attach('documents', content, { filename, contentType: 'application/pdf' });

describe('staff corrections', () => {
  it('when ROI corrects contact details and demographics with a reason, then only changed fields are written, each with a history row, and the version goes up', async () => {
    const patient = await createPatient(h.knex);
    const { body: saved } = await correct(roi, patient.id, {
      version: 1,
      reason: 'Patient called to update',
      email: 'pat@example.com',
      phone: '+18605550177',
      race: ['2054-5'],
      preferred_language: 'es',
      address_line1: '9 Elm St',
      postal_code: '06105',
    }).expect(200);
    expect(saved).toMatchObject({
      version: 2,
      phone: '+18605550177',
      race: ['2054-5'],
      preferred_language: 'es',
      address_line1: '9 Elm St',
      city: 'Hartford',
      postal_code: '06105',
    });

    const { body: history } = await roi.agent.get(`/api/patients/${patient.id}/history`).expect(200);
    expect(history.map((row: { field: string }) => row.field).sort()).toEqual(['address', 'phone', 'preferred_language', 'race']);
    const address = history.find((row: { field: string }) => row.field === 'address');
    expect(address).toMatchObject({
      old_value: { line1: '1 Main St', line2: null, city: 'Hartford', state: 'CT', postal_code: '06106' },
      new_value: { line1: '9 Elm St', line2: null, city: 'Hartford', state: 'CT', postal_code: '06105' },
      source: 'staff_correction',
      reason: 'Patient called to update',
      changed_by: roi.staff.id,
      version: 2,
      change_request_id: null,
    });
  });

  it('when a correction has no reason, changes nothing, or names an unknown code, then 422 names it and nothing is saved', async () => {
    const patient = await createPatient(h.knex);
    const noReason = await correct(roi, patient.id, { version: 1, email: 'new@example.com' }).expect(422);
    expect(noReason.body).toMatchObject({ code: 'reason_required', errors: { reason: expect.any(String) } });
    const noChange = await correct(roi, patient.id, { version: 1, email: 'pat@example.com', reason: 'Checked' }).expect(422);
    expect(noChange.body.code).toBe('no_change');
    const unknown = await correct(roi, patient.id, { version: 1, ethnicity: '9999-9', reason: 'Checked' }).expect(422);
    expect(unknown.body.errors.ethnicity).toContain('9999-9');
    const incomplete = await correct(roi, patient.id, { version: 1, address_line1: null, reason: 'Moved' }).expect(422);
    expect(incomplete.body.errors.address_line1).toContain('line1');
    const nul = await correct(roi, patient.id, { version: 1, city: 'Hart\u0000ford', reason: 'Typo' }).expect(400);
    expect(Object.keys(nul.body.errors)).toContain('city');
    expect(await h.knex('patient_field_history').where({ patient_id: patient.id })).toEqual([]);
    expect((await h.knex('patients').first('version').where({ id: patient.id })).version).toBe(1);
  });

  it('when ROI changes the legal name, then a document is required, and with one uploaded for this patient the history names it', async () => {
    const patient = await createPatient(h.knex);
    const other = await createPatient(h.knex);
    const without = await correct(roi, patient.id, { version: 1, family_name: 'Marriedname', reason: 'Marriage certificate' }).expect(422);
    expect(without.body.code).toBe('document_required');

    const { body: foreign } = await uploadDocument(roi, other.id, minimalPdf()).expect(201);
    const wrongPatient = await correct(roi, patient.id, {
      version: 1,
      family_name: 'Marriedname',
      reason: 'Marriage certificate',
      document_id: foreign.id,
    }).expect(422);
    expect(wrongPatient.body.code).toBe('document_unknown');

    // A form the portal sent (for a proxy request) is no proof of a legal change.
    const pdf = minimalPdf();
    const [portalForm] = await h
      .knex('documents')
      .insert({
        patient_id: patient.id,
        received_at: new Date(h.clock.now),
        source: 'portal',
        file_name: 'proxy-form.pdf',
        media_type: 'application/pdf',
        bytes: pdf.length,
        sha256: 'a'.repeat(64),
        content: pdf,
      })
      .returning('id');
    const fromPortal = await correct(roi, patient.id, {
      version: 1,
      family_name: 'Marriedname',
      reason: 'Marriage certificate',
      document_id: portalForm.id,
    }).expect(422);
    expect(fromPortal.body.code).toBe('document_unknown');
    await uploadDocument(roi, 999999999, minimalPdf()).expect(404);

    const { body: document } = await uploadDocument(roi, patient.id, minimalPdf()).expect(201);
    expect(document).toMatchObject({ source: 'staff', media_type: 'application/pdf', file_name: 'court-order.pdf' });
    await correct(roi, patient.id, { version: 1, family_name: 'Marriedname', sex: 'male', reason: 'Marriage certificate', document_id: document.id }).expect(
      200,
    );
    const { body: history } = await roi.agent
      .get(`/api/patients/${patient.id}/history`)
      .query({ filter: JSON.stringify({ field: 'family_name' }) })
      .expect(200);
    expect(history).toEqual([expect.objectContaining({ old_value: patient.family_name, new_value: 'Marriedname', document_id: document.id })]);
  });

  it('when a file that is not a PDF or image is uploaded as a document, then 415 and nothing is stored', async () => {
    const patient = await createPatient(h.knex);
    const executable = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    await uploadDocument(roi, patient.id, executable, 'scan.pdf').expect(415);
    expect(await h.knex('documents').where({ patient_id: patient.id })).toEqual([]);
  });

  it('when two staff save the same patient from the same version at once, then the second is refused with 409 showing what the first changed', async () => {
    const patient = await createPatient(h.knex);
    const [first, second] = await Promise.all([
      correct(roi, patient.id, { version: 1, email: 'first@example.com', reason: 'Patient called' }),
      correct(otherRoi, patient.id, { version: 1, phone: '+18605550111', reason: 'Patient wrote' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const [winner, loser] = first.status === 200 ? [first, second] : [second, first];
    expect(loser.body.code).toBe('stale_version');
    expect(loser.body.details.current).toMatchObject({ version: 2, email: winner.body.email, phone: winner.body.phone });
    expect(loser.body.details.changes).toEqual([expect.objectContaining({ version: 2, source: 'staff_correction', changed_by_name: expect.any(String) })]);
    expect(await h.knex('patient_field_history').where({ patient_id: patient.id })).toHaveLength(1);
  });
});

describe('history', () => {
  it('when compliance exports the history, then the CSV lists each change in words and codes, and the export is audited', async () => {
    const patient = await createPatient(h.knex);
    await correct(roi, patient.id, { version: 1, race: ['2106-3', '2028-9'], preferred_language: 'ht', reason: 'Registration form' }).expect(200);
    const compliance = await signedInAs(h, ['compliance']);
    const exported = await compliance.agent.get(`/api/patients/${patient.id}/history/export`).expect(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    expect(exported.text).toContain('"White, Asian"');
    expect(exported.text).toContain('"Haitian Creole"');
    expect(exported.text).toContain('"Registration form"');
    const audit = await h.knex('audit_events').where({ patient_id: patient.id, resource: 'patient-history', action: 'export' });
    expect(audit).toHaveLength(1);
  });

  it('when billing opens a record, then race, ethnicity, sexual orientation and gender identity are left out; clinical and front desk see them', async () => {
    const patient = await createPatient(h.knex);
    await correct(roi, patient.id, { version: 1, race: ['2054-5'], sexual_orientation: '42035005', reason: 'Registration form' }).expect(200);
    const billing = await signedInAs(h, ['billing']);
    const { body: forBilling } = await billing.agent.get(`/api/patients/${patient.id}`).expect(200);
    expect(forBilling).not.toHaveProperty('race');
    expect(forBilling).not.toHaveProperty('ethnicity');
    expect(forBilling).not.toHaveProperty('sexual_orientation');
    expect(forBilling).not.toHaveProperty('gender_identity');
    expect(forBilling).toHaveProperty('preferred_language');
    for (const role of ['clinical', 'front_desk'] as const) {
      const staff = await signedInAs(h, [role]);
      const { body } = await staff.agent.get(`/api/patients/${patient.id}`).expect(200);
      expect(body).toMatchObject({ race: ['2054-5'], sexual_orientation: '42035005' });
    }
  });

  it('when front desk and support read the history they may, but may not export or correct; billing may do neither; nobody signed out may', async () => {
    const patient = await createPatient(h.knex);
    for (const role of ['front_desk', 'support'] as const) {
      const staff = await signedInAs(h, [role]);
      await staff.agent.get(`/api/patients/${patient.id}/history`).expect(200);
      await staff.agent.get(`/api/patients/${patient.id}/history/export`).expect(403);
      await correct(staff, patient.id, { version: 1, email: 'x@example.com', reason: 'No' }).expect(403);
    }
    const billing = await signedInAs(h, ['billing']);
    await billing.agent.get(`/api/patients/${patient.id}/history`).expect(403);
    await supertest(h.app).get(`/api/patients/${patient.id}/history`).expect(401);
    await roi.agent.get('/api/patients/999999999/history').expect(404);
    await correct(roi, 999999999, { version: 1, email: 'x@example.com', reason: 'No' }).expect(404);
  });
});
