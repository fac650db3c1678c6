/**
 * A fake Telegram Bot API on 127.0.0.1 for offline tests: grammY talks to it for real through
 * `apiRoot`. It implements the methods the adapter uses, records every call, queues updates for
 * getUpdates (long polling held open until an update arrives), and can fail the next call of a
 * method once (e.g. 429 with retry_after).
 *
 * @example
 * const tg = await startFakeTelegram();
 * const adapter = createTelegramAdapter({ token: FAKE_TOKEN, apiRoot: tg.apiRoot });
 * tg.pushUpdates(tg.textUpdate(1001, '/start'));
 * await tg.waitForCalls('sendMessage', 1);
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';
import type { CoreHandler } from '../../src/core/channel.ts';
import type { InboundMessage, OutboundMessage } from '../../src/core/messages.ts';

export const FAKE_TOKEN = '123456:TEST-token_for-offline-tests';
export const FAKE_BOT = {
  id: 123456,
  is_bot: true,
  first_name: 'Rights Helper',
  username: 'rights_helper_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
} as const;

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
}

interface Failure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

interface Waiter {
  method: string;
  count: number;
  resolve: () => void;
}

export interface FakeTelegram {
  /** Pass as the adapter's apiRoot. */
  apiRoot: string;
  calls: RecordedCall[];
  callsOf(method: string): RecordedCall[];
  /** Queues updates for getUpdates, all in one batch (pushing an update twice simulates a redelivery). */
  pushUpdates(...updates: Update[]): void;
  /** Resolves once `method` was called at least `count` times in all. */
  waitForCalls(method: string, count: number, timeoutMs?: number): Promise<RecordedCall[]>;
  /** The next call of `method` fails once with this error. */
  failNext(method: string, failure: Failure): void;
  /** Builders for update payloads; update ids increase by themselves. */
  textUpdate(chatId: number, text: string, from?: { language_code?: string; first_name?: string }): Update;
  update(body: Omit<Update, 'update_id'>): Update;
  close(): Promise<void>;
}

export async function startFakeTelegram(): Promise<FakeTelegram> {
  const calls: RecordedCall[] = [];
  const queue: Update[] = [];
  const failures = new Map<string, Failure[]>();
  const waiters: Waiter[] = [];
  let pendingPoll: (() => void) | undefined;
  let nextUpdateId = 1000;
  let nextMessageId = 1;

  function notifyWaiters(): void {
    for (const w of [...waiters]) {
      if (calls.filter((c) => c.method === w.method).length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  function result(method: string, params: Record<string, unknown>): unknown {
    switch (method) {
      case 'getMe':
        return FAKE_BOT;
      case 'sendMessage':
        return {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(params.chat_id), type: 'private', first_name: 'Worker' },
          from: FAKE_BOT,
          text: params.text,
          ...(params.reply_markup ? { reply_markup: params.reply_markup } : {}),
        };
      case 'editMessageReplyMarkup':
        return true;
      case 'answerCallbackQuery':
      case 'setMyCommands':
      case 'setWebhook':
      case 'deleteWebhook':
        return true;
      case 'getWebhookInfo':
        return { url: '', has_custom_certificate: false, pending_update_count: 0 };
      default:
        return undefined;
    }
  }

  function takeUpdates(offset: number): Update[] {
    // Telegram forgets updates below the offset the bot confirms.
    for (let i = queue.length - 1; i >= 0; i--) if ((queue[i]?.update_id ?? 0) < offset) queue.splice(i, 1);
    return queue.splice(0, queue.length);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
      const send = (status: number, body: unknown) => {
        if (res.writableEnded) return;
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      };
      if (!match || match[1] !== FAKE_TOKEN)
        return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const method = match[2] as string;
      const raw = Buffer.concat(chunks).toString('utf8');
      const params = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      calls.push({ method, params });
      notifyWaiters();

      const failure = failures.get(method)?.shift();
      if (failure) return send(failure.error_code, { ok: false, ...failure });

      if (method === 'getUpdates') {
        const offset = Number(params.offset ?? 0);
        const ready = takeUpdates(offset);
        if (ready.length > 0 || !params.timeout) return send(200, { ok: true, result: ready });
        // Long poll: hold the request until an update arrives or the timeout passes.
        const timer = setTimeout(() => finish(), Number(params.timeout) * 1000);
        const finish = () => {
          clearTimeout(timer);
          pendingPoll = undefined;
          send(200, { ok: true, result: takeUpdates(offset) });
        };
        pendingPoll = finish;
        req.socket.once('close', () => {
          clearTimeout(timer);
          if (pendingPoll === finish) pendingPoll = undefined;
        });
        return;
      }
      const value = result(method, params);
      if (value === undefined)
        return send(404, {
          ok: false,
          error_code: 404,
          description: `Not Found: method ${method} not faked`,
        });
      send(200, { ok: true, result: value });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeTelegram = {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method),
    pushUpdates(...updates) {
      queue.push(...updates);
      pendingPoll?.();
    },
    waitForCalls(method, count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`expected ${count} ${method} call(s), saw ${fake.callsOf(method).length}`));
        }, timeoutMs);
        const waiter: Waiter = {
          method,
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(fake.callsOf(method));
          },
        };
        waiters.push(waiter);
        notifyWaiters();
      });
    },
    failNext(method, failure) {
      const list = failures.get(method) ?? [];
      list.push(failure);
      failures.set(method, list);
    },
    update(body) {
      return { update_id: nextUpdateId++, ...body } as Update;
    },
    textUpdate(chatId, text, from = {}) {
      const messageId = nextMessageId++;
      return fake.update({
        message: {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: 'private', first_name: from.first_name ?? 'Worker' },
          from: {
            id: chatId,
            is_bot: false,
            first_name: from.first_name ?? 'Worker',
            language_code: from.language_code,
          },
          text,
          ...(text.startsWith('/')
            ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] }
            : {}),
        },
      } as Omit<Update, 'update_id'>);
    },
    async close() {
      pendingPoll?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

/**
 * A stand-in for the core in adapter tests (Telegram and WhatsApp): records every inbound message
 * and answers with whatever the test's `reply` function returns.
 */

export interface RecordingCore extends CoreHandler {
  inbound: InboundMessage[];
  /** Resolves once at least `count` messages arrived in all. */
  waitFor(count: number, timeoutMs?: number): Promise<InboundMessage[]>;
}

export function recordingCore(
  reply: (inbound: InboundMessage) => OutboundMessage[] | Promise<OutboundMessage[]> = (m) => [
    { text: `echo: ${m.text ?? m.action ?? m.media ?? ''}` },
  ],
): RecordingCore {
  const inbound: InboundMessage[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  return {
    inbound,
    async handle(message) {
      inbound.push(message);
      for (const w of [...waiters])
        if (inbound.length >= w.count) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      return reply(message);
    },
    waitFor(count, timeoutMs = 10_000) {
      if (inbound.length >= count) return Promise.resolve(inbound);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} inbound message(s), saw ${inbound.length}`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(inbound);
          },
        });
      });
    },
  };
}
