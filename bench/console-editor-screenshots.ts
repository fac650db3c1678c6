/**
 * `npm run screenshots:console-editor`: pictures of the editors' console pages with the real content
 * (on a temporary copy: nothing is written to the repository's intents/ or knowledge/), written to
 * docs/console-editor-*.png: the unanswered list with a draft from a staff answer, a refused edit with
 * the validator's file, line and field, the page of an edit with the evaluation before and after, and a
 * draft. Not a test: run it after changing the pages' look, then look at the pictures. It trains the
 * matcher twice (start and reload), so it takes a few minutes.
 */
import '../src/quiet.ts';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../src/app.ts';
import { launchChromium } from '../test/helpers/browser.ts';
import { startConsole } from '../test/helpers/console.ts';

const DOCS = path.join(REPO_ROOT, 'docs');
const root = await mkdtemp(path.join(tmpdir(), 'mrb-editor-shots-'));
for (const dir of ['knowledge', 'intents', 'conversations', 'safety'])
  await cp(path.join(REPO_ROOT, dir), path.join(root, dir), { recursive: true });
const c = await startConsole({ content: root });
const browser = await launchChromium();

async function shot(page: Page, name: string) {
  const file = path.join(DOCS, `console-editor-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
}

try {
  // What workers asked that the bot could not answer, through the real dialogue.
  for (const [i, q] of [
    'can i get my money back from the recruitment agency fee',
    'recruitment agency fee refund how',
    'the agency took a fee can i get it back',
    'do i pay tax on my pension at home',
    'hospital pension papers question',
  ].entries())
    await c.test.say(q, `shots-${i}`);
  await c.test.say('my boss pays me less than the contract says', 'shots-staff');
  await c.test.say('/human', 'shots-staff');
  await c.test.settle();
  const [ticket] = await c.test.app.tickets.openTickets();
  if (ticket)
    await c.test.desk.reply(
      ticket.id,
      { id: 'S1', name: 'Ana Staff' },
      'Hi Maria, a written contract binds the employer: keep your payslips and bring them to the union office.',
    );
  await c.test.settle();

  const { email, password } = await c.createUser('editor');
  const context = await browser.newContext({
    viewport: { width: 1000, height: 900 },
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  // Checking an edit on the real content takes seconds (longer on a busy machine).
  page.setDefaultTimeout(10 * 60_000);
  await page.goto(`${c.url}/console/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
  await page.goto(`${c.url}/console/editor`);
  await shot(page, 'unanswered');

  const draftLink = page.locator('a', { hasText: 'Open draft' }).first();
  if (await draftLink.count()) {
    await draftLink.click();
    await shot(page, 'draft');
    await page.goto(`${c.url}/console/editor`);
  }

  // A refused edit: a phrase that belongs to another intent.
  const group = page.locator('li.group').first();
  await group.getByLabel('Wording').fill('thank you');
  await group.getByLabel('Intent').selectOption('health_care');
  await group.getByRole('button', { name: 'Add' }).click();
  await page.getByRole('alert').waitFor();
  await shot(page, 'refused');

  // A good edit, then its page once the bot reloaded and both evaluations are in.
  await page.goto(`${c.url}/console/editor`);
  // The group's own wording, as a held-out test of the intent the bot leans to.
  const first = page.locator('li.group').first();
  await first.locator('select[name="list"]').selectOption('tests');
  await first.getByRole('button', { name: 'Add' }).click();
  await page.waitForURL(/\/edits\/\d+$/);
  await page.locator('.eval table').waitFor({ timeout: 20 * 60_000 });
  await shot(page, 'edit');
  await context.close();
} finally {
  await browser.close();
  await c.close();
  await rm(root, { recursive: true, force: true });
}
