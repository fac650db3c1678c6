/**
 * The WhatsApp adapter with a fake client that emits whatsapp-web.js-shaped messages, the
 * pseudonym map on a real file, and the real client's start-up errors (no browser needed).
 */
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdapterLogger } from '../adapters/telegram/log.ts';
import {
  createWhatsAppAdapter,
  WhatsAppDeliveryError,
  type Scheduler,
  type WhatsAppAdapter,
  type WhatsAppClientPort,
  type WhatsAppIncoming,
} from '../adapters/whatsapp/adapter.ts';
import { openPseudonymMap, PseudonymFileError, type PseudonymMap } from '../adapters/whatsapp/pseudonyms.ts';
import { createWebJsClient, WhatsAppStartError } from '../adapters/whatsapp/webjs.ts';
import type { InboundMessage, OutboundMessage } from '../src/core/messages.ts';
import { createApp, type App } from '../src/app.ts';
import { LocalDesk } from '../src/core/local-desk.ts';
import { FIXTURE_CONTENT } from './helpers/app.ts';
import { recordingCore, type RecordingCore } from './helpers/fake-telegram.ts';

const SECRET = 'a-test-secret-of-sufficient-length';
const WORKER = '34600111222@c.us';
const WORKER_DIGITS = '34600111222';

class FakeWhatsAppClient extends EventEmitter {
  sent: { chatId: string; content: string }[] = [];
  initialized = 0;
  destroyed = 0;
  failSends = 0;
  /** How many of the next initialize() calls fail (the browser or WhatsApp Web did not load). */
  failInits = 0;
  /** Whether initialize() is followed by 'ready' (false: a QR login would be waiting). */
  readyOnInit = true;
  info = { wid: { _serialized: '441234000000@c.us' } };
  private seq = 0;

  async initialize(): Promise<void> {
    this.initialized++;
    if (this.failInits > 0) {
      this.failInits--;
      throw new Error('WhatsApp Web did not load');
    }
    if (this.readyOnInit) this.emit('ready');
  }
  async sendMessage(chatId: string, content: string): Promise<unknown> {
    if (this.failSends > 0) {
      this.failSends--;
      throw new Error(`Evaluation failed for ${chatId}`);
    }
    this.sent.push({ chatId, content });
    return { id: { _serialized: `true_${chatId}_${++this.seq}` } };
  }
  async destroy(): Promise<void> {
    this.destroyed++;
  }

  /** Emits a message the way whatsapp-web.js does and waits until the adapter has handled it. */
  receive(fields: Partial<WhatsAppIncoming> & { body?: string }): WhatsAppIncoming {
    const message: WhatsAppIncoming = {
      from: WORKER,
      body: '',
      fromMe: false,
      type: 'chat',
      hasMedia: false,
      id: { _serialized: `false_${fields.from ?? WORKER}_${++this.seq}` },
      timestamp: Math.floor(Date.now() / 1000),
      ...fields,
    };
    this.emit('message', message);
    return message;
  }
}

