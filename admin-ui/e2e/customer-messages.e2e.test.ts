import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '@portaldesk/db';
import { createPortalToken, launchBrowser, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');

let browser: Browser;
let portalToken: string;
let writer: { username: string; given_name: string; account_number: string };

const portal = (path: string, init: RequestInit = {}) =>
  fetch(`${baseUrl}/portal-api/v1${path}`, { ...init, headers: { Authorization: `Bearer ${portalToken}`, 'Content-Type': 'application/json' } });

beforeAll(async () => {
  const knex = createKnex(inject('e2eDatabaseUrl'), 1);
  try {
    // A demo patient with a portal account who is on an open guarantor account with a balance to pay online.
    writer = await knex('guarantor_account_patients as gp')
      .join('guarantor_accounts as g', 'g.id', 'gp.guarantor_account_id')
      .join('service_locations as l', 'l.id', 'g.service_location_id')
      .join('portal_accounts as a', 'a.patient_id', 'gp.patient_id')
      .join('patients as p', 'p.id', 'gp.patient_id')
      .first('a.username', 'p.given_name', 'g.account_number')
      .where('a.status', 'active')
      .whereNull('g.closed_at')
      .where('g.balance_cents', '>', 0)
      .where('l.accepts_online_payments', true)
      .orderBy('g.account_number', 'desc');
  } finally {
    await knex.destroy();
  }
  portalToken = await createPortalToken('End-to-end customer messages');
  browser = await launchBrowser();
});

afterAll(() => browser?.close());

describe('customer-service messages end to end', () => {
  it('when a patient sends a billing message, then billing answers it with a saved reply beside the account, notes it for colleagues, and the portal reads the reply but never the note', async () => {
    const subject = `Payment plan for my statement ${randomBytes(3).toString('hex')}`;
    const sent = await portal('/messages', {
      method: 'POST',
      body: JSON.stringify({
        username: writer.username,
        topic: 'billing',
        subject,
        body: 'Can I pay this in <b>monthly</b> amounts?',
        guarantorAccount: writer.account_number,
      }),
    });
    expect(sent.status).toBe(201);
    const { threadId } = await sent.json();

    const billing = await signIn(browser, 'billing');
    // Billing starts the day on its queue, the thread due soonest first.
    await billing.waitForURL('**/#/message-threads**');
    await billing.getByRole('textbox', { name: /Search/ }).fill(subject);
    await billing.keyboard.press('Enter');
    await billing.getByRole('row').filter({ hasText: subject }).getByRole('link').first().click();
    await billing.waitForURL(`**/#/message-threads/${threadId}/show`);

    // The patient's words as text, never as markup; the account beside the conversation.
    await billing.getByText('Can I pay this in <b>monthly</b> amounts?').waitFor();
    await billing.getByText(writer.account_number).first().waitFor();
    await billing.getByText('Pay Now is available').first().waitFor();

    await billing.getByRole('textbox', { name: /Add internal note/ }).fill('Offered the 12-month plan; check back Friday.');
    await billing.getByRole('button', { name: 'Add internal note' }).click();
    await billing.getByText('Internal note added.').waitFor();

    await billing.getByRole('button', { name: 'Insert saved reply' }).click();
    await billing.getByRole('menuitem', { name: /Payment plan/ }).click();
    const reply = billing.getByRole('textbox', { name: /Your reply/ });
    await expect.poll(() => reply.inputValue()).toContain(`Dear ${writer.given_name},`);
    expect(await reply.inputValue()).toContain(writer.account_number);
    await billing.getByRole('button', { name: 'Send reply' }).click();
    await billing.getByText(/Reply sent/).waitFor();
    await billing.context().close();

    const read = await portal(`/messages?username=${encodeURIComponent(writer.username)}`);
    expect(read.status).toBe(200);
    const { threads } = await read.json();
    const thread = threads.find((candidate: { threadId: number }) => candidate.threadId === threadId);
    expect(thread).toMatchObject({ subject, status: 'waiting_on_patient', guarantorAccount: writer.account_number });
    expect(thread.messages.map((message: { from: string }) => message.from)).toEqual(['patient', 'staff']);
    expect(thread.messages[1].body).toContain(`Dear ${writer.given_name},`);
    expect(thread.messages[1].staffName).toBe('Bill Ingram (billing)');
    expect(JSON.stringify(thread)).not.toContain('Offered the 12-month plan');
  });
});
