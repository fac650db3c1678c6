/**
 * The WhatsApp Cloud API adapter through its real code: webhook routes on the bot's HTTP server, the
 * Graph client over HTTP against a fake Graph API on 127.0.0.1, requests signed with the app secret for
 * real, and the real core (fixture content) with the in-process staff desk.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWhatsAppCloudAdapter, type WhatsAppCloudAdapter } from '../adapters/whatsapp-cloud/adapter.ts';
import { classify, CloudApiError, createGraphClient } from '../adapters/whatsapp-cloud/graph.ts';
import { choiceStyle, LIMITS, toCloudMessages } from '../adapters/whatsapp-cloud/render.ts';
import { validSignature } from '../adapters/whatsapp-cloud/webhook.ts';
import { openWindowBook } from '../adapters/whatsapp-cloud/window.ts';
import { openPseudonymMap } from '../adapters/whatsapp/pseudonyms.ts';
import { createApp, type App } from '../src/app.ts';
import { loadEnv } from '../src/config/env.ts';
import { LocalDesk } from '../src/core/local-desk.ts';
import { createPseudonymizer } from '../src/core/pseudonym.ts';
import { createHttpServer, type HttpServer } from '../src/http/server.ts';
import { FIXTURE_CONTENT } from './helpers/app.ts';

const SECRET = 'test-secret-test-secret-test-secret';
const APP_SECRET = 'meta-app-secret';
const VERIFY = 'verify-me-please';
const PHONE_ID = '1098765432';
const WORKER = '34600111222';
const STAFF = { id: 'U1', name: 'Ana' };

/** A fake Graph API: records every message the bot sends and answers like Meta (or with an injected error). */
class FakeGraph {
  sent: { to: string; type: string; body: Record<string, unknown> }[] = [];
  fail: { status: number; code: number } | undefined;
  private server: Server | undefined;
  private n = 0;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const ok =
          req.method === 'POST' &&
          req.url === `/v23.0/${PHONE_ID}/messages` &&
          req.headers.authorization === 'Bearer test-token';
        if (!ok) {
          res.writeHead(404).end('{}');
          return;
        }
        if (this.fail) {
          res.writeHead(this.fail.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: this.fail.code, message: 'fake failure' } }));
          return;
        }
        const body = JSON.parse(raw) as Record<string, unknown> & { to: string; type: string };
        this.sent.push({ to: body.to, type: body.type, body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ messages: [{ id: `wamid.out${++this.n}` }] }));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v23.0`;
  }

  stop(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  texts(): string[] {
    return this.sent.map((s) => {
      const b = s.body as {
        text?: { body: string };
        interactive?: { body: { text: string } };
        template?: { name: string };
      };
      return b.text?.body ?? b.interactive?.body.text ?? `template:${b.template?.name}`;
    });
  }
}

function sign(body: string, secret = APP_SECRET): string {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
}

function event(message: Record<string, unknown>, from = WORKER): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: PHONE_ID },
              contacts: [{ profile: { name: 'Worker Name' }, wa_id: from }],
              messages: [{ from, timestamp: '1700000000', ...message }],
            },
          },
        ],
      },
    ],
  });
}

describe('WhatsApp Cloud API adapter, end to end', () => {
  let dir: string;
  let app: App;
  let desk: LocalDesk;
  let graph: FakeGraph;
  let http: HttpServer;
  let base: string;
  let adapter: WhatsAppCloudAdapter;
  let clock: number;
  let ids = 0;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wac-'));
    clock = Date.parse('2026-12-01T10:00:00Z');
    desk = new LocalDesk();
    app = await createApp({
      env: { DATA_DIR: dir, PSEUDONYM_SECRET: SECRET, OFFICE_TZ: 'UTC', CONTENT_DIR: FIXTURE_CONTENT },
      desk,
      backoff: () => 60_000, // a failed delivery waits: only retryNow brings it back early
      now: () => new Date(clock),
    });
    graph = new FakeGraph();
    await graph.start();
    const sessionRef = createPseudonymizer(SECRET);
    adapter = createWhatsAppCloudAdapter({
      graph: createGraphClient({ apiUrl: graph.url, token: 'test-token', phoneNumberId: PHONE_ID }),
      pseudonyms: await openPseudonymMap({ file: path.join(dir, 'whatsapp-cloud-ids.json'), secret: SECRET }),
      windows: await openWindowBook({ file: path.join(dir, 'whatsapp-cloud-windows.json') }),
      phoneNumberId: PHONE_ID,
      verifyToken: VERIFY,
      appSecret: APP_SECRET,
      template: { name: 'staff_answer_waiting', languages: { en: 'en', es: 'es' }, fallbackLanguage: 'en' },
      markSeen: (key) => app.store.markSeen(key),
      languageOf: async (userId) =>
        (await app.store.getSession(sessionRef({ channel: 'whatsapp-cloud', userId })))?.language,
      onWindowOpen: (userId) =>
        app.outbox.retryNow(
          (p) => (p as { address?: { userId?: string } } | null)?.address?.userId === userId,
        ),
      now: () => clock,
    });
    app.registerChannel(
      'whatsapp-cloud',
      (userId, messages) => adapter.send(userId, messages),
      (userId) => adapter.forget(userId),
    );
    await app.start({ outboxIntervalMs: 3_600_000 });
    await adapter.start(app.core);
    http = createHttpServer({ logger: { info() {}, warn() {}, error() {} } });
    http.route('/whatsapp', adapter.routes);
    const where = await http.listen({ port: 0 });
    base = `http://127.0.0.1:${where.port}/whatsapp/webhook`;
  });

  afterEach(async () => {
    await http?.close();
    await adapter?.stop();
    await app?.stop();
    await graph?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function post(body: string, signature: string | null = sign(body)) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature !== null) headers['x-hub-signature-256'] = signature;
    const response = await fetch(base, { method: 'POST', headers, body });
    await adapter.idle();
    return response;
  }

  const say = (text: string, id = `wamid.in${++ids}`) =>
    post(event({ id, type: 'text', text: { body: text } }));

  it('answers the verification handshake only with the right token', async () => {
    const ok = await fetch(`${base}?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(`${base}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444`);
    expect(wrong.status).toBe(403);
    const noMode = await fetch(`${base}?hub.verify_token=${VERIFY}&hub.challenge=1`);
    expect(noMode.status).toBe(403);
  });

  it('answers a signed text message to the same number, with buttons for the choices', async () => {
    const response = await say('/start');
    expect(response.status).toBe(200);
    expect(graph.sent.length).toBeGreaterThan(0);
    expect(graph.sent.every((s) => s.to === WORKER)).toBe(true);
    const interactive = graph.sent.find((s) => s.type === 'interactive');
    expect(interactive).toBeDefined();
    const body = interactive!.body as {
      interactive: {
        type: string;
        action: { buttons?: { reply: { title: string } }[]; sections?: unknown[] };
      };
    };
    if (body.interactive.type === 'button') {
      expect(body.interactive.action.buttons!.length).toBeLessThanOrEqual(3);
      for (const b of body.interactive.action.buttons!)
        expect([...b.reply.title].length).toBeLessThanOrEqual(LIMITS.buttonTitle);
    } else expect(body.interactive.type).toBe('list');
    // A question about a topic gets that topic's answer with its source.
    graph.sent = [];
    await say('i am sick where can i see a doctor');
    expect(graph.texts().join('\n')).toMatch(/source|checked/i);
  });

  it('refuses a bad or missing signature with 401 and processes nothing', async () => {
    const body = event({ id: 'wamid.bad', type: 'text', text: { body: 'hello' } });
    expect((await post(body, null)).status).toBe(401);
    expect((await post(body, sign(body, 'another-secret'))).status).toBe(401);
    expect((await post(body, 'sha256=zz')).status).toBe(401);
    expect((await post(body + ' ', sign(body))).status).toBe(401); // signature over other bytes
    expect(graph.sent).toHaveLength(0);
    // And it was not marked as seen: the genuine delivery is still handled.
    expect((await post(body)).status).toBe(200);
    expect(graph.sent.length).toBeGreaterThan(0);
  });

  it('refuses a body over the size limit with 413', async () => {
    const huge = event({ id: 'wamid.huge', type: 'text', text: { body: 'x'.repeat(300_000) } });
    expect((await post(huge)).status).toBe(413);
    expect(graph.sent).toHaveLength(0);
  });

  it('answers the same message id once when Meta delivers it twice', async () => {
    await say('hello', 'wamid.twice');
    const first = graph.sent.length;
    expect(first).toBeGreaterThan(0);
    expect((await say('hello', 'wamid.twice')).status).toBe(200);
    expect(graph.sent).toHaveLength(first);
  });

  it('answers media politely and ignores reactions', async () => {
    await post(event({ id: 'wamid.voice', type: 'audio', audio: { id: 'm1', voice: true } }));
    await post(event({ id: 'wamid.loc', type: 'location', location: { latitude: 1, longitude: 2 } }));
    expect(graph.sent.length).toBeGreaterThanOrEqual(2);
    expect(graph.texts().join('\n')).toMatch(/text|write|type/i);
    const before = graph.sent.length;
    await post(event({ id: 'wamid.react', type: 'reaction', reaction: { message_id: 'x', emoji: '👍' } }));
    expect(graph.sent).toHaveLength(before);
  });

  it('after 25 hours sends the template, keeps the staff reply in the outbox, and delivers it when the worker replies', async () => {
    await say('/human');
    for (let i = 0; i < 100 && !desk.log.some((e) => e.type === 'opened'); i++)
      await new Promise((r) => setTimeout(r, 10));
    const ticket = desk.log.find((e) => e.type === 'opened')!.ticket;
    await desk.claim(ticket.id, STAFF);
    await app.outbox.idle();

    clock += 25 * 60 * 60 * 1000;
    graph.sent = [];
    await desk.reply(ticket.id, STAFF, 'We checked: your contributions were paid.');
    await app.outbox.idle();
    // Only the template went out; the answer waits.
    expect(graph.sent.map((s) => s.type)).toEqual(['template']);
    expect((graph.sent[0]!.body as { template: { name: string } }).template.name).toBe(
      'staff_answer_waiting',
    );
    expect(graph.texts().join('\n')).not.toContain('contributions were paid');
    expect((await app.store.due(new Date('9999-12-31T23:59:59.999Z'))).length).toBeGreaterThan(0);
    // A retry while the window is still closed sends no second template.
    app.outbox.kick();
    await app.outbox.idle();
    expect(graph.sent.filter((s) => s.type === 'template')).toHaveLength(1);

    graph.sent = [];
    await say('ok');
    const texts = graph.texts();
    const answer = texts.findIndex((t) => t.includes('contributions were paid'));
    expect(answer).toBe(0); // delivered first, before anything said about the worker's reply
    expect((await app.store.due(new Date('9999-12-31T23:59:59.999Z'))).length).toBe(0);
  });

  it('/forget erases the number mapping and the window record', async () => {
    await say('hello');
    const idsFile = path.join(dir, 'whatsapp-cloud-ids.json');
    expect(await readFile(idsFile, 'utf8')).toContain(WORKER);
    await say('/forget');
    // The erasure may ask to confirm; confirm with every choice that looks like yes.
    const confirm = graph.sent
      .map((s) => s.body as { interactive?: { action: { buttons?: { reply: { id: string } }[] } } })
      .flatMap((b) => b.interactive?.action.buttons ?? [])
      .find((b) => /forget/i.test(b.reply.id));
    if (confirm)
      await post(
        event({
          id: 'wamid.confirm',
          type: 'interactive',
          interactive: { type: 'button_reply', button_reply: { id: confirm.reply.id, title: 'Yes' } },
        }),
      );
    await app.outbox.idle();
    for (const file of await readdir(dir)) {
      if (!file.startsWith('whatsapp-cloud')) continue;
      expect(await readFile(path.join(dir, file), 'utf8')).not.toContain(WORKER);
    }
  });

  it('ignores events for another phone number id', async () => {
    const body = event({ id: 'wamid.other', type: 'text', text: { body: 'hello' } }).replace(
      PHONE_ID,
      '999999',
    );
    expect((await post(body)).status).toBe(200);
    expect(graph.sent).toHaveLength(0);
  });

  it('turns a typed number into the choice it names', async () => {
    await say('/language');
    const shown = graph.sent.find((s) => s.type === 'interactive');
    expect(shown).toBeDefined();
    graph.sent = [];
    await say('2');
    expect(graph.texts().join('\n')).not.toMatch(/not sure|did you mean/i);
  });
});

describe('WhatsApp Cloud API pieces', () => {
  it('classifies Meta errors as retryable or permanent', () => {
    expect(classify(400, 131047)).toBe('window-closed');
    expect(classify(429, 130429)).toBe('rate-limited');
    expect(classify(400, 131026)).toBe('not-on-whatsapp');
    expect(classify(401, 190)).toBe('auth');
    expect(classify(500, undefined)).toBe('unavailable');
    expect(classify(400, undefined)).toBe('bad-request');
    expect(new CloudApiError('not-on-whatsapp').permanent).toBe(true);
    expect(new CloudApiError('auth').permanent).toBe(false); // an operator renews the token; keep the messages
    expect(new CloudApiError('rate-limited').permanent).toBe(false);
    expect(new CloudApiError('window-closed').permanent).toBe(false);
  });

  it('cuts titles to the API limits and falls back to a list, then to numbered text', () => {
    const long = 'A choice whose label is far longer than twenty characters';
    const three = [
      { label: long, value: 'a' },
      { label: 'Short', value: 'b' },
    ];
    const [msg] = toCloudMessages(WORKER, { text: 'Pick one', choices: three });
    const buttons = (
      msg as unknown as { interactive: { action: { buttons: { reply: { title: string } }[] } } }
    ).interactive.action.buttons;
    expect([...buttons[0]!.reply.title].length).toBe(LIMITS.buttonTitle);
    expect(buttons[0]!.reply.title.endsWith('…')).toBe(true);

    const five = Array.from({ length: 5 }, (_, i) => ({ label: `${long} ${i}`, value: `v${i}` }));
    expect(choiceStyle(five)).toBe('list');
    const list = toCloudMessages(WORKER, { text: 'Pick', choices: five }, 'es')[0] as unknown as {
      interactive: {
        action: { button: string; sections: { rows: { title: string; description?: string }[] }[] };
      };
    };
    expect(list.interactive.action.button).toBe('Opciones');
    for (const row of list.interactive.action.sections[0]!.rows) {
      expect([...row.title].length).toBeLessThanOrEqual(LIMITS.rowTitle);
      expect([...(row.description ?? '')].length).toBeLessThanOrEqual(LIMITS.rowDescription);
    }
    const twelve = Array.from({ length: 12 }, (_, i) => ({ label: `Option ${i}`, value: `v${i}` }));
    const numbered = toCloudMessages(WORKER, { text: 'Pick', choices: twelve });
    expect(numbered.every((m) => m.type === 'text')).toBe(true);
    expect((numbered[0] as unknown as { text: { body: string } }).text.body).toContain('12. Option 11');
  });

  it('splits long replies at the text limit, and puts only a short last part in an interactive body', () => {
    const text = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const parts = toCloudMessages(WORKER, { text });
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts)
      expect((p as unknown as { text: { body: string } }).text.body.length).toBeLessThanOrEqual(4096);
    const withButtons = toCloudMessages(WORKER, { text, choices: [{ label: 'Yes', value: 'y' }] });
    const last = withButtons.at(-1) as unknown as { interactive: { body: { text: string } } };
    expect(last.interactive.body.text.length).toBeLessThanOrEqual(LIMITS.buttonBody);
  });

  it('checks signatures in constant time over the raw bytes', () => {
    const body = Buffer.from('{"a":1}');
    expect(validSignature(body, sign('{"a":1}'), APP_SECRET)).toBe(true);
    expect(validSignature(body, sign('{"a":2}'), APP_SECRET)).toBe(false);
    expect(validSignature(body, undefined, APP_SECRET)).toBe(false);
    expect(validSignature(body, 'sha1=abc', APP_SECRET)).toBe(false);
  });

  it('needs all four WhatsApp Cloud variables once one is set, naming the missing one', () => {
    expect(() => loadEnv({ WHATSAPP_CLOUD_TOKEN: 'x' })).toThrow(/WHATSAPP_CLOUD_PHONE_NUMBER_ID/);
    const env = loadEnv({
      WHATSAPP_CLOUD_TOKEN: 't',
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: '123456',
      WHATSAPP_CLOUD_APP_SECRET: 's',
      WHATSAPP_CLOUD_VERIFY_TOKEN: 'v',
      WHATSAPP_CLOUD_TEMPLATE_LANGUAGES: 'en=en, pt=pt_BR',
    });
    expect(env.WHATSAPP_CLOUD_TEMPLATE_LANGUAGES).toEqual({ en: 'en', pt: 'pt_BR' });
    expect(() => loadEnv({ WHATSAPP_CLOUD_TEMPLATE_LANGUAGES: 'english' })).toThrow(
      /WHATSAPP_CLOUD_TEMPLATE_LANGUAGES/,
    );
  });
});
