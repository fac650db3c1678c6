/**
 * The Slack staff desk: union staff see escalations in a channel, claim them, answer in the thread, and
 * close or hand them back to the bot — all through a real Bolt app (HTTP events or Socket Mode).
 *
 * The core owns tickets and retries: {@link StaffDesk.ticketOpened} and friends throw when Slack cannot be
 * reached and the core's outbox calls them again later. Every call here is therefore idempotent: a post
 * whose response was lost is found again (by message metadata) instead of being posted twice, and
 * updates re-render the whole message from the ticket.
 *
 * @example
 *   const desk = createSlackDesk({ botToken, signingSecret, staffChannel: 'C0123', port: 3000, remindMinutes: 15 });
 *   await desk.start(core.deskActions);
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Logger as BoltLogger } from '@slack/bolt';
import type { Env } from '../../src/config/env.ts';
import type { DeskActions, StaffDesk, StaffMember } from '../../src/core/desk.ts';
import { silentLogger, type Logger } from '../../src/core/dialogue.ts';
import { officeHoursNotice } from '../../src/core/office-hours.ts';
import type { Ticket, TranscriptEntry } from '../../src/store/port.ts';
import {
  ACTION_CLAIM,
  ACTION_CLOSE,
  ACTION_HAND_BACK,
  ACTION_URGENT_LOWER,
  ACTION_URGENT_RAISE,
  DESK,
  METADATA_EVENT,
  renderClosedNote,
  renderReminder,
  renderTicket,
  renderUrgentNotice,
  renderUrgentReminder,
  renderWorkerMessage,
  type RenderedMessage,
} from './blocks.ts';
import { slackToPlain } from './mrkdwn.ts';

/** The project's structured logger (src/core/logger.ts). Worker and staff text is never passed to it. */
export type DeskLogger = Logger;

const SLACK = { component: 'slack' } as const;

/** The fields of a Slack `message` event the desk reads. */
interface SlackMessageEvent {
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  channel?: string;
  ts?: string;
  thread_ts?: string;
  client_msg_id?: string;
  files?: unknown[];
}

/** Time and timers, injectable so tests drive reminders and rate-limit waits without waiting. */
export interface Scheduler {
  now(): Date;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  sleep(ms: number): Promise<void>;
}

export const realScheduler: Scheduler = {
  now: () => new Date(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface SlackDeskOptions {
  /** SLACK_BOT_TOKEN (xoxb-…). */
  botToken: string;
  /** SLACK_SIGNING_SECRET: HTTP events, signatures verified, stale timestamps refused. */
  signingSecret?: string;
  /** SLACK_APP_TOKEN (xapp-…): Socket Mode; preferred when both are set (no public URL needed). */
  appToken?: string;
  /** SLACK_STAFF_CHANNEL: a channel id (C…/G…) is best; a name works for posting. */
  staffChannel: string;
  /** SLACK_STAFF_USERS: user ids allowed to act; empty means every member of the staff channel. */
  staffUsers?: string[];
  /** SLACK_PORT for HTTP events; 0 picks a free port (see {@link SlackDesk.port}). */
  port?: number;
  /** Interface to listen on for HTTP events (default all). */
  host?: string;
  /**
   * HTTP events are served by the bot's shared HTTP server (WEB_PORT) through {@link SlackDesk.httpListener}
   * instead of a port of their own, so every instance sits behind one load balancer on one port.
   */
  shared?: boolean;
  /** SLACK_API_URL: Web API base URL (GovSlack, tests), e.g. https://slack.com/api/. */
  apiUrl?: string;
  /** SLACK_REMIND_MINUTES: re-announce an unclaimed ticket this often (default 15). */
  remindMinutes?: number;
  /**
   * SLACK_URGENT_MENTION in Slack's syntax (<!subteam^S0123>, <@U0123>, <!here>): pinged when a worker may
   * be in danger, and in every urgent reminder. The only mention a worker's message can cause.
   */
  urgentMention?: string;
  /** How often an unclaimed urgent ticket is reminded of, in or out of office hours (default 15). */
  urgentRemindMinutes?: number;
  /** Office hours; reminders pause outside them and the root message says when staff are back. */
  officeHours?: { hours?: string; days?: string; tz: string };
  logger?: DeskLogger;
  clock?: Scheduler;
  /** Answer Slack's HTTP request only after handling it (tests; serverless). Default false: ack at once. */
  processBeforeResponse?: boolean;
  /** Longest Retry-After this process waits for before giving the call back to the core's outbox. */
  maxRateLimitWaitSeconds?: number;
  /** Web API request timeout. */
  requestTimeoutMs?: number;
  /** How long start() waits for the Socket Mode connection before letting the bot run without it. */
  connectTimeoutMs?: number;
}

const INTERNAL_NOTE = /^\s*\/\//;
/** Desk data key prefix recording a thread post (value: its ts, or `pending:<time>` while posting). */
const POST_PREFIX = 'slackPost_';
/** Desk data key prefix recording a staff message already relayed to the worker (by its Slack ts). */
const RELAYED_PREFIX = 'slackRelayed_';

/** True for errors that say nothing about the request itself: Slack unreachable, 5xx, rate limits. */
export function isTransient(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  if (code === webApi.ErrorCode.RequestError || code === webApi.ErrorCode.RateLimitedError) return true;
  if (code === webApi.ErrorCode.HTTPError)
    return ((error as { statusCode?: number }).statusCode ?? 500) >= 500;
  if (code === webApi.ErrorCode.PlatformError) {
    const e = (error as { data?: { error?: string } }).data?.error;
    return (
      e === 'internal_error' || e === 'fatal_error' || e === 'service_unavailable' || e === 'request_timeout'
    );
  }
  return false;
}

function platformError(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } } | undefined;
  return e?.code === webApi.ErrorCode.PlatformError ? e.data?.error : undefined;
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; data?: { error?: string } } | undefined;
  return platformError(error) ?? e?.code ?? e?.message ?? String(error);
}

