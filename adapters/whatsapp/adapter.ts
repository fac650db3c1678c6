/**
 * The WhatsApp channel, over an unofficial WhatsApp Web client (whatsapp-web.js) wrapped behind
 * the adapter's own {@link WhatsAppClientPort}, so tests drive it with a fake and the rest of the
 * project never sees the SDK.
 *
 * - Listens to 'message' only (never 'message_create', which also fires for the bot's own
 *   messages); drops its own messages, status broadcasts, broadcast lists, groups and system events.
 * - The worker's WhatsApp id (a phone number) never leaves the adapter: the core sees a keyed
 *   pseudonym (see pseudonyms.ts), logs see nothing. `InboundMessage.phone` carries the digits so
 *   the core can pass them to staff only if the worker agrees.
 * - WhatsApp Web has no reliable buttons: choices become a numbered list, and a reply of the number
 *   (or of the choice's words) comes back to the core as that choice's `action`.
 * - Replies longer than 4000 characters are split on paragraph or sentence boundaries.
 * - After a 'disconnected' event the client is re-initialised with exponential backoff (5 s doubling
 *   to 5 min by default), until 'ready'. A session logged out on the phone ('LOGOUT') is not retried:
 *   the operator is told a new QR login is needed. While disconnected, `send` throws a retryable
 *   {@link WhatsAppDeliveryError}, so the core's outbox keeps staff replies until WhatsApp is back.
 *
 * @example
 * const client = createWebJsClient({ dataDir, chromePath: env.CHROME_PATH, startTimeoutSeconds: 120 });
 * const whatsapp = createWhatsAppAdapter({ client, pseudonyms: await openPseudonymMap({ file, secret }) });
 * await whatsapp.start(core);
 */
import { createHash } from 'node:crypto';
import type { ChannelAdapter, CoreHandler } from '../../src/core/channel.ts';
import type {
  ChannelCapabilities,
  ChoiceButton,
  InboundMessage,
  OutboundMessage,
} from '../../src/core/messages.ts';
import { LRUCache } from 'lru-cache';
import { adapterLog, errorFields, type AdapterLogger } from '../telegram/log.ts';
import { notice } from '../telegram/strings.ts';
import { splitText } from '../telegram/text.ts';
import type { PseudonymMap } from './pseudonyms.ts';

/** A message as whatsapp-web.js emits it: the few fields the adapter reads. */
export interface WhatsAppIncoming {
  /** The chat's WhatsApp id: `<digits>@c.us`, `<id>@lid`, `<id>@g.us` (group), `status@broadcast`… */
  from: string;
  body: string;
  fromMe: boolean;
  /** whatsapp-web.js MessageTypes: 'chat', 'image', 'ptt', 'sticker', 'e2e_notification'… */
  type: string;
  hasMedia: boolean;
  id: { _serialized: string };
  timestamp: number;
  isStatus?: boolean;
  broadcast?: boolean;
}

