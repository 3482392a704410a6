import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '@portaldesk/db';
import { launchBrowser, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
const demoPassword = inject('demoPassword');

let browser: Browser;
let patient: { id: number; mrn: string; date_of_birth: string; family_name: string; given_name: string };

beforeAll(async () => {
  const knex = createKnex(inject('e2eDatabaseUrl'), 1);
  try {
    // A living adult with no portal account and no code yet.
    patient = await knex('patients as p')
      .first('p.id', 'p.mrn', 'p.date_of_birth', 'p.family_name', 'p.given_name')
      .whereNull('p.deceased_date')
      .where('p.date_of_birth', '<', '1990-01-01')
      .whereNotExists(knex('portal_accounts').whereRaw('patient_id = p.id'))
      .whereNotExists(knex('activation_codes').whereRaw('patient_id = p.id'))
      .orderBy('p.id', 'desc');
  } finally {
    await knex.destroy();
  }
  browser = await launchBrowser();
});

afterAll(() => browser?.close());

/** Signed in, on the patient search. */
async function signInToPatients(username: string): Promise<Page> {
  const page = await signIn(browser, username);
  await page.getByRole('menuitem', { name: 'Patients' }).click();
  await page.getByRole('search', { name: 'Patient search' }).waitFor();
  return page;
}

async function openPatient(page: Page): Promise<void> {
  const mrn = page.getByRole('search', { name: 'Patient search' }).getByRole('textbox', { name: 'MRN', exact: true });
  await mrn.fill(patient.mrn);
  await mrn.press('Enter');
  await page.getByRole('row').filter({ hasText: patient.mrn }).click();
  await page.waitForURL(`**/#/patients/${patient.id}/show`);
}

/** The patient portal's side: an admin-made integration token, then a redemption. */
async function redeemAsPortal(code: string): Promise<Response> {
  const session = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: demoPassword }),
  });
  const cookie = session.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = await session.json();
  const created = await fetch(`${baseUrl}/api/portal-tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken },
    body: JSON.stringify({ name: 'End-to-end portal' }),
  });
  const { token } = await created.json();
  return fetch(`${baseUrl}/portal-api/v1/activations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ code, dateOfBirth: patient.date_of_birth, username: `e2e.${patient.mrn}` }),
  });
}

describe('activation codes end to end', () => {
  it('when front desk issues a code and prints the letter, the portal redeems it and support sees the account active', async () => {
    const desk = await signInToPatients('front_desk');
    await openPatient(desk);
    const panel = desk.getByRole('region', { name: 'Portal account' });
    // Where the code is handed over: picked from the admin-kept list of desk locations.
    await panel.getByRole('combobox', { name: /Desk location/ }).click();
    await desk.getByRole('option', { name: 'Main lobby desk 2' }).click();
    await panel.getByRole('button', { name: 'Issue activation code' }).click();
    const shown = await desk.getByTestId('issued-code').textContent();
    expect(shown).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    // Count the print dialogs the page opens (headless Chromium shows none).
    await desk.evaluate(() => {
      const counted = window as unknown as { printDialogs: number };
      counted.printDialogs = 0;
      window.print = () => {
        counted.printDialogs += 1;
      };
    });
    await desk.getByRole('button', { name: 'Print activation letter' }).click();
    const letter = desk.getByRole('article', { name: `Activation letter for ${patient.given_name} ${patient.family_name}` });
    await letter.waitFor();
    // One click from the code to the print dialog, opened once.
    await expect.poll(() => desk.evaluate(() => (window as unknown as { printDialogs: number }).printDialogs)).toBe(1);
    expect(await letter.getByTestId('activation-code').textContent()).toBe(shown);
    expect(await letter.textContent()).toContain('call 911');
    await desk.reload();
    await expect.poll(() => desk.getByTestId('activation-code').count()).toBe(0);
    await desk.context().close();

    const redeemed = await redeemAsPortal(shown!);
    expect(redeemed.status).toBe(201);

    const support = await signInToPatients('support');
    await openPatient(support);
    const status = support.getByRole('region', { name: 'Portal account' }).getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain(`The account e2e.${patient.mrn} is active`);
    await support.context().close();
  });
});
