import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium, or CHROMIUM_PATH. Playwright never downloads one. */
function chromiumPath(): string {
  const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(candidate)) throw new Error(`No Chromium at ${candidate}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  return candidate;
}

/** A headless Chromium with a fresh profile that calls nothing outside the machine, for the scripts that drive the console. */
export function launchChromium(): Promise<Browser> {
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
