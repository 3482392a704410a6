import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';

/** Debian's chromium (installed by .ci/run), or CHROMIUM_PATH. Playwright never downloads one. */
export function chromiumPath(): string {
  const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(candidate)) {
    throw new Error(`No Chromium at ${candidate}. Install it (apt-get install chromium) or set CHROMIUM_PATH; .ci/run does this on CI.`);
  }
  return candidate;
}

/** A headless Chromium with a fresh profile and no calls to the outside world. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A new browser context signed in to the console as a demo staff member. */
export async function signIn(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(inject('baseUrl'));
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(inject('demoPassword'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

/** A patient-portal integration token, made by the demo administrator as in production. */
export async function createPortalToken(name: string): Promise<string> {
  const baseUrl = inject('baseUrl');
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
    body: JSON.stringify({ name: `${name} ${Date.now()}` }),
  });
  return (await created.json()).token;
}
