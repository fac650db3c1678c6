/**
 * The console in a real browser (Debian's Chromium through playwright-core): signing in through the
 * form, the refusal that does not tell an unknown account from a wrong password, the sign-in page for
 * an unauthenticated visit, staff kept out of editor pages, an invitation accepted and used, and every
 * page readable on a 360 px wide phone without sideways scrolling.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { html } from '../src/console/html.ts';
import type { ConsoleSection } from '../src/console/section.ts';
import { SECTIONS } from '../src/console/sections.ts';
import { CHROMIUM, launchChromium, phoneContext } from './helpers/browser.ts';
import { startConsole, TEST_PASSWORD, type RunningConsole } from './helpers/console.ts';

const dummyEditor: ConsoleSection = {
  id: 'dummy-editor',
  title: 'Dummy editor',
  roles: ['editor'],
  mount(app) {
    app.get('/', (c) => c.get('console').page('Dummy editor', html`<p id="editor-only">Editor page</p>`));
  },
};

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`skipped: console browser tests (no Chromium at ${CHROMIUM})`);

const SLOW = { timeout: 30_000 };

async function signIn(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/console/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => {
    const root = (
      globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
    ).document.documentElement;
    return { scroll: root.scrollWidth, client: root.clientWidth };
  });
  expect(widths.scroll, page.url()).toBeLessThanOrEqual(widths.client);
}

describe.skipIf(!haveChromium)('console in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  let c: RunningConsole;

  beforeAll(async () => {
    c = await startConsole({ sections: [...SECTIONS, dummyEditor] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await c?.close();
  });

  it('sends an unauthenticated visit to the sign-in form, then back to the page after signing in', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${c.url}/console/accounts`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await expect
      .poll(() => page.getByRole('heading', { name: 'Sign in', level: 1 }).isVisible(), SLOW)
      .toBe(true);
    const { email } = await c.createUser('admin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${c.url}/console/accounts`, SLOW);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Accounts', level: 1 }).isVisible(), SLOW)
      .toBe(true);
    await context.close();
  });

  it('refuses a wrong password and an unknown account with the same message', async () => {
    const { email } = await c.createUser('staff');
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await signIn(page, c.url, email, 'this is not the password');
    const wrong = await page.getByRole('alert').textContent(SLOW);
    await signIn(page, c.url, 'nobody-here@example.org', 'this is not the password');
    const unknown = await page.getByRole('alert').textContent(SLOW);
    expect(wrong).toBe('The email or password is not right.');
    expect(unknown).toBe(wrong);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await context.close();
  });

  it('keeps staff out of editor pages and out of their navigation', async () => {
    const { email } = await c.createUser('staff');
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await signIn(page, c.url, email, TEST_PASSWORD);
    await page.waitForURL(`${c.url}/console/desk`, SLOW);
    expect(await page.getByRole('link', { name: 'Dummy editor' }).count()).toBe(0);
    const res = await page.goto(`${c.url}/console/dummy-editor`);
    expect(res?.status()).toBe(403);
    expect(await page.locator('#editor-only').count()).toBe(0);
    expect(await page.textContent('main')).toContain('does not have access');
    await context.close();
  });

  it('lets the admin invite someone who sets a password and signs in', async () => {
    const { email } = await c.createUser('admin');
    const adminContext = await phoneContext(browser);
    const admin = await adminContext.newPage();
    await signIn(admin, c.url, email, TEST_PASSWORD);
    await admin.goto(`${c.url}/console/accounts`);
    await admin.getByLabel('Email').fill('invited.editor@example.org');
    await admin.getByLabel('Role', { exact: true }).selectOption('editor');
    await admin.getByRole('button', { name: 'Create invitation link' }).click();
    const link = (await admin.locator('#invite-link').textContent(SLOW))!;
    expect(link).toMatch(/\/console\/invite\/[A-Za-z0-9_-]{43}$/);

    const inviteeContext = await phoneContext(browser);
    const invitee = await inviteeContext.newPage();
    await invitee.goto(link);
    await invitee.getByLabel('New password').fill('a fine long password');
    await invitee.getByLabel('Repeat the password').fill('a fine long password');
    await invitee.getByRole('button', { name: 'Set password' }).click();
    // An editor's first page is the editors' section (src/console/editor).
    await invitee.waitForURL(`${c.url}/console/editor`, SLOW);
    await invitee.getByRole('button', { name: 'Sign out' }).click();
    await invitee.waitForURL(`${c.url}/console/sign-in`, SLOW);
    await signIn(invitee, c.url, 'invited.editor@example.org', 'a fine long password');
    await invitee.waitForURL(`${c.url}/console/editor`, SLOW);
    await invitee.goto(`${c.url}/console/dummy-editor`);
    expect(await invitee.locator('#editor-only').textContent()).toBe('Editor page');

    // The link worked once.
    await invitee.goto(link);
    expect(await invitee.getByRole('alert').textContent()).toContain('does not work');

    await admin.reload();
    expect(await admin.textContent('main')).toContain('invited.editor@example.org');
    await adminContext.close();
    await inviteeContext.close();
  });

  it('renders every page on a 360 px wide phone without sideways scrolling', async () => {
    const { email } = await c.createUser('admin');
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${c.url}/console/sign-in`);
    await noSidewaysScroll(page);
    await signIn(page, c.url, email, TEST_PASSWORD);
    await page.waitForURL(`${c.url}/console/desk`, SLOW);
    for (const path of [
      '/console/desk',
      '/console/editor',
      '/console/editor/new-intent',
      '/console/accounts',
      '/console/audit',
      '/console/dummy-editor',
    ]) {
      await page.goto(`${c.url}${path}`);
      await noSidewaysScroll(page);
    }
    await context.close();
  });
});
