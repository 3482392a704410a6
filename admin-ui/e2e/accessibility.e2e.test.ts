import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '@portaldesk/db';
import { launchBrowser } from './browser.ts';

declare global {
  interface Window {
    axe?: { run(context: Document, options: object): Promise<AxeResults> };
  }
}

const baseUrl = inject('baseUrl');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.2 A and AA as axe-core 4.14 checks them, and its best practices (one h1, landmarks, headings in order). */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const VIEWPORT = { width: 1366, height: 768 };

/** The demo patients whose record shows each portal-account state (README, "Demo data"). */
const DEMO_MRNS = {
  active: '10000006',
  locked: '10000008',
  codePending: '10000010',
  codeExpired: '10000011',
  deactivated: '10000012',
  identityCheck: '10000013',
} as const;

/** Page titles that differ from the menu entry leading to them. */
const TITLE_OF_MENU_ENTRY: Record<string, string> = {
  Dashboard: 'Home',
  'Batch letters': 'Batch activation letters',
  'Import results': 'Import lab results',
};

let browser: Browser;
let patientIds: Record<string, number>;
/** Each demo username's display name, which the user menu button shows and is named by. */
let displayNames: Record<string, string>;
/** A living adult with no portal account and no code: front desk issues one to see the one-time code dialog. */
let newcomer: { id: number; mrn: string };
/** A power-of-attorney request sent through the portal with a PDF, for ROI's queue and request page. */
let proxyRequestId: number;
/** A minor whose parent or guardian sees their record (the demo's proxies), for the Proxies panel. */
let proxiedChildId: number;
/** A patient with a result held to prevent harm (the demo's holds), for the Results tab. */
let heldResultsPatientId: number;
/** A patient with a result the lab corrected (the demo's corrections), for the corrections dialog. */
let correctedResultsPatientId: number;
/** A billing thread with an internal note beside the replies (the demo's messages), and an account whose location takes no online payments. */
let billingThreadId: number;
let phoneOnlyAccountId: number;

beforeAll(async () => {
  const knex = createKnex(inject('e2eDatabaseUrl'), 1);
  try {
    const rows: { id: number; mrn: string }[] = await knex('patients').select('id', 'mrn').whereIn('mrn', Object.values(DEMO_MRNS));
    heldResultsPatientId = (await knex('result_holds').first('patient_id').where({ basis: 'preventing_harm' }).whereNull('ended_at')).patient_id;
    correctedResultsPatientId = (await knex('results').first('patient_id').where('corrections', '>', 0)).patient_id;
    billingThreadId = (
      await knex('message_threads as t')
        .first('t.id')
        .where('t.topic', 'billing')
        .orderByRaw("exists (select 1 from thread_messages m where m.thread_id = t.id and m.kind = 'internal_note') desc")
        .orderBy('t.id')
    ).id;
    phoneOnlyAccountId = (
      await knex('guarantor_accounts as g')
        .join('service_locations as l', 'l.id', 'g.service_location_id')
        .first('g.id')
        .where('l.accepts_online_payments', false)
        .where('g.balance_cents', '>', 0)
    ).id;
    patientIds = Object.fromEntries(rows.map((row) => [row.mrn, row.id]));
    const staff: { username: string; display_name: string }[] = await knex('staff_users').select('username', 'display_name');
    displayNames = Object.fromEntries(staff.map((row) => [row.username, row.display_name]));
    newcomer = await knex('patients as p')
      .first('p.id', 'p.mrn')
      .whereNull('p.deceased_date')
      .where('p.date_of_birth', '<', '1990-01-01')
      .whereNotIn('p.mrn', Object.values(DEMO_MRNS))
      .whereNotExists(knex('portal_accounts').whereRaw('patient_id = p.id'))
      .whereNotExists(knex('activation_codes').whereRaw('patient_id = p.id'))
      .orderBy('p.id');
    proxyRequestId = await submitProxyRequest(knex);
    proxiedChildId = Number((await knex('proxy_relationships').first('patient_id').whereNull('ended_at').where({ kind: 'minor' }).orderBy('id')).patient_id);
  } finally {
    await knex.destroy();
  }
  browser = await launchBrowser();
});

/** The smallest file the API's PDF check accepts. */
const PDF = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';

