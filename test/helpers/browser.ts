/**
 * Debian's Chromium driven by playwright-core, headless, with nothing that phones home. One browser per
 * test file; each test takes a fresh context (its own cookies) at a phone's size.
 */
import type { Browser, BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Loaded only when a browser is launched, so importing this file costs nothing. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** A 360×740 phone-sized context, in a language the browser says it prefers. */
export function phoneContext(browser: Browser, locale = 'en-GB'): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 1,
    locale,
    serviceWorkers: 'block',
  });
}
