import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '@portaldesk/db';
import { createPortalToken, launchBrowser, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');

let browser: Browser;
let portalToken: string;
let patient: { id: number; mrn: string; username: string };

interface PortalResult {
  accessionNumber: string;
  value: string;
}

const portalResults = async (): Promise<PortalResult[]> => {
  const answer = await fetch(`${baseUrl}/portal-api/v1/results?${new URLSearchParams({ username: patient.username, patientMrn: patient.mrn })}`, {
    headers: { Authorization: `Bearer ${portalToken}` },
  });
  expect(answer.status).toBe(200);
  return (await answer.json()).results;
};

/** A calendar date `days` ahead, as the console's date fields take it (MM/DD/YYYY). */
const typedDateIn = (days: number) => {
  const date = new Date(Date.now() + days * 86_400_000);
  return `${String(date.getMonth() + 1).padStart(2, '0')}/${String(date.getDate()).padStart(2, '0')}/${date.getFullYear()}`;
};

beforeAll(async () => {
  const knex = createKnex(inject('e2eDatabaseUrl'), 1);
  try {
    // A living adult without results or a portal account, from the end of the demo list: given an account here.
    const adult = await knex('patients as p')
      .first('p.id', 'p.mrn')
      .whereNull('p.deceased_date')
      .where('p.date_of_birth', '<', '1990-01-01')
      .whereNotExists(knex('portal_accounts').whereRaw('patient_id = p.id'))
      .whereNotExists(knex('results').whereRaw('patient_id = p.id'))
      .orderBy('p.id', 'desc')
      .offset(12);
    const username = `e2e.results.${adult.mrn}`;
    const now = new Date();
    await knex('portal_accounts').insert({ patient_id: adult.id, username, status: 'active', activated_at: now, updated_at: now });
    patient = { ...adult, username };
  } finally {
    await knex.destroy();
  }
  portalToken = await createPortalToken('End-to-end results');
  browser = await launchBrowser();
});

afterAll(() => browser?.close());

describe('results end to end', () => {
  it('when an admin imports a lab file, then a clinician holds a result to prevent harm and the portal loses it, and "release now" gives it back to the portal', async () => {
    const performed = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const resulted = new Date(Date.now() - 86_400_000).toISOString();
    const a1c = `E2E-${patient.mrn}-1`;
    const ldl = `E2E-${patient.mrn}-2`;
    const file = [
      'accession_number,mrn,loinc_code,test_name,value,unit,reference_range,abnormal_flag,category,performed_at,resulted_at',
      `${a1c},${patient.mrn},4548-4,Hemoglobin A1c,9.4,%,4.0-5.6,H,chemistry,${performed},${resulted}`,
      `${ldl},${patient.mrn},13457-7,LDL cholesterol,92,mg/dL,<100,,chemistry,${performed},${resulted}`,
    ].join('\n');

    const admin = await signIn(browser, 'admin');
    await admin.getByRole('menuitem', { name: 'Import results' }).click();
    await admin.locator('input[type=file]').setInputFiles({ name: 'lab-e2e.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await admin.getByRole('button', { name: 'Check file' }).click();
    await admin.getByRole('button', { name: 'Import', exact: true }).click();
    await admin.getByText(/Imported: 2 new, 0 corrected, 0 unchanged/).waitFor();
    await admin.context().close();
    expect((await portalResults()).map((result) => result.accessionNumber).sort()).toEqual([a1c, ldl]);

    const clinician = await signIn(browser, 'clinical');
    await clinician.getByRole('menuitem', { name: 'Patients' }).waitFor();
    await clinician.goto(`${baseUrl}/#/patients/${patient.id}/show/results`);
    const a1cRow = clinician.getByRole('row').filter({ hasText: 'Hemoglobin A1c' });
    await a1cRow.getByRole('checkbox').check();
    await clinician.getByRole('button', { name: 'Hold…' }).click();
    const hold = clinician.getByRole('dialog');
    await hold.getByRole('radio', { name: 'Preventing harm' }).check();
    await hold.getByRole('combobox', { name: /Type of harm/ }).click();
    await clinician.getByRole('option', { name: 'Danger to the life or physical safety of the patient or another person' }).click();
    await hold.getByRole('textbox', { name: /Review by/ }).fill(typedDateIn(7));
    await hold
      .getByRole('textbox', { name: /^Reason/ })
      .fill('New diagnosis of diabetes: to be explained at Friday’s visit, risk of self-harm on reading alone');
    await hold.getByRole('button', { name: 'Hold', exact: true }).click();
    await clinician.getByText('Held 1 result.').waitFor();
    await expect.poll(() => a1cRow.textContent()).toContain('Held: preventing harm until');
    expect((await portalResults()).map((result) => result.accessionNumber)).toEqual([ldl]);

    await a1cRow.getByRole('checkbox').check();
    await clinician.getByRole('button', { name: 'Release now…' }).click();
    const release = clinician.getByRole('dialog');
    await release.getByRole('textbox', { name: /Reason for releasing now/ }).fill('Explained to the patient by phone today');
    await release.getByRole('button', { name: 'Release now', exact: true }).click();
    await clinician.getByText('Released 1 result to the portal.').waitFor();
    await expect.poll(() => a1cRow.textContent()).toContain('Released');

    // The register keeps the hold, who released it and why.
    await clinician.getByRole('menuitem', { name: 'Hold register' }).click();
    const registered = clinician.getByRole('row').filter({ hasText: a1c });
    await expect.poll(() => registered.textContent()).toContain('Explained to the patient by phone today');
    await clinician.context().close();
    expect((await portalResults()).find((result) => result.accessionNumber === a1c)).toMatchObject({ value: '9.4' });
  });
});