/**
 * Gives a living adult a portal account and, as the portal does, sends their request to act for
 * another adult with a PDF: an administrator's integration token, then a multipart POST.
 */
async function submitProxyRequest(knex: ReturnType<typeof createKnex>): Promise<number> {
  const [representative, patient]: { id: number; mrn: string; family_name: string; given_name: string; date_of_birth: string }[] = await knex('patients as p')
    .select('p.id', 'p.mrn', 'p.family_name', 'p.given_name', knex.raw("to_char(p.date_of_birth, 'YYYY-MM-DD') as date_of_birth"))
    .whereNull('p.deceased_date')
    .where('p.date_of_birth', '<', '1985-01-01')
    .whereNotIn('p.mrn', Object.values(DEMO_MRNS))
    .whereNotExists(knex('portal_accounts').whereRaw('patient_id = p.id'))
    .whereNotExists(knex('activation_codes').whereRaw('patient_id = p.id'))
    .whereNotExists(knex('proxy_requests').whereRaw('patient_id = p.id'))
    .orderBy('p.id', 'desc')
    .limit(2);
  const username = `axe.proxy.${representative.mrn}`;
  const now = new Date();
  await knex('portal_accounts').insert({ patient_id: representative.id, username, status: 'active', activated_at: now, updated_at: now });

  const session = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: inject('demoPassword') }),
  });
  const cookie = session.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = await session.json();
  const created = await fetch(`${baseUrl}/api/portal-tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken },
    body: JSON.stringify({ name: `Accessibility check ${Date.now()}` }),
  });
  const { token } = await created.json();

  const form = new FormData();
  form.append(
    'request',
    JSON.stringify({
      requesterUsername: username,
      patient: { familyName: patient.family_name, givenName: patient.given_name, dateOfBirth: patient.date_of_birth, mrn: patient.mrn },
      relationship: 'power_of_attorney',
      note: 'Durable power of attorney, signed last spring.',
    }),
  );
  form.append('documents', new Blob([PDF], { type: 'application/pdf' }), 'poa.pdf');
  const response = await fetch(`${baseUrl}/portal-api/v1/proxy-requests`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  if (response.status !== 201) throw new Error(`The portal's proxy request was refused: ${response.status} ${await response.text()}`);
  return (await response.json()).id;
}

afterAll(() => browser?.close());

/** Waits until data has loaded (react-admin's spinner in the app bar is gone) and no transition is half done. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      !document.querySelector('header [role="progressbar"]') &&
      document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getComputedTiming().iterations === Infinity),
    undefined,
    { timeout: 15_000 },
  );
}

/** The visible level-one headings' texts (none while the page is being replaced). */
const firstLevelHeadings = (page: Page) =>
  page
    .getByRole('heading', { level: 1 })
    .allTextContents()
    .catch(() => []);

const MAX_NODES_SHOWN = 4;

/**
 * Collects what axe-core and the one-h1 rule find on each page a role visits, so that one failing
 * run lists everything to fix, each finding with its page, rule, impact and the elements at fault.
 */
class Findings {
  readonly problems: string[] = [];

  constructor(private readonly role: string) {}

  /** Runs axe-core on the page as it is now (dialogs and menus included). */
  async axe(page: Page, where: string): Promise<void> {
    await settle(page);
    if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE_SOURCE);
    const results = await page.evaluate((tags) => window.axe!.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
    for (const violation of results.violations) {
      const nodes = violation.nodes
        .slice(0, MAX_NODES_SHOWN)
        .map((node) => `    ${node.target.join(' ')}\n      ${node.html.slice(0, 240)}\n      ${(node.failureSummary ?? '').replace(/\n\s*/g, ' ')}`);
      if (violation.nodes.length > MAX_NODES_SHOWN) nodes.push(`    … and ${violation.nodes.length - MAX_NODES_SHOWN} more like these`);
      this.problems.push(`${this.role} · ${where}: [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes.join('\n')}`);
    }
  }

  /** A page: exactly one h1, naming the page (`title`), then axe-core. */
  async page(page: Page, where: string, title: string | RegExp): Promise<void> {
    const matches = (headings: string[]) => headings.length === 1 && (typeof title === 'string' ? headings[0] === title : title.test(headings[0]));
    const deadline = Date.now() + 15_000;
    let headings = await firstLevelHeadings(page);
    while (!matches(headings) && Date.now() < deadline) {
      await page.waitForTimeout(100);
      headings = await firstLevelHeadings(page);
    }
    if (!matches(headings)) this.problems.push(`${this.role} · ${where}: expected one h1 reading ${String(title)}, found ${JSON.stringify(headings)}`);
    await this.axe(page, where);
  }

