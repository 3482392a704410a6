import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex, type Knex } from '@portaldesk/db';
import { launchBrowser, signIn } from './browser.ts';

let browser: Browser;
let knex: Knex;
beforeAll(async () => {
  knex = createKnex(inject('e2eDatabaseUrl'), 1);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await knex?.destroy();
});

describe('the background jobs page', () => {
  it('when an admin runs the credential expiry now, then the page shows it working and every lapsed code ends expired', async () => {
    // Thirty codes issued 46 days ago and never used: their 45 days ran out yesterday.
    const issuedAt = new Date(Date.now() - 46 * 86_400_000);
    const patients: { id: number }[] = await knex('patients').select('id').orderBy('id', 'desc').limit(30);
    const lapsed: number[] = (
      await knex('activation_codes').insert(
        patients.map(({ id }) => ({
          patient_id: id,
          selector: randomBytes(8).toString('hex'),
          verifier_hash: 'never checked by this test',
          issued_at: issuedAt,
          expires_at: new Date(issuedAt.getTime() + 45 * 86_400_000),
        })),
        ['id'],
      )
    ).map((row: { id: number }) => row.id);
    expect(lapsed).toHaveLength(30);

    const admin = await signIn(browser, 'admin');
    await admin.getByRole('menuitem', { name: 'Background jobs' }).click();
    const fanOut = admin.getByRole('row').filter({ hasText: 'Finds activation codes and password links past their expiry' });
    const oneByOne = admin.getByRole('row').filter({ hasText: 'Marks one activation code or password link expired' });
    const cell = (row: typeof fanOut, index: number) => row.getByRole('cell').nth(index).textContent();
    await expect.poll(() => cell(fanOut, 1), { timeout: 15_000 }).toBe('Every night at 2:00 a.m. (America/New_York)');
    const completedBefore = Number(await cell(oneByOne, 3));
    await admin.getByText('No failed jobs.').waitFor();

    await fanOut.getByRole('button', { name: 'Run now' }).click();
    await admin.getByText('A run of expire-credentials is queued; this page shows its progress.').waitFor();
    // The page follows the run by itself, without a reload, until nothing waits.
    await expect.poll(async () => Number(await cell(oneByOne, 3)), { timeout: 30_000 }).toBeGreaterThanOrEqual(completedBefore + 30);
    await expect.poll(async () => [await cell(fanOut, 2), await cell(oneByOne, 2)], { timeout: 10_000 }).toEqual(['Nothing waiting', 'Nothing waiting']);
    expect(await admin.getByRole('progressbar').count()).toBe(0);

    const stillOpen = await knex('activation_codes').whereIn('id', lapsed).whereNull('expired_at').count({ count: '*' });
    expect(stillOpen).toEqual([{ count: 0 }]);
    const auditRows = await knex('audit_events')
      .where({ action: 'expire', resource: 'activation-codes', staff_username: 'job:expire-credential' })
      .whereIn('resource_id', lapsed.map(String))
      .count({ count: '*' });
    expect(auditRows).toEqual([{ count: 30 }]);
    await admin.context().close();
  });
});