/** What the adapter needs from a WhatsApp Web client; whatsapp-web.js's Client has this shape. */
export interface WhatsAppClientPort {
  on(event: 'qr', listener: (qr: string) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
  on(event: 'message', listener: (message: WhatsAppIncoming) => void): unknown;
  on(event: 'auth_failure', listener: (message: string) => void): unknown;
  on(event: 'disconnected', listener: (reason: unknown) => void): unknown;
  initialize(): Promise<void>;
  sendMessage(chatId: string, content: string): Promise<unknown>;
  destroy(): Promise<void>;
  /** The logged-in account, once ready. */
  readonly info?: { wid: { _serialized: string } } | undefined;
}

export interface WhatsAppAdapterOptions {
  client: WhatsAppClientPort;
  pseudonyms: PseudonymMap;
  /** Persistent redelivery check (e.g. `store.markSeen`); keys never contain a phone number. */
  markSeen?: (key: string) => Promise<boolean>;
  logger?: AdapterLogger;
  /** Reconnection after a disconnect: the first delay, doubled per failed attempt up to the maximum. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  /** Runs `task` after `delayMs` (setTimeout by default); tests pass a fake so nothing really waits. */
  schedule?: Scheduler;
}

/** Runs a task later; the returned function cancels it if it has not run yet. */
export type Scheduler = (task: () => Promise<void>, delayMs: number) => () => void;

const realScheduler: Scheduler = (task, delayMs) => {
  const timer = setTimeout(() => void task(), delayMs);
  return () => clearTimeout(timer);
};

/**
 * 'disconnected' reasons that mean the linked device was logged out on the phone: re-initialising
 * cannot log back in, a person must scan a new QR code. whatsapp-web.js 1.34 emits 'LOGOUT' (and
 * then shows the login QR again on the same page); versions before 1.2x emitted 'NAVIGATION'.
 * Its other reasons are WAState values (CONFLICT, UNPAIRED, TIMEOUT…), after which it closes the
 * browser: those are retried.
 */
export const LOGGED_OUT_REASONS: ReadonlySet<string> = new Set(['LOGOUT', 'NAVIGATION']);

export interface WhatsAppAdapter extends ChannelAdapter {
  /** Removes the reference → WhatsApp id pair (the worker asked to be forgotten). */
  forget(userId: string): Promise<void>;
}

/** A message could not be delivered; `permanent` when retrying cannot help (unknown recipient). */
export class WhatsAppDeliveryError extends Error {
  override readonly name = 'WhatsAppDeliveryError';
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What WhatsApp shows comfortably in one message (its hard limit is higher). */
export const WHATSAPP_MAX_TEXT = 4000;

/** Message types that are content the worker sent but not text, and how the core should see them. */
const MEDIA_TYPES: Record<string, NonNullable<InboundMessage['media']>> = {
  ptt: 'voice',
  audio: 'audio',
  image: 'photo',
  album: 'photo',
  video: 'video',
  sticker: 'sticker',
  document: 'document',
  location: 'location',
  vcard: 'contact',
  multi_vcard: 'contact',
  poll_creation: 'other',
  order: 'other',
  product: 'other',
  payment: 'other',
  groups_v4_invite: 'other',
  scheduled_event_creation: 'other',
  oversized: 'other',
};

/** Replies to menus that some WhatsApp clients still send; their body is the chosen row's text. */
const TEXT_LIKE_TYPES = new Set(['chat', 'list_response', 'buttons_response', 'template_button_reply']);

export function createWhatsAppAdapter(options: WhatsAppAdapterOptions): WhatsAppAdapter {
  const { client, pseudonyms } = options;
  const logger = adapterLog(options.logger);
  let core: CoreHandler | undefined;
  let listening = false;

  const seen = new LRUCache<string, true>({ max: 20_000, ttl: 24 * 60 * 60 * 1000 });
  /** Choices last shown in each chat (by reference), so "2" picks the second. */
  const lastChoices = new LRUCache<string, ChoiceButton[]>({ max: 10_000 });
  /** The tail of each chat's processing queue: one chat's messages are handled in order. */
  const queues = new Map<string, Promise<void>>();

  const schedule = options.schedule ?? realScheduler;
  const initialDelayMs = options.reconnect?.initialDelayMs ?? 5_000;
  const maxDelayMs = Math.max(initialDelayMs, options.reconnect?.maxDelayMs ?? 300_000);
  /** Set by 'disconnected', cleared by 'ready': sends fail (retryably) in between. */
  let disconnected = false;
  /** Reconnection attempts since the last 'ready'. */
  let attempts = 0;
  let cancelPending: (() => void) | undefined;
  let attemptInFlight: Promise<void> | undefined;
  /** A 'disconnected' arrived while an attempt was running: try again even if that attempt succeeds. */
  let disconnectedDuringAttempt = false;
  /** Logged out on the phone: no more attempts until 'ready' (after a new QR login) or a restart. */
  let loggedOut = false;

  function reasonLabel(reason: unknown): string {
    // whatsapp-web.js passes constants ('LOGOUT', WAState values); anything else is not logged as is.
    return typeof reason === 'string' && /^[A-Za-z_ ]{1,40}$/.test(reason) ? reason : 'unknown';
  }

  function onDisconnected(reason: unknown): void {
    const label = reasonLabel(reason);
    if (!core) {
      logger.info('whatsapp: disconnected while stopped', { reason: label });
      return;
    }
    disconnected = true;
    if (LOGGED_OUT_REASONS.has(label)) {
      loggedOut = true;
      cancelReconnect();
      logger.error(
        'whatsapp: the session was logged out on the phone; a new QR login is needed: scan the QR code ' +
          'drawn in the terminal (restart the bot if none appears). Not reconnecting; replies wait in the outbox',
        { reason: label },
      );
      return;
    }
    if (loggedOut) {
      logger.warn('whatsapp: disconnected; waiting for a new QR login, not reconnecting', { reason: label });
      return;
    }
    logger.warn('whatsapp: disconnected', { reason: label });
    if (attemptInFlight) disconnectedDuringAttempt = true;
    else if (!cancelPending) scheduleReconnect();
  }

  function scheduleReconnect(): void {
    const attempt = attempts + 1;
    const delayMs = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempts, 30));
    logger.warn('whatsapp: reconnecting', { attempt, delaySeconds: Math.round(delayMs / 1000) });
    cancelPending = schedule(() => {
      cancelPending = undefined;
      const running = reconnect(attempt).finally(() => {
        if (attemptInFlight === running) attemptInFlight = undefined;
      });
      attemptInFlight = running;
      return running;
    }, delayMs);
  }

