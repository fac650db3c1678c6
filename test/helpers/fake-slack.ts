/**
 * Test doubles for the Slack desk, all offline:
 * - {@link FakeSlack}: a local Web API server (127.0.0.1, random port) that answers the methods the desk
 *   uses, records every call, keeps the posted messages, and can be down, drop responses or rate-limit.
 * - Signed request builders for Slack's Events API and interactivity (real v0 HMAC-SHA256).
 * - {@link FakeClock}: time and timers driven by the test.
 * - {@link FakeDeskActions}: the core's desk actions over in-memory tickets.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { DeskActions, StaffMember } from '../../src/core/desk.ts';
import type { Ticket } from '../../src/store/port.ts';

export const BOT_USER = 'UBOT0001';
export const BOT_ID = 'BBOT0001';
export const TEAM = 'TTEAM001';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
}

export interface SlackMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  reply_broadcast?: boolean;
  bot_id: string;
  user: string;
  edited?: boolean;
}

type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'drop' }
  | { kind: 'lose-response' }
  | { kind: 'rate-limit'; retryAfter: number };

/** A fake Slack Web API. Start it, point the desk's `apiUrl` at {@link url}. */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly messages: SlackMessage[] = [];
  readonly ephemerals: { channel: string; user: string; text: string; thread_ts?: string }[] = [];
  /** Display names by user id, for users.info. */
  readonly users = new Map<string, string>();
  private server?: Server;
  private portNumber = 0;
  private readonly sockets = new Set<Socket>();
  private readonly faults = new Map<string, Fault[]>();
  private seq = 0;

  /** The open Socket Mode connection, if any (see {@link sendEnvelope}). */
  private socket?: Socket;
  private readonly acks = new Map<string, (payload: unknown) => void>();
  private frameBuffer = Buffer.alloc(0);
  private envelopeSeq = 0;

  constructor(
    readonly token = 'xoxb-test-token',
    readonly appToken = 'xapp-test-token',
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.portNumber}/api/`;
  }

  /** Listens (again, on the same port after {@link down}). */
  async up(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('upgrade', (req, socket) => this.upgrade(req, socket as Socket));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.portNumber, '127.0.0.1', () => resolve());
    });
    this.portNumber = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening: calls now fail with "connection refused". */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next call(s) to `method` fail as described, once each. */
  fail(method: string, ...faults: Fault[]): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...faults]);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Top-level messages in a channel (not thread replies, except those broadcast). */
  channelMessages(channel: string): SlackMessage[] {
    return this.messages.filter((m) => m.channel === channel && (!m.thread_ts || m.reply_broadcast));
  }

  threadReplies(rootTs: string): SlackMessage[] {
    return this.messages.filter((m) => m.thread_ts === rootTs);
  }

  message(ts: string): SlackMessage | undefined {
    return this.messages.find((m) => m.ts === ts);
  }

  private nextTs(): string {
    this.seq += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.seq).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const args = parseBody(raw, String(req.headers['content-type'] ?? ''));
    this.calls.push({ method, args });

    const fault = this.faults.get(method)?.shift();
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'text/plain' }).end('server error');
      return;
    }
    if (fault?.kind === 'rate-limit') {
      res.writeHead(429, { 'retry-after': String(fault.retryAfter), 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }

    const auth = String(req.headers.authorization ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : String(args.token ?? '');
    const result =
      method === 'apps.connections.open'
        ? token === this.appToken
          ? { ok: true, url: `ws://127.0.0.1:${this.portNumber}/link/?ticket=t1&app_id=AAPP0001` }
          : { ok: false, error: 'invalid_auth' }
        : token === this.token
          ? this.answer(method, args)
          : { ok: false, error: 'invalid_auth' };
    if (fault?.kind === 'lose-response') {
      // Slack did the work, but the answer never arrives.
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
  }

  // ------------------------------------------------------------------------ Socket Mode (minimal WebSocket)

  get socketConnected(): boolean {
    return Boolean(this.socket && !this.socket.destroyed);
  }

  /** Sends a Socket Mode envelope (events_api, interactive) and resolves with the app's acknowledgement. */
  sendEnvelope(type: 'events_api' | 'interactive', payload: unknown, retryAttempt = 0): Promise<unknown> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('no Socket Mode connection'));
    const envelopeId = `env-${++this.envelopeSeq}`;
    const acked = new Promise<unknown>((resolve) => this.acks.set(envelopeId, resolve));
    writeFrame(
      socket,
      0x1,
      Buffer.from(
        JSON.stringify({
          envelope_id: envelopeId,
          type,
          payload,
          accepts_response_payload: false,
          retry_attempt: retryAttempt,
          retry_reason: retryAttempt ? 'timeout' : '',
        }),
      ),
    );
    return acked;
  }

  private upgrade(req: IncomingMessage, socket: Socket): void {
    const key = String(req.headers['sec-websocket-key'] ?? '');
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    this.socket = socket;
    this.sockets.add(socket);
    this.frameBuffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => this.onFrames(socket, chunk));
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (this.socket === socket) this.socket = undefined;
    });
    socket.on('error', () => {});
    writeFrame(
      socket,
      0x1,
      Buffer.from(
        JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'AAPP0001' } }),
      ),
    );
  }

  private onFrames(socket: Socket, chunk: Buffer): void {
    this.frameBuffer = Buffer.concat([this.frameBuffer, chunk]);
    for (;;) {
      const b = this.frameBuffer;
      if (b.length < 2) return;
      const opcode = b[0]! & 0x0f;
      let length = b[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (b.length < 4) return;
        length = b.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (b.length < 10) return;
        length = Number(b.readBigUInt64BE(2));
        offset = 10;
      }
      const masked = (b[1]! & 0x80) !== 0;
      const mask = masked ? b.subarray(offset, offset + 4) : undefined;
      if (masked) offset += 4;
      if (b.length < offset + length) return;
      const data = Buffer.from(b.subarray(offset, offset + length));
      if (mask) for (let i = 0; i < data.length; i++) data[i]! ^= mask[i % 4]!;
      this.frameBuffer = b.subarray(offset + length);
      if (opcode === 0x9) writeFrame(socket, 0xa, data);
      else if (opcode === 0x8) socket.end();
      else if (opcode === 0x1) {
        const message = JSON.parse(data.toString('utf8')) as { envelope_id?: string; payload?: unknown };
        if (message.envelope_id) this.acks.get(message.envelope_id)?.(message.payload);
      }
    }
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: BOT_USER, bot_id: BOT_ID, team_id: TEAM, user: 'rights-bot' };
      case 'chat.postMessage': {
        const channel = String(args.channel ?? '');
        if (!/^[CG]/.test(channel)) return { ok: false, error: 'channel_not_found' };
        const threadTs = args.thread_ts ? String(args.thread_ts) : undefined;
        if (threadTs && !this.message(threadTs)) return { ok: false, error: 'thread_not_found' };
        const m: SlackMessage = {
          channel,
          ts: this.nextTs(),
          ...(threadTs ? { thread_ts: threadTs } : {}),
          text: String(args.text ?? ''),
          blocks: args.blocks as unknown[] | undefined,
          metadata: args.metadata as SlackMessage['metadata'],
          reply_broadcast: args.reply_broadcast === true || args.reply_broadcast === 'true',
          bot_id: BOT_ID,
          user: BOT_USER,
        };
        this.messages.push(m);
        return { ok: true, channel, ts: m.ts, message: m };
      }
      case 'chat.update': {
        const m = this.message(String(args.ts ?? ''));
        if (!m || m.channel !== args.channel) return { ok: false, error: 'message_not_found' };
        m.text = String(args.text ?? '');
        m.blocks = args.blocks as unknown[] | undefined;
        m.edited = true;
        return { ok: true, channel: m.channel, ts: m.ts };
      }
      case 'chat.delete': {
        const i = this.messages.findIndex((m) => m.ts === args.ts && m.channel === args.channel);
        if (i === -1) return { ok: false, error: 'message_not_found' };
        this.messages.splice(i, 1);
        return { ok: true, channel: args.channel, ts: args.ts };
      }
      case 'chat.postEphemeral': {
        this.ephemerals.push({
          channel: String(args.channel),
          user: String(args.user),
          text: String(args.text ?? ''),
          ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
        });
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'users.info': {
        const id = String(args.user ?? '');
        const name = this.users.get(id);
        if (!name) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: { id, name: name.toLowerCase(), real_name: name, profile: { display_name: name } },
        };
      }
      case 'conversations.info':
        return { ok: true, channel: { id: String(args.channel), name: 'union-desk', is_member: true } };
      case 'conversations.history': {
        const oldest = Number(args.oldest ?? 0);
        const list = this.messages
          .filter((m) => m.channel === args.channel && !m.thread_ts && Number(m.ts) >= oldest)
          .reverse();
        return { ok: true, messages: list.map((m) => withoutMetadata(m, args)), has_more: false };
      }
      case 'conversations.replies': {
        const root = this.message(String(args.ts ?? ''));
        if (!root) return { ok: false, error: 'thread_not_found' };
        const oldest = Number(args.oldest ?? 0);
        const list = [root, ...this.threadReplies(root.ts)].filter(
          (m) => m === root || Number(m.ts) >= oldest,
        );
        return { ok: true, messages: list.map((m) => withoutMetadata(m, args)), has_more: false };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** Writes one unmasked WebSocket frame (server to client). */
function writeFrame(socket: Socket, opcode: number, data: Buffer): void {
  const head =
    data.length < 126
      ? Buffer.from([0x80 | opcode, data.length])
      : data.length < 65536
        ? Buffer.from([0x80 | opcode, 126, data.length >> 8, data.length & 0xff])
        : (() => {
            const h = Buffer.alloc(10);
            h[0] = 0x80 | opcode;
            h[1] = 127;
            h.writeBigUInt64BE(BigInt(data.length), 2);
            return h;
          })();
  socket.write(Buffer.concat([head, data]));
}

/** Slack returns metadata only when asked with include_all_metadata. */
function withoutMetadata(m: SlackMessage, args: Record<string, unknown>): Partial<SlackMessage> {
  const { metadata, ...rest } = m;
  return args.include_all_metadata === true || args.include_all_metadata === 'true'
    ? { ...rest, metadata }
    : rest;
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json'))
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (/^[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // not JSON: keep the string
      }
    }
    out[k] = v === 'true' ? true : v === 'false' ? false : v;
  }
  return out;
}