function memoryLogger(): AdapterLogger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (fields: Record<string, unknown>, message: string) =>
    lines.push(JSON.stringify({ level, message, ...fields }));
  return { lines, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** Lets queued message handling (file writes, core calls, sends) finish. */
async function settle(client: FakeWhatsAppClient, sends: number): Promise<void> {
  for (let i = 0; i < 500 && client.sent.length < sends; i++) await new Promise((r) => setTimeout(r, 5));
  if (client.sent.length < sends)
    throw new Error(`expected ${sends} sent message(s), saw ${client.sent.length}`);
}

describe('WhatsApp adapter', () => {
  let dir: string;
  let file: string;
  let client: FakeWhatsAppClient;
  let pseudonyms: PseudonymMap;
  let adapter: WhatsAppAdapter;
  let core: RecordingCore;
  let replies: (m: InboundMessage) => OutboundMessage[];
  let logger: ReturnType<typeof memoryLogger>;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wa-test-'));
    file = path.join(dir, 'whatsapp-ids.json');
    client = new FakeWhatsAppClient();
    pseudonyms = await openPseudonymMap({ file, secret: SECRET });
    logger = memoryLogger();
    replies = (m) => [{ text: `echo: ${m.text ?? m.action ?? m.media}` }];
    core = recordingCore((m) => replies(m));
    adapter = createWhatsAppAdapter({ client: client as WhatsAppClientPort, pseudonyms, logger });
    await adapter.start(core);
  });

  afterEach(async () => {
    await adapter.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('initialises the client on start and destroys it on stop', async () => {
    expect(client.initialized).toBe(1);
    expect(adapter.capabilities.buttons).toBe(false);
  });

  it('passes a text message to the core under a pseudonym, and replies to the chat', async () => {
    client.receive({ body: 'Can I get my pension in Peru?' });
    const [inbound] = await core.waitFor(1);
    expect(inbound?.address.channel).toBe('whatsapp');
    expect(inbound?.address.userId).toMatch(/^wa-[A-Za-z0-9_-]{22}$/);
    expect(inbound?.address.userId).not.toContain(WORKER_DIGITS);
    expect(inbound?.messageId).not.toContain(WORKER_DIGITS);
    expect(inbound).toMatchObject({ text: 'Can I get my pension in Peru?', phone: WORKER_DIGITS });
    await settle(client, 1);
    expect(client.sent).toEqual([{ chatId: WORKER, content: 'echo: Can I get my pension in Peru?' }]);
    expect(logger.lines.join('\n')).not.toContain(WORKER_DIGITS);
  });

  it('ignores its own messages, status broadcasts, groups and system events', async () => {
    client.receive({ body: 'sent by the bot', fromMe: true });
    client.receive({ body: 'my status', from: 'status@broadcast', isStatus: true });
    client.receive({ body: 'hello group', from: '120363000000000000@g.us' });
    client.receive({ body: 'channel post', from: '120363000000000001@newsletter' });
    client.receive({ body: '', type: 'e2e_notification' });
    client.receive({ body: '', type: 'revoked' });
    client.receive({ body: 'real question' });
    const inbound = await core.waitFor(1);
    await settle(client, 1);
    expect(inbound.map((m) => m.text)).toEqual(['real question']);
    expect(client.sent).toHaveLength(1);
  });

  it('marks media and sends no text for it', async () => {
    client.receive({ type: 'ptt', hasMedia: true });
    client.receive({ type: 'image', hasMedia: true, body: '/9j/4AAQSkZJRgABAQ' });
    client.receive({ type: 'location', body: '/9j/thumbnail' });
    client.receive({ type: 'vcard', body: 'BEGIN:VCARD\nTEL:+34600999888\nEND:VCARD' });
    const inbound = await core.waitFor(4);
    expect(inbound.map((m) => m.media)).toEqual(['voice', 'photo', 'location', 'contact']);
    expect(inbound.every((m) => m.text === undefined)).toBe(true);
  });

  it('renders choices as a numbered list and maps "2" or the words to the choice value', async () => {
    replies = (m) =>
      m.action
        ? [{ text: `You chose ${m.action}` }]
        : [
            {
              text: 'What would you like to know?',
              choices: [
                { label: 'Pensions', value: 'intent:pension' },
                { label: 'Health care', value: 'intent:health' },
              ],
            },
          ];
    client.receive({ body: 'hi' });
    await settle(client, 1);
    expect(client.sent[0]?.content).toBe('What would you like to know?\n\n1. Pensions\n2. Health care');

    client.receive({ body: ' 2 ' });
    await settle(client, 2);
    expect(core.inbound[1]).toMatchObject({ action: 'intent:health' });
    expect(core.inbound[1]?.text).toBeUndefined();

    // The reply had no choices, so "1" is now just text for the core.
    client.receive({ body: '1' });
    await settle(client, 3);
    expect(core.inbound[2]).toMatchObject({ text: '1' });

    client.receive({ body: 'hello again' });
    await settle(client, 4);
    client.receive({ body: 'health CARE!' });
    await settle(client, 5);
    expect(core.inbound[4]).toMatchObject({ action: 'intent:health' });
  });

  it('splits a long reply under 4000 characters per message', async () => {
    const sentence = 'Social security agreements let workers add up periods of insurance in both countries. ';
    const answer = sentence.repeat(60).trim();
    replies = () => [{ text: answer }];
    client.receive({ body: 'tell me more' });
    await settle(client, 2);
    expect(client.sent.every((s) => s.content.length <= 4000)).toBe(true);
    expect(client.sent.map((s) => s.content).join(' ')).toBe(answer);
  });

  it('processes a message emitted twice only once', async () => {
    const message = client.receive({ body: 'once' });
    client.emit('message', { ...message });
    client.receive({ body: 'twice?' });
    await core.waitFor(2);
    await settle(client, 2);
    expect(core.inbound.map((m) => m.text)).toEqual(['once', 'twice?']);
  });

  it('delivers staff replies by reference, also after the adapter is re-created', async () => {
    client.receive({ body: 'I need a person' });
    const [inbound] = await core.waitFor(1);
    const ref = inbound!.address.userId;
    await settle(client, 1);

    // Restart: a new map read from the same file, a new client and adapter.
    await adapter.stop();
    client = new FakeWhatsAppClient();
    pseudonyms = await openPseudonymMap({ file, secret: SECRET });
    adapter = createWhatsAppAdapter({ client: client as WhatsAppClientPort, pseudonyms, logger });
    await adapter.start(core);
    await adapter.send(ref, [{ text: 'Hello, this is Ana from the union.' }]);
    expect(client.sent).toEqual([{ chatId: WORKER, content: 'Hello, this is Ana from the union.' }]);

    const mode = (await stat(file)).mode & 0o777;
    expect(mode).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, ids: { [ref]: WORKER } });
  });

  it('refuses to send to an unknown reference, and forgets a reference on request', async () => {
    await expect(adapter.send('wa-unknown', [{ text: 'x' }])).rejects.toMatchObject({
      name: 'WhatsAppDeliveryError',
      permanent: true,
    });
    client.receive({ body: 'forget me' });
    const [inbound] = await core.waitFor(1);
    await settle(client, 1);
    await adapter.forget(inbound!.address.userId);
    await expect(adapter.send(inbound!.address.userId, [{ text: 'x' }])).rejects.toBeInstanceOf(
      WhatsAppDeliveryError,
    );
    expect(await readFile(file, 'utf8')).not.toContain(WORKER_DIGITS);
  });

  it('reports a failed send without the number in the log', async () => {
    client.failSends = 1;
    client.receive({ body: 'hello' });
    await core.waitFor(1);
    for (let i = 0; i < 200 && !logger.lines.some((l) => l.includes('not delivered')); i++)
      await new Promise((r) => setTimeout(r, 5));
    const log = logger.lines.join('\n');
    expect(log).toContain('reply not delivered');
    expect(log).not.toContain(WORKER_DIGITS);
  });

  it('gives a @lid chat a pseudonym but no phone number', async () => {
    client.receive({ body: 'hi', from: '123456789012345@lid' });
    const [inbound] = await core.waitFor(1);
    expect(inbound?.phone).toBeUndefined();
    expect(inbound?.address.userId).toMatch(/^wa-/);
  });
});

