/**
 * The web channel: a chat page at `/`, an embeddable widget at `/widget.js`, and a small JSON + server-
 * sent-events API under `/api/chat/`, all routes of the bot's shared HTTP server. A channel adapter
 * like the others: the core sees `{ channel: 'web', userId }` and never knows about HTTP.
 *
 * Made for a shared or watched phone: nothing about the worker is asked; the conversation id is a
 * random value in an HttpOnly, SameSite=Strict cookie (never in a URL), and the core and store only see
 * a keyed hash of it. The page's history lives in this process's memory (bounded) and is erased by
 * /forget and by "Clear this conversation", which also gives the browser a new id.
 *
 * @example
 * const web = createWebAdapter({ secret, allowedOrigins: env.WEB_ALLOWED_ORIGINS });
 * http.route('/', web.routes);
 * app.registerChannel('web', (id, m) => web.send(id, m), (id) => web.forget(id));
 * await web.start(app.core);
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import type { ChannelAdapter, CoreHandler } from '../../src/core/channel.ts';
import { parseCommand } from '../../src/core/commands.ts';
import type { Logger } from '../../src/core/dialogue.ts';
import type {
  ChannelCapabilities,
  ChoiceButton,
  InboundMessage,
  OutboundMessage,
} from '../../src/core/messages.ts';
import { MAX_INPUT_CHARS } from '../../src/core/normalize.ts';
import { KeyedLock } from '../../src/core/tickets.ts';
import { LANGUAGES, type Language } from '../../src/kb/schema.ts';
import { Conversations, type ConversationEvent, type ConversationLimits } from './conversations.ts';
import { isConversationId, newConversationId, originOf, pageCsp, RateLimiter, WebKeys } from './guard.ts';
import { renderPage } from './page.ts';
import { fromAcceptLanguage, isLanguage, pageLanguage, WEB_STRINGS, webText } from './strings.ts';

/** Longest message the page accepts (the core reads this much of one message). */
export const WEB_MAX_CHARS = MAX_INPUT_CHARS;
/** Largest request body the API reads, in bytes (a message of WEB_MAX_CHARS in any script fits). */
export const WEB_MAX_BODY_BYTES = 16 * 1024;
/** Buttons shown under one message. */
const MAX_BUTTONS = 10;
/** How long the conversation cookie lasts without use. */
const COOKIE_MAX_AGE_SECONDS = 72 * 3600;
/** A comment line on open event streams, so proxies do not close quiet ones. */
const KEEPALIVE_MS = 25_000;
/** Buttons always available on the page, whatever was shown last. */
const ALWAYS_ALLOWED = new Set(['cmd:start', 'cmd:help', 'cmd:human', 'cmd:cancel']);

const STATIC_DIR = path.join(import.meta.dirname, 'static');

export interface WebLimits {
  /** Messages per conversation per window. Keep it under the core's own limit (30 a minute). */
  perConversation: number;
  /** Requests that change something (messages, clear), per client address per window. */
  perAddress: number;
  windowMs: number;
  /** Open event streams per client address, and in all. */
  streamsPerAddress: number;
  maxStreams: number;
}

export const DEFAULT_WEB_LIMITS: WebLimits = {
  perConversation: 20,
  perAddress: 120,
  windowMs: 60_000,
  streamsPerAddress: 30,
  maxStreams: 5_000,
};

export interface WebAdapterOptions {
  /** The bot's secret (PSEUDONYM_SECRET or the generated one): keys for CSRF tokens and user ids. */
  secret: string;
  /** Origins whose pages may embed the chat (WEB_ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[];
  /** The neutral page "Leave quickly" goes to (WEB_EXIT_URL). */
  exitUrl?: string;
  /** Read the client address and https from X-Forwarded-For / -Proto / -Host (WEB_TRUST_PROXY). */
  trustProxy?: boolean;
  logger?: Logger;
  limits?: Partial<WebLimits>;
  conversationLimits?: Partial<ConversationLimits>;
  now?: () => number;
}

export interface WebAdapter extends ChannelAdapter {
  /** Mount with `http.route('/', web.routes)`. */
  readonly routes: Hono;
  readonly conversations: Conversations;
  /** The page, widget and assets as served, for size checks: name → bytes. */
  assetSizes(): Record<string, { raw: number; gzip: number }>;
}

interface Asset {
  body: Buffer;
  gzip: Buffer;
  type: string;
  hash: string;
}