// -------------------------------------------------------------------------------- signed requests

/** Slack's request signature: v0=HMAC-SHA256(secret, `v0:${timestamp}:${body}`). */
export function sign(secret: string, timestamp: number, body: string): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
}

export interface SendOptions {
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Sign with this secret instead (a forged request). */
  secret?: string;
  retryNum?: number;
  retryReason?: string;
}

/** Posts a signed body to the desk's HTTP receiver, as Slack would. */
export async function sendSigned(
  url: string,
  secret: string,
  body: string,
  contentType: string,
  options: SendOptions = {},
): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': sign(options.secret ?? secret, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  }
  return fetch(url, { method: 'POST', headers, body });
}

let eventSeq = 0;

/** An Events API envelope around `event`. */
export function eventEnvelope(
  event: Record<string, unknown>,
  eventId = `Ev${++eventSeq}`,
): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM,
    api_app_id: 'AAPP0001',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true }],
    event,
  };
}

export function sendEvent(
  url: string,
  secret: string,
  envelope: unknown,
  options?: SendOptions,
): Promise<Response> {
  return sendSigned(url, secret, JSON.stringify(envelope), 'application/json', options);
}

let messageSeq = 0;

/** A message event as Slack sends it for a reply in a thread. */
export function threadMessage(opts: {
  channel: string;
  threadTs: string;
  user: string;
  text: string;
  subtype?: string;
  botId?: string;
}): Record<string, unknown> {
  messageSeq += 1;
  return {
    type: 'message',
    channel: opts.channel,
    user: opts.user,
    text: opts.text,
    ts: `${Math.floor(Date.now() / 1000)}.9${String(messageSeq).padStart(5, '0')}`,
    thread_ts: opts.threadTs,
    client_msg_id: `cm-${messageSeq}-${Math.random().toString(36).slice(2)}`,
    team: TEAM,
    ...(opts.subtype ? { subtype: opts.subtype } : {}),
    ...(opts.botId ? { bot_id: opts.botId } : {}),
  };
}

