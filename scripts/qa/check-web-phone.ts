/**
 * The web chat on a 360×640 phone screen in Debian's Chromium, English and Arabic: a question, a follow-up,
 * a choice pressed, an answer with a long source address, "Clear this conversation" and "Leave quickly".
 * Checks what a script can (no sideways scrolling of the page, nothing wider than the screen, right-to-left
 * in Arabic, the field and Send reachable, clear and leave doing their job) and writes a screenshot of each
 * step to /tmp/qa-web/ for a person to look at.
 *
 *   npx tsx scripts/qa/check-web-phone.ts [--out /tmp/qa-web]
 */
import '../../src/quiet.ts';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../../src/app.ts';
import { launchChromium } from '../../test/helpers/browser.ts';
import { startWeb } from '../../test/helpers/web.ts';
import { WEB_STRINGS } from '../../adapters/web/strings.ts';
import { argValue } from './harness.ts';

const out = argValue(process.argv.slice(2), '--out') ?? '/tmp/qa-web';
await mkdir(out, { recursive: true });
let failures = 0;
const fail = (what: string) => {
  failures++;
  console.log(`FAIL ${what}`);
};

const w = await startWeb({ content: REPO_ROOT });
const browser = await launchChromium();

async function layoutProblems(page: Page, step: string) {
  // A string (this project's TypeScript has no DOM types); Playwright evaluates it outside the page's CSP.
  const r = await page.evaluate<{ scroll: number; width: number; dir: string; wide: string[] }>(`(() => {
    const doc = document.documentElement;
    const wide = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const b = el.getBoundingClientRect();
      if (b.width > 0 && (b.right > window.innerWidth + 1 || b.left < -1))
        wide.push(el.tagName.toLowerCase() + '.' + el.className + ' ' + Math.round(b.left) + '..' + Math.round(b.right));
    }
    return { scroll: doc.scrollWidth, width: doc.clientWidth, dir: doc.dir || document.body.dir, wide: wide.slice(0, 5) };
  })()`);
  if (r.scroll > r.width + 1) fail(`${step}: the page scrolls sideways (${r.scroll} > ${r.width})`);
  if (r.wide.length) fail(`${step}: wider than the screen: ${r.wide.join(', ')}`);
  return r;
}

/** Waits (from Node: the page's CSP forbids evaluated strings) until there are more bot messages. */
async function moreBotMessages(page: Page, than: number, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while ((await page.locator('.msg.bot').count()) <= than) {
    if (Date.now() > until) throw new Error('no new answer');
    await page.waitForTimeout(100);
  }
}

async function send(page: Page, label: string, sendLabel: string, text: string) {
  const count = await page.locator('.msg.bot').count();
  await page.getByRole('textbox', { name: label }).fill(text);
  await page.getByRole('button', { name: sendLabel, exact: true }).click();
  await moreBotMessages(page, count);
  await page.waitForTimeout(150);
}

const plans = [
  {
    lang: 'en' as const,
    q1: "I'm Filipino working in Germany, is there an agreement?",
    q2: 'what about Spain?',
  },
  {
    lang: 'ar' as const,
    q1: 'أنا من مصر وأعمل في إيطاليا، هل توجد اتفاقية ضمان اجتماعي؟',
    q2: 'وماذا عن فرنسا؟',
  },
];
try {
  for (const p of plans) {
    const s = WEB_STRINGS[p.lang];
    const context = await browser.newContext({
      viewport: { width: 360, height: 640 },
      deviceScaleFactor: 2,
      locale: p.lang,
      serviceWorkers: 'block',
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${w.url}/?lang=${p.lang}`);
    await page.locator('.msg.bot').first().waitFor();
    const first = await layoutProblems(page, `${p.lang} start`);
    if (p.lang === 'ar' && first.dir !== 'rtl') fail(`ar: page is not right-to-left (dir=${first.dir})`);
    await page.screenshot({ path: path.join(out, `${p.lang}-1-start.png`) });
    const label = s.message;
    await send(page, label, s.send, p.q1);
    await layoutProblems(page, `${p.lang} answer`);
    await page.screenshot({ path: path.join(out, `${p.lang}-2-answer.png`) });
    await send(page, label, s.send, p.q2);
    await layoutProblems(page, `${p.lang} follow-up`);
    await page.screenshot({ path: path.join(out, `${p.lang}-3-followup.png`) });
    // Press the first choice of the last answer.
    const choice = page.locator('.msg.bot').last().locator('button').first();
    if (await choice.count()) {
      const count = await page.locator('.msg.bot').count();
      await choice.click();
      await moreBotMessages(page, count).catch(() => fail(`${p.lang}: pressing a choice got no answer`));
      await layoutProblems(page, `${p.lang} choice`);
    } else fail(`${p.lang}: no choice buttons under the answer`);
    await page.screenshot({ path: path.join(out, `${p.lang}-4-choice.png`), fullPage: true });
    // The field and Send stay on screen after a long answer.
    const field = await page.getByRole('textbox', { name: label }).boundingBox();
    if (!field || field.y + field.height > 640 || field.y < 0)
      fail(`${p.lang}: message field off screen (${JSON.stringify(field)})`);
    // Clear this conversation.
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: s.clear }).click();
    await page.waitForTimeout(800);
    const left = await page.locator('.msg').allInnerTexts();
    if (left.some((t) => t.includes(p.q1.slice(0, 15))))
      fail(`${p.lang}: the question is still on the page after clearing`);
    await page.screenshot({ path: path.join(out, `${p.lang}-5-cleared.png`) });
    await page.reload();
    await page.waitForTimeout(800);
    const afterReload = await page.locator('.msg').allInnerTexts();
    if (afterReload.some((t) => t.includes(p.q1.slice(0, 15))))
      fail(`${p.lang}: the question came back after a reload`);
    // Leave quickly: the page goes elsewhere and Back does not return to the chat.
    const before = page.url();
    await page
      .getByRole('button', { name: s.leave })
      .or(page.getByRole('link', { name: s.leave }))
      .first()
      .click();
    await page.waitForTimeout(1500);
    const exited = page.url();
    if (exited === before || exited.startsWith(w.url)) fail(`${p.lang}: "Leave quickly" stayed on ${exited}`);
    await page.goBack().catch(() => undefined);
    await page.waitForTimeout(800);
    if (page.url().startsWith(w.url))
      fail(`${p.lang}: Back returns to the chat after "Leave quickly" (${page.url()})`);
    if (errors.length) fail(`${p.lang}: page errors: ${errors.join(' | ').slice(0, 300)}`);
    console.log(`${p.lang}: screenshots in ${out}; leave → ${exited}`);
    await context.close();
  }
} finally {
  await browser.close();
  await w.close();
}
console.log(failures === 0 ? 'web phone checks passed' : `${failures} failures`);
process.exit(failures ? 1 : 0);
