import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '@portaldesk/db';
import { launchBrowser, signIn } from './browser.ts';

interface DemoPatient {
  id: number;
  mrn: string;
  family_name: string;
  given_name: string;
}

let browser: Browser;
let patient: DemoPatient;

beforeAll(async () => {
  const knex = createKnex(inject('e2eDatabaseUrl'), 1);
  try {
    // A living adult whose "Family, Given" is unique among the demo patients, so the search finds one row.
    patient = await knex('patients')
      .first('id', 'mrn', 'family_name', 'given_name')
      .whereNull('deceased_date')
      .whereRaw(`(SELECT count(*) FROM patients o WHERE o.family_name = patients.family_name AND o.given_name = patients.given_name) = 1`)
      .orderBy('id');
  } finally {
    await knex.destroy();
  }
  browser = await launchBrowser();
});

afterAll(() => browser?.close());

const signInAs = (username: string) => signIn(browser, username);

describe('finding a patient and the trail it leaves', () => {
  it('when front desk finds and opens a record, then compliance sees that look in the audit log and the access ledger', async () => {
    const desk = await signInAs('front_desk');
    // Front desk lands on patient search with the cursor in the name box: the caller's name is typed at once.
    await desk.waitForURL('**/#/patients');
    const search = desk.getByRole('search', { name: 'Patient search' });
    const name = search.getByRole('textbox', { name: 'Name', exact: true });
    await expect.poll(() => name.evaluate((input) => input === document.activeElement)).toBe(true);
    await desk.keyboard.type(`${patient.family_name}, ${patient.given_name}`);
    await desk.keyboard.press('Enter');
    const row = desk.getByRole('row').filter({ hasText: patient.mrn });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await row.click();
    await desk.waitForURL(`**/#/patients/${patient.id}/show`);
    await expect
      .poll(() =>
        desk
          .getByRole('main')
          .getByRole('heading', { name: `${patient.family_name}, ${patient.given_name}`, exact: true })
          .count(),
      )
      .toBe(1);
    expect(await desk.getByText(patient.mrn, { exact: true }).count()).toBeGreaterThan(0);
    // The weekly chart stays one click away.
    await desk.getByRole('menuitem', { name: 'Dashboard' }).click();
    await desk.getByRole('heading', { name: /^Hello Frances Desmond/ }).waitFor();
    await desk.context().close();

    // Compliance lands on the audit log.
    const compliance = await signInAs('compliance');
    await compliance.waitForURL('**/#/audit-events');
    const auditSearch = compliance.getByRole('search', { name: 'Search the audit log' });
    await auditSearch.getByRole('textbox', { name: 'Staff username' }).fill('front_desk');
    await auditSearch.getByRole('textbox', { name: 'Patient MRN' }).fill(patient.mrn);
    await auditSearch.getByRole('textbox', { name: 'Patient MRN' }).press('Enter');
    await compliance.waitForURL((url) => decodeURIComponent(url.toString()).includes(`"patient_mrn":"${patient.mrn}"`));
    const look = compliance
      .getByRole('row')
      .filter({ hasText: 'Opened the record' })
      .filter({ hasText: `${patient.family_name}, ${patient.given_name}` });
    await expect.poll(() => look.count(), { timeout: 15_000 }).toBe(1);
    expect(await look.textContent()).toContain('Frances Desmond');

    const [download] = await Promise.all([compliance.waitForEvent('download'), compliance.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-log-.*\.csv$/);
    const exported = await readFile((await download.path())!, 'utf8');
    expect(exported.split('\r\n').filter((line) => line.includes(`,"show","patients","${patient.id}","${patient.mrn}",`))).toHaveLength(1);

    await compliance.getByRole('menuitem', { name: 'Patients' }).click();
    await compliance.waitForURL('**/#/patients');
    const mrnField = compliance.getByRole('search', { name: 'Patient search' }).getByRole('textbox', { name: 'MRN', exact: true });
    await mrnField.fill(patient.mrn);
    await mrnField.press('Enter');
    await compliance.getByRole('row').filter({ hasText: patient.mrn }).click();
    await compliance.waitForURL(`**/#/patients/${patient.id}/show`);
    const ledger = compliance.getByRole('region', { name: 'Access ledger' });
    const ledgerLook = ledger.getByRole('row').filter({ hasText: 'Frances Desmond' });
    await expect.poll(() => ledgerLook.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await compliance.context().close();
  });

  it('when support opens a record on a 1366x768 screen, then the portal account sits beside the demographics, above the fold', async () => {
    const support = await signInAs('support');
    await support.setViewportSize({ width: 1366, height: 768 });
    await support.waitForURL('**/#/patients');
    await support.goto(`${inject('baseUrl')}/#/patients/${patient.id}/show`);
    const panel = support.getByRole('region', { name: 'Portal account' });
    await panel.waitFor();
    const demographics = support.getByRole('main').getByRole('heading', { name: `${patient.family_name}, ${patient.given_name}`, exact: true });
    const [panelBox, nameBox] = [(await panel.boundingBox())!, (await demographics.boundingBox())!];
    expect(panelBox.x).toBeGreaterThan(nameBox.x + nameBox.width);
    expect(panelBox.y).toBeLessThan(nameBox.y + 20);
    expect(panelBox.y).toBeLessThan(768 / 2);
    await support.context().close();
  });

  it('when a role has no page of its own yet, then it lands on the dashboard', async () => {
    const clinical = await signInAs('clinical');
    await clinical.getByRole('heading', { name: /^Hello / }).waitFor();
    expect(new URL(clinical.url()).hash).toBe('#/');
    await clinical.context().close();
  });
});
