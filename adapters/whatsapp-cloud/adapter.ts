/**
 * WhatsApp through the official WhatsApp Business Cloud API: Meta calls the bot's webhook with the
 * worker's messages (see webhook.ts for the signature check), and the bot answers through the Graph API
 * (graph.ts). Unlike WhatsApp Web this needs no browser and no phone, and the number is not at risk of a ban.
 *
 * - The worker's number (`wa_id`) never leaves the adapter: the core, the store, staff and the logs see
 *   a keyed pseudonym (the same map as the WhatsApp Web adapter, in its own file), erased on /forget.
 * - Choices are reply buttons (up to 3) or a list (up to 10), else a numbered list; a typed number or
 *   the choice's words pick a choice too.
 * - The 24-hour window: a reply that comes after the window closed (a staff answer the next day) is not
 *   lost: the adapter sends the approved template ("a person from the union has answered, reply to read
 *   it") once, and the delivery fails retryably so the core's outbox keeps the answer; when the worker
 *   replies, `onWindowOpen` asks the outbox to deliver it at once, before the worker's reply is handled.
 * - Each message id is handled once (webhooks are redelivered); a worker's messages in order.
 *
 * @example
 * const adapter = createWhatsAppCloudAdapter({ graph, pseudonyms, windows, verifyToken, appSecret, template });
 * http.route('/whatsapp', adapter.routes);
 * await adapter.start(app.core);
 */
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
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
import type { PseudonymMap } from '../whatsapp/pseudonyms.ts';
import { CloudApiError, type GraphClient } from './graph.ts';
import { LIMITS, toCloudMessages } from './render.ts';
import { webhookRoutes, type WebhookPayload } from './webhook.ts';
import type { WindowBook } from './window.ts';

/** The approved template that tells a worker an answer is waiting (its name and languages come from configuration). */
export interface TemplateConfig {
  name: string;
  /** The template's language code for each of the bot's languages, e.g. `{ pt: 'pt_BR', tl: 'fil' }`. */
  languages: Record<string, string>;
  /** The code used for a language the map does not list. */
  fallbackLanguage: string;
}

/** Reference ↔ phone number: the file map of one instance, or a shared one (src/instances/). */
export type CloudIdMap = Pick<PseudonymMap, 'refFor' | 'forget'> & {
  widFor(ref: string): string | undefined | Promise<string | undefined>;
};

/** One event of a webhook delivery, as kept in an inbox until handled. */
export type CloudEvent =
  { kind: 'message'; from: string; message: CloudIncoming } | { kind: 'status'; status: CloudStatus };

/** Where verified events are made durable before Meta gets its 200 (many instances: PostgreSQL). */
export interface CloudInbox {
  /** Keeps `event` under `key` (a digest, unique); it is then handled through {@link WhatsAppCloudAdapter.handleEvent}. */
  put(key: string, event: CloudEvent): Promise<void>;
}

export interface WhatsAppCloudOptions {
  graph: GraphClient;
  pseudonyms: CloudIdMap;
  windows: WindowBook;
  /**
   * With many instances: each event is written here before the webhook answers 200, and handled from
   * there (by this instance at once, or by another if this one dies), instead of from memory.
   */
  inbox?: CloudInbox;
  /** The phone number id the bot sends from; webhook events for other numbers are ignored. */
  phoneNumberId: string;
  verifyToken: string;
  appSecret: string;
  template: TemplateConfig;
  /** Persistent redelivery check (e.g. `store.markSeen`); keys hold a digest, never a number. */
  markSeen?: (key: string) => Promise<boolean>;
  /** The worker's language, for the template and the list button (from the core's session). */
  languageOf?: (userId: string) => Promise<string | undefined>;
  /** The worker wrote after a template: deliver what waits for them now (the outbox). */
  onWindowOpen?: (userId: string) => Promise<void>;
  logger?: AdapterLogger;
  now?: () => number;
  /** Largest webhook body accepted, in bytes. */
  maxBodyBytes?: number;
}