  /**
   * Tabs from the top of the page through its first `stops` controls: each must show a focus ring
   * at least 2px wide (on the control, on the MUI box around a text input, or on a checkbox's icon).
   */
  async focusRings(page: Page, where: string, stops: number): Promise<void> {
    // Tab then starts where this marker was: at the top of the page.
    await page.evaluate(() => {
      const marker = document.createElement('span');
      marker.tabIndex = -1;
      document.body.prepend(marker);
      marker.focus();
      marker.remove();
    });
    for (let stop = 0; stop < stops; stop += 1) {
      await page.keyboard.press('Tab');
      const ring = await page
        .waitForFunction(
          () => {
            const focused = document.activeElement;
            if (!focused || focused === document.body) return 'nothing focused';
            const box = focused.closest('.MuiInputBase-root, .MuiButtonBase-root') ?? focused;
            const drawn = [focused, box, box.querySelector('svg')].some((element) => {
              if (!element) return false;
              const style = getComputedStyle(element);
              return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
            });
            return drawn ? 'visible' : false;
          },
          undefined,
          { timeout: 1_000 },
        )
        .then((handle) => handle.jsonValue())
        .catch(() => 'none');
      if (ring === 'nothing focused') return;
      if (ring !== 'visible') {
        const control = await page.evaluate(() => {
          const focused = document.activeElement as HTMLElement;
          return `<${focused.tagName.toLowerCase()}${focused.getAttribute('role') ? ` role="${focused.getAttribute('role')}"` : ''}> "${(focused.getAttribute('aria-label') ?? focused.textContent ?? '').trim().slice(0, 60)}"`;
        });
        this.problems.push(`${this.role} · ${where}: no visible keyboard focus on tab stop ${stop + 1}, ${control}`);
      }
    }
  }
}

/** Signs in on the sign-in page at 1366x768, in a context of its own, and waits for the landing page. */
async function signIn(username: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
  await page.goto(baseUrl);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(inject('demoPassword'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation').getByRole('menuitem').first().waitFor();
  return page;
}

/** Same-document navigation to a console route, e.g. `#/patients/6/show`. */
async function open(page: Page, route: string): Promise<void> {
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, route);
}

/** The start page, then every entry of the role's menu, each checked as a page; answers the entries. */
async function checkMenu(page: Page, findings: Findings): Promise<string[]> {
  await open(page, '#/');
  await findings.page(page, 'home', 'Home');
  const entries = await page.getByRole('navigation').getByRole('menuitem').allTextContents();
  for (const entry of entries) {
    await page.getByRole('navigation').getByRole('menuitem', { name: entry, exact: true }).click();
    await findings.page(page, `menu "${entry}"`, TITLE_OF_MENU_ENTRY[entry] ?? entry);
  }
  return entries;
}

/** The user menu (its button named by the person it shows) open, then the change-password page. */
async function checkUserMenu(page: Page, findings: Findings, username: string): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: displayNames[username], exact: true }).click();
  await page.getByRole('menu').waitFor();
  await findings.axe(page, 'user menu open');
  await page.getByRole('menuitem', { name: 'Change password' }).click();
  await findings.page(page, 'change password', 'Change password');
}

/** Searches patients by name on the patient list. */
async function searchPatients(page: Page, name: string): Promise<void> {
  await open(page, '#/patients');
  const search = page.getByRole('search', { name: 'Patient search' });
  await search.getByRole('button', { name: 'Clear' }).click();
  await search.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await search.getByRole('button', { name: 'Search' }).click();
}

const rowsOf = (page: Page) => page.getByRole('main').getByRole('row');

/** A patient's Results tab, with its trend chart drawn. */
async function checkResultsTab(page: Page, findings: Findings): Promise<void> {
  await open(page, `#/patients/${heldResultsPatientId}/show/results`);
  await page.getByText(/ values from /).waitFor();
  await findings.page(page, 'patient results with a trend', /\(MRN \d+\)$/);
}

