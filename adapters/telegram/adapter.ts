/**
 * The Telegram channel: a real grammY bot behind the project's {@link ChannelAdapter} port.
 *
 * - Long polling with @grammyjs/runner by default; webhook mode (a node:http server that checks
 *   Telegram's secret-token header on every request) when a webhook URL is configured.
 * - Replies are plain text (no parse mode), so whatever the core or staff write — `<b>`, `*x*` —
 *   reaches the worker literally. Long replies are split at 4096 characters on paragraph or
 *   sentence boundaries; choices become an inline keyboard on the last part.
 * - Each update is processed once even when Telegram delivers it twice (bounded in-memory set plus
 *   an optional persistent `markSeen`). 429 and network errors are retried a bounded number of times.
 * - Private chats only: in groups the bot answers only when addressed, with one line inviting the
 *   worker to a private chat (workers share phones and groups with employers). Edited messages get
 *   one line asking to send the corrected text as a new message. See docs/channels.md.
 *
 * @example
 * const telegram = createTelegramAdapter({ token: env.TELEGRAM_BOT_TOKEN, apiRoot: env.TELEGRAM_API_ROOT });
 * await telegram.start(core);
 * await telegram.send(ticket.address.userId, [{ text: 'A reply from the union' }]);
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot, GrammyError, HttpError, webhookCallback } from 'grammy';
import type { Context, Transformer } from 'grammy';
import type { InlineKeyboardMarkup, Message, MessageEntity } from 'grammy/types';
import type { ChannelAdapter, CoreHandler } from '../../src/core/channel.ts';
import type {
  ChannelCapabilities,
  ChoiceButton,
  InboundMessage,
  OutboundMessage,
} from '../../src/core/messages.ts';
import { LRUCache } from 'lru-cache';
import { adapterLog, errorFields, type AdapterLog, type AdapterLogger } from './log.ts';
import { ADAPTER_LANGUAGES, COMMAND_DESCRIPTIONS, COMMANDS, notice } from './strings.ts';
import { splitText } from './text.ts';

/** Telegram's limit for one message's text. */
export const TELEGRAM_MAX_TEXT = 4096;
/** Telegram's limit for a button's callback_data, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;
/** Prefix of callback_data that stands for a longer value kept in memory. */
const SHORT_PREFIX = '~';
/** How long stopping waits for webhook requests in progress. */
const STOP_GRACE_MS = 10_000;
/** Update kinds the bot asks Telegram for; everything else is never delivered. */
const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

export interface TelegramWebhookOptions {
  /** Public HTTPS URL Telegram posts updates to (TELEGRAM_WEBHOOK_URL). */
  url: string;
  /** Checked against the X-Telegram-Bot-Api-Secret-Token header (TELEGRAM_WEBHOOK_SECRET). */
  secret: string;
  /** Local port the webhook server listens on (TELEGRAM_WEBHOOK_PORT); 0 picks a free one. */
  port: number;
  /**
   * Served by the bot's shared HTTP server (WEB_PORT) at {@link TelegramAdapter.webhook}'s path instead
   * of a server of its own on `port`, so every instance sits behind one load balancer on one port.
   */
  shared?: boolean;
  /** Local path to answer on; defaults to the URL's path (a reverse proxy forwards to it). */
  path?: string;
  /** Local interface to bind; defaults to all interfaces. */
  host?: string;
}

export interface TelegramAdapterOptions {
  /** The BotFather token (TELEGRAM_BOT_TOKEN). Never logged. */
  token: string;
  /** Bot API root, for self-hosted Bot API servers and tests (TELEGRAM_API_ROOT). */
  apiRoot?: string;
  /** Webhook mode when set; long polling otherwise. */
  webhook?: TelegramWebhookOptions;
  /**
   * Persistent redelivery check, e.g. `(key) => store.markSeen(key)`: resolves false when the key was
   * already seen. Checked after the in-memory set, so restarts do not reprocess an update either.
   */
  markSeen?: (key: string) => Promise<boolean>;
  logger?: AdapterLogger;
  /** Bounds for retrying failed API calls (429 honours retry_after up to maxDelaySeconds). */
  retry?: { maxAttempts?: number; maxDelaySeconds?: number; networkBackoffMs?: number };
  /** Long-polling timeout passed to getUpdates, in seconds (default 30). */
  pollingTimeoutSeconds?: number;
}

