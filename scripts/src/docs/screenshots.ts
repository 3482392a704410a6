/**
 * `npm run docs:screenshots`
 *
 * Retakes the README's pictures of the console (admin-ui/docs/*.png) from the product itself: the
 * compiled server on a throwaway database seeded with the demo, headless Chromium at 1366x768
 * signed in as each role. Run it after a change the pictures show.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createKnex, repoRoot } from '@portaldesk/db';
import { provisionTestDatabase } from '@portaldesk/db/testing';
import { seedDemoData } from '@portaldesk/admin-api';
import { startCompiledServer } from '../bench/compiled-server.ts';
import { launchChromium } from '../chromium.ts';

const DEMO_PASSWORD = 'screenshots demo passphrase';
const DOCS = path.join(repoRoot, 'admin-ui', 'docs');
const VIEWPORT = { width: 1366, height: 768 };

const database = await provisionTestDatabase('portaldesk_docs');
const knex = createKnex(database.connectionString, 2);
let server: Awaited<ReturnType<typeof startCompiledServer>> | undefined;
let browser: Browser | undefined;
try {
  await seedDemoData(knex, { password: DEMO_PASSWORD, patientCount: 3000, now: new Date() });
  // A living adult with no portal account or code, for the code and its letter.
  const newcomer = await knex('patients as p')
    .first('p.id', 'p.mrn')
    .whereNull('p.deceased_date')
    .where('p.date_of_birth', '<', '1990-01-01')
    .whereNotExists(knex('portal_accounts').whereRaw('patient_id = p.id'))
    .whereNotExists(knex('activation_codes').whereRaw('patient_id = p.id'))
    .orderBy('p.id', 'desc');
  const pending = await knex('patients').first('id').where({ mrn: '10000010' });
  // The demo's overdue power of attorney (with its PDF), and the teenager whose parent's access ends next week.
  const overdue = await knex('proxy_requests').first('id').where({ status: 'submitted', kind: 'adult' }).orderBy('submitted_at');
  const teen = await knex('proxy_relationships as r')
    .join('patients as p', 'p.id', 'r.patient_id')
    .first('p.id')
    .where('r.kind', 'minor')
    .whereNull('r.ended_at')
    .orderBy('p.date_of_birth');

  // The demo's address change that an EHR import overtook after the patient asked: the flag ROI must see.
  const overtaken = await knex('demographic_change_requests as r')
    .first('r.id', 'r.patient_id')
    .where('r.status', 'submitted')
    .whereExists(knex('patient_field_history as h').whereRaw("h.patient_id = r.patient_id AND h.source = 'import' AND h.changed_at > r.received_at"));
  const mostChanged = await knex('patient_field_history').first('patient_id').groupBy('patient_id').orderByRaw('count(*) DESC, patient_id');

  server = await startCompiledServer(database.connectionString);
  const baseUrl = server.baseUrl;
  browser = await launchChromium();

  const signIn = async (username: string): Promise<Page> => {
    const page = await (await browser!.newContext({ viewport: VIEWPORT })).newPage();
    await page.goto(baseUrl);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation').first().waitFor();
    return page;
  };
  const shoot = async (page: Page, name: string, { fullPage = false, settled = 'networkidle' as 'networkidle' | 'load' } = {}) => {
    // Let charts and fonts settle and the notice fade: the picture shows the page at rest.
    await page.waitForLoadState(settled);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(DOCS, `${name}.png`), fullPage });
    console.log(`admin-ui/docs/${name}.png`);
  };
  /** Opens a record and waits for the panel this role came for. */
  const openRecord = async (page: Page, id: number, panel = 'Portal account') => {
    await page.goto(`${baseUrl}/#/patients/${id}/show`);
    await page.getByRole('region', { name: panel }).waitFor();
  };

  const desk = await signIn('front_desk');
  const nameBox = desk.getByRole('search', { name: 'Patient search' }).getByRole('textbox', { name: 'Name', exact: true });
  await nameBox.fill('smi');
  await nameBox.press('Enter');
  await desk.getByRole('row').nth(3).waitFor();
  await shoot(desk, 'patient-search');
  await desk.getByRole('menuitem', { name: 'Dashboard' }).click();
  await desk.getByRole('heading', { name: /^Hello / }).waitFor();
  await shoot(desk, 'dashboard');
  await openRecord(desk, newcomer.id);
  const panel = desk.getByRole('region', { name: 'Portal account' });
  await panel.getByRole('combobox', { name: /Desk location/ }).click();
  await desk.getByRole('option', { name: 'Main lobby desk 2' }).click();
  await panel.getByRole('button', { name: 'Issue activation code' }).click();
  await desk.getByTestId('issued-code').waitFor();
  await shoot(desk, 'activation-code');
  await desk.evaluate(() => (window.print = () => undefined));
  await desk.getByRole('button', { name: 'Print activation letter' }).click();
  await desk.getByRole('article').first().waitFor();
  await shoot(desk, 'activation-letter');

  const support = await signIn('support');
  await openRecord(support, pending.id);
  await shoot(support, 'support-panel');
  await support.getByRole('menuitem', { name: 'Identity checks' }).click();
  await support.getByRole('row').filter({ hasText: 'DAVIS' }).first().click();
  await support.waitForURL(/identity-check-failures\/\d+/);
  await support.getByText('Differs').first().waitFor();
  await shoot(support, 'identity-check');

  const compliance = await signIn('compliance');
  await compliance.getByRole('row').nth(3).waitFor();
  await shoot(compliance, 'audit-log');
  await openRecord(compliance, newcomer.id, 'Access ledger');
  await compliance.getByRole('region', { name: 'Access ledger' }).getByRole('row').nth(1).waitFor();
  await shoot(compliance, 'patient-record-ledger', { fullPage: true });
  await compliance.getByRole('menuitem', { name: 'Role changes' }).click();
  await compliance.waitForURL('**/#/role-changes');
  await compliance.getByRole('row').nth(1).waitFor();
  await shoot(compliance, 'role-changes');

  const roi = await signIn('roi');
  await roi.getByRole('row').nth(3).waitFor();
  await shoot(roi, 'proxy-queue');
  // Tall enough for the document viewer below the people: the PDF viewer draws only what is in view.
  await roi.setViewportSize({ width: VIEWPORT.width, height: 1500 });
  await roi.goto(`${baseUrl}/#/proxy-requests/${overdue.id}/show`);
  await roi.locator('iframe').first().waitFor();
  // Chromium's PDF viewer never lets the network go idle: wait for its page to be drawn instead.
  await roi.waitForTimeout(5000);
  await shoot(roi, 'proxy-request', { settled: 'load' });
  await roi.setViewportSize(VIEWPORT);
  await openRecord(roi, teen.id, 'Proxies');
  await roi.getByRole('button', { name: 'Who sees what, and why' }).click();
  await roi.getByRole('heading', { name: /Who sees .* today, and why/ }).waitFor();
  await shoot(roi, 'proxies-panel', { fullPage: true });
  await roi.getByRole('menuitem', { name: 'Birthday worklist' }).click();
  await roi.getByRole('row').nth(1).waitFor();
  await shoot(roi, 'proxy-birthdays');
  await roi.getByRole('menuitem', { name: 'Demographic changes' }).click();
  await roi.getByRole('row').nth(3).waitFor();
  await shoot(roi, 'demographic-queue');
  await roi.goto(`${baseUrl}/#/demographic-change-requests/${overtaken.id}/show`);
  await roi.getByText(/^Changed since the request/).waitFor();
  await shoot(roi, 'demographic-review', { fullPage: true });
  await roi.goto(`${baseUrl}/#/patients/${mostChanged.patient_id}/show/history`);
  await roi.getByRole('row').nth(1).waitFor();
  await shoot(roi, 'patient-history');

  const clinician = await signIn('clinical');
  await clinician.getByRole('menuitem', { name: 'Release queue' }).click();
  await clinician.getByRole('row').nth(3).waitFor();
  await shoot(clinician, 'release-queue');
  const harmHold: { patient_id: number } = await knex('result_holds').first('patient_id').where({ basis: 'preventing_harm' }).whereNull('ended_at');
  await clinician.goto(`${baseUrl}/#/patients/${harmHold.patient_id}/show/results`);
  await clinician.getByText(/ values from /).waitFor();
  await shoot(clinician, 'patient-results', { fullPage: true });

  const billing = await signIn('billing');
  await billing.getByRole('row').nth(3).waitFor();
  await shoot(billing, 'message-queue');
  const answered: { id: number } = await knex('message_threads')
    .first('id')
    .where({ topic: 'billing', status: 'waiting_on_patient' })
    .orderBy('received_at', 'desc');
  await billing.goto(`${baseUrl}/#/message-threads/${answered.id}/show`);
  await billing
    .getByText(/Pay Now/)
    .first()
    .waitFor();
  await shoot(billing, 'message-thread', { fullPage: true });
  await billing.getByRole('menuitem', { name: 'Dashboard' }).click();
  await billing
    .getByText(/median first response/i)
    .first()
    .waitFor();
  await shoot(billing, 'message-dashboard', { fullPage: true });

  const admin = await signIn('admin');
  await admin.getByRole('row').nth(3).waitFor();
  await shoot(admin, 'staff-users');
  await admin.getByRole('menuitem', { name: 'Desk locations' }).click();
  await admin.getByRole('row').filter({ hasText: 'Main lobby desk 2' }).waitFor();
  await shoot(admin, 'desk-locations');
  await admin.goto(`${baseUrl}/#/business-holidays`);
  await admin.getByRole('row').nth(3).waitFor();
  await shoot(admin, 'holidays');
  await admin.getByRole('menuitem', { name: 'Background jobs' }).click();
  await admin.getByRole('row').filter({ hasText: 'expire-credentials' }).first().waitFor();
  await shoot(admin, 'background-jobs');
  await admin.getByRole('menuitem', { name: 'Age rules' }).click();
  await admin.getByRole('row').nth(1).waitFor();
  await shoot(admin, 'proxy-age-rules');
} finally {
  await browser?.close();
  await server?.stop();
  await knex.destroy();
  await database.teardown();
}