/** A scheduler that runs nothing until the test says so, and remembers the delays asked for. */
function manualScheduler() {
  const pending: { task: () => Promise<void>; delayMs: number; cancelled: boolean }[] = [];
  const delays: number[] = [];
  const schedule: Scheduler = (task, delayMs) => {
    const entry = { task, delayMs, cancelled: false };
    pending.push(entry);
    delays.push(delayMs);
    return () => {
      entry.cancelled = true;
    };
  };
  return {
    schedule,
    delays,
    /** Tasks scheduled and neither run nor cancelled. */
    waiting: () => pending.filter((p) => !p.cancelled).length,
    /** Runs the oldest waiting task to its end, as if its delay had passed. */
    async runNext(): Promise<void> {
      const index = pending.findIndex((p) => !p.cancelled);
      if (index < 0) throw new Error('nothing is scheduled');
      const [entry] = pending.splice(index, 1);
      await entry!.task();
    },
  };
}

describe('WhatsApp reconnection after a disconnect', () => {
  let dir: string;
  let client: FakeWhatsAppClient;
  let adapter: WhatsAppAdapter;
  let core: RecordingCore;
  let logger: ReturnType<typeof memoryLogger>;
  let scheduler: ReturnType<typeof manualScheduler>;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wa-reconnect-'));
    client = new FakeWhatsAppClient();
    logger = memoryLogger();
    scheduler = manualScheduler();
    core = recordingCore((m) => [{ text: `echo: ${m.text}` }]);
    adapter = createWhatsAppAdapter({
      client: client as WhatsAppClientPort,
      pseudonyms: await openPseudonymMap({ file: path.join(dir, 'whatsapp-ids.json'), secret: SECRET }),
      logger,
      schedule: scheduler.schedule,
    });
    await adapter.start(core);
  });

  afterEach(async () => {
    await adapter.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const logged = (text: string) => logger.lines.filter((l) => l.includes(text));

  it('re-initialises with doubling delays up to 5 minutes, then messages flow again', async () => {
    client.receive({ body: 'before' });
    await settle(client, 1);

    client.failInits = 8;
    client.emit('disconnected', 'CONFLICT');
    expect(client.initialized).toBe(1); // nothing happens before the first delay has passed
    for (let i = 0; i < 9; i++) await scheduler.runNext();
    expect(client.initialized).toBe(10);
    expect(scheduler.delays).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000,
    ]);
    expect(scheduler.waiting()).toBe(0); // the ninth attempt reached 'ready': no tenth
    expect(logged('whatsapp: reconnecting')).toHaveLength(9);
    expect(logged('reconnection failed')).toHaveLength(8);
    expect(logged('whatsapp: reconnected').map((l) => JSON.parse(l) as unknown)).toEqual([
      { level: 'info', message: 'whatsapp: reconnected', attempts: 9 },
    ]);

    client.receive({ body: 'after' });
    await settle(client, 2);
    expect(core.inbound.map((m) => m.text)).toEqual(['before', 'after']);
    expect(client.sent[1]).toEqual({ chatId: WORKER, content: 'echo: after' });

    // A later disconnect starts again from the first delay.
    client.emit('disconnected', 'TIMEOUT');
    await scheduler.runNext();
    expect(scheduler.delays.at(-1)).toBe(5_000);
    expect(logger.lines.join('\n')).not.toContain(WORKER_DIGITS);
  });

  it('does not retry after a logout on the phone, and says a new QR login is needed', async () => {
    client.emit('disconnected', 'LOGOUT');
    expect(scheduler.waiting()).toBe(0);
    expect(client.initialized).toBe(1);
    const [line] = logged('logged out on the phone');
    expect(line).toContain('new QR login is needed');
    expect(JSON.parse(line!)).toMatchObject({ level: 'error', reason: 'LOGOUT' });
    expect(logged('whatsapp: reconnecting')).toHaveLength(0);

    // Another disconnect reason afterwards does not start a loop either, until a new login.
    client.emit('disconnected', 'UNPAIRED');
    expect(scheduler.waiting()).toBe(0);
    client.emit('ready'); // the operator scanned the new QR code
    client.emit('disconnected', 'TIMEOUT');
    expect(scheduler.waiting()).toBe(1);
  });

  it('cancels a pending attempt on a logout and on stop', async () => {
    client.emit('disconnected', 'TIMEOUT');
    expect(scheduler.waiting()).toBe(1);
    client.emit('disconnected', 'LOGOUT');
    expect(scheduler.waiting()).toBe(0);

    client.emit('ready');
    client.emit('disconnected', 'CONFLICT');
    expect(scheduler.waiting()).toBe(1);
    await adapter.stop();
    expect(scheduler.waiting()).toBe(0);
    client.emit('disconnected', 'CONFLICT'); // the library may report the browser closing
    expect(scheduler.waiting()).toBe(0);
    await adapter.start(core); // afterEach stops it again
  });

  it('refuses sends while disconnected with a retryable error, and delivers after reconnecting', async () => {
    client.receive({ body: 'I need a person' });
    const [inbound] = await core.waitFor(1);
    await settle(client, 1);
    const ref = inbound!.address.userId;

    client.emit('disconnected', 'CONFLICT');
    const error = await adapter.send(ref, [{ text: 'Hello from the union.' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WhatsAppDeliveryError);
    expect((error as WhatsAppDeliveryError).permanent).toBe(false);
    expect(client.sent).toHaveLength(1);

    client.readyOnInit = false; // initialised, but WhatsApp Web not ready yet: still refused
    await scheduler.runNext();
    await expect(adapter.send(ref, [{ text: 'Hello from the union.' }])).rejects.toMatchObject({
      permanent: false,
    });
    client.emit('ready');
    await adapter.send(ref, [{ text: 'Hello from the union.' }]);
    expect(client.sent.at(-1)).toEqual({ chatId: WORKER, content: 'Hello from the union.' });
  });
});

