import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashToken } from '@portaldesk/admin-api';
import { createKnex } from '@portaldesk/db';
import { launchBrowser, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
const familyName = `Calendar${randomBytes(3).toString('hex')}`;

let browser: Browser;
beforeAll(async () => {
  // A portal token, as an admin would make one, to report a failed identity check.
  const token = `pdt_${randomBytes(24).toString('base64url')}`;
  const knex = createKnex(inject('e2eDatabaseUrl'), 1);
  try {
    await knex('portal_tokens').insert({ name: 'Calendar test portal', token_hash: hashToken(token), created_at: new Date() });
  } finally {
    await knex.destroy();
  }
  const reported = await fetch(`${baseUrl}/portal-api/v1/identity-check-failures`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ familyName, givenName: 'Case', dateOfBirth: '1975-05-05', reason: 'Questions failed' }),
  });
  expect(reported.status).toBe(201);
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** The case's due date as support's queue shows it, and as the API answers it (an ISO instant). */
async function dueOfCase(support: Page): Promise<{ shown: string; iso: string }> {
  await support.getByRole('menuitem', { name: 'Identity checks' }).click();
  const row = support.getByRole('row').filter({ hasText: familyName });
  await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
  const shown = (await row.getByRole('cell').last().textContent())!.trim();
  const iso = await support.evaluate(async (name) => {
    const list = await (await fetch(`/api/identity-check-failures?filter=${encodeURIComponent('{"status":"open"}')}&range=[0,99]`)).json();
    return list.find((row: { family_name: string }) => row.family_name === name).due_at as string;
  }, familyName);
  return { shown, iso };
}

describe('the business calendar in the console', () => {
  it("when an admin adds a holiday on a case's due day, then support's queue shows the case due a business day later", async () => {
    const support = await signIn(browser, 'support');
    const before = await dueOfCase(support);
    const dueDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date(before.iso));

    const admin = await signIn(browser, 'admin');
    await admin.getByRole('menuitem', { name: 'Settings' }).click();
    await admin.getByRole('link', { name: 'Holidays of the business calendar' }).click();
    await admin.getByRole('link', { name: 'Create' }).click();
    await admin.waitForURL('**/#/business-holidays/create');
    await admin.locator('input[name="date"]').fill(dueDay);
    await admin.getByRole('textbox', { name: 'Holiday' }).fill('Storm closure');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('row').filter({ hasText: 'Storm closure' }).first().waitFor();
    await admin.context().close();

    await support.reload();
    // The API's calendar cache lasts 10 seconds on other instances; this one forgot it at the save.
    await expect.poll(async () => (await dueOfCase(support)).iso, { timeout: 15_000 }).not.toBe(before.iso);
    const after = await dueOfCase(support);
    expect(new Date(after.iso).getTime()).toBeGreaterThan(new Date(before.iso).getTime());
    expect(after.shown).not.toBe(before.shown);
    await support.context().close();
  });
});
