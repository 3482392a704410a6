import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signIn } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function editStaffUser(admin: Page, displayName: string): Promise<void> {
  await admin.getByRole('menuitem', { name: 'Staff users' }).click();
  await admin.getByRole('row').filter({ hasText: displayName }).click();
  await admin.getByRole('link', { name: 'Edit' }).click();
  await admin.getByRole('checkbox', { name: /Front desk/ }).waitFor();
}

describe('separation of duties in the console', () => {
  it('when an admin gives a colleague a role, then the privacy office reads it in the role-change report; the admin cannot touch their own roles', async () => {
    const admin = await signIn(browser, 'admin');
    await editStaffUser(admin, 'Bill Ingram');
    await admin.getByRole('checkbox', { name: /Release of information/ }).check();
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Staff user saved.').waitFor();

    // Their own account: the roles are shown but cannot be changed, and the form says why.
    await editStaffUser(admin, 'Ada Minsky');
    await admin.getByText('Nobody can change their own roles: ask another administrator.').waitFor();
    const clinical = admin.getByRole('checkbox', { name: /Clinical/ });
    await clinical.click({ force: true });
    expect(await clinical.isChecked()).toBe(false);
    await admin.context().close();

    const compliance = await signIn(browser, 'compliance');
    await compliance.getByRole('menuitem', { name: 'Role changes' }).click();
    const grant = compliance.getByRole('row').filter({ hasText: 'Bill Ingram' }).filter({ hasText: 'Release of information' });
    await expect.poll(() => grant.count(), { timeout: 15_000 }).toBe(1);
    const text = await grant.textContent();
    expect(text).toContain('Granted');
    expect(text).toContain('admin');
    await compliance.context().close();
  });
});