export interface TelegramAdapter extends ChannelAdapter {
  /** The grammY bot, for composition-root extras; the adapter owns its middleware. */
  readonly bot: Bot;
  /** Where the local webhook server listens, once started in webhook mode. */
  webhookAddress(): { host: string; port: number } | undefined;
  /**
   * The webhook's local path and request listener (secret token checked), for mounting on a shared
   * HTTP server (`webhook.shared`); undefined in long-polling mode. Answers 503 until started.
   */
  readonly webhook:
    { path: string; listener: (req: http.IncomingMessage, res: http.ServerResponse) => void } | undefined;
}

/** A message could not be delivered to a Telegram chat; `permanent` when retrying cannot help (blocked, bad chat). */
export class TelegramDeliveryError extends Error {
  override readonly name = 'TelegramDeliveryError';
  constructor(
    readonly permanent: boolean,
    readonly code: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(`Telegram delivery failed${code === undefined ? '' : ` (${code})`}`, options);
  }
}

/** Start-up failed in a way the operator must fix (bad token, unreachable API, port in use). */
export class TelegramStartError extends Error {
  override readonly name = 'TelegramStartError';
}

/**
 * Builds the Telegram adapter. Nothing touches the network until {@link ChannelAdapter.start}.
 */
export function createTelegramAdapter(options: TelegramAdapterOptions): TelegramAdapter {
  const logger = adapterLog(options.logger);
  const maxAttempts = options.retry?.maxAttempts ?? 4;
  const bot = new Bot(options.token, options.apiRoot ? { client: { apiRoot: options.apiRoot } } : {});

  // Innermost first: bounded retries of network failures, logging of every failed attempt, then
  // 429/5xx handling (honours retry_after, bounded by maxAttempts and maxDelaySeconds).
  bot.api.config.use(networkRetry(maxAttempts, options.retry?.networkBackoffMs ?? 500));
  bot.api.config.use(logFailures(logger));
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: maxAttempts,
      maxDelaySeconds: options.retry?.maxDelaySeconds ?? 60,
      rethrowHttpErrors: true,
    }),
  );

  let core: CoreHandler | undefined;
  let runner: RunnerHandle | undefined;
  let server: http.Server | undefined;

  /** Update keys already processed (in this process). */
  const seenUpdates = new LRUCache<string, true>({ max: 20_000, ttl: 24 * 60 * 60 * 1000 });
  /** Long button values by their short callback_data id. */
  const longValues = new LRUCache<string, string>({ max: 5_000 });
  /** Edited messages already answered with the "edits are not read" line. */
  const editNoticeSent = new LRUCache<string, true>({ max: 5_000, ttl: 24 * 60 * 60 * 1000 });

  // ── Sending ──────────────────────────────────────────────────────────────────────────────────

  function callbackDataFor(value: string): string {
    if (Buffer.byteLength(value, 'utf8') <= CALLBACK_DATA_MAX_BYTES && !value.startsWith(SHORT_PREFIX))
      return value;
    const id = SHORT_PREFIX + createHash('sha256').update(value).digest('base64url').slice(0, 22);
    longValues.set(id, value);
    return id;
  }

  function keyboardFor(choices: ChoiceButton[]): InlineKeyboardMarkup {
    return {
      inline_keyboard: choices
        .slice(0, 100)
        .map((c) => [{ text: c.label.trim() || c.value, callback_data: callbackDataFor(c.value) }]),
    };
  }

  async function sendAll(chatId: number, messages: OutboundMessage[]): Promise<void> {
    for (const message of messages) {
      const choices = message.choices ?? [];
      const parts = splitText(message.text, TELEGRAM_MAX_TEXT);
      // Telegram refuses empty text; a message with only buttons still needs a line to hang them on.
      if (parts.length === 0 && choices.length > 0) parts.push('…');
      for (const [i, part] of parts.entries()) {
        const last = i === parts.length - 1;
        await bot.api.sendMessage(chatId, part, {
          link_preview_options: { is_disabled: true },
          ...(last && choices.length > 0 ? { reply_markup: keyboardFor(choices) } : {}),
        });
      }
    }
  }

  /** Sends without throwing: used for replies inside update handling, where failures are only logged. */
  async function reply(chatId: number, messages: OutboundMessage[]): Promise<void> {
    try {
      await sendAll(chatId, messages);
    } catch (error) {
      logger.warn('telegram: reply not delivered', errorFields(error));
    }
  }

  /** Hands one inbound message to the core and sends its replies; a core failure gets an apology. */
  async function converse(chatId: number, inbound: InboundMessage): Promise<void> {
    if (!core) return;
    let replies: OutboundMessage[];
    try {
      replies = await core.handle(inbound);
    } catch (error) {
      logger.error('telegram: the core failed on a message', errorFields(error));
      replies = [{ text: notice('error', inbound.localeHint) }];
    }
    await reply(chatId, replies);
  }

  // ── Receiving ────────────────────────────────────────────────────────────────────────────────

  // Nothing thrown below may escape: a webhook answered with 500 would only be redelivered.
  bot.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      logger.error('telegram: update handling failed', {
        update: ctx.update.update_id,
        ...errorFields(error),
      });
    }
  });

  bot.use(async (ctx, next) => {
    const key = `telegram:${ctx.me.id}:${ctx.update.update_id}`;
    if (seenUpdates.has(key)) {
      logger.debug('telegram: duplicate update dropped', { update: ctx.update.update_id });
      return;
    }
    seenUpdates.set(key, true);
    if (options.markSeen) {
      try {
        if (!(await options.markSeen(key))) {
          logger.debug('telegram: update already processed before', { update: ctx.update.update_id });
          return;
        }
      } catch (error) {
        // Processing twice is better than losing a worker's message.
        logger.warn('telegram: redelivery store unavailable', errorFields(error));
      }
    }
    await next();
  });

  // One chat's updates in order; different chats concurrently.
  bot.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : undefined)));

  // Groups, supergroups and channels never reach the core.
  bot.use(async (ctx, next) => {
    if (!ctx.chat || ctx.chat.type === 'private') return next();
    if (ctx.callbackQuery) {
      await answerQuietly(ctx);
      return;
    }
    const message = ctx.message;
    if (message && addressedToBot(message, ctx.me.id, ctx.me.username)) {
      await reply(ctx.chat.id, [
        { text: notice('group', message.from?.language_code, { link: `https://t.me/${ctx.me.username}` }) },
      ]);
    }
  });

  bot.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery;
    await answerQuietly(ctx); // always, or the worker's button keeps spinning
    const message = query.message;
    if (!message || query.data === undefined) return; // inline-mode or game buttons: not ours
    const chatId = message.chat.id;
    // Take the keyboard off the message it was pressed on, so an old choice is not pressed again.
    if ('reply_markup' in message && message.reply_markup) {
      await bot.api.editMessageReplyMarkup(chatId, message.message_id).catch((error: unknown) => {
        logger.debug('telegram: keyboard not removed', errorFields(error));
      });
    }
    const inbound: InboundMessage = {
      address: { channel: 'telegram', userId: String(chatId) },
      messageId: `${chatId}:cb:${query.id}`,
      localeHint: query.from.language_code,
      displayName: query.from.first_name,
      receivedAt: new Date(),
    };
    const data = query.data;
    if (!data.startsWith(SHORT_PREFIX)) inbound.action = data;
    else {
      const value = longValues.get(data);
      if (value !== undefined) inbound.action = value;
      else {
        // The value was forgotten (restart): the button's own label is the next best thing.
        const label = buttonLabel(message, data);
        if (label === undefined) {
          await reply(chatId, [{ text: notice('expiredButton', query.from.language_code) }]);
          return;
        }
        inbound.text = label;
      }
    }
    await converse(chatId, inbound);
  });

  bot.on('edited_message', async (ctx) => {
    const message = ctx.editedMessage;
    if (message.location) return; // live-location updates arrive as edits; nothing to say
    const key = `${message.chat.id}:${message.message_id}`;
    if (editNoticeSent.has(key)) return;
    editNoticeSent.set(key, true);
    await reply(message.chat.id, [{ text: notice('edited', message.from?.language_code) }]);
  });

  bot.on('message', async (ctx) => {
    const message = ctx.message;
    const media = mediaKind(message);
    const typed = message.text ?? message.caption;
    if (typed === undefined && media === undefined) {
      // Service messages (auto-delete timer changed, pinned…): nothing the worker said.
      logger.debug('telegram: service message ignored', { kinds: Object.keys(message).length });
      return;
    }
    const inbound: InboundMessage = {
      address: { channel: 'telegram', userId: String(message.chat.id) },
      messageId: `${message.chat.id}:${message.message_id}`,
      localeHint: message.from?.language_code,
      displayName: message.from?.first_name,
      receivedAt: new Date(),
    };
    if (typed !== undefined) inbound.text = stripBotName(typed, ctx.me.username);
    if (media !== undefined) inbound.media = media;
    await converse(message.chat.id, inbound);
  });

  async function answerQuietly(ctx: Context): Promise<void> {
    await ctx.answerCallbackQuery().catch((error: unknown) => {
      logger.debug('telegram: callback query not answered', errorFields(error));
    });
  }

  // ── Lifecycle ────────────────────────────────────────────────────────────────────────────────

  async function registerCommands(): Promise<void> {
    for (const language of ADAPTER_LANGUAGES) {
      const commands = COMMANDS.map((command) => ({
        command,
        description: COMMAND_DESCRIPTIONS[language][command],
      }));
      try {
        // English is also the default menu for every language without its own.
        if (language === 'en') await bot.api.setMyCommands(commands);
        await bot.api.setMyCommands(commands, { language_code: language });
      } catch (error) {
        logger.warn('telegram: command menu not registered', { language, ...errorFields(error) });
      }
    }
  }

  /** The webhook's request listener: only POSTs to its path carrying the secret token reach grammY. */
  function webhookListener(webhook: TelegramWebhookOptions): NonNullable<TelegramAdapter['webhook']> {
    const path = webhook.path ?? (new URL(webhook.url).pathname || '/');
    const handleUpdate = webhookCallback(bot, 'http', {
      secretToken: webhook.secret,
      onTimeout: 'return',
      timeoutMilliseconds: 50_000,
    });
    const expected = createHash('sha256').update(webhook.secret).digest();
    const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== path) return void res.writeHead(404).end();
      if (req.method !== 'POST') return void res.writeHead(405, { Allow: 'POST' }).end();
      const header = req.headers['x-telegram-bot-api-secret-token'];
      const given = createHash('sha256')
        .update(typeof header === 'string' ? header : '')
        .digest();
      if (typeof header !== 'string' || !timingSafeEqual(given, expected)) {
        logger.warn('telegram: webhook request with a wrong or missing secret refused');
        return void res.writeHead(401).end();
      }
      if (Number(req.headers['content-length'] ?? 0) > 1_000_000) return void res.writeHead(413).end();
      // Not started (or stopping): Telegram delivers the update again, to this or another instance.
      if (!core) return void res.writeHead(503).end();
      handleUpdate(req, res).catch((error: unknown) => {
        logger.error('telegram: webhook request failed', errorFields(error));
        if (!res.headersSent) res.writeHead(500).end();
      });
    };
    return { path, listener };
  }

  const webhook = options.webhook ? webhookListener(options.webhook) : undefined;

  async function startWebhook(options: TelegramWebhookOptions): Promise<void> {
    if (!options.shared) {
      server = http.createServer(webhook!.listener);
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(options.port, options.host, () => {
          listening.off('error', reject);
          resolve();
        });
      }).catch((error: unknown) => {
        server = undefined;
        throw new TelegramStartError(`Telegram webhook server could not listen on port ${options.port}`, {
          cause: error,
        });
      });
    }
    await bot.api.setWebhook(options.url, {
      secret_token: options.secret,
      allowed_updates: [...ALLOWED_UPDATES],
    });
  }

  return {
    name: 'telegram',
    capabilities: {
      maxTextLength: TELEGRAM_MAX_TEXT,
      maxButtons: 10,
      buttons: true,
    } satisfies ChannelCapabilities,
    bot,
    webhook,

    async start(handler) {
      if (core) throw new Error('The Telegram adapter is already started');
      try {
        await bot.init();
      } catch (error) {
        if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404))
          throw new TelegramStartError(
            'Telegram refused TELEGRAM_BOT_TOKEN: check the token BotFather gave you',
            {
              cause: error,
            },
          );
        throw new TelegramStartError(
          'Could not reach the Telegram Bot API (check the network or TELEGRAM_API_ROOT)',
          {
            cause: error,
          },
        );
      }
      core = handler;
      try {
        await registerCommands();
        if (options.webhook) await startWebhook(options.webhook);
        else {
          // A webhook left from an earlier deployment would make getUpdates fail with 409.
          await bot.api.deleteWebhook();
          runner = run(bot, {
            runner: {
              fetch: { timeout: options.pollingTimeoutSeconds ?? 30, allowed_updates: [...ALLOWED_UPDATES] },
              silent: true,
            },
          });
          runner.task()?.catch((error: unknown) => {
            logger.error('telegram: long polling stopped', errorFields(error));
          });
        }
      } catch (error) {
        core = undefined;
        throw error;
      }
      logger.info('telegram: started', {
        mode: options.webhook ? 'webhook' : 'polling',
        bot: bot.botInfo.username,
      });
    },

    async stop() {
      const handle = runner;
      runner = undefined;
      if (handle?.isRunning()) await handle.stop();
      const listening = server;
      server = undefined;
      if (listening) {
        // Updates being handled finish and are answered (so Telegram does not send them again);
        // connections still busy after the grace period are cut.
        const closed = new Promise<void>((resolve) => listening.close(() => resolve()));
        listening.closeIdleConnections();
        const timer = setTimeout(() => listening.closeAllConnections(), STOP_GRACE_MS);
        await closed;
        clearTimeout(timer);
      }
      core = undefined;
    },

    async send(userId, messages) {
      const chatId = Number(userId);
      if (!/^-?\d+$/.test(userId) || !Number.isSafeInteger(chatId))
        throw new TelegramDeliveryError(true, undefined, { cause: new Error('not a Telegram chat id') });
      try {
        await sendAll(chatId, messages);
      } catch (error) {
        const code = error instanceof GrammyError ? error.error_code : undefined;
        throw new TelegramDeliveryError(code === 400 || code === 403, code, { cause: error });
      }
    },

    webhookAddress() {
      const address = server?.address();
      if (!address || typeof address === 'string') return undefined;
      return { host: (address as AddressInfo).address, port: (address as AddressInfo).port };
    },
  };
}

