/**
 * The web chat over HTTP, with the real core, store, tickets and outbox (src/app.ts) and the adapter
 * mounted on the shared HTTP server: what the page is served with, the conversation, and every refusal
 * (cross-site requests, missing token, too long, too big, too many). The browser tests are in
 * web-browser.test.ts.
 */
import { get } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_MAX_CHARS } from '../adapters/web/adapter.ts';
import { WebKeys } from '../adapters/web/guard.ts';
import { WEB_STRINGS } from '../adapters/web/strings.ts';
import type { LocalDesk } from '../src/core/local-desk.ts';
import { createPseudonymizer } from '../src/core/pseudonym.ts';
import { LANGUAGES } from '../src/kb/schema.ts';
import { startWeb, WEB_SECRET, WebClient, type RunningWeb } from './helpers/web.ts';

const ref = (userId: string) => createPseudonymizer(WEB_SECRET)({ channel: 'web', userId });
const keys = new WebKeys(WEB_SECRET);
const cookieValue = (client: WebClient) => client.cookie.split('=')[1]!;

/** Reads server-sent events from a stream until `until` returns true for the events so far. */
async function readEvents(
  res: Response,
  until: (events: { event: string; data: unknown }[]) => boolean,
  timeoutMs = 10_000,
): Promise<{ event: string; data: unknown }[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: unknown }[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (!until(events)) {
      if (Date.now() > deadline) throw new Error('no matching event in time');
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return events;
}

describe('web chat over HTTP', () => {
  let w: RunningWeb;

  beforeAll(async () => {
    w = await startWeb({
      web: {
        allowedOrigins: ['https://union.example'],
        exitUrl: 'https://weather.example/',
        trustProxy: true,
        limits: { perConversation: 12, perAddress: 1000 },
      },
    });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('serves the page with a strict CSP, no inline script, and the id only in an HttpOnly SameSite cookie', async () => {
    const client = new WebClient(w.url);
    const res = await client.open();
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'self' https://union.example");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^mrb_chat=[A-Za-z0-9_-]{32};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Secure'); // plain http on loopback
    // Every script is an external same-origin file; the one inline block is data, not code.
    const scripts = [...client.html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    for (const attrs of scripts) expect(attrs).toMatch(/src="\/chat-assets\/|type="application\/json"/);
    expect(client.html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers
    expect(client.html).not.toContain(cookieValue(client));
    expect(client.html).not.toMatch(/https?:\/\/(?!weather\.example)/); // nothing from another site
  });

  it('behind an https proxy the cookie is Secure and __Host- prefixed', async () => {
    const client = new WebClient(w.url, { 'x-forwarded-proto': 'https' });
    const res = await client.open();
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-mrb_chat=/);
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('HttpOnly');
  });

  it('labels the page in each of the 8 languages, right to left for Arabic', async () => {
    for (const lang of LANGUAGES) {
      const client = new WebClient(w.url);
      await client.open(`?lang=${lang}`);
      const s = WEB_STRINGS[lang];
      const esc = (t: string) => t.replace(/'/g, '&#39;').replace(/"/g, '&quot;');
      expect(client.html).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`);
      expect(client.html).toContain(`<label for="msg" class="sr-only">${esc(s.message)}</label>`);
      expect(client.html).toContain(`<button type="submit" id="send">${esc(s.send)}</button>`);
      expect(client.html).toMatch(/id="log" class="log" role="log" aria-live="polite"/);
      expect(client.html).toContain(`>${esc(s.clear)}</button>`);
      expect(client.html).toContain(`>${esc(s.leave)}</button>`);
    }
    // Without ?lang the browser's languages decide.
    const nepali = new WebClient(w.url, { 'accept-language': 'de;q=1, ne-NP;q=0.8, en;q=0.5' });
    await nepali.open();
    expect(nepali.html).toContain('<html lang="ne" dir="ltr">');
  });

  it('serves the widget to any page, and the chat in a frame only to allowed sites', async () => {
    const widget = await fetch(`${w.url}/widget.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toContain('javascript');
    expect(widget.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const code = await widget.text();
    for (const lang of LANGUAGES) expect(code).toContain(JSON.stringify(WEB_STRINGS[lang].open));
    expect((await fetch(`${w.url}/widget.js`, { headers: { origin: 'https://evil.example' } })).status).toBe(
      403,
    );

    const framed = (referer: string) =>
      fetch(`${w.url}/?embed=1`, {
        headers: { 'sec-fetch-dest': 'iframe', 'sec-fetch-site': 'cross-site', referer },
      });
    expect((await framed('https://union.example/contact')).status).toBe(200);
    expect((await framed('https://evil.example/')).status).toBe(403);
  });

  it('page, script, style and widget weigh under 60 KB compressed', async () => {
    const client = new WebClient(w.url);
    await client.open();
    const urls = [...client.html.matchAll(/(?:src|href)="(\/chat-assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(urls).toHaveLength(3); // icon, style, script
    let total = 0;
    for (const path of ['/', ...urls, '/widget.js']) {
      const { encoding, body } = await rawGet(w.url + path, client.cookie);
      // Assets travel gzip-compressed; the page is measured as a proxy would compress it.
      const size = encoding === 'gzip' ? body.length : gzipSync(body).length;
      if (encoding === 'gzip') expect(gunzipSync(body).length).toBeGreaterThan(body.length);
      total += size;
    }
    expect(total).toBeLessThan(60 * 1024);
    const reported = Object.values(w.web.assetSizes()).reduce((sum, s) => sum + s.gzip, 0);
    expect(reported).toBeLessThan(60 * 1024);
  });

  it('answers with sources, takes button presses, and keeps the conversation for a reload', async () => {
    const client = new WebClient(w.url);
    await client.open();
    const start = await client.say({ action: 'cmd:start', lang: 'en' });
    expect(start.status).toBe(200);
    const welcome = (start.entries as { from: string; text: string; choices?: { value: string }[] }[])[0]!;
    expect(welcome.from).toBe('bot');
    expect(welcome.choices!.length).toBeGreaterThan(0);

    const answer = await client.say({ text: 'can I get health care, see a doctor?' });
    const entries = answer.entries as {
      from: string;
      text: string;
      choices?: { label: string; value: string }[];
    }[];
    expect(entries[0]).toMatchObject({ from: 'worker', text: 'can I get health care, see a doctor?' });
    expect(entries.at(-1)!.text).toContain('https://example.org/health');

    // A button from the last message: the worker's side shows its label.
    const shown = entries.at(-1)!.choices ?? welcome.choices!;
    const pressed = await client.say({ action: shown[0]!.value });
    expect((pressed.entries as { from: string; text: string }[])[0]).toMatchObject({ from: 'worker' });
    expect((pressed.entries as unknown[]).length).toBeGreaterThan(1);

    // A value the page never showed gets a clear line and reaches nothing.
    const before = (await client.history()).entries.length;
    const forged = await client.say({ action: 'phone:yes' });
    expect(forged.notice).toBe(WEB_STRINGS.en.expiredButton);
    expect((await client.history()).entries.length).toBe(before);

    // A reload (same cookie, new page) shows the same conversation.
    const again = new WebClient(w.url);
    again.cookie = client.cookie;
    await again.open();
    const history = await again.history();
    expect(history.entries.map((e) => e.text)).toContain('can I get health care, see a doctor?');
    expect(history.entries.map((e) => e.seq)).toEqual(history.entries.map((_, i) => i + 1));

    // The core and its store see a keyed hash, never the cookie's value.
    const userId = keys.userId(cookieValue(client));
    const session = await w.app.store.getSession(ref(userId));
    expect(session?.address).toEqual({ channel: 'web', userId });
    expect(JSON.stringify(session)).not.toContain(cookieValue(client));
  });

  it('shows worker text as data: markup comes back as the same characters, never in the page', async () => {
    const client = new WebClient(w.url);
    await client.open();
    const evil = '<script>alert(1)</script> <img src=x onerror=alert(2)>';
    const reply = await client.say({ text: evil });
    expect((reply.entries as { text: string }[])[0]!.text).toBe(evil);
    expect(reply.status).toBe(200);
    await client.open();
    expect(client.html).not.toContain('<img src=x');
    expect(client.html).not.toContain('alert(');
  });

  it('caps a message with a clear reply and keeps nothing of it', async () => {
    const client = new WebClient(w.url);
    await client.open();
    const long = await client.say({ text: 'a'.repeat(WEB_MAX_CHARS + 1) });
    expect(long.status).toBe(422);
    expect(long.message).toContain(String(WEB_MAX_CHARS));
    expect(long.message).toContain(String(WEB_MAX_CHARS + 1));
    expect((await client.history()).entries).toHaveLength(0);
    // Exactly at the limit is fine.
    expect((await client.say({ text: 'pension '.repeat(250) })).status).toBe(200);

    const huge = await client.post('/api/chat/message', JSON.stringify({ text: 'x'.repeat(40_000) }));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { message: string }).message).toContain(String(WEB_MAX_CHARS));

    const broken = await client.post('/api/chat/message', '{"text": ');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { message: string }).message).toBe(WEB_STRINGS.en.sendFailed);
    const wrongType = await client.say({ text: 42 });
    expect(wrongType.status).toBe(400);

    // Control characters and binary: the core's own clear reply.
    const binary = await client.say({ text: '\u0000\u0001\u0002\ufffd\ufffd' });
    expect(binary.status).toBe(200);
    expect((binary.entries as { from: string; text: string }[]).at(-1)!.from).toBe('bot');
  });

  it('changes nothing on a cross-site request or one without the page token', async () => {
    const client = new WebClient(w.url);
    await client.open();
    await client.say({ action: 'cmd:start' });
    const count = (await client.history()).entries.length;
    const attempts: [Record<string, unknown>, Record<string, string>][] = [
      [{ text: 'hi' }, { 'x-csrf-token': '' }],
      [{ text: 'hi' }, { 'x-csrf-token': keys.csrfToken('A'.repeat(32)) }],
      [{ text: 'hi' }, { origin: 'https://evil.example' }],
      [{ text: 'hi' }, { origin: 'https://union.example' }],
      [{ text: 'hi' }, { 'sec-fetch-site': 'cross-site' }],
      [{ text: 'hi' }, { 'sec-fetch-site': 'same-site' }],
      [{ text: 'hi' }, { 'content-type': 'text/plain' }],
      [{ text: 'hi' }, { cookie: '' }],
    ];
    for (const [body, headers] of attempts) {
      const res = await client.post('/api/chat/message', body, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(((await res.json()) as { message: string }).message).toBe(WEB_STRINGS.en.refused);
    }
    const clear = await client.post('/api/chat/clear', {}, { origin: 'https://evil.example' });
    expect(clear.status).toBe(403);
    expect((await client.history()).entries.length).toBe(count);
    // Another site cannot read the conversation either.
    const read = await fetch(`${w.url}/api/chat/history`, {
      headers: { cookie: client.cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(read.status).toBe(403);
  });

  it('limits messages per conversation and per address', async () => {
    const limited = await startWeb({ web: { limits: { perConversation: 3, perAddress: 5 } } });
    try {
      const a = new WebClient(limited.url);
      await a.open();
      for (let i = 0; i < 3; i++) expect((await a.say({ text: `hello ${i}` })).status).toBe(200);
      const fourth = await a.post('/api/chat/message', { text: 'hello again' });
      expect(fourth.status).toBe(429);
      expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await fourth.json()) as { message: string }).message).toBe(WEB_STRINGS.en.rateLimited);

      // A second conversation from the same address still has 1 of the address's 5 (4 were used).
      const b = new WebClient(limited.url);
      await b.open();
      expect((await b.say({ text: 'hello' })).status).toBe(200);
      expect((await b.say({ text: 'hello' })).status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('/forget and "Clear this conversation" erase it on the server and give a new id', async () => {
    const client = new WebClient(w.url);
    await client.open();
    await client.say({ text: 'can I get health care?' });
    const oldId = cookieValue(client);
    const oldUser = keys.userId(oldId);
    expect(await w.app.store.getSession(ref(oldUser))).toBeDefined();

    const forgot = await client.say({ text: '/forget' });
    expect(forgot.erased).toBe(true);
    expect(typeof forgot.notice).toBe('string');
    expect(cookieValue(client)).not.toBe(oldId);
    expect(await w.app.store.getSession(ref(oldUser))).toBeUndefined();
    expect(w.web.conversations.get(oldUser)).toBeUndefined();
    expect((await client.history()).entries).toHaveLength(0);

    // The button: a ticket too, all gone.
    await client.say({ text: 'can I get health care?' });
    await client.say({ action: 'cmd:human' });
    const user = keys.userId(cookieValue(client));
    expect(await w.app.store.listTickets({ workerRef: ref(user) })).toHaveLength(1);
    const res = await client.post('/api/chat/clear', {});
    const cleared = (await res.json()) as { erased: boolean; csrf: string; notice: string };
    expect(res.status).toBe(200);
    expect(cleared.erased).toBe(true);
    expect(cleared.notice).toBe(WEB_STRINGS.en.cleared);
    expect(await w.app.store.getSession(ref(user))).toBeUndefined();
    expect(
      (await w.app.store.listTickets({ workerRef: ref(user) })).every((t) => t.status === 'closed'),
    ).toBe(true);
    expect(w.web.conversations.get(user)).toBeUndefined();
    // The old token no longer works; the new one does.
    expect((await client.post('/api/chat/message', { text: 'hi' })).status).toBe(403);
    client.csrf = cleared.csrf;
    expect((await client.post('/api/chat/message', { text: 'hi' })).status).toBe(200);
  });

  it('a staff reply reaches an open page live, over server-sent events', async () => {
    const client = new WebClient(w.url);
    await client.open();
    await client.say({ action: 'cmd:human' });
    const events = await fetch(`${w.url}/api/chat/events`, {
      headers: { cookie: client.cookie, accept: 'text/event-stream' },
    });
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const ticket = (await w.app.store.listTickets({ workerRef: ref(keys.userId(cookieValue(client))) }))[0]!;
    const reading = readEvents(events, (list) =>
      list.some((e) => e.event === 'entries' && JSON.stringify(e.data).includes('bring your contract')),
    );
    await new Promise((r) => setTimeout(r, 50));
    const desk = w.app.desk as LocalDesk;
    await desk.reply(ticket.id, { id: 'U1', name: 'Ana' }, 'Please bring your contract <b>tomorrow</b>.');
    const received = await reading;
    expect(received[0]!.event).toBe('snapshot');
    const live = received.find((e) => e.event === 'entries')!.data as {
      entries: { from: string; text: string }[];
    };
    expect(live.entries.at(-1)!.from).toBe('desk');
    expect(live.entries.at(-1)!.text).toContain('Please bring your contract <b>tomorrow</b>.');
    // And it stays for the next visit.
    expect((await client.history()).entries.at(-1)!.text).toContain('bring your contract');
  });

  it('a page without a conversation cookie gets no stream', async () => {
    const res = await fetch(`${w.url}/api/chat/events`);
    expect(res.status).toBe(204);
  });
});

/** The bytes as they travel (no automatic decompression), asking for gzip. */
function rawGet(url: string, cookie: string): Promise<{ encoding?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip', cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
      );
    }).on('error', reject);
  });
}