/** A block_actions payload for a button click on a message. */
export function buttonClick(opts: {
  actionId: string;
  value: string;
  user: string;
  userName?: string;
  channel: string;
  messageTs: string;
}): Record<string, unknown> {
  const actionTs = `${Date.now() / 1000}`;
  return {
    type: 'block_actions',
    team: { id: TEAM, domain: 'union' },
    user: {
      id: opts.user,
      username: opts.userName ?? opts.user,
      name: opts.userName ?? opts.user,
      team_id: TEAM,
    },
    api_app_id: 'AAPP0001',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: opts.messageTs, channel_id: opts.channel, is_ephemeral: false },
    trigger_id: `trig.${Math.random().toString(36).slice(2)}`,
    channel: { id: opts.channel, name: 'union-desk' },
    message: { type: 'message', ts: opts.messageTs, user: BOT_USER, bot_id: BOT_ID, text: '' },
    response_url: 'http://127.0.0.1:9/unused-response-url',
    actions: [
      {
        type: 'button',
        action_id: opts.actionId,
        block_id: 'ticket_actions',
        value: opts.value,
        action_ts: actionTs,
        text: { type: 'plain_text', text: 'x' },
      },
    ],
  };
}

export function sendInteraction(
  url: string,
  secret: string,
  payload: unknown,
  options?: SendOptions,
): Promise<Response> {
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return sendSigned(url, secret, body, 'application/x-www-form-urlencoded', options);
}

