import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '@portaldesk/db';
import { todayIn } from '../src/components/typed-date.ts';
import { createPortalToken, launchBrowser, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');

/** The smallest file the API's PDF check accepts (as in the API's own proxy-request tests). */
const PDF = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';

interface Person {
  id: number;
  mrn: string;
  family_name: string;
  given_name: string;
  date_of_birth: string;
}

let browser: Browser;
let portalToken: string;
/** An adult with an active portal account of their own: the representative. */
let requester: Person & { username: string };
/** An adult with no portal account: the patient the representative asks to act for. */
let patient: Person;

beforeAll(async () => {
  const knex = createKnex(inject('e2eDatabaseUrl'), 1);
  try {
    // Living adults with no portal account, no code and no proxy request yet, from the end of the demo list.
    const adults: Person[] = await knex('patients as p')
      .select('p.id', 'p.mrn', 'p.family_name', 'p.given_name', knex.raw("to_char(p.date_of_birth, 'YYYY-MM-DD') as date_of_birth"))
      .whereNull('p.deceased_date')
      .where('p.date_of_birth', '<', '1985-01-01')
      .whereNotExists(knex('portal_accounts').whereRaw('patient_id = p.id'))
      .whereNotExists(knex('activation_codes').whereRaw('patient_id = p.id'))
      .whereNotExists(knex('proxy_requests').whereRaw('patient_id = p.id'))
      .orderBy('p.id', 'desc')
      .limit(2);
    const [representative, represented] = adults;
    const username = `e2e.proxy.${representative.mrn}`;
    const now = new Date();
    await knex('portal_accounts').insert({ patient_id: representative.id, username, status: 'active', activated_at: now, updated_at: now });
    requester = { ...representative, username };
    patient = represented;
  } finally {
    await knex.destroy();
  }
  portalToken = await createPortalToken('End-to-end proxy requests');
  browser = await launchBrowser();
});

afterAll(() => browser?.close());

/** The portal sends a representative's request with the signed form, as multipart. */
async function submitThroughPortal(): Promise<number> {
  const form = new FormData();
  form.append(
    'request',
    JSON.stringify({
      requesterUsername: requester.username,
      patient: { familyName: patient.family_name, givenName: patient.given_name, dateOfBirth: patient.date_of_birth, mrn: patient.mrn },
      relationship: 'power_of_attorney',
      note: 'Durable power of attorney, signed last spring.',
    }),
  );
  form.append('documents', new Blob([PDF], { type: 'application/pdf' }), 'poa.pdf');
  const response = await fetch(`${baseUrl}/portal-api/v1/proxy-requests`, { method: 'POST', headers: { Authorization: `Bearer ${portalToken}` }, body: form });
  const body = await response.json();
  expect([response.status, body.status]).toEqual([201, 'submitted']);
  return body.id;
}

describe('proxy requests end to end', () => {
  it('when the portal sends a power of attorney with its PDF, then ROI finds it in the queue, reads the PDF, ticks the checklist and approves full access, and the portal reads "approved" with the relationship', async () => {
    const id = await submitThroughPortal();

    const roi = await signIn(browser, 'roi');
    // Release of Information starts the day on its queue.
    await roi.waitForURL('**/#/proxy-requests**');
    const row = roi.getByRole('row').filter({ hasText: `${patient.family_name}, ${patient.given_name} (MRN ${patient.mrn})` });
    await expect.poll(() => row.textContent()).toContain('Power of attorney — adult');
    expect(await row.textContent()).toContain('Waiting for a decision');
    await row.click();
    await roi.waitForURL(`**/#/proxy-requests/${id}/show`);

    const viewer = roi.locator('iframe[title="Document: poa.pdf"]');
    await viewer.waitFor();
    expect(await viewer.getAttribute('src')).toMatch(/^\/api\/documents\/\d+\/content$/);
    // What the viewer loads is the PDF itself, as its content showed, never cached.
    const content = await roi.context().request.get(`${baseUrl}${await viewer.getAttribute('src')}`);
    expect([content.status(), content.headers()['content-type'], content.headers()['cache-control']]).toEqual([
      200,
      'application/pdf',
      expect.stringContaining('no-store'),
    ]);
    expect((await content.body()).toString('latin1')).toBe(PDF);

    for (const check of ['The document proves the relationship', 'The document is signed and dated', 'The power of attorney or guardianship has not expired']) {
      await roi.getByRole('checkbox', { name: check }).check();
    }
    await roi.getByRole('radio', { name: 'Approve' }).check();
    await roi.getByRole('radio', { name: 'Full access' }).check();
    await roi.getByRole('button', { name: 'Approve' }).click();
    await roi.getByText(/^Approved .+ by Rosa Ortiz/).waitFor();
    await roi.context().close();

    const answer = await fetch(`${baseUrl}/portal-api/v1/proxy-requests/${id}`, { headers: { Authorization: `Bearer ${portalToken}` } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      id,
      status: 'approved',
      documents: 1,
      // The start defaults to today in the organization's zone; no end date was given.
      relationship: { id: expect.any(Number), accessLevel: 'full', startsOn: todayIn('America/New_York'), endsOn: null },
    });

    // What the portal enforces: the patient is now among those the requester may see.
    const access = await fetch(`${baseUrl}/portal-api/v1/proxy-access?username=${encodeURIComponent(requester.username)}`, {
      headers: { Authorization: `Bearer ${portalToken}` },
    });
    expect(access.status).toBe(200);
    expect((await access.json()).patients).toEqual([
      expect.objectContaining({ mrn: patient.mrn, accessLevel: 'full', relationship: 'power_of_attorney', hidden: [] }),
    ]);
  });
});
