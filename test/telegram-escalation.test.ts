/**
 * End to end: a worker on Telegram (grammY against the fake Bot API) asks for a person, the ticket
 * reaches the in-process staff desk with a pseudonymous reference, the worker's next message joins
 * the ticket, and the staff reply comes back to the same Telegram chat — with the real core, store
 * and outbox from src/app.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../adapters/telegram/adapter.ts';
import { createApp, type App } from '../src/app.ts';
import { FIXTURE_CONTENT } from './helpers/app.ts';
import { LocalDesk, type LocalDeskEvent } from '../src/core/local-desk.ts';
import { FAKE_TOKEN, startFakeTelegram, type FakeTelegram } from './helpers/fake-telegram.ts';

const WORKER = 7770001;
const STAFF = { id: 'U-staff-1', name: 'Ana' };

/** Resolves with the first desk event that matches. */
function nextDeskEvent(desk: LocalDesk, match: (e: LocalDeskEvent) => boolean): Promise<LocalDeskEvent> {
  const already = desk.log.find(match);
  if (already) return Promise.resolve(already);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching desk event')), 15_000);
    const listener = (e: LocalDeskEvent) => {
      if (!match(e)) return;
      clearTimeout(timer);
      desk.events.off('event', listener);
      resolve(e);
    };
    desk.events.on('event', listener);
  });
}

describe('Telegram → staff desk → Telegram', () => {
  let dataDir: string;
  let tg: FakeTelegram;
  let desk: LocalDesk;
  let app: App;
  let telegram: TelegramAdapter;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tg-e2e-'));
    tg = await startFakeTelegram();
    desk = new LocalDesk();
    app = await createApp({
      env: {
        DATA_DIR: dataDir,
        PSEUDONYM_SECRET: 'e2e-secret-0123456789abcdef',
        OFFICE_TZ: 'UTC',
        CONTENT_DIR: FIXTURE_CONTENT,
      },
      desk,
      backoff: () => 20,
    });
    telegram = createTelegramAdapter({
      token: FAKE_TOKEN,
      apiRoot: tg.apiRoot,
      pollingTimeoutSeconds: 5,
      markSeen: (key) => app.store.markSeen(key),
    });
    app.registerChannel('telegram', (userId, messages) => telegram.send(userId, messages));
    await app.start({ outboxIntervalMs: 50 });
    await telegram.start(app.core);
  });

  afterEach(async () => {
    await telegram?.stop();
    await app?.stop();
    await tg.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const textsTo = (chatId: number) =>
    tg
      .callsOf('sendMessage')
      .filter((c) => c.params.chat_id === chatId)
      .map((c) => String(c.params.text));

  it('escalates /human to the desk and delivers the staff reply to the chat', async () => {
    tg.pushUpdates(tg.textUpdate(WORKER, '/start', { language_code: 'en' }));
    await tg.waitForCalls('sendMessage', 1);
    const before = tg.callsOf('sendMessage').length;

    tg.pushUpdates(tg.textUpdate(WORKER, '/human', { language_code: 'en' }));
    const opened = await nextDeskEvent(desk, (e) => e.type === 'opened');
    const ticket = opened.ticket;
    // Staff see the channel and a pseudonymous reference, never the Telegram chat id.
    expect(ticket.address.channel).toBe('telegram');
    expect(JSON.stringify(ticket)).not.toContain(String(WORKER));
    expect(ticket.language).toBe('en');
    await tg.waitForCalls('sendMessage', before + 1); // the worker is told what happens next

    // While the ticket is open, the worker's next message joins it instead of reaching the matcher.
    tg.pushUpdates(tg.textUpdate(WORKER, 'My employer keeps my passport', { language_code: 'en' }));
    const joined = await nextDeskEvent(desk, (e) => e.type === 'message');
    expect(joined.type === 'message' && joined.entry.text).toBe('My employer keeps my passport');

    await desk.claim(ticket.id, STAFF);
    const reply = 'Hello, this is Ana from the union. Keep a copy of your <b>contract</b> *please*.';
    await desk.reply(ticket.id, STAFF, reply);
    await app.outbox.idle();
    for (let i = 0; i < 300 && !textsTo(WORKER).some((t) => t.includes(reply)); i++)
      await new Promise((r) => setTimeout(r, 20));
    const delivered = textsTo(WORKER).find((t) => t.includes(reply));
    expect(delivered).toBeDefined();
    const call = tg.callsOf('sendMessage').find((c) => String(c.params.text).includes(reply));
    expect(call?.params.parse_mode).toBeUndefined();
  });
});