async function checkPatientRecord(page: Page, findings: Findings, mrn: string): Promise<void> {
  await open(page, `#/patients/${patientIds[mrn]}/show`);
  await findings.page(page, `patient record MRN ${mrn}`, new RegExp(`\\(MRN ${mrn}\\)$`));
}

/** The patient search before searching, with results, and finding nobody. */
async function checkPatientList(page: Page, findings: Findings): Promise<void> {
  await open(page, '#/patients');
  await findings.page(page, 'patient search, before searching', 'Patients');
  await searchPatients(page, 'S');
  await rowsOf(page).nth(2).waitFor();
  await findings.page(page, 'patient search, names starting with S', 'Patients');
  await searchPatients(page, 'Qxzzyq');
  await page.getByRole('main').getByRole('status').filter({ hasText: 'Qxzzyq' }).waitFor();
  await findings.page(page, 'patient search, nobody found', 'Patients');
}

/** Signs `role` in, lets `visit` walk its pages, and fails with every finding at once. */
const check = async (role: string, visit: (page: Page, findings: Findings) => Promise<void>) => {
  const findings = new Findings(role);
  const page = await signIn(role);
  try {
    await visit(page, findings);
  } finally {
    await page.context().close();
  }
  expect(findings.problems.join('\n\n')).toBe('');
};

const cancelDialog = (page: Page) => page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

/** Codes are issued at a desk: picks the first desk location offered. */
async function chooseDeskLocation(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: /Desk location/ }).click();
  await page.getByRole('option').first().click();
}