/** Bolt's logger interface over ours; Bolt's and the Web API's debug output (which carries bodies) is dropped. */
function boltLogger(logger: DeskLogger): BoltLogger {
  let level = LogLevel.INFO;
  return {
    debug: () => {},
    info: (...msg: unknown[]) => logger.info({ component: 'slack-bolt' }, msg.map(String).join(' ')),
    warn: (...msg: unknown[]) => logger.warn({ component: 'slack-bolt' }, msg.map(String).join(' ')),
    error: (...msg: unknown[]) => logger.error({ component: 'slack-bolt' }, msg.map(String).join(' ')),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/** A `message_changed` event: the edited message and what it said before. */
interface EditEvent {
  channel?: string;
  message?: { user?: string; bot_id?: string; text?: string; ts?: string; thread_ts?: string };
  previous_message?: { text?: string };
}

/** Remembers deliveries already handled (and those in progress) for a while. */
class Deduper {
  private readonly done = new Map<string, number>();
  private readonly running = new Set<string>();
  constructor(
    private readonly ttlMs: number,
    private readonly max = 5000,
  ) {}

  /** Runs `fn` unless `key` is being or has been handled; a failure lets a redelivery try again. */
  async once(key: string | undefined, now: number, fn: () => Promise<void>): Promise<boolean> {
    if (!key) {
      await fn();
      return true;
    }
    for (const [k, at] of this.done) {
      if (now - at < this.ttlMs && this.done.size <= this.max) break;
      this.done.delete(k);
    }
    if (this.running.has(key) || this.done.has(key)) return false;
    this.running.add(key);
    try {
      await fn();
      this.done.set(key, now);
      return true;
    } finally {
      this.running.delete(key);
    }
  }
}

/**
 * The Slack desk. Construction does no I/O; {@link start} connects (HTTP listener or Socket Mode).
 */
export class SlackDesk implements StaffDesk {
  /** The Bolt app, for tests and for adding routes. */
  readonly app: App;
  /** The Bolt receiver in use. */
  readonly receiver: HTTPReceiver | SocketModeReceiver;
  readonly transport: 'http' | 'socket';
  private readonly web: webApi.WebClient;
  private readonly clock: Scheduler;
  private readonly logger: DeskLogger;
  private readonly staffUsers: Set<string>;
  private readonly remindMs: number;
  private readonly urgentRemindMs: number;
  private readonly maxRateLimitWaitMs: number;
  private actions?: DeskActions;
  private server?: Server;
  private identity?: Promise<{ userId: string; botId: string }>;
  private readonly names = new Map<string, string>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly dedupe = new Deduper(60 * 60_000);
  private reminderTimer?: unknown;
  private stopped = false;
  /** With many instances, only the leader sends reminders (see {@link gateReminders}). */
  private reminderGate: () => Promise<boolean> = async () => true;
  private apiErrorObserver?: (code: string) => void;
  /** The staff channel's id once Slack told us (from a post), when configured by name. */
  private channelId?: string;

  constructor(private readonly options: SlackDeskOptions) {
    this.clock = options.clock ?? realScheduler;
    this.logger = options.logger ?? silentLogger;
    this.staffUsers = new Set(options.staffUsers ?? []);
    this.remindMs = Math.max(1, options.remindMinutes ?? 15) * 60_000;
    this.urgentRemindMs = Math.max(1, options.urgentRemindMinutes ?? 15) * 60_000;
    this.maxRateLimitWaitMs = (options.maxRateLimitWaitSeconds ?? 30) * 1000;
    if (/^[CG][A-Z0-9]+$/.test(options.staffChannel)) this.channelId = options.staffChannel;

    const logger = boltLogger(this.logger);
    const slackApiUrl = options.apiUrl ? options.apiUrl.replace(/\/?$/, '/') : undefined;
    // Retries are ours (see call()): the Web API's own would repost a message whose response was lost,
    // and would wait out any Retry-After however long.
    const clientOptions: webApi.WebClientOptions = {
      ...(slackApiUrl ? { slackApiUrl } : {}),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: options.requestTimeoutMs ?? 10_000,
      logger,
    };
    this.web = new webApi.WebClient(options.botToken, clientOptions);

    if (options.appToken) {
      this.transport = 'socket';
      this.receiver = new SocketModeReceiver({
        appToken: options.appToken,
        logger,
        installerOptions: { clientOptions: { ...(slackApiUrl ? { slackApiUrl } : {}) } },
      });
    } else if (options.signingSecret) {
      this.transport = 'http';
      this.receiver = new HTTPReceiver({
        signingSecret: options.signingSecret,
        processBeforeResponse: options.processBeforeResponse ?? false,
        logger,
      });
    } else {
      throw new Error(
        'The Slack desk needs SLACK_SIGNING_SECRET (HTTP events) or SLACK_APP_TOKEN (Socket Mode)',
      );
    }

    this.app = new App({
      receiver: this.receiver,
      // Our own authorize: no auth.test at construction, and one cached identity once Slack answers.
      authorize: async () => {
        const me = await this.me();
        return { botToken: options.botToken, botUserId: me.userId, botId: me.botId };
      },
      clientOptions,
      logger,
      ignoreSelf: true,
    });
    this.app.error(async (error) => {
      this.logger.error(SLACK, `Slack desk: handler failed: ${describe(error.original ?? error)}`);
    });
    this.register();
  }

  /** Reminders run only while `gate` resolves true (one instance of many leads them). */
  gateReminders(gate: () => Promise<boolean>): void {
    this.reminderGate = gate;
  }

  /** Called with Slack's error code (or the client's) for every failed Web API call (metrics). */
  observeApiErrors(observer: (code: string) => void): void {
    this.apiErrorObserver = observer;
  }

  /**
   * Bolt's request listener for `/slack/events` (signatures verified, stale timestamps refused), for
   * mounting on a shared HTTP server (`shared`); undefined in Socket Mode. Answers 503 until started.
   */
  get httpListener(): ((req: IncomingMessage, res: ServerResponse) => void) | undefined {
    const receiver = this.receiver;
    if (!(receiver instanceof HTTPReceiver)) return undefined;
    return (req, res) => {
      // Not started or stopping: Slack retries, and the retry may reach another instance.
      if (!this.actions || this.stopped) return void res.writeHead(503).end();
      receiver.requestListener(req, res);
    };
  }

  /** The HTTP port actually listened on (after {@link start}), e.g. when `port: 0`. */
  get port(): number | undefined {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address?.port;
  }

  async start(actions: DeskActions): Promise<void> {
    this.actions = actions;
    this.stopped = false;
    try {
      const me = await this.me();
      this.logger.info(SLACK, `Slack desk: signed in as bot user ${me.userId}`);
    } catch (error) {
      // A token Slack refuses is a configuration error: stop now. Slack being unreachable is not:
      // tickets wait in the outbox and the identity is fetched again with the first event.
      if (!isTransient(error))
        throw new Error(`Slack refused the bot token (${describe(error)})`, { cause: error });
      this.logger.warn(SLACK, `Slack desk: Slack unreachable at start (${describe(error)}); continuing`);
    }
    if (this.receiver instanceof HTTPReceiver) {
      if (this.options.shared) {
        this.scheduleReminders();
        return;
      }
      const listen = this.options.host
        ? { port: this.options.port ?? 3000, host: this.options.host }
        : (this.options.port ?? 3000);
      this.server = (await this.receiver.start(listen)) as Server;
    } else {
      // Socket Mode keeps retrying while Slack is unreachable: wait a while, then let the bot run
      // (tickets wait in the outbox); a refused app token still stops start-up if it comes back in time.
      const connecting = this.app.start().then(() => 'connected' as const);
      connecting.catch((error: unknown) =>
        this.logger.error(SLACK, `Slack desk: Socket Mode connection failed (${describe(error)})`),
      );
      let timer: unknown;
      const waited = new Promise<'waiting'>((resolve) => {
        timer = this.clock.setTimeout(() => resolve('waiting'), this.options.connectTimeoutMs ?? 15_000);
      });
      const outcome = await Promise.race([connecting, waited]).finally(() => this.clock.clearTimeout(timer));
      if (outcome === 'waiting')
        this.logger.warn(SLACK, 'Slack desk: Socket Mode still connecting; continuing');
    }
    this.scheduleReminders();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reminderTimer !== undefined) this.clock.clearTimeout(this.reminderTimer);
    this.reminderTimer = undefined;
    if (this.receiver instanceof HTTPReceiver) {
      if (this.server) await this.receiver.stop();
      this.server = undefined;
    } else {
      await this.app.stop();
    }
    await Promise.allSettled([...this.locks.values()]);
  }

  // ---------------------------------------------------------------- core → Slack

  async ticketOpened(ticket: Ticket): Promise<void> {
    await this.withLock(ticket.id, async () => {
      const current = await this.read(ticket);
      if (!current) return;
      await this.ensureRoot(current, true);
    });
  }

  async workerMessage(ticket: Ticket, entry: TranscriptEntry): Promise<void> {
    await this.withLock(ticket.id, async () => {
      // An erased ticket's words must not reach Slack.
      const current = await this.read(ticket);
      if (!current) return;
      const root = await this.ensureRoot(current, false);
      await this.postOnce(
        root,
        `w${hash(`${entry.at}\n${entry.text}`)}`,
        renderWorkerMessage(current, entry),
      );
    });
  }

  async ticketChanged(ticket: Ticket): Promise<void> {
    await this.withLock(ticket.id, () => this.refresh(ticket));
  }

  /**
   * Re-announces unclaimed tickets that have waited another `remindMinutes` (inside office hours):
   * a thread reply also shown in the channel, and the root message's waiting time refreshed.
   * Runs on a timer after {@link start}; tests call it directly.
   */
  async checkReminders(): Promise<number> {
    const actions = this.requireActions();
    const now = this.clock.now();
    let inHours = true;
    if (this.options.officeHours) {
      const { hours, days, tz } = this.options.officeHours;
      if (officeHoursNotice(now, hours, days, tz)) inHours = false;
    }
    let sent = 0;
    for (const ticket of await actions.openTickets()) {
      if (ticket.status !== 'open' || !ticket.desk?.[DESK.ts]) continue;
      // Urgent tickets are reminded of around the clock, with the on-call mention, until claimed.
      const urgent = ticket.urgent === true;
      if (!urgent && !inHours) continue;
      const since = Date.parse((urgent ? ticket.urgentSince : undefined) ?? ticket.createdAt);
      const periods = Math.floor((now.getTime() - since) / (urgent ? this.urgentRemindMs : this.remindMs));
      if (periods < 1) continue;
      const key = urgent ? `ur${hash(ticket.urgentSince ?? ticket.createdAt)}-${periods}` : `r${periods}`;
      try {
        await this.withLock(ticket.id, async () => {
          const current = await this.read(ticket);
          if (!current || current.status !== 'open') return;
          const root = await this.ensureRoot(current, false);
          const message = urgent
            ? renderUrgentReminder(current, now, this.options.urgentMention)
            : renderReminder(current, now);
          if (await this.postOnce(root, key, message, true)) {
            sent++;
            await this.updateRoot(root);
          }
        });
      } catch (error) {
        this.logger.warn(
          SLACK,
          `Slack desk: reminder for ${ticket.id} failed (${describe(error)}); will try again`,
        );
      }
    }
    return sent;
  }

  // ---------------------------------------------------------------- Slack → core

  private register(): void {
    for (const [actionId, verb] of [
      [ACTION_CLAIM, 'claim'],
      [ACTION_CLOSE, 'close'],
      [ACTION_HAND_BACK, 'handBack'],
      [ACTION_URGENT_RAISE, 'raise'],
      [ACTION_URGENT_LOWER, 'lower'],
    ] as const) {
      this.app.action(actionId, async ({ ack, body, action }) => {
        await ack();
        const b = body as {
          user?: { id?: string; name?: string; username?: string };
          channel?: { id?: string };
          container?: { message_ts?: string; thread_ts?: string };
          message?: { ts?: string; thread_ts?: string };
          actions?: { action_ts?: string }[];
        };
        const a = action as { value?: string; action_ts?: string };
        const userId = b.user?.id;
        const channel = b.channel?.id;
        const ticketId = a.value;
        if (!userId || !channel || !ticketId) return;
        const key = `action:${userId}:${a.action_ts ?? b.actions?.[0]?.action_ts ?? ''}:${actionId}`;
        await this.dedupe.once(key, this.clock.now().getTime(), () =>
          this.onButton(verb, ticketId, userId, channel, b.user?.name ?? b.user?.username),
        );
      });
    }

    this.app.event('message', async ({ event, body }) => {
      const e = event as SlackMessageEvent;
      const eventId = (body as { event_id?: string }).event_id;
      const key = e.client_msg_id ? `msg:${e.client_msg_id}` : eventId ? `event:${eventId}` : undefined;
      const handle =
        e.subtype === 'message_changed'
          ? () => this.onEdit(event as EditEvent)
          : () => this.onThreadMessage(e);
      await this.dedupe.once(key, this.clock.now().getTime(), handle);
    });
  }

  /**
   * The ticket a thread belongs to. A reply can arrive before this or another instance has stored the
   * thread's ts (the post's response and the staff member's quick answer cross): while some ticket's
   * post is in flight, the lookup is tried again for a few seconds rather than dropping the reply.
   */
  private async threadTicket(threadTs: string): Promise<Ticket | undefined> {
    const actions = this.requireActions();
    for (const waitMs of [0, 250, 500, 1000, 2000]) {
      if (waitMs) await new Promise((resolve) => setTimeout(resolve, waitMs));
      const found = await actions.findByDeskData(DESK.ts, threadTs);
      if (found) return found;
      const posting = (await actions.openTickets()).some((x) => x.desk?.slackPosting && !x.desk[DESK.ts]);
      if (!posting) return undefined;
    }
    return undefined;
  }

  /** Staff edited a reply: the worker already has the first version, so say that edits are not sent. */
  private async onEdit(e: EditEvent): Promise<void> {
    const m = e.message;
    if (!m?.user || m.bot_id || !e.channel || !m.thread_ts || m.thread_ts === m.ts) return;
    if ((m.text ?? '') === (e.previous_message?.text ?? '')) return; // unfurls and other non-text changes
    if (INTERNAL_NOTE.test(m.text ?? '') || INTERNAL_NOTE.test(e.previous_message?.text ?? '')) return;
    const ticket = await this.requireActions().findByDeskData(DESK.ts, m.thread_ts);
    if (!ticket || ticket.desk?.[DESK.channel] !== e.channel || !this.isStaff(m.user)) return;
    await this.ephemeral(
      e.channel,
      m.user,
      'Edits are not sent: the worker already has your first version. Send a new message to correct it.',
      m.thread_ts,
    );
  }

  private async onButton(
    verb: 'claim' | 'close' | 'handBack' | 'raise' | 'lower',
    ticketId: string,
    userId: string,
    channel: string,
    fallbackName: string | undefined,
  ): Promise<void> {
    const actions = this.requireActions();
    const ticket = await actions.getTicket(ticketId);
    if (!ticket || ticket.desk?.[DESK.channel] !== channel || channel !== (this.channelId ?? channel)) {
      this.logger.warn(
        SLACK,
        'Slack desk: ignored a button outside the staff channel or for an unknown ticket',
      );
      return;
    }
    if (!this.isStaff(userId)) {
      await this.ephemeral(channel, userId, 'Only the staff listed for this desk can act on escalations.');
      return;
    }
    const staff: StaffMember = { id: userId, name: await this.nameOf(userId, fallbackName) };
    // The core's actions run outside our per-ticket lock: the core may call ticketChanged from inside them.
    try {
      if (verb === 'claim') {
        await actions.claim(ticketId, staff);
      } else if (verb === 'raise' || verb === 'lower') {
        await actions.setUrgent(ticketId, verb === 'raise', staff);
      } else {
        if (ticket.status === 'closed') throw new Error('this escalation is already closed');
        await actions.setDeskData(ticketId, {
          [DESK.outcome]: verb === 'close' ? 'closed' : 'handedBack',
          [DESK.outcomeBy]: staff.name,
        });
        if (verb === 'close') await actions.close(ticketId, staff);
        else await actions.handBack(ticketId, staff);
      }
    } catch (error) {
      this.logger.warn(SLACK, `Slack desk: ${verb} on ${ticketId} refused (${describe(error)})`);
      await this.ephemeral(channel, userId, `That did not work: ${safeReason(error)}`);
      return;
    }
    await this.refreshAfterStaff(ticket);
  }

  private async onThreadMessage(e: SlackMessageEvent): Promise<void> {
    // Human messages only: not bots (ours included), not edits, deletions, joins or other notices.
    if (e.subtype && e.subtype !== 'thread_broadcast' && e.subtype !== 'file_share') return;
    if (e.bot_id || !e.user || !e.channel || !e.thread_ts || e.thread_ts === e.ts) return;
    if (this.channelId && e.channel !== this.channelId) return;
    const actions = this.requireActions();
    const ticket = await this.threadTicket(e.thread_ts);
    if (!ticket || ticket.desk?.[DESK.channel] !== e.channel) return;
    const me = await this.me().catch(() => undefined);
    if (me && e.user === me.userId) return;
    const text = e.text ?? '';
    if (INTERNAL_NOTE.test(text)) return;
    if (!this.isStaff(e.user)) {
      await this.ephemeral(
        e.channel,
        e.user,
        'Not sent to the worker: only the staff listed for this desk can reply.',
        e.thread_ts,
      );
      return;
    }
    // Relayed before (a redelivery after a restart, when the in-memory dedupe has forgotten it).
    const relayedKey = `${RELAYED_PREFIX}${e.ts ?? ''}`;
    if (e.ts && ticket.desk?.[relayedKey]) return;
    if (ticket.status === 'closed') {
      await this.ephemeral(e.channel, e.user, 'Not sent: this escalation is closed.', e.thread_ts);
      return;
    }
    const plain = await slackToPlain(text, (id) => this.nameOf(id).catch(() => undefined));
    if (!plain) {
      if (e.files?.length)
        await this.ephemeral(
          e.channel,
          e.user,
          'Not sent: files are not relayed to the worker, only text.',
          e.thread_ts,
        );
      return;
    }
    const staff: StaffMember = { id: e.user, name: await this.nameOf(e.user) };
    try {
      await actions.reply(ticket.id, staff, plain, e.ts ? `slack:${e.channel}:${e.ts}` : undefined);
    } catch (error) {
      this.logger.warn(SLACK, `Slack desk: reply on ${ticket.id} refused (${describe(error)})`);
      await this.ephemeral(e.channel, e.user, `Not sent to the worker: ${safeReason(error)}`, e.thread_ts);
      return;
    }
    if (e.ts)
      await actions.setDeskData(ticket.id, { [relayedKey]: '1' }).catch((error: unknown) => {
        this.logger.warn(SLACK, `Slack desk: could not record a relayed reply (${describe(error)})`);
      });
    if (e.files?.length)
      await this.ephemeral(
        e.channel,
        e.user,
        'Your text was sent; files are not relayed to the worker.',
        e.thread_ts,
      );
    await this.refreshAfterStaff(ticket);
  }

  /**
   * Shows a staff action at once. Best effort: the action is done and must not be repeated when Slack
   * redelivers the event, and the core tells the desk again through its outbox (ticketChanged).
   */
  private async refreshAfterStaff(ticket: Ticket): Promise<void> {
    try {
      await this.withLock(ticket.id, () => this.refresh(ticket));
    } catch (error) {
      this.logger.warn(
        SLACK,
        `Slack desk: could not update ${ticket.id} after a staff action (${describe(error)})`,
      );
    }
  }

  // ---------------------------------------------------------------- internals

  private requireActions(): DeskActions {
    if (!this.actions) throw new Error('The Slack desk is not started');
    return this.actions;
  }

  private isStaff(userId: string): boolean {
    return this.staffUsers.size === 0 || this.staffUsers.has(userId);
  }

  /** The freshest copy of a ticket; undefined when it was erased (the worker asked to be forgotten). */
  private async read(ticket: Ticket): Promise<Ticket | undefined> {
    const current = await this.requireActions().getTicket(ticket.id);
    if (!current)
      this.logger.info(SLACK, `Slack desk: ticket ${ticket.id} no longer exists; nothing to show`);
    return current;
  }

  private async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(fn);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    void tail.then(() => {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    });
    return run;
  }

  private async me(): Promise<{ userId: string; botId: string }> {
    if (!this.identity) {
      const attempt = this.call(() => this.web.auth.test(), true).then((r) => ({
        userId: String(r.user_id ?? ''),
        botId: String(r.bot_id ?? ''),
      }));
      this.identity = attempt;
      attempt.catch(() => {
        if (this.identity === attempt) this.identity = undefined;
      });
    }
    return this.identity;
  }

  private async nameOf(userId: string, fallback?: string): Promise<string> {
    const known = this.names.get(userId);
    if (known) return known;
    try {
      const r = (await this.call(() => this.web.users.info({ user: userId }), true)) as {
        user?: { real_name?: string; name?: string; profile?: { display_name?: string; real_name?: string } };
      };
      const u = r.user;
      const name = u?.profile?.display_name || u?.profile?.real_name || u?.real_name || u?.name;
      if (name) {
        this.names.set(userId, name);
        return name;
      }
    } catch (error) {
      this.logger.warn(SLACK, `Slack desk: could not read a staff name (${describe(error)})`);
    }
    return fallback || 'Union staff';
  }

  /**
   * One Web API call with bounded retries. Rate limits: wait the Retry-After when it is short, otherwise
   * throw so the core's outbox tries later. Network and 5xx failures: retried here only for idempotent
   * calls; a post is never repeated blindly (its response may have been lost after Slack stored it).
   */
  private async call<T extends webApi.WebAPICallResult>(
    fn: () => Promise<T>,
    idempotent: boolean,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        this.apiErrorObserver?.(platformError(error) ?? (error as { code?: string }).code ?? 'error');
        const code = (error as { code?: string }).code;
        if (code === webApi.ErrorCode.RateLimitedError) {
          const waitMs = ((error as { retryAfter?: number }).retryAfter ?? 1) * 1000;
          if (attempt < 3 && waitMs <= this.maxRateLimitWaitMs) {
            this.logger.warn(SLACK, `Slack desk: rate limited, waiting ${waitMs / 1000} s`);
            await this.clock.sleep(waitMs);
            continue;
          }
        } else if (idempotent && attempt < 2 && isTransient(error)) {
          await this.clock.sleep(500 * 2 ** attempt);
          continue;
        }
        throw error;
      }
    }
  }

  private async ephemeral(channel: string, user: string, text: string, threadTs?: string): Promise<void> {
    try {
      await this.call(
        () =>
          this.web.chat.postEphemeral({ channel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) }),
        true,
      );
    } catch (error) {
      this.logger.warn(SLACK, `Slack desk: could not send a notice to a staff member (${describe(error)})`);
    }
  }

  /** Makes sure the ticket's root message exists (posting it, or finding one whose response was lost). */
  private async ensureRoot(ticket: Ticket, update: boolean): Promise<Ticket> {
    const actions = this.requireActions();
    if (ticket.desk?.[DESK.ts] && ticket.desk[DESK.channel]) {
      // Posted before: show the current state (an update is idempotent).
      if (update) await this.updateRoot(ticket);
      return ticket;
    }
    const rendered = this.renderRoot(ticket);
    const pendingSince = ticket.desk?.slackPosting;
    if (pendingSince) {
      const found = await this.findPosted({ key: 'root', ticketId: ticket.id, since: pendingSince });
      if (found) {
        const updated = await actions.setDeskData(ticket.id, {
          [DESK.channel]: found.channel,
          [DESK.ts]: found.ts,
        });
        await this.updateRoot(updated);
        return updated;
      }
    }
    await actions.setDeskData(ticket.id, { slackPosting: this.clock.now().toISOString() });
    const result = await this.post(this.channelId ?? this.options.staffChannel, rendered, {
      ticketId: ticket.id,
      key: 'root',
    });
    this.channelId ??= result.channel;
    return actions.setDeskData(ticket.id, {
      [DESK.channel]: result.channel,
      [DESK.ts]: result.ts,
      // The root of an urgent ticket carries the on-call mention: that is its alert.
      ...(ticket.urgent ? { [DESK.urgentAlerted]: ticket.urgentSince ?? ticket.createdAt } : {}),
    });
  }

  private renderRoot(ticket: Ticket): RenderedMessage {
    return renderTicket(this.withOfficeNote(ticket), {
      now: this.clock.now(),
      mention: ticket.urgent ? this.options.urgentMention : undefined,
    });
  }

  private withOfficeNote(ticket: Ticket): Ticket {
    // An urgent ticket is not left for office hours: the worker was not told to wait for them.
    if (!this.options.officeHours || ticket.status === 'closed' || ticket.urgent) return ticket;
    const { hours, days, tz } = this.options.officeHours;
    const notice = officeHoursNotice(new Date(ticket.createdAt), hours, days, tz);
    if (!notice) return ticket;
    const note = `Opened outside office hours; the worker expects an answer from ${notice.localDate} ${notice.localTime} (${tz}).`;
    return { ...ticket, desk: { ...ticket.desk, [DESK.officeNote]: note } };
  }

  private async updateRoot(ticket: Ticket): Promise<void> {
    const channel = ticket.desk?.[DESK.channel];
    const ts = ticket.desk?.[DESK.ts];
    if (!channel || !ts) return;
    const rendered = this.renderRoot(ticket);
    await this.call(
      () => this.web.chat.update({ channel, ts, text: rendered.text, blocks: rendered.blocks as never }),
      true,
    );
  }

  /** Re-renders the root message from the stored ticket and adds the closing note once. */
  private async refresh(ticket: Ticket): Promise<void> {
    const current = await this.requireActions().getTicket(ticket.id);
    if (!current) {
      // Erased (the worker asked to be forgotten): the core sends a content-free snapshot.
      if (ticket.closedBy === 'erased') await this.erase(ticket);
      return;
    }
    if (!current.desk?.[DESK.ts]) {
      // Never shown yet: the pending ticketOpened will show the current state.
      if (current.status === 'closed') return;
      await this.ensureRoot(current, false);
      return;
    }
    await this.updateRoot(current);
    if (current.status === 'closed') await this.postOnce(current, 'closed', renderClosedNote(current));
    const since = current.urgentSince ?? current.createdAt;
    if (current.urgent && current.status !== 'closed' && current.desk?.[DESK.urgentAlerted] !== since) {
      // It became urgent after it was posted: a message the on-call group sees in the channel.
      await this.postOnce(
        current,
        `u${hash(since)}`,
        renderUrgentNotice(current, this.options.urgentMention),
        true,
      );
      await this.requireActions().setDeskData(current.id, { [DESK.urgentAlerted]: since });
    }
  }

  /**
   * Removes what the worker wrote from Slack: the root message is re-rendered from the content-free
   * snapshot, the worker's messages the desk posted into the thread are deleted, and staff are told.
   * The ticket no longer exists, so nothing is recorded; every step is safe to repeat.
   */
  private async erase(snapshot: Ticket): Promise<void> {
    const channel = snapshot.desk?.[DESK.channel];
    const root = snapshot.desk?.[DESK.ts];
    if (!channel || !root) return;
    await this.updateRoot(snapshot);
    for (const [field, recorded] of Object.entries(snapshot.desk ?? {})) {
      let ts = recorded;
      if (!field.startsWith(`${POST_PREFIX}w`)) continue;
      if (ts.startsWith('pending:')) {
        const key = field.slice(POST_PREFIX.length);
        const found = await this.findPosted({
          key,
          ticketId: snapshot.id,
          since: ts.slice(8),
          channel,
          thread: root,
        });
        if (!found) continue;
        ts = found.ts;
      }
      try {
        await this.call(() => this.web.chat.delete({ channel, ts }), true);
      } catch (error) {
        if (platformError(error) !== 'message_not_found') throw error;
      }
    }
    const note = renderClosedNote(snapshot);
    const listed = await this.findPosted({
      key: 'erased',
      ticketId: snapshot.id,
      since: snapshot.updatedAt,
      channel,
      thread: root,
    });
    if (!listed) await this.post(channel, note, { ticketId: snapshot.id, key: 'erased' }, root);
  }

  /**
   * Posts a thread reply at most once per `key`: desk data records it, and a post whose response was lost
   * is found again in the thread by its metadata. Returns whether a message was posted now.
   */
  private async postOnce(
    ticket: Ticket,
    key: string,
    message: RenderedMessage,
    broadcast = false,
  ): Promise<boolean> {
    const actions = this.requireActions();
    const channel = ticket.desk?.[DESK.channel];
    const root = ticket.desk?.[DESK.ts];
    if (!channel || !root) throw new Error(`Ticket ${ticket.id} is not in Slack yet`);
    const field = `${POST_PREFIX}${key}`;
    const state = ticket.desk?.[field];
    if (state && !state.startsWith('pending:')) return false;
    if (state) {
      const found = await this.findPosted({
        key,
        ticketId: ticket.id,
        since: state.slice(8),
        channel,
        thread: root,
      });
      if (found) {
        await actions.setDeskData(ticket.id, { [field]: found.ts });
        return false;
      }
    }
    await actions.setDeskData(ticket.id, { [field]: `pending:${this.clock.now().toISOString()}` });
    const result = await this.post(channel, message, { ticketId: ticket.id, key }, root, broadcast);
    await actions.setDeskData(ticket.id, { [field]: result.ts });
    return true;
  }

  private async post(
    channel: string,
    message: RenderedMessage,
    meta: { ticketId: string; key: string },
    threadTs?: string,
    broadcast = false,
  ): Promise<{ channel: string; ts: string }> {
    const args = {
      channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      metadata: { event_type: METADATA_EVENT, event_payload: { ticket_id: meta.ticketId, key: meta.key } },
      ...(threadTs ? { thread_ts: threadTs, reply_broadcast: broadcast } : {}),
    } as unknown as webApi.ChatPostMessageArguments;
    let result: webApi.ChatPostMessageResponse;
    try {
      result = await this.call(() => this.web.chat.postMessage(args), false);
    } catch (error) {
      const reason = platformError(error);
      if (reason === 'not_in_channel' || reason === 'channel_not_found')
        this.logger.error(
          SLACK,
          `Slack desk: cannot post to the staff channel (${reason}); invite the app to it with /invite @<app name>`,
        );
      throw error;
    }
    if (!result.ts || !result.channel) throw new Error('Slack did not return the posted message');
    return { channel: result.channel, ts: result.ts };
  }

  /** Looks for a message of ours tagged with `key` for this ticket, posted since `since`. */
  private async findPosted(q: {
    key: string;
    ticketId: string;
    since: string;
    channel?: string;
    thread?: string;
  }): Promise<{ channel: string; ts: string } | undefined> {
    const channel = q.channel ?? this.channelId;
    if (!channel) return undefined; // configured by name and never posted: nothing can have been posted.
    const oldest = String(Math.max(0, Date.parse(q.since) / 1000 - 120));
    type Listed = {
      messages?: { ts?: string; bot_id?: string; metadata?: { event_payload?: Record<string, unknown> } }[];
    };
    let listed: Listed;
    try {
      listed = (await this.call(
        () =>
          q.thread
            ? this.web.conversations.replies({
                channel,
                ts: q.thread,
                oldest,
                include_all_metadata: true,
                limit: 200,
              })
            : this.web.conversations.history({ channel, oldest, include_all_metadata: true, limit: 200 }),
        true,
      )) as Listed;
    } catch (error) {
      if (isTransient(error)) throw error;
      this.logger.warn(SLACK, `Slack desk: could not check for an earlier post (${describe(error)})`);
      return undefined;
    }
    const me = await this.me();
    const hit = listed.messages?.find(
      (m) =>
        m.bot_id === me.botId &&
        m.metadata?.event_payload?.ticket_id === q.ticketId &&
        m.metadata?.event_payload?.key === q.key,
    );
    return hit?.ts ? { channel, ts: hit.ts } : undefined;
  }

  private scheduleReminders(): void {
    if (this.stopped) return;
    const every = Math.min(this.remindMs, 60_000);
    this.reminderTimer = this.clock.setTimeout(() => {
      this.reminderGate()
        .then((lead) => (lead ? this.checkReminders() : 0))
        .catch((error) => this.logger.warn(SLACK, `Slack desk: reminder check failed (${describe(error)})`))
        .finally(() => this.scheduleReminders());
    }, every);
  }
}

