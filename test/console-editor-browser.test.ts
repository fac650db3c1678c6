/**
 * The editors' pages in a real browser (Debian's Chromium through playwright-core), over a temporary
 * copy of the fixture content: sign in as an editor; a question the bot could not answer (sent through
 * the real dialogue) is in the list; adding it as an example shows the added line and the evaluation,
 * and the bot answers it after the reload; a bad edit is refused with file, line and field on the page;
 * a draft's wording starts as the masked question, is the editor's to edit, and a phone number pasted
 * into it is refused; a staff account cannot open an editor page or post to one (403).
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_CONTENT } from './helpers/app.ts';
import {
  haveChromium,
  noSidewaysScroll,
  SLOW,
  startBrowserConsole,
  type BrowserConsole,
} from './helpers/console.ts';

// Ambiguous between two intents in the fixture ("did you mean…?"), so it is recorded for editors.
const QUESTION = 'receptionist wants paperwork stamped';

const browserOk = haveChromium('editors’ console browser tests');

describe.skipIf(!browserOk)('editors’ console in Chromium', { timeout: 240_000 }, () => {
  let c: BrowserConsole;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'mrb-editor-browser-'));
    await cp(FIXTURE_CONTENT, root, { recursive: true });
    c = await startBrowserConsole({ content: root });
  });
  afterAll(async () => {
    await c?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('an unanswered question becomes an example, and the bot answers it after the reload', async () => {
    const before = await c.test.say(QUESTION, 'w-eye');
    expect(before.trace.intent).not.toBe('health_care');
    const { page, context } = await c.signedInPage('editor');
    await page.goto(`${c.url}/console/editor`);
    const group = page.locator('li.group', { hasText: QUESTION });
    await expect.poll(() => group.count(), SLOW).toBe(1);
    await noSidewaysScroll(page);
    await group.getByLabel('Intent').selectOption('health_care');
    await group.locator('select[name="list"]').selectOption('examples');
    await group.getByLabel('Language').selectOption('en');
    await group.getByRole('button', { name: 'Add' }).click();
    await page.waitForURL(/\/console\/editor\/edits\/\d+$/, SLOW);
    // The page refreshes itself until the reload and both evaluations are done.
    await expect
      .poll(() => page.locator('main').textContent(), SLOW)
      .toContain('The bot answers with this edit now.');
    await expect.poll(() => page.locator('.eval table').count(), SLOW).toBe(1);
    expect(await page.locator('pre.added').textContent()).toContain(QUESTION);
    await noSidewaysScroll(page);

    const after = await c.test.say(QUESTION, 'w-eye-2');
    expect(after.trace.intent).toBe('health_care');
    expect(after.trace.outcome).toBe('answered');
    await context.close();
  });

  it('refuses a bad edit with file, line and field on the page', async () => {
    // Asked, then a person asked for: recorded as escalated.
    await c.test.say('how much is a bus ticket to the embassy', 'w-bus');
    await c.test.say('/human', 'w-bus');
    await c.test.settle();
    const { page, context } = await c.signedInPage('editor');
    await page.goto(`${c.url}/console/editor`);
    const group = page.locator('li.group', { hasText: 'bus ticket' });
    await expect.poll(() => group.count(), SLOW).toBe(1);
    // A held-out test of health care used as a training example: refused by the validator.
    await group.getByLabel('Wording').fill('where can i see a doctor');
    await group.getByLabel('Intent').selectOption('health_care');
    await group.getByRole('button', { name: 'Add' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.count(), SLOW).toBe(1);
    const text = (await alert.textContent()) ?? '';
    expect(text).toMatch(
      /intents\/health_care\.yaml:\d+ \[tests\.en\.0\]: held-out test .* is also a training example/,
    );
    expect(text).toContain('nothing was written');
    expect(await readFile(path.join(root, 'intents/health_care.yaml'), 'utf8')).not.toMatch(
      /- where can i see a doctor\n/,
    );
    await context.close();
  });

  it('a draft’s wording is the editor’s to edit, and a phone number pasted into it is refused', async () => {
    await c.test.say('Rosa here, the agency kept my first salary as a fee', 'w-fee');
    await c.test.say('/human', 'w-fee');
    await c.test.settle();
    const ticket = (await c.test.app.tickets.openTickets()).find((t) => t.question.includes('agency'))!;
    await c.test.desk.reply(ticket.id, { id: 'S1', name: 'Ana Staff' }, 'Recruitment fees are not allowed.');
    await c.test.settle();
    const { page, context } = await c.signedInPage('editor');
    await page.goto(`${c.url}/console/editor`);
    await page.getByRole('link', { name: 'Open draft' }).first().click();
    await page.waitForURL(/\/console\/editor\/drafts\/[0-9a-f]+$/, SLOW);
    const field = page.getByLabel('Wording to add');
    expect(await field.inputValue()).toBe('[name] here, the agency kept my first salary as a fee');
    expect(await page.locator('#example-hint').textContent()).toContain('it becomes content');
    await noSidewaysScroll(page);
    await field.fill('the agency kept my salary call me 0917 555 0134');
    await page.getByRole('button', { name: 'Add as example' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.count(), SLOW).toBe(1);
    expect(await alert.textContent()).toMatch(
      /intents\/\w+\.yaml:\d+ \[examples\.en\.\d+\]: this phrase holds what looks like a phone number/,
    );
    const files = await readFile(path.join(root, 'intents/health_care.yaml'), 'utf8');
    expect(files).not.toContain('0134');
    await context.close();
  });

  it('a staff account cannot reach or post to editor pages (403)', async () => {
    const { page, context } = await c.signedInPage('staff');
    expect(await page.getByRole('link', { name: 'Content' }).count()).toBe(0);
    const res = await page.goto(`${c.url}/console/editor`);
    expect(res?.status()).toBe(403);
    expect(await page.locator('li.group').count()).toBe(0);
    // A POST from the signed-in staff page, with its session and a valid CSRF token, is refused too.
    const csrf = await page.locator('input[name="_csrf"]').first().getAttribute('value');
    const post = await page.request.post(`${c.url}/console/editor/add`, {
      form: {
        _csrf: csrf ?? '',
        text: 'staff edit',
        intent: 'health_care',
        list: 'examples',
        language: 'en',
      },
      headers: { origin: c.url },
    });
    expect(post.status()).toBe(403);
    expect(await readFile(path.join(root, 'intents/health_care.yaml'), 'utf8')).not.toContain('staff edit');
    await context.close();
  });
});
