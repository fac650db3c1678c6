/**
 * A small client for the one WhatsApp Business Cloud API call the bot makes: `POST /{phone-number-id}/messages`.
 * Plain `fetch` with a timeout; every failure becomes a {@link CloudApiError} that says whether
 * retrying can help, so the core's outbox keeps what is worth keeping and drops what never will go.
 *
 * @example
 * const graph = createGraphClient({ apiUrl: 'https://graph.facebook.com/v23.0', token, phoneNumberId });
 * const { messageId } = await graph.send({ to: '34600111222', type: 'text', text: { body: 'Hola' } });
 */

/** The Graph API base the adapter uses by default: a pinned version, so a Meta change never surprises it. */
export const DEFAULT_GRAPH_API_URL = 'https://graph.facebook.com/v23.0';

/** Why a call failed, in the words the adapter acts on. */
export type CloudErrorKind =
  | 'rate-limited' // too many messages (to this number or in total): wait and retry
  | 'window-closed' // more than 24 hours since the worker's last message: only a template may go
  | 'not-on-whatsapp' // the number cannot receive WhatsApp messages
  | 'auth' // the access token expired or lacks permission: an operator must act; keep the messages
  | 'bad-request' // the message itself is wrong (too long, bad parameter): retrying cannot help
  | 'unavailable'; // network failure, timeout, 5xx, or an error Meta itself calls temporary

/** A failed Cloud API call. `permanent` items are dropped by the outbox; the others are retried. */
export class CloudApiError extends Error {
  override readonly name = 'CloudApiError';
  readonly permanent: boolean;
  constructor(
    readonly kind: CloudErrorKind,
    /** Meta's numeric error code, when the API answered with one. */
    readonly code?: number,
    options?: { cause?: unknown },
  ) {
    super(`WhatsApp Cloud API: ${kind}${code === undefined ? '' : ` (code ${code})`}`, options);
    this.permanent = kind === 'not-on-whatsapp' || kind === 'bad-request';
  }
}

/**
 * Meta's error codes, grouped by what the bot can do about them (developers.facebook.com,
 * "Cloud API error codes"). Codes not listed fall back on the HTTP status.
 */
const CODE_KINDS: Record<number, CloudErrorKind> = {
  4: 'rate-limited', // application request limit
  80007: 'rate-limited', // WhatsApp Business Account rate limit
  130429: 'rate-limited', // Cloud API throughput reached
  131048: 'rate-limited', // spam rate limit
  131056: 'rate-limited', // too many messages to one number
  131047: 'window-closed', // re-engagement: more than 24 hours since the customer's last message
  131026: 'not-on-whatsapp', // message undeliverable (not on WhatsApp, old app, or blocked)
  131021: 'bad-request', // recipient cannot be the sender
  131051: 'bad-request', // unsupported message type
  131008: 'bad-request', // a required parameter is missing
  131009: 'bad-request', // a parameter value is not valid
  100: 'bad-request', // invalid parameter
  132000: 'bad-request', // template parameter count mismatch
  132001: 'bad-request', // template does not exist in this language
  0: 'auth', // AuthException
  3: 'auth', // capability or permission missing
  10: 'auth', // permission denied
  190: 'auth', // access token expired or invalid
  200: 'auth', // permission error
  131000: 'unavailable', // something went wrong (Meta asks to retry)
  131016: 'unavailable', // service overloaded
  133004: 'unavailable', // server temporarily unavailable
  368: 'unavailable', // temporarily blocked for policy violations
};

export function classify(status: number, code: number | undefined): CloudErrorKind {
  if (code !== undefined && CODE_KINDS[code]) return CODE_KINDS[code];
  if (status === 429) return 'rate-limited';
  if (status === 401 || status === 403) return 'auth';
  if (status >= 500) return 'unavailable';
  if (status >= 400) return 'bad-request';
  return 'unavailable';
}

/** A message body as the Cloud API takes it (`messaging_product` and `recipient_type` are added). */
export type CloudMessage = { to: string; type: 'text' | 'interactive' | 'template' } & Record<
  string,
  unknown
>;

export interface GraphClient {
  /** Sends one message; resolves with the `wamid` Meta assigned to it. */
  send(message: CloudMessage): Promise<{ messageId?: string }>;
}

export interface GraphClientOptions {
  apiUrl?: string;
  token: string;
  phoneNumberId: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const base = (options.apiUrl ?? DEFAULT_GRAPH_API_URL).replace(/\/+$/, '');
  const url = `${base}/${encodeURIComponent(options.phoneNumberId)}/messages`;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    async send(message) {
      let response: Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', ...message }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        // The cause may quote the URL; it holds no token (that is a header), but keep it out anyway.
        throw new CloudApiError('unavailable', undefined, {
          cause: error instanceof Error ? error.name : 'fetch',
        });
      }
      const body = (await response.json().catch(() => ({}))) as {
        messages?: { id?: string }[];
        error?: { code?: number };
      };
      if (!response.ok || body.error) {
        const code = typeof body.error?.code === 'number' ? body.error.code : undefined;
        throw new CloudApiError(classify(response.status, code), code);
      }
      return { messageId: body.messages?.[0]?.id };
    },
  };
}
