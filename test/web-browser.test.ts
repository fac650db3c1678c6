/**
 * The web chat in a real browser (Debian's Chromium through playwright-core), with the real core and the
 * real Slack desk against the fake Slack Web API (signed requests): ask and read the answer, press a
 * choice, markup shown as text, Arabic right to left, a person's reply arriving live, a reload, clearing
 * the conversation, leaving quickly, and the widget on another site's page.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebKeys } from '../adapters/web/guard.ts';
import { WEB_STRINGS } from '../adapters/web/strings.ts';
import { ACTION_CLAIM } from '../adapters/slack/blocks.ts';
import { createSlackDesk, type SlackDesk } from '../adapters/slack/desk.ts';
import { createPseudonymizer } from '../src/core/pseudonym.ts';
import { launchChromium, phoneContext } from './helpers/browser.ts';
import {
  buttonClick,
  eventEnvelope,
  FakeSlack,
  sendEvent,
  sendInteraction,
  threadMessage,
} from './helpers/fake-slack.ts';
import { startWeb, WEB_SECRET, type RunningWeb } from './helpers/web.ts';

const SIGNING = 'web-browser-signing-secret-0123';
const CHANNEL = 'CSTAFF001';
const ANA = 'USTAFF001';

/** A stand-in for a union's website (another origin on loopback) and for the neutral exit page. */
async function startHost(widgetSrc: () => string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const page = (body: string) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>${body}`);
    if (req.url === '/union')
      return page(`<title>Union</title><h1>Our union</h1>
<script src="${widgetSrc()}" data-lang="ar" defer></script>`);
    if (req.url === '/neutral') return page('<title>Weather</title><p>Sunny, 24 degrees.</p>');
    if (req.url === '/before') return page('<title>Before</title><p>A page visited earlier.</p>');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

// A loaded machine (2 cores, many jobs) can make a browser step take seconds: generous limits, no timing asserted.
const SLOW = { timeout: 30_000 };

describe('web chat in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  let slack: FakeSlack;
  let desk: SlackDesk;
  let w: RunningWeb;
  let host: { url: string; server: Server };
  const keys = new WebKeys(WEB_SECRET);
  const ref = (userId: string) => createPseudonymizer(WEB_SECRET)({ channel: 'web', userId });

  beforeAll(async () => {
    slack = new FakeSlack();
    slack.users.set(ANA, 'Ana Pérez');
    await slack.up();
    desk = createSlackDesk({
      botToken: slack.token,
      signingSecret: SIGNING,
      staffChannel: CHANNEL,
      staffUsers: [ANA],
      port: 0,
      host: '127.0.0.1',
      apiUrl: slack.url,
      remindMinutes: 15,
      processBeforeResponse: true,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    });
    let webUrl = '';
    host = await startHost(() => `${webUrl}/widget.js`);
    w = await startWeb({
      desk,
      web: { allowedOrigins: [host.url], exitUrl: `${host.url}/neutral` },
    });
    webUrl = w.url;
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await w?.close();
    await slack?.down();
    await new Promise((resolve) => host?.server.close(resolve));
  });

  async function openChat(locale = 'en-GB'): Promise<Page> {
    const context = await phoneContext(browser, locale);
    const page = await context.newPage();
    // Nothing but the bot's own origin (and the test's stand-in sites) may be asked for anything.
    await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
    await page.goto(`${w.url}/`);
    await page.locator('.msg.bot').first().waitFor();
    return page;
  }

  async function ask(page: Page, text: string): Promise<void> {
    const count = await page.locator('.msg.bot').count();
    await page.getByRole('textbox', { name: 'Message' }).fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await vi.waitFor(async () => expect(await page.locator('.msg.bot').count()).toBeGreaterThan(count), {
      timeout: 30_000,
    });
  }

  it('answers a question with its source, takes a choice, and shows markup as text', async () => {
    const page = await openChat();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    expect(await page.getByRole('log').getAttribute('aria-live')).toBe('polite');

    await ask(page, 'can I get health care, see a doctor?');
    const answer = page.locator('.msg.bot').last();
    await expect.poll(() => answer.textContent(), SLOW).toContain('https://example.org/health');
    expect(await answer.locator('a[href="https://example.org/health"]').count()).toBe(1);
    // The message field is empty again, and kept focus-able by keyboard.
    expect(await page.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('');

    // Press the first choice the latest message offers: the worker's side shows its label.
    const choice = page.locator('.msg:last-child button.choice:not([disabled])').first();
    const label = (await choice.textContent())!;
    const before = await page.locator('.msg.bot').count();
    await choice.click();
    await expect.poll(() => page.locator('.msg.bot').count(), SLOW).toBeGreaterThan(before);
    expect(await page.locator('.msg.worker .text').last().textContent()).toBe(label);

    const evil = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
    await ask(page, evil);
    expect(await page.locator('.msg.worker .text').last().textContent()).toBe(evil);
    expect(await page.locator('#log img, #log script').count()).toBe(0);
    expect(
      await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();

    // Nothing was asked of another site.
    expect(requests.filter((u) => !u.startsWith(w.url))).toEqual([]);
    await page.context().close();
  });

  it('switches to Arabic: the page turns right to left with its labels in Arabic', async () => {
    const page = await openChat();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ar');
    // Read through Playwright's own world: the page's CSP forbids the eval a string predicate needs.
    await expect.poll(() => page.locator('html').getAttribute('dir'), { timeout: 10_000 }).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    await page.getByRole('textbox', { name: WEB_STRINGS.ar.message }).waitFor();
    await page.getByRole('button', { name: WEB_STRINGS.ar.send, exact: true }).waitFor();
    // The conversation is still there after the switch, and the composer sits inside the phone's width.
    expect(await page.locator('.msg').count()).toBeGreaterThan(1);
    const box = (await page.locator('#form').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    await page.context().close();
  });

  it('asks for a person; the staff reply from Slack appears without a reload, and survives one', async () => {
    const page = await openChat();
    await page.evaluate(() => ((globalThis as unknown as { __same: boolean }).__same = true));
    const earlier = slack.channelMessages(CHANNEL).length;
    await page.getByRole('button', { name: 'Talk to a person' }).click();
    await vi.waitFor(() => expect(slack.channelMessages(CHANNEL)).toHaveLength(earlier + 1), SLOW);
    const root = slack.channelMessages(CHANNEL).at(-1)!;
    const ticketId = String(root.metadata?.event_payload.ticket_id);

    const claim = await sendInteraction(
      `http://127.0.0.1:${desk.port}/slack/events`,
      SIGNING,
      buttonClick({
        actionId: ACTION_CLAIM,
        value: ticketId,
        user: ANA,
        channel: CHANNEL,
        messageTs: root.ts,
      }),
    );
    expect(claim.status).toBe(200);
    const reply = await sendEvent(
      `http://127.0.0.1:${desk.port}/slack/events`,
      SIGNING,
      eventEnvelope(
        threadMessage({
          channel: CHANNEL,
          threadTs: root.ts,
          user: ANA,
          text: 'Hello, keep a copy of your <https://example.org/contract|contract> & payslips.',
        }),
      ),
    );
    expect(reply.status).toBe(200);
    const staff = page.locator('.msg.desk', { hasText: 'keep a copy of your contract' });
    await staff.waitFor(SLOW);
    expect(await staff.textContent()).toContain('& payslips');
    expect(await page.evaluate(() => (globalThis as unknown as { __same?: boolean }).__same)).toBe(true);

    await page.reload();
    await page.locator('.msg.desk', { hasText: 'keep a copy of your contract' }).waitFor();
    await page.context().close();
  });

  it('"Clear this conversation" empties the page and erases it on the server', async () => {
    const page = await openChat();
    await ask(page, 'can I get health care, see a doctor?');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'mrb_chat')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(page.url()).not.toContain(cookie.value);
    const userId = keys.userId(cookie.value);
    expect(await w.app.store.getSession(ref(userId))).toBeDefined();

    await page.getByRole('button', { name: 'Clear this conversation' }).click();
    await page.locator('.msg.notice', { hasText: WEB_STRINGS.en.cleared }).waitFor();
    await expect
      .poll(() => page.locator('#log').textContent(), SLOW)
      .not.toContain('health care, see a doctor');
    expect(await w.app.store.getSession(ref(userId))).toBeUndefined();
    expect(w.web.conversations.get(userId)).toBeUndefined();
    const renewed = (await page.context().cookies()).find((c) => c.name === 'mrb_chat')!;
    expect(renewed.value).not.toBe(cookie.value);
    // The page starts again, and a reload does not bring the old conversation back.
    await page.reload();
    await page.locator('.msg.bot').first().waitFor();
    expect(await page.locator('#log').textContent()).not.toContain('health care, see a doctor');
    await page.context().close();
  });

  it('"Leave quickly" replaces the page with a neutral one, with no way back to the chat', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${host.url}/before`);
    await page.goto(`${w.url}/`);
    await page.locator('.msg.bot').first().waitFor();
    await page.getByRole('button', { name: 'Leave quickly' }).click();
    await page.waitForURL(`${host.url}/neutral`);
    await page.goBack();
    expect(page.url()).toBe(`${host.url}/before`);
    await context.close();
  });

  it('the widget on a union page opens the chat in a frame, in the language it asks for', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${host.url}/union`);
    const launcher = page.getByRole('button', { name: WEB_STRINGS.ar.open });
    await launcher.click();
    const toggle = page.locator('button[aria-controls="mrb-chat-frame"]');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await toggle.textContent()).toBe(WEB_STRINGS.ar.close);
    const frame = page.frameLocator('iframe');
    await frame.locator('.msg.bot').first().waitFor();
    expect(await frame.locator('html').getAttribute('dir')).toBe('rtl');
    await frame.getByRole('textbox', { name: WEB_STRINGS.ar.message }).fill('health care');
    await frame.getByRole('button', { name: WEB_STRINGS.ar.send, exact: true }).click();
    await frame.locator('.msg.worker', { hasText: 'health care' }).waitFor();
    // "Leave quickly" inside the frame replaces the union's page itself.
    await frame.getByRole('button', { name: WEB_STRINGS.ar.leave }).click();
    await page.waitForURL(`${host.url}/neutral`);
    await context.close();
  });
});