  async function reconnect(attempt: number): Promise<void> {
    if (!core || !disconnected || loggedOut) return;
    attempts = attempt;
    disconnectedDuringAttempt = false;
    logger.info('whatsapp: re-initialising the client', { attempt });
    let failed = false;
    try {
      await client.destroy().catch(() => {}); // whatsapp-web.js may still be closing the old browser
      await client.initialize();
      logger.info('whatsapp: client re-initialised, waiting for WhatsApp Web to be ready', { attempt });
    } catch (error) {
      failed = true;
      if (core) logger.warn('whatsapp: reconnection failed', { attempt, ...errorFields(error) });
    }
    if (core && disconnected && !loggedOut && (failed || disconnectedDuringAttempt) && !cancelPending)
      scheduleReconnect();
  }

  function cancelReconnect(): void {
    cancelPending?.();
    cancelPending = undefined;
  }

  function onReady(): void {
    if (disconnected) logger.info('whatsapp: reconnected', { attempts });
    else logger.info('whatsapp: ready');
    disconnected = false;
    loggedOut = false;
    attempts = 0;
    cancelReconnect();
  }

  function render(message: OutboundMessage): string {
    const choices = message.choices ?? [];
    if (choices.length === 0) return message.text;
    const list = choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n');
    return message.text.trim() ? `${message.text.trimEnd()}\n\n${list}` : list;
  }

  async function deliver(wid: string, ref: string, messages: OutboundMessage[]): Promise<void> {
    const shown = messages.filter((m) => (m.choices ?? []).length > 0).at(-1)?.choices;
    if (shown) lastChoices.set(ref, shown);
    else if (messages.length > 0) lastChoices.delete(ref);
    for (const message of messages)
      for (const part of splitText(render(message), WHATSAPP_MAX_TEXT)) await client.sendMessage(wid, part);
  }

