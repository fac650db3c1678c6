/**
 * The Cloud API webhook, as Hono routes under `/webhook`:
 * - `GET` answers Meta's verification handshake (`hub.mode=subscribe`, `hub.verify_token`, `hub.challenge`);
 * - `POST` accepts an event only with a valid `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with the
 *   app secret, compared in constant time), refuses bodies over the size limit, answers 200 as soon as
 *   `accept` has taken the event (queued it, or with many instances written it to the inbox in
 *   PostgreSQL), so Meta never times out and redelivers, and a kill after the 200 loses nothing.
 *
 * @example
 * app.route('/whatsapp', webhookRoutes({ verifyToken, appSecret, accept: (payload) => queue(payload) }));
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { AdapterLog } from '../telegram/log.ts';

/** The outer shape of a webhook event; the adapter reads the rest. */
export interface WebhookPayload {
  object?: string;
  entry?: { id?: string; changes?: { field?: string; value?: unknown }[] }[];
}

export interface WebhookOptions {
  verifyToken: string;
  appSecret: string;
  /**
   * Takes a verified delivery (queued, or written to an inbox) before the 200; throws when the bot
   * cannot take it now (answered 503, Meta retries).
   */
  accept: (payload: WebhookPayload) => void | Promise<void>;
  maxBodyBytes?: number;
  logger: AdapterLog;
}

/** Meta's events are a few kilobytes; anything much larger is not from Meta. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/** Whether `header` (`sha256=<hex>`) is the HMAC-SHA256 of `body` under `secret`. */
export function validSignature(body: Uint8Array, header: string | undefined, secret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(match[1]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function webhookRoutes(options: WebhookOptions): Hono {
  const max = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const app = new Hono();

  app.get('/webhook', (c) => {
    const mode = c.req.query('hub.mode');
    const token = c.req.query('hub.verify_token') ?? '';
    const challenge = c.req.query('hub.challenge') ?? '';
    if (mode === 'subscribe' && sameSecret(token, options.verifyToken) && /^[\w-]{1,200}$/.test(challenge))
      return c.text(challenge, 200);
    options.logger.warn('whatsapp-cloud: webhook verification refused');
    return c.text('Forbidden', 403);
  });

  app.post('/webhook', async (c) => {
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > max) return c.text('Payload too large', 413);
    const body = await readLimited(c.req.raw, max);
    if (body === 'too-large') return c.text('Payload too large', 413);
    if (!validSignature(body, c.req.header('x-hub-signature-256'), options.appSecret)) {
      options.logger.warn('whatsapp-cloud: webhook with a missing or bad signature refused');
      return c.text('Unauthorized', 401);
    }
    let payload: WebhookPayload;
    try {
      payload = JSON.parse(new TextDecoder().decode(body)) as WebhookPayload;
      if (typeof payload !== 'object' || payload === null) throw new Error('not an object');
    } catch {
      return c.text('Bad request', 400);
    }
    try {
      await options.accept(payload);
    } catch {
      return c.text('Not ready', 503);
    }
    return c.text('OK', 200);
  });

  return app;
}

/** The request body, or 'too-large' as soon as it passes `max` bytes (a missing Content-Length included). */
async function readLimited(request: Request, max: number): Promise<Uint8Array | 'too-large'> {
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return 'too-large';
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHmac('sha256', 'verify').update(given).digest();
  const b = createHmac('sha256', 'verify').update(expected).digest();
  return timingSafeEqual(a, b);
}
