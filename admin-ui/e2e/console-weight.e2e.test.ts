import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser.ts';

/** The budgets: compressed script bytes as they cross the wire. */
const SIGN_IN_PAGE_BUDGET = 250_000;
const PATIENT_LIST_BUDGET = 300_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

interface Loaded {
  url: string;
  /** The response body's size as sent (compressed), from Chromium's own accounting. */
  bytes: number;
  headers: Record<string, string>;
}

/** Every script the page downloads, with its size on the wire and its headers. */
function watchScripts(page: Page): { settled(): Promise<Loaded[]> } {
  const pending: Promise<Loaded>[] = [];
  page.on('requestfinished', (request: Request) => {
    if (request.resourceType() !== 'script') return;
    pending.push(
      (async () => ({
        url: request.url(),
        bytes: (await request.sizes()).responseBodySize,
        headers: (await request.response())!.headers(),
      }))(),
    );
  });
  return { settled: () => Promise.all(pending) };
}

const total = (scripts: Loaded[]) => scripts.reduce((sum, script) => sum + script.bytes, 0);

/** A tab in a browser profile of its own: nothing cached. */
const freshPage = async () => (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();

describe('the weight of the console', () => {
  it('when the sign-in page opens in a fresh browser, then its scripts come brotli-compressed, cached for good and under 250 kB in all', async () => {
    const page = await freshPage();
    const scripts = watchScripts(page);
    const pageResponse = await page.goto(inject('baseUrl'));
    await page.getByLabel('Username').waitFor();
    const loaded = await scripts.settled();

    expect(pageResponse!.headers()['cache-control']).toBe('no-cache');
    expect(loaded.length).toBeGreaterThan(0);
    for (const script of loaded) {
      expect(new URL(script.url).pathname, script.url).toMatch(/^\/assets\//);
      expect(script.headers['content-encoding'], script.url).toBe('br');
      expect(script.headers['cache-control'], script.url).toBe('public, max-age=31536000, immutable');
      expect(script.headers['content-type'], script.url).toMatch(/^text\/javascript/);
    }
    expect(total(loaded)).toBeLessThanOrEqual(SIGN_IN_PAGE_BUDGET);
    await page.context().close();
  });

  it('when front desk signs in and reaches the patient search, then every script loaded since opening the page is under 300 kB in all', async () => {
    const page = await freshPage();
    const scripts = watchScripts(page);
    await page.goto(inject('baseUrl'));
    await page.getByLabel('Username').fill('front_desk');
    await page.getByLabel('Password').fill(inject('demoPassword'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const menu = page.getByRole('menuitem', { name: 'Patients' });
    await menu.waitFor();
    if (!new URL(page.url()).hash.startsWith('#/patients')) await menu.click();
    await page.getByRole('search', { name: 'Patient search' }).getByRole('textbox', { name: 'Name', exact: true }).waitFor();
    const loaded = await scripts.settled();

    expect(loaded.every((script) => script.headers['content-encoding'] === 'br')).toBe(true);
    expect(total(loaded)).toBeLessThanOrEqual(PATIENT_LIST_BUDGET);
    await page.context().close();
  });

  it('when the clerk opens the console again in the same browser, then every script comes from the browser cache, none over the network', async () => {
    const page = await freshPage();
    await page.goto(inject('baseUrl'));
    await page.getByLabel('Username').waitFor();
    await page.goto('about:blank');
    await page.goto(inject('baseUrl'));
    await page.getByLabel('Username').waitFor();
    // Resource Timing's transferSize is 0 for what the browser's cache answered.
    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => entry as PerformanceResourceTiming)
        .filter((entry) => new URL(entry.name).pathname.endsWith('.js'))
        .map((entry) => ({ url: entry.name, transferSize: entry.transferSize })),
    );

    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script.transferSize, script.url).toBe(0);
    await page.context().close();
  });
});