  /** The choice a bare "2" or the choice's own words select, if any. */
  function selectedChoice(ref: string, text: string): ChoiceButton | undefined {
    const choices = lastChoices.get(ref);
    if (!choices) return undefined;
    const typed = text.trim();
    const number = /^(\d{1,2})\s*[.)]?$/.exec(typed);
    if (number) return choices[Number(number[1]) - 1];
    const words = normalise(typed);
    return words ? choices.find((c) => normalise(c.label) === words) : undefined;
  }

  async function handle(message: WhatsAppIncoming): Promise<void> {
    if (!core) return;
    const wid = message.from;
    const ref = await pseudonyms.refFor(wid);
    const inbound: InboundMessage = {
      address: { channel: 'whatsapp', userId: ref },
      messageId: `wa:${digest(message.id._serialized)}`,
      receivedAt: new Date(),
    };
    const phone = /^(\d{6,15})@c\.us$/.exec(wid)?.[1];
    if (phone) inbound.phone = phone;
    const media = MEDIA_TYPES[message.type];
    if (media) inbound.media = media;
    else if (TEXT_LIKE_TYPES.has(message.type)) {
      const choice = selectedChoice(ref, message.body);
      if (choice) inbound.action = choice.value;
      else inbound.text = message.body;
    } else if (message.hasMedia) inbound.media = 'other';
    else {
      logger.debug('whatsapp: message type ignored', { type: message.type, user: ref });
      return;
    }

    let replies: OutboundMessage[];
    try {
      replies = await core.handle(inbound);
    } catch (error) {
      logger.error('whatsapp: the core failed on a message', { user: ref, ...errorFields(error) });
      replies = [{ text: notice('error', undefined) }];
    }
    try {
      await deliver(wid, ref, replies);
    } catch (error) {
      logger.warn('whatsapp: reply not delivered', { user: ref, ...errorFields(error) });
    }
  }

  async function onMessage(message: WhatsAppIncoming): Promise<void> {
    if (!core || message.fromMe) return;
    const from = message.from;
    if (message.isStatus || message.broadcast || from === 'status@broadcast' || from.endsWith('@broadcast'))
      return;
    // One-to-one chats only: groups (@g.us), channels (@newsletter) and anything else are ignored.
    if (!from.endsWith('@c.us') && !from.endsWith('@lid')) return;

    const key = `whatsapp:${digest(message.id._serialized)}`; // the raw id contains the phone number
    if (seen.has(key)) return;
    seen.set(key, true);
    if (options.markSeen) {
      try {
        if (!(await options.markSeen(key))) return;
      } catch (error) {
        logger.warn('whatsapp: redelivery store unavailable', errorFields(error));
      }
    }

    const previous = queues.get(from) ?? Promise.resolve();
    const next = previous.then(() =>
      handle(message).catch((error: unknown) => {
        logger.error('whatsapp: message handling failed', errorFields(error));
      }),
    );
    queues.set(from, next);
    await next;
    if (queues.get(from) === next) queues.delete(from);
  }

  return {
    name: 'whatsapp',
    capabilities: {
      maxTextLength: WHATSAPP_MAX_TEXT,
      maxButtons: 10,
      buttons: false,
    } satisfies ChannelCapabilities,

    async start(handler) {
      if (core) throw new Error('The WhatsApp adapter is already started');
      core = handler;
      if (!listening) {
        listening = true;
        client.on('message', (message) => void onMessage(message));
        client.on('qr', () => logger.info('whatsapp: scan the QR code shown in the terminal to log in'));
        client.on('ready', onReady);
        client.on('auth_failure', () =>
          logger.error(
            'whatsapp: authentication failed; delete the session under DATA_DIR/whatsapp and scan again',
          ),
        );
        client.on('disconnected', onDisconnected);
      }
      disconnected = false;
      loggedOut = false;
      attempts = 0;
      try {
        await client.initialize();
      } catch (error) {
        core = undefined;
        throw error;
      }
    },

    async stop() {
      core = undefined;
      cancelReconnect();
      await Promise.allSettled([...queues.values(), attemptInFlight]);
      await client.destroy();
    },

    async send(userId, messages) {
      const wid = pseudonyms.widFor(userId);
      if (!wid) throw new WhatsAppDeliveryError('No WhatsApp chat is known for this reference', true);
      if (disconnected)
        throw new WhatsAppDeliveryError('WhatsApp is disconnected; the message can be retried later', false);
      try {
        await deliver(wid, userId, messages);
      } catch (error) {
        throw new WhatsAppDeliveryError('WhatsApp delivery failed', false, { cause: error });
      }
    },

    async forget(userId) {
      lastChoices.delete(userId);
      await pseudonyms.forget(userId);
    },
  };
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 24);
}

/** Lower case, no accents, no punctuation at the ends: how a typed choice is compared to a label. */
function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, '')
    .replace(/\s+/g, ' ');
}
