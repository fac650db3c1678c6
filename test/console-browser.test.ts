/**
 * The console in a real browser (Debian's Chromium through playwright-core): signing in through the
 * form, the refusal that does not tell an unknown account from a wrong password, the sign-in page for
 * an unauthenticated visit, staff kept out of editor pages, an invitation accepted and used, and every
 * page readable on a 360 px wide phone without sideways scrolling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { html } from '../src/console/html.ts';
import type { ConsoleSection } from '../src/console/section.ts';
import { SECTIONS } from '../src/console/sections.ts';
import {
  browserSignIn,
  fillSignIn,
  haveChromium,
  noSidewaysScroll,
  SLOW,
  startBrowserConsole,
  TEST_PASSWORD,
  type BrowserConsole,
} from './helpers/console.ts';

const dummyEditor: ConsoleSection = {
  id: 'dummy-editor',
  title: 'Dummy editor',
  roles: ['editor'],
  mount(app) {
    app.get('/', (c) => c.get('console').page('Dummy editor', html`<p id="editor-only">Editor page</p>`));
  },
};

const browserOk = haveChromium('console browser tests');

describe.skipIf(!browserOk)('console in Chromium', { timeout: 120_000 }, () => {
  let c: BrowserConsole;

  beforeAll(async () => {
    c = await startBrowserConsole({ sections: [...SECTIONS, dummyEditor] });
  });
  afterAll(async () => {
    await c?.close();
  });

  it('sends an unauthenticated visit to the sign-in form, then back to the page after signing in', async () => {
    const { page, context } = await c.newPage();
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
    const { page, context } = await c.newPage();
    await fillSignIn(page, c.url, email, 'this is not the password');
    const wrong = await page.getByRole('alert').textContent(SLOW);
    await fillSignIn(page, c.url, 'nobody-here@example.org', 'this is not the password');
    const unknown = await page.getByRole('alert').textContent(SLOW);
    expect(wrong).toBe('The email or password is not right.');
    expect(unknown).toBe(wrong);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await context.close();
  });

  it('keeps staff out of editor pages and out of their navigation', async () => {
    const { email } = await c.createUser('staff');
    const { page, context } = await c.newPage();
    await fillSignIn(page, c.url, email, TEST_PASSWORD);
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
    const { page: admin, context: adminContext } = await c.newPage();
    await browserSignIn(admin, c.url, email, TEST_PASSWORD);
    await admin.goto(`${c.url}/console/accounts`);
    await admin.getByLabel('Email').fill('invited.editor@example.org');
    await admin.getByLabel('Role', { exact: true }).selectOption('editor');
    await admin.getByRole('button', { name: 'Create invitation link' }).click();
    const link = (await admin.locator('#invite-link').textContent(SLOW))!;
    expect(link).toMatch(/\/console\/invite\/[A-Za-z0-9_-]{43}$/);

    const { page: invitee, context: inviteeContext } = await c.newPage();
    await invitee.goto(link);
    await invitee.getByLabel('New password').fill('a fine long password');
    await invitee.getByLabel('Repeat the password').fill('a fine long password');
    await invitee.getByRole('button', { name: 'Set password' }).click();
    // An editor's first page is the editors' section (src/console/editor).
    await invitee.waitForURL(`${c.url}/console/editor`, SLOW);
    await invitee.getByRole('button', { name: 'Sign out' }).click();
    await invitee.waitForURL(`${c.url}/console/sign-in`, SLOW);
    await fillSignIn(invitee, c.url, 'invited.editor@example.org', 'a fine long password');
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
    const { page, context } = await c.newPage();
    await page.goto(`${c.url}/console/sign-in`);
    await noSidewaysScroll(page);
    await fillSignIn(page, c.url, email, TEST_PASSWORD);
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