describe('accessibility of every page, checked with axe-core at 1366x768', () => {
  it('when someone opens the sign-in page, then axe-core finds nothing to fix', async () => {
    const findings = new Findings('anonymous');
    const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
    await page.goto(baseUrl);
    await findings.page(page, 'sign-in', 'PortalDesk — staff sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await findings.axe(page, 'sign-in, nothing typed');
    await findings.focusRings(page, 'sign-in', 4);
    await page.context().close();
    expect(findings.problems.join('\n\n')).toBe('');
  });

  it('when front desk visits each of its pages, issues a code and prints its letter, then axe-core finds nothing to fix and focus is always visible', async () => {
    await check('front_desk', async (page, findings) => {
      expect(await checkMenu(page, findings)).toEqual(expect.arrayContaining(['Patients', 'Batch letters']));
      await checkPatientList(page, findings);
      await searchPatients(page, 'S');
      await rowsOf(page).nth(2).getByRole('checkbox', { name: 'Select this row' }).check();
      await findings.axe(page, 'patient search, one row selected');
      await findings.focusRings(page, 'patient search, one row selected', 30);

      await checkPatientRecord(page, findings, DEMO_MRNS.codePending);
      await open(page, `#/patients/${newcomer.id}/show`);
      await chooseDeskLocation(page);
      await page.getByRole('region', { name: 'Portal account' }).getByRole('button', { name: 'Issue activation code' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await findings.axe(page, 'one-time code dialog');
      await dialog.getByRole('button', { name: 'Done' }).click();
      await findings.axe(page, 'one-time code dialog, asking before closing unprinted');
      await page.evaluate(() => {
        window.print = () => undefined;
      });
      await dialog.getByRole('button', { name: 'Print activation letter' }).click();
      await page.getByRole('article').waitFor();
      await findings.page(page, 'activation letters', 'Activation letters');

      await open(page, '#/batch-letters');
      await page.getByRole('textbox', { name: 'MRNs' }).fill(DEMO_MRNS.codePending);
      await chooseDeskLocation(page);
      await page.getByRole('button', { name: 'Issue codes and print letters' }).click();
      await page.getByRole('dialog').waitFor();
      await findings.axe(page, 'batch letters, a patient with a live code');
      await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
      await checkUserMenu(page, findings, 'front_desk');
    });
  });

  it('when support visits each of its pages and every portal-account state, then axe-core finds nothing to fix', async () => {
    await check('support', async (page, findings) => {
      expect(await checkMenu(page, findings)).toEqual(expect.arrayContaining(['Patients', 'Identity checks', 'Batch letters']));
      for (const mrn of Object.values(DEMO_MRNS)) await checkPatientRecord(page, findings, mrn);

      await open(page, `#/patients/${patientIds[DEMO_MRNS.active]}/show`);
      await page.getByRole('button', { name: 'Deactivate' }).click();
      await page.getByRole('dialog').waitFor();
      await findings.axe(page, 'deactivate portal account dialog');
      await cancelDialog(page);

      await open(page, `#/patients/${patientIds[DEMO_MRNS.codePending]}/show`);
      await chooseDeskLocation(page);
      await page.getByRole('button', { name: 'Issue activation code' }).click();
      await page.getByRole('dialog').waitFor();
      await findings.axe(page, 'replace a live code? confirmation');
      await cancelDialog(page);

      await open(page, '#/identity-check-failures');
      await rowsOf(page).nth(1).click();
      await page.waitForURL(/#\/identity-check-failures\/\d+$/);
      await findings.page(page, 'identity check case', /.+/);
      await open(page, `#/identity-check-failures?filter=${encodeURIComponent('{"status":"resolved"}')}`);
      await rowsOf(page).nth(1).waitFor();
      await findings.page(page, 'identity checks, resolved', 'Identity checks');
      await checkUserMenu(page, findings, 'support');
    });
  });

  it('when ROI visits each of its pages, its queue and a proxy request with each decision open, then axe-core finds nothing to fix and focus is always visible', async () => {
    await check('roi', async (page, findings) => {
      expect(await checkMenu(page, findings)).toEqual(expect.arrayContaining(['Patients', 'Proxy requests', 'Birthday worklist']));
      await checkPatientList(page, findings);
      await checkPatientRecord(page, findings, DEMO_MRNS.active);

      await open(page, '#/proxy-requests');
      await rowsOf(page).nth(1).waitFor();
      await findings.page(page, 'proxy requests, open ones', 'Proxy requests');
      // A withdrawn request has no clock, so none is overdue: the queue's empty state.
      await open(page, `#/proxy-requests?filter=${encodeURIComponent('{"status":"withdrawn","overdue":true}')}`);
      await page.getByRole('main').getByRole('status').waitFor();
      await findings.page(page, 'proxy requests, none found', 'Proxy requests');

      await open(page, `#/proxy-requests/${proxyRequestId}/show`);
      await page.locator('iframe[title="Document: poa.pdf"]').waitFor();
      await findings.page(page, 'proxy request', /^Proxy request: /);
      await findings.focusRings(page, 'proxy request', 30);
      // The decision sits below the fold; react-admin's app bar, which holds the page's h1, slides
      // away while the page is scrolled, so each state is checked scrolled back to the top.
      const toTop = () => page.evaluate(() => window.scrollTo(0, 0));
      await page.getByRole('radio', { name: 'Approve' }).check();
      await page.getByRole('textbox', { name: 'Ends on (optional)' }).waitFor();
      await toTop();
      await findings.axe(page, 'proxy request, approving');
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.getByText('Choose full or limited access.').waitFor();
      await toTop();
      await findings.axe(page, 'proxy request, approving without an access level');
      await page.getByRole('radio', { name: 'Deny' }).check();
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.getByText('Write a few words: the requester reads them.').waitFor();
      await toTop();
      await findings.axe(page, 'proxy request, denying without a reason');

      await open(page, `#/patients/${proxiedChildId}/show`);
      const proxies = page.getByRole('region', { name: 'Proxies' });
      await proxies.getByRole('listitem').first().waitFor();
      await proxies.getByRole('button', { name: 'Who sees what, and why' }).click();
      await proxies.getByRole('region', { name: /^Who sees .+ portal record today, and why$/ }).waitFor();
      await findings.page(page, 'patient record with proxies, who sees what', /\(MRN \d+\)$/);
      await proxies
        .getByRole('button', { name: /^Revoke the access of/ })
        .first()
        .click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
      await page.getByText('Write the reason in a few words (at least 3 characters).').waitFor();
      await findings.axe(page, 'revoke proxy access, no reason given');
      await cancelDialog(page);
      await open(page, '#/proxy-age-changes?days=60');
      await page.getByRole('main').getByRole('table').waitFor();
      await findings.page(page, 'birthday worklist, 60 days', 'Birthday worklist');

      await open(page, '#/demographic-change-requests');
      await rowsOf(page).nth(1).waitFor();
      await findings.page(page, 'demographic changes, waiting', 'Demographic changes');
      await rowsOf(page).nth(1).getByRole('link').first().click();
      await page.getByRole('button', { name: 'Submit review' }).waitFor();
      await findings.page(page, 'demographic change review', /^Demographic changes of .+ \(MRN \d+\)$/);
      await findings.focusRings(page, 'demographic change review', 20);
      await page.getByRole('radio', { name: 'Reject' }).first().check();
      await page.getByRole('button', { name: 'Submit review' }).click();
      await page.getByText('Write the reason: the patient reads it.').first().waitFor();
      await findings.axe(page, 'demographic change review, rejecting without a reason');

      await open(page, `#/patients/${patientIds[DEMO_MRNS.active]}/show/history`);
      await page.getByRole('tab', { name: 'History', selected: true }).waitFor();
      await findings.page(page, 'patient history', new RegExp(`\\(MRN ${DEMO_MRNS.active}\\)$`));
      await open(page, `#/patients/${patientIds[DEMO_MRNS.active]}`);
      await page.getByRole('button', { name: 'Save' }).waitFor();
      await findings.page(page, 'correct demographics', /^Correct demographics: .+ \(MRN \d+\)$/);
      await findings.focusRings(page, 'correct demographics', 40);
      await checkUserMenu(page, findings, 'roi');
    });
  });

  it('when clinical visits each of its pages and the hold, release and corrections dialogs, then axe-core finds nothing to fix', async () => {
    await check('clinical', async (page, findings) => {
      expect(await checkMenu(page, findings)).toEqual(expect.arrayContaining(['Patients', 'Release queue', 'Hold register', 'Result categories']));
      await checkPatientList(page, findings);
      await checkPatientRecord(page, findings, DEMO_MRNS.active);
      await checkResultsTab(page, findings);
      await rowsOf(page).nth(1).getByRole('checkbox').check();
      await page.getByRole('button', { name: 'Hold…' }).click();
      await page.getByRole('dialog').getByRole('radio', { name: 'Preventing harm' }).check();
      await findings.axe(page, 'hold dialog, preventing harm');
      await cancelDialog(page);
      await page.getByRole('button', { name: 'Release now…' }).click();
      await findings.axe(page, 'release dialog');
      await cancelDialog(page);

      await open(page, `#/patients/${correctedResultsPatientId}/show/results`);
      await page.getByRole('button', { name: 'Corrected: see what changed' }).first().click();
      await page.getByRole('dialog').getByRole('region').first().waitFor();
      await findings.axe(page, 'corrections dialog');
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    });
  });

  it('when billing visits each of its pages, then axe-core finds nothing to fix', async () => {
    await check('billing', async (page, findings) => {
      expect(await checkMenu(page, findings)).toEqual(expect.arrayContaining(['Patients', 'Patient messages', 'Guarantor accounts']));
      await checkPatientList(page, findings);
      await checkPatientRecord(page, findings, DEMO_MRNS.active);

      await open(page, `#/message-threads/${billingThreadId}/show`);
      await page.getByRole('button', { name: 'Insert saved reply' }).waitFor();
      await findings.page(page, 'billing thread with its guarantor account', / — .+ \(MRN \d+\)$/);
      await findings.focusRings(page, 'billing thread', 25);
      await page.getByRole('button', { name: 'Insert saved reply' }).click();
      await page.getByRole('menuitem', { name: /Payment plan/ }).waitFor();
      await findings.axe(page, 'saved replies menu');
      await page.keyboard.press('Escape');

      await open(page, `#/guarantor-accounts/${phoneOnlyAccountId}/show`);
      await page
        .getByText(/takes no online payments/)
        .first()
        .waitFor();
      await findings.page(page, 'guarantor account without online payments', /^Guarantor account G\d+$/);
    });
  });

  it('when compliance visits each of its pages, then axe-core finds nothing to fix', async () => {
    await check('compliance', async (page, findings) => {
      expect(await checkMenu(page, findings)).toEqual(expect.arrayContaining(['Patients', 'Audit log', 'Role changes', 'Proxy requests', 'Birthday worklist']));
      await checkPatientRecord(page, findings, DEMO_MRNS.locked);
      await checkResultsTab(page, findings);

      await open(page, `#/message-threads/${billingThreadId}/show`);
      await page.getByText(/team answers it/).waitFor();
      await findings.page(page, 'billing thread, read-only', / — .+ \(MRN \d+\)$/);

      await open(page, `#/proxy-requests/${proxyRequestId}/show`);
      await page.getByText('You can read this request; Release of Information decides it.').waitFor();
      await findings.page(page, 'proxy request, read-only', /^Proxy request: /);

      await open(page, `#/audit-events?filter=${encodeURIComponent('{"outcome":"failed"}')}`);
      await rowsOf(page).filter({ hasText: 'Failed' }).first().waitFor();
      await findings.page(page, 'audit log, failed attempts', 'Audit log');
      await rowsOf(page).filter({ hasText: 'Failed' }).first().click();
      await page.waitForURL(/#\/audit-events\/\d+\/show/);
      await findings.page(page, 'audit event', /^Audit event #\d+$/);

      await open(page, `#/role-changes?filter=${encodeURIComponent('{"staff_username":"nobody-at-all"}')}`);
      await page.getByRole('main').getByRole('status').waitFor();
      await findings.page(page, 'role changes, none found', 'Role changes');
      await checkUserMenu(page, findings, 'compliance');
    });
  });

  it('when an admin visits each of their pages, forms and dialogs, then axe-core finds nothing to fix and focus is always visible', async () => {
    await check('admin', async (page, findings) => {
      expect(await checkMenu(page, findings)).toEqual(
        expect.arrayContaining(['Staff users', 'Portal tokens', 'Settings', 'Holidays', 'Age rules', 'Background jobs', 'Import patients']),
      );

      await open(page, '#/staff-users');
      await rowsOf(page).filter({ hasText: 'Bill Ingram' }).click();
      await findings.page(page, 'staff user', /^Bill Ingram/);
      await page.getByRole('button', { name: 'Deactivate' }).click();
      await page.getByRole('dialog').waitFor();
      await findings.axe(page, 'deactivate staff user dialog');
      await cancelDialog(page);
      await page.getByRole('link', { name: 'Edit' }).click();
      await page.getByRole('checkbox', { name: /Front desk/ }).waitFor();
      await findings.page(page, 'staff user, editing', /Bill Ingram/);
      await findings.focusRings(page, 'staff user, editing', 30);

      await open(page, '#/staff-users/create');
      await page.getByRole('textbox', { name: /Username/ }).fill(`axe.check.${Date.now()}`);
      await page.getByRole('textbox', { name: /Display name/ }).fill('Axe Checker');
      await page.getByRole('checkbox', { name: /Billing/ }).check();
      await findings.page(page, 'new staff user', 'Create Staff user');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('dialog').waitFor();
      await findings.axe(page, 'one-time password link dialog');

      await open(page, '#/portal-tokens');
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.getByRole('dialog').waitFor();
      await findings.axe(page, 'new portal token dialog');
      await cancelDialog(page);

      for (const setting of ['session.idle_minutes', 'organization.name', 'organization.time_zone']) {
        await open(page, `#/settings/${encodeURIComponent(setting)}`);
        await findings.page(page, `setting ${setting}`, /^Setting ./);
      }

      await open(page, '#/business-holidays/create');
      await findings.page(page, 'new holiday', 'Create Holiday');
      await open(page, '#/business-holidays');
      await rowsOf(page).nth(1).click();
      await page.waitForURL(/#\/business-holidays\/\d+$/);
      await findings.page(page, 'holiday, editing', /^Holiday ./);
      await open(page, `#/business-holidays?filter=${encodeURIComponent('{"year":2099}')}`);
      await page.getByRole('main').getByRole('status').waitFor();
      await findings.page(page, 'holidays, none in 2099', 'Holidays');

      await open(page, '#/saved-replies/create');
      await page.getByRole('textbox', { name: /Title/ }).waitFor();
      await findings.page(page, 'new saved reply', /Saved repl/);
      await open(page, '#/service-locations/create');
      await page.getByRole('textbox', { name: /Billing phone/ }).waitFor();
      await findings.page(page, 'new service location', /Service location/);

      await open(page, '#/proxy-age-tiers/default');
      await page.getByRole('spinbutton', { name: /Parents’ view narrows at age/ }).waitFor();
      await findings.page(page, 'age rules, default', /^Age rules: Default/);
      await open(page, '#/proxy-age-tiers/create');
      await page.getByRole('textbox', { name: /State/ }).waitFor();
      await findings.page(page, 'new age rules for a state', 'Create Age rule');
      await checkUserMenu(page, findings, 'admin');
    });
  });
});