/** A short reason from the core safe to show staff (first line, bounded). */
function safeReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 200) || 'unknown error';
}

/** A short stable hash (FNV-1a, base 36) for desk-data keys. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** Creates the Slack desk from its options (see {@link SlackDeskOptions}); nothing connects until `start`. */
export function createSlackDesk(options: SlackDeskOptions): SlackDesk {
  return new SlackDesk(options);
}

/**
 * The desk configured from the validated environment, or `undefined` when `SLACK_BOT_TOKEN` is not set
 * (the composition root then uses the in-process desk).
 *
 * @example
 *   const desk = slackDeskFromEnv(env, logger) ?? new LocalDesk();
 */
export function slackDeskFromEnv(
  env: Pick<
    Env,
    | 'SLACK_BOT_TOKEN'
    | 'SLACK_SIGNING_SECRET'
    | 'SLACK_APP_TOKEN'
    | 'SLACK_STAFF_CHANNEL'
    | 'SLACK_STAFF_USERS'
    | 'SLACK_PORT'
    | 'SLACK_API_URL'
    | 'SLACK_REMIND_MINUTES'
    | 'SLACK_URGENT_MENTION'
    | 'OFFICE_HOURS'
    | 'OFFICE_DAYS'
    | 'OFFICE_TZ'
  > &
    Partial<Pick<Env, 'WEB_PORT' | 'DATABASE_URL'>>,
  logger?: DeskLogger,
): SlackDesk | undefined {
  if (!env.SLACK_BOT_TOKEN) return undefined;
  if (!env.SLACK_STAFF_CHANNEL)
    throw new Error('SLACK_STAFF_CHANNEL is required when SLACK_BOT_TOKEN is set');
  return createSlackDesk({
    botToken: env.SLACK_BOT_TOKEN,
    signingSecret: env.SLACK_SIGNING_SECRET,
    appToken: env.SLACK_APP_TOKEN,
    staffChannel: env.SLACK_STAFF_CHANNEL,
    staffUsers: env.SLACK_STAFF_USERS,
    port: env.SLACK_PORT ?? 3000,
    // Without a port of its own, HTTP events are a route on the bot's HTTP server (WEB_PORT).
    shared: env.SLACK_PORT === undefined && env.WEB_PORT !== undefined,
    // With many instances an event is handled before Slack gets its 200: an instance killed in between
    // never acknowledged it, so Slack delivers it again (to any instance) instead of it being lost.
    processBeforeResponse: Boolean(env.DATABASE_URL),
    apiUrl: env.SLACK_API_URL,
    remindMinutes: env.SLACK_REMIND_MINUTES,
    urgentMention: env.SLACK_URGENT_MENTION,
    officeHours:
      env.OFFICE_HOURS || env.OFFICE_DAYS
        ? { hours: env.OFFICE_HOURS, days: env.OFFICE_DAYS, tz: env.OFFICE_TZ }
        : undefined,
    logger,
  });
}