// -------------------------------------------------------------------------------- clock

/** A clock whose time moves only when the test says; timers fire on {@link advance}; sleeps are recorded. */
export class FakeClock {
  private t: number;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  readonly slept: number[] = [];

  constructor(start = '2025-01-15T10:00:00Z') {
    this.t = Date.parse(start);
  }

  now = (): Date => new Date(this.t);

  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.timers = this.timers.filter((x) => x.id !== handle);
  };

  sleep = async (ms: number): Promise<void> => {
    this.slept.push(ms);
    this.t += ms;
  };

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }
}

// -------------------------------------------------------------------------------- desk actions

/** The core's desk actions over in-memory tickets, recording what staff did. */
export class FakeDeskActions implements DeskActions {
  readonly tickets = new Map<string, Ticket>();
  readonly log: { action: string; ticketId: string; staff?: StaffMember; text?: string }[] = [];

  constructor(
    private readonly now: () => Date = () => new Date(),
    tickets: Ticket[] = [],
  ) {
    for (const t of tickets) this.tickets.set(t.id, structuredClone(t));
  }

  add(ticket: Ticket): Ticket {
    this.tickets.set(ticket.id, structuredClone(ticket));
    return structuredClone(ticket);
  }

  private must(id: string): Ticket {
    const t = this.tickets.get(id);
    if (!t) throw new Error(`no ticket ${id}`);
    return t;
  }

