/**
 * `npm run screenshots:web`: phone-sized (360×740) pictures of the web chat with the real content, in
 * English and in Arabic, written to docs/web-chat-en.png and docs/web-chat-ar.png. Not a test: run it
 * after changing the page's look, then look at the pictures.
 */
import '../src/quiet.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../src/app.ts';
import { cachedIn } from '../src/kb/live.ts';
import { launchChromium, phoneContext } from '../test/helpers/browser.ts';
import { startWeb } from '../test/helpers/web.ts';

const DOCS = path.join(REPO_ROOT, 'docs');

const w = await startWeb({
  content: REPO_ROOT,
  app: { matcherFactory: cachedIn(path.join(tmpdir(), 'mrb-bench-web-matcher')) },
});
const browser = await launchChromium();

async function ask(page: Page, label: string, text: string) {
  const count = await page.locator('.msg.bot').count();
  await page.getByRole('textbox', { name: label }).fill(text);
  await page.keyboard.press('Enter');
  await page.waitForFunction(`document.querySelectorAll('.msg.bot').length > ${count}`);
}

try {
  for (const [lang, label, question] of [
    ['en', 'Message', 'Do I have health care as a domestic worker?'],
    ['ar', 'الرسالة', 'هل لدي رعاية صحية كعاملة منزلية؟'],
  ] as const) {
    const context = await phoneContext(browser, lang);
    const page = await context.newPage();
    await page.goto(`${w.url}/?lang=${lang}`);
    await page.locator('.msg.bot').first().waitFor();
    await ask(page, label, question);
    await page.waitForTimeout(200);
    const file = path.join(DOCS, `web-chat-${lang}.png`);
    await page.screenshot({ path: file });
    console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
    await context.close();
  }
} finally {
  await browser.close();
  await w.close();
}