describe('WhatsApp pseudonym map', () => {
  it('refuses a damaged file without quoting it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wa-map-'));
    const file = path.join(dir, 'whatsapp-ids.json');
    await writeFile(file, `{"version":1,"ids":{"wa-x":"${WORKER}"`);
    const error = await openPseudonymMap({ file, secret: SECRET }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PseudonymFileError);
    expect(String(error)).not.toContain(WORKER_DIGITS);
    await rm(dir, { recursive: true, force: true });
  });

  it('gives different references under different secrets', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wa-map-'));
    const a = await openPseudonymMap({ file: path.join(dir, 'a.json'), secret: SECRET });
    const b = await openPseudonymMap({ file: path.join(dir, 'b.json'), secret: SECRET + '-other' });
    expect(await a.refFor(WORKER)).not.toBe(await b.refFor(WORKER));
    expect(await a.refFor(WORKER)).toBe(await a.refFor(WORKER));
    await rm(dir, { recursive: true, force: true });
  });
});

describe('WhatsApp Web client start-up', () => {
  it('fails with a clear error when Chromium is not at CHROME_PATH', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wa-client-'));
    const client = createWebJsClient({
      dataDir: dir,
      chromePath: path.join(dir, 'no-chromium'),
      startTimeoutSeconds: 5,
    });
    const error = await client.initialize().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WhatsAppStartError);
    expect(String((error as Error).message)).toContain('CHROME_PATH');
    await rm(dir, { recursive: true, force: true });
  });

  it('fails with a clear error when the browser cannot start', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wa-client-'));
    const fakeBrowser = path.join(dir, 'chromium');
    await writeFile(fakeBrowser, '#!/bin/sh\necho "cannot open display" >&2\nexit 1\n', { mode: 0o755 });
    const client = createWebJsClient({ dataDir: dir, chromePath: fakeBrowser, startTimeoutSeconds: 15 });
    const error = await client.initialize().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WhatsAppStartError);
    expect(String((error as Error).message)).toMatch(/could not start/);
    await rm(dir, { recursive: true, force: true });
  });
  it('gives up with a clear error when start-up takes longer than the timeout', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wa-client-'));
    const hangingBrowser = path.join(dir, 'chromium');
    await writeFile(hangingBrowser, '#!/bin/sh\nexec sleep 5\n', { mode: 0o755 });
    const client = createWebJsClient({ dataDir: dir, chromePath: hangingBrowser, startTimeoutSeconds: 1 });
    const error = await client.initialize().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WhatsAppStartError);
    expect(String((error as Error).message)).toContain('WHATSAPP_START_TIMEOUT_SECONDS');
    await rm(dir, { recursive: true, force: true });
  });
});