  private touch(t: Ticket): Ticket {
    t.updatedAt = this.now().toISOString();
    return structuredClone(t);
  }

  async claim(ticketId: string, staff: StaffMember): Promise<Ticket> {
    const t = this.must(ticketId);
    if (t.status === 'closed') throw new Error('this escalation is closed');
    this.log.push({ action: 'claim', ticketId, staff });
    t.claimedBy = staff;
    if (t.status === 'open') t.status = 'claimed';
    return this.touch(t);
  }

  async reply(ticketId: string, staff: StaffMember, text: string): Promise<Ticket> {
    const t = this.must(ticketId);
    if (t.status === 'closed') throw new Error('this escalation is closed');
    this.log.push({ action: 'reply', ticketId, staff, text });
    t.status = 'answered';
    if (!t.answeredBy.some((s) => s.id === staff.id)) t.answeredBy.push(staff);
    t.transcript.push({ from: 'staff', text, at: this.now().toISOString(), staff: staff.name });
    return this.touch(t);
  }

  async close(ticketId: string, staff: StaffMember): Promise<Ticket> {
    const t = this.must(ticketId);
    this.log.push({ action: 'close', ticketId, staff });
    t.status = 'closed';
    t.closedAt = this.now().toISOString();
    return this.touch(t);
  }

  async handBack(ticketId: string, staff: StaffMember): Promise<Ticket> {
    const t = this.must(ticketId);
    this.log.push({ action: 'handBack', ticketId, staff });
    t.status = 'closed';
    t.closedAt = this.now().toISOString();
    return this.touch(t);
  }

  async setUrgent(ticketId: string, urgent: boolean, staff: StaffMember): Promise<Ticket> {
    const t = this.must(ticketId);
    if (t.status === 'closed') throw new Error('this escalation is closed');
    this.log.push({ action: urgent ? 'raise' : 'lower', ticketId, staff });
    if (urgent && !t.urgent) t.urgentSince = this.now().toISOString();
    t.urgent = urgent;
    t.urgencyChangedBy = { ...staff, urgent, at: this.now().toISOString() };
    return this.touch(t);
  }

  async getTicket(ticketId: string): Promise<Ticket | undefined> {
    const t = this.tickets.get(ticketId);
    return t ? structuredClone(t) : undefined;
  }

  async openTickets(): Promise<Ticket[]> {
    return [...this.tickets.values()]
      .filter((t) => t.status !== 'closed')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((t) => structuredClone(t));
  }

  async setDeskData(ticketId: string, data: Record<string, string>): Promise<Ticket> {
    const t = this.must(ticketId);
    t.desk = { ...t.desk, ...data };
    return this.touch(t);
  }

  async findByDeskData(key: string, value: string): Promise<Ticket | undefined> {
    for (const t of this.tickets.values()) if (t.desk?.[key] === value) return structuredClone(t);
    return undefined;
  }
}

/** A ticket as the core would open it; override what a test needs. */
export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  const at = overrides.createdAt ?? '2025-01-15T10:00:00.000Z';
  return {
    id: 'tk-0001',
    status: 'open',
    workerRef: 'w-7f3a9c',
    address: { channel: 'telegram', userId: '987654321' },
    language: 'es',
    origin: 'PY',
    destination: 'AR',
    question: '¿Puedo cobrar mi jubilación si vuelvo a Paraguay?',
    reason: 'fallback',
    botAnswer: 'No estoy seguro de entender la pregunta.',
    transcript: [
      { from: 'worker', text: 'Hola', at: '2025-01-15T09:58:00.000Z' },
      { from: 'bot', text: '¡Hola! ¿En qué puedo ayudarte?', at: '2025-01-15T09:58:01.000Z' },
      {
        from: 'worker',
        text: '¿Puedo cobrar mi jubilación si vuelvo a Paraguay?',
        at: '2025-01-15T09:59:00.000Z',
      },
    ],
    answeredBy: [],
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
