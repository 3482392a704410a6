import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '@portaldesk/db';
import { todayIn } from '../src/components/typed-date.ts';
import { createPortalToken, launchBrowser, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
const DAY_MS = 24 * 3_600_000;

interface Person {
  id: number;
  family_name: string;
  given_name: string;
}

let browser: Browser;
let portalToken: string;
/** A parent with a portal account of their own. */
let parent: Person & { username: string };
/** Their child, 15 and a bit (no birthday near), living in a state with no age rules of its own. */
let child: Person;

const nameOf = (person: Person) => `${person.family_name}, ${person.given_name}`;

/** What the portal asks before showing the parent anyone's record. */
async function proxyAccessOf(username: string): Promise<{ patients: { mrn: string; why: string }[] }> {
  const response = await fetch(`${baseUrl}/portal-api/v1/proxy-access?username=${encodeURIComponent(username)}`, {
    headers: { Authorization: `Bearer ${portalToken}` },
  });
  expect(response.status).toBe(200);
  return response.json();
}

beforeAll(async () => {
  const knex = createKnex(inject('e2eDatabaseUrl'), 1);
  try {
    const suffix = randomUUID().slice(0, 8);
    const now = new Date();
    const today = todayIn('America/New_York', now);
    // 15 years and 100 days ago: a teenager whatever the day the test runs, with no birthday this week.
    const born = new Date(Date.UTC(Number(today.slice(0, 4)) - 15, Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10))) - 100 * DAY_MS);
    const patient = (values: { family_name: string; given_name: string; date_of_birth: string }) => ({
      ...values,
      mrn: `E2EP${suffix}${values.given_name.charAt(0)}`.toUpperCase(),
      sex: 'female',
      address_line1: '1 Main St',
      city: 'Hartford',
      state: 'CT',
      postal_code: '06106',
      created_at: now,
      updated_at: now,
    });
    const [parentRow]: Person[] = await knex('patients')
      .insert(patient({ family_name: `Proxyfamily${suffix}`, given_name: 'Morgan', date_of_birth: '1980-04-02' }))
      .returning(['id', 'family_name', 'given_name']);
    const [childRow]: Person[] = await knex('patients')
      .insert(patient({ family_name: `Proxyfamily${suffix}`, given_name: 'Kim', date_of_birth: born.toISOString().slice(0, 10) }))
      .returning(['id', 'family_name', 'given_name']);
    const username = `e2e.parent.${suffix}`;
    const [account] = await knex('portal_accounts')
      .insert({ patient_id: parentRow.id, username, status: 'active', activated_at: now, updated_at: now })
      .returning('id');
    // As an approved request leaves it (proxy-relationships.test.ts sets one up the same way).
    await knex('proxy_relationships').insert({
      proxy_account_id: account.id,
      patient_id: childRow.id,
      relationship: 'parent',
      kind: 'minor',
      access_level: 'full',
      starts_on: '2020-01-01',
      created_at: new Date('2020-01-01T15:00:00Z'),
    });
    parent = { ...parentRow, id: Number(parentRow.id), username };
    child = { ...childRow, id: Number(childRow.id) };
  } finally {
    await knex.destroy();
  }
  portalToken = await createPortalToken('End-to-end proxy access');
  browser = await launchBrowser();
});

afterAll(() => browser?.close());

describe('proxy access end to end', () => {
  it('when ROI opens a 15-year-old’s record, then the parent is in the Proxies panel and “who sees what” names what is hidden; once ROI revokes with a reason, the portal shows the parent nobody', async () => {
    const before = await proxyAccessOf(parent.username);
    expect(before.patients).toHaveLength(1);

    const roi = await signIn(browser, 'roi');
    await roi.getByRole('navigation').getByRole('menuitem').first().waitFor();
    await roi.evaluate((hash) => {
      window.location.hash = hash;
    }, `#/patients/${child.id}/show`);

    const panel = roi.getByRole('region', { name: 'Proxies' });
    const theirs = panel.getByRole('region', { name: 'Who can see this patient’s record' });
    const item = theirs.getByRole('listitem').filter({ has: roi.getByRole('link', { name: nameOf(parent) }) });
    await item.waitFor();
    await expect.poll(() => item.textContent()).toContain('Sees the record');
    expect(await item.textContent()).toContain('Parent · for a minor · Full access');
    expect(await panel.getByRole('region', { name: 'Whose records this patient can see' }).textContent()).toContain(
      'This patient has no proxy access to anyone else’s record.',
    );

    await panel.getByRole('button', { name: 'Who sees what, and why' }).click();
    const explanation = panel.getByRole('region', { name: `Who sees ${nameOf(child)}’s portal record today, and why` });
    await explanation.waitFor();
    const sentence = explanation.getByText(/^Sees the record except/);
    await sentence.waitFor();
    expect(await sentence.textContent()).toMatch(
      /^Sees the record except reproductive and sexual health, STI and HIV, mental health and substance use: parent of a patient aged 15, until [A-Z][a-z]+ \d{1,2}, \d{4}; the default age rules hide these from parents and guardians of patients 13 to 17\.$/,
    );

    await item.getByRole('button', { name: /^Revoke/ }).click();
    const dialog = roi.getByRole('dialog', { name: `Revoke ${nameOf(parent)}’s access to ${nameOf(child)}’s record?` });
    await dialog.getByRole('textbox', { name: /Reason for revoking/ }).fill('Court order: custody changed.');
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await roi.getByText(`Revoked: ${nameOf(parent)} no longer sees ${nameOf(child)}’s record.`).waitFor();
    await theirs.getByRole('button', { name: 'Ended (1)' }).waitFor();
    expect(await theirs.textContent()).toContain('Nobody has proxy access to this patient’s record.');
    // "Who sees what" is asked again: only the people who can still see are listed.
    await expect.poll(() => explanation.getByText(/^Sees the record except/).count()).toBe(0);
    await roi.context().close();

    expect((await proxyAccessOf(parent.username)).patients).toEqual([]);
  });
});