describe('WhatsApp → staff desk → WhatsApp, with the real core', () => {
  const STAFF = { id: 'U-staff-2', name: 'Bo' };
  let dir: string;
  let client: FakeWhatsAppClient;
  let desk: LocalDesk;
  let app: App;
  let adapter: WhatsAppAdapter;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wa-e2e-'));
    desk = new LocalDesk();
    app = await createApp({
      env: {
        DATA_DIR: dir,
        PSEUDONYM_SECRET: SECRET,
        OFFICE_TZ: 'UTC',
        CONTENT_DIR: FIXTURE_CONTENT,
      },
      desk,
      backoff: () => 20,
    });
    client = new FakeWhatsAppClient();
    adapter = createWhatsAppAdapter({
      client: client as WhatsAppClientPort,
      pseudonyms: await openPseudonymMap({ file: path.join(dir, 'whatsapp-ids.json'), secret: SECRET }),
      markSeen: (key) => app.store.markSeen(key),
    });
    app.registerChannel('whatsapp', (userId, messages) => adapter.send(userId, messages));
    await app.start({ outboxIntervalMs: 50 });
    await adapter.start(app.core);
  });

  afterEach(async () => {
    await adapter?.stop();
    await app?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function ticketOpened() {
    for (let i = 0; i < 300 && !desk.log.some((e) => e.type === 'opened'); i++)
      await new Promise((r) => setTimeout(r, 10));
    const opened = desk.log.find((e) => e.type === 'opened');
    if (!opened) throw new Error('no ticket reached the desk');
    return opened.ticket;
  }

  it('keeps the number from staff unless the worker agrees, and delivers the staff reply', async () => {
    client.receive({ body: '/human' });
    const ticket = await ticketOpened();
    await settle(client, 2);
    // The worker is asked whether staff may see the number, as a numbered list.
    const question = client.sent.find((s) => /\n1\. .+\n2\. .+$/.test(s.content));
    expect(question).toBeDefined();
    expect(JSON.stringify(desk.log)).not.toContain(WORKER_DIGITS);

    client.receive({ body: '2' }); // "No"
    await settle(client, 3);
    await app.outbox.idle();
    expect(JSON.stringify(desk.log)).not.toContain(WORKER_DIGITS);
    expect((await app.tickets.getTicket(ticket.id))?.phone).toBeUndefined();

    await desk.claim(ticket.id, STAFF);
    await desk.reply(ticket.id, STAFF, 'Hello from the union, we will call you back.');
    await app.outbox.idle();
    for (let i = 0; i < 300 && !client.sent.some((s) => s.content.includes('we will call you back')); i++)
      await new Promise((r) => setTimeout(r, 10));
    const reply = client.sent.find((s) => s.content.includes('we will call you back'));
    expect(reply?.chatId).toBe(WORKER);
  });

  it('passes the number to the ticket once the worker picks "1" (yes)', async () => {
    client.receive({ body: '/human' });
    const ticket = await ticketOpened();
    await settle(client, 2);
    client.receive({ body: '1' });
    await settle(client, 3);
    await app.outbox.idle();
    expect((await app.tickets.getTicket(ticket.id))?.phone).toBe(WORKER_DIGITS);
  });
});

describe.skipIf(process.env.WHATSAPP_LIVE !== '1')(
  'WhatsApp live (WHATSAPP_LIVE=1, a phone to scan the QR)',
  () => {
    it('starts the real client with the system Chromium and reaches ready', async () => {
      const dataDir = process.env.DATA_DIR ?? './data';
      const client = createWebJsClient({
        dataDir,
        chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        startTimeoutSeconds: 180,
      });
      const ready = new Promise<void>((resolve) => client.on('ready', () => resolve()));
      await client.initialize();
      await ready;
      expect(client.info?.wid._serialized).toMatch(/@c\.us$/);
      await client.destroy();
    }, 300_000);
  },
);
