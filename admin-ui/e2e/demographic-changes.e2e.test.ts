import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '@portaldesk/db';
import { createPortalToken, launchBrowser, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');

let browser: Browser;
let portalToken: string;
let patient: { id: number; mrn: string; family_name: string; given_name: string; username: string };

const portal = (path: string, init: RequestInit = {}) =>
  fetch(`${baseUrl}/portal-api/v1${path}`, { ...init, headers: { Authorization: `Bearer ${portalToken}`, 'Content-Type': 'application/json' } });

beforeAll(async () => {
  const knex = createKnex(inject('e2eDatabaseUrl'), 1);
  try {
    // A living adult with no portal account yet, from the end of the demo list: given one here.
    const adult = await knex('patients as p')
      .first('p.id', 'p.mrn', 'p.family_name', 'p.given_name')
      .whereNull('p.deceased_date')
      .where('p.date_of_birth', '<', '1990-01-01')
      .whereNotExists(knex('portal_accounts').whereRaw('patient_id = p.id'))
      .whereNotExists(knex('proxy_requests').whereRaw('patient_id = p.id'))
      .orderBy('p.id', 'desc')
      .offset(5);
    const username = `e2e.demographics.${adult.mrn}`;
    const now = new Date();
    await knex('portal_accounts').insert({ patient_id: adult.id, username, status: 'active', activated_at: now, updated_at: now });
    // Known starting values, so the request below changes both fields whatever the demo drew.
    await knex('patients').where({ id: adult.id }).update({ ethnicity: '2186-5', phone: '+18605550100' });
    patient = { ...adult, username };
  } finally {
    await knex.destroy();
  }
  portalToken = await createPortalToken('End-to-end demographic changes');
  browser = await launchBrowser();
});

afterAll(() => browser?.close());

describe('demographic changes end to end', () => {
  it('when a patient asks to change ethnicity and phone, then ROI accepts one and rejects the other with a reason from the queue, and the portal reads both outcomes', async () => {
    const sent = await portal('/demographic-change-requests', {
      method: 'POST',
      body: JSON.stringify({ username: patient.username, changes: { ethnicity: '2135-2', phone: '+18605550187' } }),
    });
    const { id, status } = await sent.json();
    expect([sent.status, status]).toEqual([201, 'submitted']);

    const roi = await signIn(browser, 'roi');
    await roi.waitForURL('**/#/proxy-requests**');
    await roi.getByRole('menuitem', { name: 'Demographic changes' }).click();
    const row = roi.getByRole('row').filter({ hasText: `${patient.family_name}, ${patient.given_name} (MRN ${patient.mrn})` });
    await expect.poll(() => row.textContent()).toContain('Ethnicity');
    expect(await row.textContent()).toContain('Phone');
    await row.getByRole('link').first().click();
    await roi.waitForURL(`**/#/demographic-change-requests/${id}/show`);

    // Names, never codes: the reviewer reads what the patient asked for in words.
    const ethnicity = roi.getByRole('group', { name: 'Decision on Ethnicity' });
    await roi.getByText('Hispanic or Latino', { exact: true }).first().waitFor();
    expect(await roi.getByText('2135-2').count()).toBe(0);
    await ethnicity.getByRole('radio', { name: 'Accept' }).check();
    const phone = roi.getByRole('group', { name: 'Decision on Phone' });
    await phone.getByRole('radio', { name: 'Reject' }).check();
    await roi
      .getByRole('textbox', { name: /Reason \(sent to the patient\)/ })
      .fill('We could not reach you at this number. Please call Registration to confirm it.');
    await roi.getByRole('button', { name: 'Submit review' }).click();
    await roi
      .getByText(/^Reviewed .+ by Rosa Ortiz/)
      .first()
      .waitFor();
    await roi.context().close();

    const answer = await portal(`/demographic-change-requests/${id}`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      id,
      status: 'reviewed',
      fields: {
        ethnicity: { status: 'accepted', reason: null },
        phone: { status: 'rejected', reason: 'We could not reach you at this number. Please call Registration to confirm it.' },
      },
    });
  });
});