function loadAsset(file: string, type: string, transform: (s: string) => string = (s) => s): Asset {
  const body = Buffer.from(transform(readFileSync(path.join(STATIC_DIR, file), 'utf8')));
  return {
    body,
    gzip: gzipSync(body, { level: 9 }),
    type,
    hash: createHash('sha256').update(body).digest('base64url').slice(0, 12),
  };
}

export function createWebAdapter(options: WebAdapterOptions): WebAdapter {
  const log = options.logger ?? { info() {}, warn() {}, error() {} };
  const now = options.now ?? Date.now;
  const limits = { ...DEFAULT_WEB_LIMITS, ...options.limits };
  const allowed = [...(options.allowedOrigins ?? [])];
  const exitUrl = options.exitUrl ?? 'https://www.wikipedia.org/';
  const keys = new WebKeys(options.secret);
  const conversations = new Conversations(options.conversationLimits, now);
  const lock = new KeyedLock();
  const byConversation = new RateLimiter(limits.perConversation, limits.windowMs, 50_000, now);
  const byAddress = new RateLimiter(limits.perAddress, limits.windowMs, 50_000, now);
  const streamsByAddress = new Map<string, number>();
  let streams = 0;
  /** Recent client message ids per conversation, so a double submit is answered once. */
  const recentIds = new Map<string, string[]>();
  let core: CoreHandler | undefined;

  const launcherStrings = Object.fromEntries(
    LANGUAGES.map((l) => [l, { open: WEB_STRINGS[l].open, close: WEB_STRINGS[l].close }]),
  );
  const assets: Record<string, Asset> = {
    'chat.js': loadAsset('chat.js', 'text/javascript; charset=utf-8'),
    'chat.css': loadAsset('chat.css', 'text/css; charset=utf-8'),
    'icon.svg': loadAsset('icon.svg', 'image/svg+xml'),
  };
  const widget = loadAsset('widget.js', 'text/javascript; charset=utf-8', (s) =>
    s.replace('/*STRINGS*/ {}', JSON.stringify(launcherStrings)),
  );
  const assetUrl = (name: string) => `/chat-assets/${name}?v=${assets[name]!.hash}`;

  // ── Request helpers ──────────────────────────────────────────────────────────────────────────

  function isHttps(c: Context): boolean {
    if (options.trustProxy) {
      const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
      if (proto) return proto === 'https';
    }
    return new URL(c.req.url).protocol === 'https:';
  }

  function selfOrigin(c: Context): string {
    const host =
      (options.trustProxy ? c.req.header('x-forwarded-host')?.split(',')[0]?.trim() : undefined) ??
      c.req.header('host') ??
      new URL(c.req.url).host;
    return `${isHttps(c) ? 'https' : 'http'}://${host}`;
  }

  function clientAddress(c: Context): string {
    if (options.trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
      if (forwarded) return forwarded;
    }
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown';
    }
  }

  const cookieName = (c: Context) => (isHttps(c) ? '__Host-mrb_chat' : 'mrb_chat');

  function conversationId(c: Context): string | undefined {
    const value = getCookie(c, cookieName(c));
    return isConversationId(value) ? value : undefined;
  }

  function giveConversationId(c: Context): string {
    const id = newConversationId();
    setCookie(c, cookieName(c), id, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(c),
      path: '/',
      maxAge: COOKIE_MAX_AGE_SECONDS,
    });
    return id;
  }

  function langOf(c: Context, id: string | undefined): Language {
    const stored = id ? conversations.get(keys.userId(id))?.lang : undefined;
    return stored ?? fromAcceptLanguage(c.req.header('accept-language')) ?? 'en';
  }

  function noStore(c: Context): void {
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  }

  /** A refusal the page can show: status, a code, and the reason in the worker's language. */
  function refuse(
    c: Context,
    status: 400 | 403 | 413 | 422 | 429 | 503,
    error: string,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    noStore(c);
    return c.json({ error, message, ...extra }, status);
  }

  /**
   * May this request change something? Only when it comes from this site's own page: the browser
   * says so (Sec-Fetch-Site, Origin), and it carries the token only that page can read.
   */
  function sameOriginWithToken(c: Context, id: string | undefined): boolean {
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin') return false;
    const origin = c.req.header('origin');
    if (!origin || origin !== selfOrigin(c)) return false;
    if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) return false;
    return id !== undefined && keys.checkCsrf(id, c.req.header('x-csrf-token'));
  }

  /** Reads of the conversation: never on behalf of another site. */
  function notCrossSite(c: Context): boolean {
    const site = c.req.header('sec-fetch-site');
    return site === undefined || site === 'same-origin' || site === 'none';
  }

  function toEntryChoices(choices: ChoiceButton[] | undefined): ChoiceButton[] | undefined {
    if (!choices || choices.length === 0) return undefined;
    return choices
      .slice(0, MAX_BUTTONS)
      .map((ch) => ({ label: ch.label.trim() || ch.value, value: ch.value }));
  }

  function rememberClientId(userId: string, clientId: string): boolean {
    const ids = recentIds.get(userId) ?? [];
    if (ids.includes(clientId)) return false;
    ids.push(clientId);
    if (ids.length > 20) ids.shift();
    recentIds.delete(userId);
    recentIds.set(userId, ids);
    if (recentIds.size > 10_000) recentIds.delete(recentIds.keys().next().value!);
    return true;
  }

  /** Erases the conversation here and in the core (as /forget does), then gives the browser a new id. */
  async function eraseAndRenew(c: Context, userId: string): Promise<string> {
    conversations.erase(userId);
    recentIds.delete(userId);
    const id = giveConversationId(c);
    return keys.csrfToken(id);
  }

  // ── Routes ───────────────────────────────────────────────────────────────────────────────────

  const routes = new Hono();

  routes.get('/', (c) => {
    noStore(c);
    c.header('Content-Security-Policy', pageCsp(allowed));
    c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    // Framed by another site: only by one of the allowed ones (the CSP's frame-ancestors says the same).
    if (c.req.header('sec-fetch-dest') === 'iframe' && c.req.header('sec-fetch-site') !== 'same-origin') {
      const from = originOf(c.req.header('referer'));
      if (from && from !== selfOrigin(c) && !allowed.includes(from)) return c.text('Not allowed here.', 403);
    }
    const id = conversationId(c) ?? giveConversationId(c);
    const stored = conversations.get(keys.userId(id))?.lang;
    const lang =
      stored ??
      pageLanguage(c.req.query('lang')) ??
      fromAcceptLanguage(c.req.header('accept-language')) ??
      'en';
    return c.html(
      renderPage({
        lang,
        csrf: keys.csrfToken(id),
        embedded: c.req.query('embed') === '1',
        exitUrl,
        maxChars: WEB_MAX_CHARS,
        assets: { js: assetUrl('chat.js'), css: assetUrl('chat.css'), icon: assetUrl('icon.svg') },
      }),
    );
  });

  function serveAsset(c: Context, asset: Asset, crossOrigin: boolean) {
    c.header('Content-Type', asset.type);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cross-Origin-Resource-Policy', crossOrigin ? 'cross-origin' : 'same-origin');
    c.header('Vary', 'Accept-Encoding');
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    if (gzip) c.header('Content-Encoding', 'gzip');
    return c.body(new Uint8Array(gzip ? asset.gzip : asset.body));
  }

  routes.get('/chat-assets/:name', (c) => {
    const asset = assets[c.req.param('name')];
    if (!asset) return c.notFound();
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return serveAsset(c, asset, false);
  });

  routes.get('/widget.js', (c) => {
    // A script tag sends no Origin; one that does (crossorigin attribute, fetch) must be an allowed site.
    const origin = c.req.header('origin');
    if (origin && origin !== selfOrigin(c) && !allowed.includes(origin)) return c.text('Not allowed.', 403);
    c.header('Cache-Control', 'public, max-age=3600');
    return serveAsset(c, widget, true);
  });

  routes.get('/api/chat/history', (c) => {
    noStore(c);
    if (!notCrossSite(c)) return refuse(c, 403, 'refused', webText('en', 'refused'));
    const id = conversationId(c);
    const conv = id ? conversations.get(keys.userId(id)) : undefined;
    return c.json({ lang: conv?.lang ?? langOf(c, id), entries: conv?.entries ?? [] });
  });

  routes.get('/api/chat/events', (c) => {
    noStore(c);
    if (!notCrossSite(c)) return refuse(c, 403, 'refused', webText('en', 'refused'));
    const id = conversationId(c);
    // No conversation cookie: 204 tells EventSource not to reconnect; the page reloads to get one.
    if (!id) return c.body(null, 204);
    const address = clientAddress(c);
    const fromAddress = streamsByAddress.get(address) ?? 0;
    if (streams >= limits.maxStreams || fromAddress >= limits.streamsPerAddress)
      return refuse(c, 429, 'rate_limited', webText(langOf(c, id), 'rateLimited'));
    const userId = keys.userId(id);
    streams += 1;
    streamsByAddress.set(address, fromAddress + 1);
    c.header('X-Accel-Buffering', 'no');
    const release = () => {
      streams -= 1;
      const left = (streamsByAddress.get(address) ?? 1) - 1;
      if (left <= 0) streamsByAddress.delete(address);
      else streamsByAddress.set(address, left);
    };
    return streamSSE(c, async (stream) => {
      let finish!: () => void;
      const done = new Promise<void>((resolve) => (finish = resolve));
      stream.onAbort(() => finish());
      let chain: Promise<unknown> = Promise.resolve();
      const enqueue = (step: () => Promise<unknown>) => {
        chain = chain.then(step).catch(() => finish());
      };
      const send = (event: string, data: unknown) =>
        enqueue(() => stream.writeSSE({ event, data: JSON.stringify(data) }));
      const unsubscribe = conversations.subscribe(userId, (event: ConversationEvent) => {
        if (event.type === 'entries') return send('entries', { entries: event.entries });
        // Erased: the page starts again and reconnects with its new cookie.
        send('erased', {});
        enqueue(async () => finish());
      });
      const conv = conversations.get(userId);
      send('snapshot', { entries: conv?.entries ?? [], lang: conv?.lang });
      const keepalive = setInterval(() => enqueue(() => stream.write(': keepalive\n\n')), KEEPALIVE_MS);
      try {
        await done;
      } finally {
        clearInterval(keepalive);
        unsubscribe();
        release();
      }
    });
  });

  const limitBody = bodyLimit({
    maxSize: WEB_MAX_BODY_BYTES,
    onError: (c) =>
      refuse(
        c,
        413,
        'too_large',
        webText(langOf(c, conversationId(c)), 'tooLong', { count: '>' + WEB_MAX_CHARS, max: WEB_MAX_CHARS }),
      ),
  });

  routes.post('/api/chat/message', limitBody, async (c) => {
    const id = conversationId(c);
    const lang = langOf(c, id);
    if (!sameOriginWithToken(c, id)) return refuse(c, 403, 'refused', webText(lang, 'refused'));
    const userId = keys.userId(id!);
    if (!byAddress.take(clientAddress(c))) {
      c.header('Retry-After', String(byAddress.retryAfter(clientAddress(c))));
      return refuse(c, 429, 'rate_limited', webText(lang, 'rateLimited'));
    }
    if (!byConversation.take(userId)) {
      c.header('Retry-After', String(byConversation.retryAfter(userId)));
      return refuse(c, 429, 'rate_limited', webText(lang, 'rateLimited'));
    }
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = await c.req.json();
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('shape');
      body = parsed as Record<string, unknown>;
    } catch {
      return refuse(c, 400, 'bad_request', webText(lang, 'sendFailed'));
    }
    const { text, action, id: clientId, lang: pageLang } = body;
    if ((text === undefined) === (action === undefined))
      return refuse(c, 400, 'bad_request', webText(lang, 'sendFailed'));
    if (text !== undefined && typeof text !== 'string')
      return refuse(c, 400, 'bad_request', webText(lang, 'sendFailed'));
    if (action !== undefined && (typeof action !== 'string' || action.length > 200))
      return refuse(c, 400, 'bad_request', webText(lang, 'sendFailed'));
    if (clientId !== undefined && (typeof clientId !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(clientId)))
      return refuse(c, 400, 'bad_request', webText(lang, 'sendFailed'));
    if (typeof text === 'string' && text.length > WEB_MAX_CHARS)
      return refuse(
        c,
        422,
        'too_long',
        webText(lang, 'tooLong', { count: text.length, max: WEB_MAX_CHARS }),
        {
          max: WEB_MAX_CHARS,
        },
      );

    return lock.run(userId, async () => {
      noStore(c);
      if (clientId !== undefined && !rememberClientId(userId, clientId)) return c.json({ entries: [] });
      // A button press: one the page showed (the last choices), or one always on the page.
      let echo: string | undefined = typeof text === 'string' ? text : undefined;
      if (typeof action === 'string') {
        const shown = conversations.lastChoices(userId).find((ch) => ch.value === action);
        const language = /^lang:(.+)$/.exec(action)?.[1];
        if (!shown && !ALWAYS_ALLOWED.has(action) && !isLanguage(language))
          return c.json({ entries: [], notice: webText(lang, 'expiredButton') });
        echo = shown?.label;
      }
      const conv = conversations.open(userId);
      conv.lang ??= isLanguage(pageLang) ? pageLang : lang;
      const workerEntries = echo ? conversations.append(userId, [{ from: 'worker', text: echo }]) : [];
      const inbound: InboundMessage = {
        address: { channel: 'web', userId },
        messageId: `${userId}:${clientId ?? randomUUID()}`,
        localeHint: conv.lang,
        receivedAt: new Date(now()),
        ...(typeof action === 'string' ? { action } : { text: text as string }),
      };
      let replies: OutboundMessage[];
      try {
        replies = core ? await core.handle(inbound) : [{ text: webText(conv.lang ?? lang, 'error') }];
      } catch (error) {
        log.error(
          { error: error instanceof Error ? error.name : 'unknown' },
          'web: the core failed on a message',
        );
        replies = [{ text: webText(conv.lang ?? lang, 'error') }];
      }
      if (conversations.get(userId) !== conv) {
        // Erased while the core handled it (/forget): nothing of it stays, the browser gets a new id.
        const csrf = await eraseAndRenew(c, userId);
        return c.json({ erased: true, csrf, notice: replies.map((r) => r.text).join('\n\n') });
      }
      const botEntries = conversations.append(
        userId,
        replies.map((r) => ({ from: 'bot' as const, text: r.text, choices: toEntryChoices(r.choices) })),
      );
      const chosen =
        typeof action === 'string' ? /^lang:(.+)$/.exec(action)?.[1] : languageCommand(text as string);
      if (isLanguage(chosen)) conv.lang = chosen;
      return c.json({ entries: [...workerEntries, ...botEntries], lang: conv.lang });
    });
  });

  routes.post('/api/chat/clear', limitBody, async (c) => {
    const id = conversationId(c);
    const lang = langOf(c, id);
    if (!sameOriginWithToken(c, id)) return refuse(c, 403, 'refused', webText(lang, 'refused'));
    if (!byAddress.take(clientAddress(c)))
      return refuse(c, 429, 'rate_limited', webText(lang, 'rateLimited'));
    const userId = keys.userId(id!);
    return lock.run(userId, async () => {
      noStore(c);
      try {
        // Exactly what /forget does: the session, tickets and what this adapter keeps.
        await core?.handle({
          address: { channel: 'web', userId },
          messageId: `${userId}:clear:${randomUUID()}`,
          action: 'cmd:forget',
        });
      } catch (error) {
        log.error({ error: error instanceof Error ? error.name : 'unknown' }, 'web: erasing failed');
        return refuse(c, 503, 'failed', webText(lang, 'error'));
      }
      const csrf = await eraseAndRenew(c, userId);
      return c.json({ erased: true, csrf, notice: webText(lang, 'cleared') });
    });
  });

  return {
    name: 'web',
    capabilities: {
      maxTextLength: 20_000,
      maxButtons: MAX_BUTTONS,
      buttons: true,
    } satisfies ChannelCapabilities,
    routes,
    conversations,

    async start(handler) {
      core = handler;
    },

    async stop() {
      core = undefined;
    },

    async send(userId, messages) {
      // Kept even when no page is open: the worker sees it on their next visit.
      conversations.append(
        userId,
        messages.map((m) => ({ from: 'desk' as const, text: m.text, choices: toEntryChoices(m.choices) })),
      );
    },

    async forget(userId) {
      conversations.erase(userId);
      recentIds.delete(userId);
    },

    assetSizes() {
      const page = Buffer.from(
        renderPage({
          lang: 'en',
          csrf: 'x'.repeat(43),
          embedded: false,
          exitUrl,
          maxChars: WEB_MAX_CHARS,
          assets: { js: assetUrl('chat.js'), css: assetUrl('chat.css'), icon: assetUrl('icon.svg') },
        }),
      );
      const sizes: Record<string, { raw: number; gzip: number }> = {
        page: { raw: page.length, gzip: gzipSync(page, { level: 9 }).length },
        'widget.js': { raw: widget.body.length, gzip: widget.gzip.length },
      };
      for (const [name, a] of Object.entries(assets))
        sizes[name] = { raw: a.body.length, gzip: a.gzip.length };
      return sizes;
    },
  };
}

/** The language a typed "/language xx" asks for, if any. */
function languageCommand(text: string): string | undefined {
  const command = parseCommand(text);
  return command?.name === 'language' ? command.arg.toLowerCase() : undefined;
}