/** What kind of media a message carries, if any (text-only messages: undefined). */
export function mediaKind(message: Message): InboundMessage['media'] {
  if (message.voice) return 'voice';
  if (message.audio) return 'audio';
  if (message.photo) return 'photo';
  if (message.animation || message.video || message.video_note) return 'video';
  if (message.sticker) return 'sticker';
  if (message.document) return 'document';
  if (message.location || message.venue) return 'location';
  if (message.contact) return 'contact';
  if (message.poll || message.dice || message.game || message.story || message.paid_media || message.invoice)
    return 'other';
  return undefined;
}

/** "/start@MyBot payload" → "/start payload", so the core sees the same command everywhere. */
function stripBotName(text: string, username: string): string {
  const m = /^(\/[A-Za-z0-9_]+)@([A-Za-z0-9_]+)/.exec(text);
  if (!m || m[2]?.toLowerCase() !== username.toLowerCase()) return text;
  return m[1] + text.slice(m[0].length);
}

/** Whether a group message is meant for the bot: a mention, a command to it, or a reply to it. */
function addressedToBot(message: Message, botId: number, username: string): boolean {
  if (message.reply_to_message?.from?.id === botId) return true;
  const text = message.text ?? message.caption ?? '';
  const entities: MessageEntity[] = message.entities ?? message.caption_entities ?? [];
  const me = '@' + username.toLowerCase();
  return entities.some((e) => {
    const part = text.slice(e.offset, e.offset + e.length).toLowerCase();
    if (e.type === 'mention') return part === me;
    if (e.type === 'text_mention') return e.user.id === botId;
    if (e.type === 'bot_command') return !part.includes('@') || part.endsWith(me);
    return false;
  });
}

/** The label of the button with `data` on the message it was pressed on. */
function buttonLabel(message: object, data: string): string | undefined {
  const markup = (message as { reply_markup?: InlineKeyboardMarkup }).reply_markup;
  for (const row of markup?.inline_keyboard ?? [])
    for (const button of row)
      if ('callback_data' in button && button.callback_data === data) return button.text;
  return undefined;
}

/** Retries a call that failed on the network (HttpError), a bounded number of times with backoff. */
function networkRetry(maxAttempts: number, backoffMs: number): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        // getUpdates has the runner's own retry loop; an aborted call must stay aborted.
        if (
          !(error instanceof HttpError) ||
          method === 'getUpdates' ||
          signal?.aborted ||
          attempt >= maxAttempts
        )
          throw error;
        await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
      }
    }
  };
}

/** Logs failed API calls with the method and error code only (payloads carry what workers wrote). */
function logFailures(logger: AdapterLog): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok) logger.warn('telegram: api call failed', { method, code: result.error_code });
      return result;
    } catch (error) {
      if (!signal?.aborted) logger.warn('telegram: api call failed', { method, ...errorFields(error) });
      throw error;
    }
  };
}