/** A delivery status Meta reported for a message the bot sent. */
export interface DeliveryStatus {
  status: 'sent' | 'delivered' | 'read' | 'failed' | string;
  at: number;
  errorCode?: number;
}

export interface WhatsAppCloudAdapter extends ChannelAdapter {
  /** The webhook routes (`/webhook`), to mount under `/whatsapp` on the bot's HTTP server. */
  readonly routes: Hono;
  forget(userId: string): Promise<void>;
  /** The last status Meta reported for a sent message (by its wamid), while remembered. */
  statusOf(messageId: string): DeliveryStatus | undefined;
  /** Resolves when every webhook event received so far has been handled (tests, shutdown). */
  idle(): Promise<void>;
  /** Handles one event taken from the inbox (in order per worker); resolves when it was handled. */
  handleEvent(event: CloudEvent): Promise<void>;
}

/** The text a Cloud API message type carries, and the media kind the core sees for the others. */
const MEDIA: Record<string, NonNullable<InboundMessage['media']>> = {
  image: 'photo',
  video: 'video',
  sticker: 'sticker',
  document: 'document',
  location: 'location',
  contacts: 'contact',
  unsupported: 'other',
  order: 'other',
};

export function createWhatsAppCloudAdapter(options: WhatsAppCloudOptions): WhatsAppCloudAdapter {
  const { graph, pseudonyms, windows } = options;
  const logger = adapterLog(options.logger);
  const now = options.now ?? Date.now;
  let core: CoreHandler | undefined;
  const seen = new LRUCache<string, true>({ max: 20_000, ttl: 24 * 60 * 60 * 1000 });
  const statuses = new LRUCache<string, DeliveryStatus>({ max: 20_000 });
  /** Choices last shown to each worker (by reference), so a typed "2" picks the second. */
  const lastChoices = new LRUCache<string, ChoiceButton[]>({ max: 10_000 });
  const queues = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();

  async function languageOf(ref: string): Promise<string> {
    return (await options.languageOf?.(ref).catch(() => undefined)) ?? 'en';
  }

  async function deliver(to: string, ref: string, messages: OutboundMessage[]): Promise<void> {
    const language = await languageOf(ref);
    const shown = messages.filter((m) => (m.choices ?? []).length > 0).at(-1)?.choices;
    if (shown) lastChoices.set(ref, shown);
    else if (messages.length > 0) lastChoices.delete(ref);
    for (const message of messages)
      for (const part of toCloudMessages(to, message, language)) {
        const { messageId } = await graph.send(part);
        if (messageId) statuses.set(messageId, { status: 'accepted', at: now() });
      }
  }

  async function sendTemplate(to: string, ref: string): Promise<void> {
    const language = await languageOf(ref);
    const code = options.template.languages[language] ?? options.template.fallbackLanguage;
    await graph.send({ to, type: 'template', template: { name: options.template.name, language: { code } } });
    await windows.templateSent(ref, now());
    logger.info('whatsapp-cloud: window closed, template sent; the answer waits in the outbox', {
      user: ref,
    });
  }

  /** The choice a bare "2" or the choice's own words select, if any. */
  function typedChoice(ref: string, text: string): ChoiceButton | undefined {
    const choices = lastChoices.get(ref);
    if (!choices) return undefined;
    const number = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
    if (number) return choices[Number(number[1]) - 1];
    const words = fold(text);
    return words ? choices.find((c) => fold(c.label) === words) : undefined;
  }

  async function handleMessage(message: CloudIncoming, phoneNumber: string): Promise<void> {
    if (!core) return;
    const ref = await pseudonyms.refFor(phoneNumber);
    const waiting = await windows.inbound(ref, now());
    if (waiting) {
      // Deliver what staff wrote before handling this reply, so it arrives first.
      try {
        await options.onWindowOpen?.(ref);
      } catch (error) {
        logger.warn('whatsapp-cloud: waiting messages not delivered yet', {
          user: ref,
          ...errorFields(error),
        });
      }
    }
    const inbound: InboundMessage = {
      address: { channel: 'whatsapp-cloud', userId: ref },
      messageId: `wac:${digest(message.id)}`,
      receivedAt: new Date(now()),
      phone: phoneNumber,
    };
    switch (message.type) {
      case 'text': {
        const body = message.text?.body ?? '';
        const choice = typedChoice(ref, body);
        if (choice) inbound.action = choice.value;
        else inbound.text = body;
        break;
      }
      case 'interactive': {
        const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
        if (reply?.id) inbound.action = String(reply.id).slice(0, LIMITS.buttonId);
        else inbound.media = 'other';
        break;
      }
      case 'button': // a quick-reply button of a template: its text is what the worker "said"
        inbound.text = message.button?.text ?? message.button?.payload ?? '';
        break;
      case 'audio':
        inbound.media = message.audio?.voice ? 'voice' : 'audio';
        break;
      case 'reaction':
      case 'system':
      case 'ephemeral':
      case 'request_welcome':
        return;
      default:
        inbound.media = MEDIA[message.type] ?? 'other';
    }

    let replies: OutboundMessage[];
    try {
      replies = await core.handle(inbound);
    } catch (error) {
      logger.error('whatsapp-cloud: the core failed on a message', { user: ref, ...errorFields(error) });
      replies = [{ text: notice('error', undefined) }];
    }
    try {
      await deliver(phoneNumber, ref, replies);
    } catch (error) {
      logger.warn('whatsapp-cloud: reply not delivered', { user: ref, ...errorFields(error) });
    }
  }

  async function handleStatus(status: CloudStatus): Promise<void> {
    if (!status.id) return;
    const errorCode = typeof status.errors?.[0]?.code === 'number' ? status.errors[0].code : undefined;
    statuses.set(status.id, {
      status: String(status.status),
      at: now(),
      ...(errorCode ? { errorCode } : {}),
    });
    if (status.status === 'failed') {
      logger.warn('whatsapp-cloud: a sent message failed', { code: errorCode });
      if (errorCode === 131047 && status.recipient_id && /^\d{6,15}$/.test(status.recipient_id))
        await windows.closed(await pseudonyms.refFor(status.recipient_id));
    }
  }

  /** Queues one event so a worker's messages are handled in order, one at a time. */
  function enqueue(key: string, task: () => Promise<void>): Promise<void> {
    const previous = queues.get(key) ?? Promise.resolve();
    const next = previous.then(task);
    const settled = next.catch((error: unknown) =>
      logger.error('whatsapp-cloud: event failed', errorFields(error)),
    );
    queues.set(key, settled);
    inFlight.add(settled);
    void settled.finally(() => {
      inFlight.delete(settled);
      if (queues.get(key) === settled) queues.delete(key);
    });
    return next;
  }

  async function isNew(messageId: string): Promise<boolean> {
    const key = `whatsapp-cloud:${digest(messageId)}`; // a wamid encodes the phone number
    if (seen.has(key)) return false;
    seen.set(key, true);
    if (!options.markSeen) return true;
    try {
      return await options.markSeen(key);
    } catch (error) {
      logger.warn('whatsapp-cloud: redelivery store unavailable', errorFields(error));
      return true;
    }
  }

  /** Handles one event, in order per worker; rejects when it failed (an inbox then tries again). */
  function handleEvent(event: CloudEvent): Promise<void> {
    // Stopped (or not yet started): an inbox keeps the event for later or for another instance.
    if (!core) return Promise.reject(new Error('The WhatsApp Cloud adapter is not running'));
    if (event.kind === 'status') return enqueue('statuses', () => handleStatus(event.status));
    const { message, from } = event;
    // With an inbox the core's own message key (inside its unit of work) drops a redelivery.
    if (options.inbox) return enqueue(from, () => handleMessage(message, from));
    return enqueue(from, async () => {
      if (await isNew(message.id)) await handleMessage(message, from);
    });
  }

  /** The events of a verified webhook delivery: made durable (an inbox) or queued for handling. */
  async function accept(payload: WebhookPayload): Promise<void> {
    if (payload.object !== 'whatsapp_business_account') return;
    const events: [string, CloudEvent][] = [];
    for (const entry of payload.entry ?? [])
      for (const change of entry.changes ?? []) {
        if (change.field !== 'messages') continue;
        const value = (change.value ?? {}) as CloudValue;
        if (value.metadata?.phone_number_id && value.metadata.phone_number_id !== options.phoneNumberId)
          continue;
        for (const message of value.messages ?? []) {
          if (typeof message?.id !== 'string' || typeof message.from !== 'string') continue;
          const from = message.from.replace(/\D/g, '');
          if (!/^\d{6,15}$/.test(from)) continue;
          events.push([`wac:m:${digest(message.id)}`, { kind: 'message', from, message }]);
        }
        for (const status of value.statuses ?? [])
          events.push([
            `wac:s:${digest(`${status.id}:${status.status}:${JSON.stringify(status.errors ?? [])}`)}`,
            { kind: 'status', status },
          ]);
      }
    const inbox = options.inbox;
    if (inbox) {
      // Before the 200: an instance killed after it has lost nothing (another takes the rows over).
      for (const [key, event] of events) await inbox.put(key, event);
      return;
    }
    for (const [, event] of events) void handleEvent(event).catch(() => {});
  }

  const routes = webhookRoutes({
    verifyToken: options.verifyToken,
    appSecret: options.appSecret,
    maxBodyBytes: options.maxBodyBytes,
    accept: async (payload) => {
      if (!core) throw new Error('not started');
      await accept(payload);
    },
    logger,
  });

  return {
    name: 'whatsapp-cloud',
    capabilities: {
      maxTextLength: LIMITS.text,
      maxButtons: LIMITS.listRows,
      buttons: true,
    } satisfies ChannelCapabilities,
    routes,

    async start(handler) {
      if (core) throw new Error('The WhatsApp Cloud adapter is already started');
      core = handler;
    },

    async stop() {
      await this.idle();
      core = undefined;
    },

    async send(userId, messages) {
      const to = await pseudonyms.widFor(userId);
      if (!to) throw new CloudApiError('not-on-whatsapp');
      if (!(await windows.isOpen(userId, now()))) {
        if (!(await windows.templatePending(userId))) await sendTemplate(to, userId);
        throw new CloudApiError('window-closed');
      }
      try {
        await deliver(to, userId, messages);
      } catch (error) {
        if (error instanceof CloudApiError && error.kind === 'window-closed') {
          await windows.closed(userId);
          await sendTemplate(to, userId);
        }
        throw error;
      }
    },

    async forget(userId) {
      lastChoices.delete(userId);
      await windows.forget(userId);
      await pseudonyms.forget(userId);
    },

    statusOf(messageId) {
      return statuses.get(messageId);
    },

    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },

    handleEvent,
  };
}

/** The fields of a Cloud API message the adapter reads. */
export interface CloudIncoming {
  id: string;
  from: string;
  type: string;
  text?: { body?: string };
  interactive?: { button_reply?: { id?: string }; list_reply?: { id?: string } };
  button?: { text?: string; payload?: string };
  audio?: { voice?: boolean };
}

export interface CloudStatus {
  id?: string;
  status?: string;
  recipient_id?: string;
  errors?: { code?: number }[];
}

interface CloudValue {
  metadata?: { phone_number_id?: string };
  messages?: CloudIncoming[];
  statuses?: CloudStatus[];
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 24);
}

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, '')
    .replace(/\s+/g, ' ');
}
