/**
 * Protections of the web chat's HTTP surface: conversation ids and their CSRF tokens, which requests
 * may change anything (same origin only), which sites may embed the chat, and rate limits.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new conversation id: 192 random bits, URL-safe. It lives only in an HttpOnly cookie. */
export function newConversationId(): string {
  return randomBytes(24).toString('base64url');
}

export function isConversationId(value: string | undefined): value is string {
  return value !== undefined && /^[A-Za-z0-9_-]{32}$/.test(value);
}

/** Keys derived from the bot's secret, one per purpose, so one cannot stand in for the other. */
export class WebKeys {
  private readonly csrfKey: Buffer;
  private readonly userKey: Buffer;

  constructor(secret: string) {
    this.csrfKey = createHmac('sha256', secret).update('web-chat:csrf').digest();
    this.userKey = createHmac('sha256', secret).update('web-chat:user').digest();
  }

  /** The token the page must echo in X-CSRF-Token; bound to the conversation id. */
  csrfToken(conversationId: string): string {
    return createHmac('sha256', this.csrfKey).update(conversationId).digest('base64url');
  }

  checkCsrf(conversationId: string, token: string | undefined): boolean {
    if (!token || token.length > 100) return false;
    const expected = Buffer.from(this.csrfToken(conversationId));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /**
   * The channel user id the core and store see: a keyed hash of the cookie's value, so neither the
   * store on disk nor a ticket holds the value that would let someone continue the conversation.
   */
  userId(conversationId: string): string {
    return createHmac('sha256', this.userKey).update(conversationId).digest('base64url').slice(0, 32);
  }
}

/** "https://union.example" from a URL or origin; undefined when it is not one. */
export function originOf(value: string | undefined): string | undefined {
  if (!value || value === 'null') return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * A sliding-window limit per key (a conversation, an address): at most `limit` events per `windowMs`.
 * Keys are bounded; the oldest are dropped when there are too many.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one event; false when the key is over its limit (the event is not counted then). */
  take(key: string): boolean {
    const now = this.now();
    const times = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    this.hits.delete(key);
    if (times.length >= this.limit) {
      this.hits.set(key, times);
      return false;
    }
    times.push(now);
    this.hits.set(key, times);
    if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
    return true;
  }

  /** Seconds until the key may send again (0 when it may now). */
  retryAfter(key: string): number {
    const times = this.hits.get(key) ?? [];
    if (times.length < this.limit) return 0;
    return Math.max(1, Math.ceil((times[0]! + this.windowMs - this.now()) / 1000));
  }
}

/** The Content-Security-Policy of the chat page: nothing but this origin, framed only by allowed sites. */
export function pageCsp(allowedOrigins: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    `frame-ancestors ${["'self'", ...allowedOrigins].join(' ')}`,
  ].join('; ');
}
