/**
 * The composition root: wires content, matcher, store, tickets, staff desk and channels from
 * validated configuration. Everything else receives what it needs as arguments.
 *
 * @example
 * const app = await createApp({ env: loadEnv(), desk: new LocalDesk() });
 * app.registerChannel('console', async (userId, messages) => print(messages));
 * await app.start();
 * const replies = await app.core.handle({ address: { channel: 'console', userId: 'me' }, messageId: '1', text: 'hi' });
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Env } from './config/env.ts';
import { Core, type Logger, type NluPolicy } from './core/dialogue.ts';
import type { StaffDesk } from './core/desk.ts';
import { LocalDesk } from './core/local-desk.ts';
import type { ChannelName, OutboundMessage } from './core/messages.ts';
import { describeOpening, officeHoursNotice } from './core/office-hours.ts';
import { Outbox } from './core/outbox.ts';
import { createPseudonymizer, loadOrCreateSecret } from './core/pseudonym.ts';
import { checkLocales, t } from './core/strings.ts';
import { TicketService, WORKER_DELIVER } from './core/tickets.ts';
import type { CoreHandler } from './core/channel.ts';
import { CoordinatedLock, LocalCoordinator, type Coordinator } from './instances/coordinator.ts';
import { channelHandler, Inflight } from './instances/handler.ts';
import { createMetrics, type Metrics } from './instances/metrics.ts';
import { isSqlStore, PostgresCoordinator } from './instances/postgres.ts';
import { silentLogger } from './core/dialogue.ts';
import { cachedIn, LiveNlu, type MatcherFactory } from './kb/live.ts';
import { detectLanguage } from './nlu/language.ts';
import { openStore } from './store/open.ts';
import { scheduleRetention } from './store/retention.ts';
import { checkPseudonymSecret } from './store/secret-check.ts';
import { loadSafetyOnce, safetyRoot } from './safety/load.ts';
import { SafetyStep } from './safety/step.ts';
import type { Store } from './store/port.ts';

/** The repository root, where knowledge/ and intents/ live by default. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type ChannelSender = (userId: string, messages: OutboundMessage[]) => Promise<void>;

export interface AppOptions {
  env: Pick<Env, 'DATA_DIR' | 'PSEUDONYM_SECRET' | 'OFFICE_HOURS' | 'OFFICE_DAYS' | 'OFFICE_TZ'> &
    Partial<Pick<Env, 'CONTENT_DIR' | 'KB_MAX_REVIEW_AGE_DAYS' | 'DATABASE_URL' | 'RETENTION_DAYS'>>;
  /** The store; else PostgreSQL when env.DATABASE_URL is set, else the embedded store in DATA_DIR. */
  desk?: StaffDesk;
  store?: Store;
  logger?: Logger;
  now?: () => Date;
  policy?: NluPolicy;
  matcherFactory?: MatcherFactory;
  /** Outbox retry delay; tests shorten it. */
  backoff?: (attempts: number) => number;
  /** How instances agree (locks, outbox claims, leadership); chosen from the store when unset. */
  coordinator?: Coordinator;
  /** How long a claimed outbox item stays with this instance (many instances). Default 60 s. */
  outboxLeaseMs?: number;
}

export interface App {
  core: Core;
  desk: StaffDesk;
  tickets: TicketService;
  outbox: Outbox;
  store: Store;
  live: LiveNlu;
  coordinator: Coordinator;
  metrics: Metrics;
  /** Messages being handled now (graceful shutdown waits for them). */
  inflight: Inflight;
  /** What a channel adapter should call: the core, counted and timed, durable with many instances. */
  handlerFor(channel: ChannelName): CoreHandler;
  registerChannel(name: ChannelName, send: ChannelSender, forget?: (userId: string) => Promise<void>): void;
  /**
   * Deliveries on `name` reach a worker only through the instance that holds their conversation (the web
   * chat): with many instances this one claims only those for `users()`.
   */
  deliverLocally(name: ChannelName, users: () => string[]): void;
  /** This instance no longer delivers to the channel (another instance runs it). */
  unregisterChannel(name: ChannelName): void;
  /** Starts the desk, the outbox's retry loop and (optionally) content hot reload. */
  start(options?: { watchContent?: boolean; outboxIntervalMs?: number; retention?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export async function createApp(options: AppOptions): Promise<App> {
  const { env } = options;
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const root = path.resolve(env.CONTENT_DIR && env.CONTENT_DIR !== '.' ? env.CONTENT_DIR : REPO_ROOT);
  const store = options.store ?? (await openStore(env));
  const live = await LiveNlu.load({
    root,
    logger,
    policy: options.policy,
    matcherFactory: options.matcherFactory ?? cachedIn(path.join(env.DATA_DIR, 'cache')),
    maxReviewAgeDays: env.KB_MAX_REVIEW_AGE_DAYS,
  });
  const localeProblems = checkLocales(undefined, live.current().content.languages);
  if (localeProblems.length > 0)
    throw new Error(
      'The bot texts in locales/ are incomplete:\n' +
        localeProblems.map((p) => `  ${p.file} [${p.key}]: ${p.message}`).join('\n'),
    );
  const desk = options.desk ?? new LocalDesk();
  const coordinator =
    options.coordinator ??
    (isSqlStore(store)
      ? new PostgresCoordinator(store, { logger, onLeaseLost: (n) => metrics.leaseLost(n) })
      : new LocalCoordinator(store));
  const lock = new CoordinatedLock(coordinator);
  const senders = new Map<ChannelName, ChannelSender>();
  const localUsers = new Map<ChannelName, () => string[]>();
  const scoped = () =>
    Object.fromEntries(
      [...localUsers].filter(([name]) => senders.has(name)).map(([name, users]) => [name, users()]),
    );
  const outboxLeaseMs = options.outboxLeaseMs ?? 60_000;
  const outbox = new Outbox({
    store,
    now,
    backoff: options.backoff,
    claim: coordinator.exclusiveClaims
      ? {
          exclusive: true,
          take: (at, limit) =>
            coordinator.claimOutbox(at, {
              leaseMs: outboxLeaseMs,
              limit,
              channels: [...senders.keys()],
              localUsers: scoped(),
            }),
          done: (item) => coordinator.outboxDone(item),
          failed: (item, next) => coordinator.outboxFailed(item, next),
          reschedule: (ids, at) => coordinator.outboxReschedule(ids, at),
        }
      : {
          exclusive: false,
          take: (at) =>
            coordinator.claimOutbox(at, { leaseMs: outboxLeaseMs, limit: 32, channels: [...senders.keys()] }),
        },
    onAttempt: (item, result) => metrics.delivery(item.kind, result),
    onError: (item, error) =>
      logger.warn(
        {
          kind: item.kind,
          attempts: item.attempts + 1,
          error: error instanceof Error ? error.message : 'failed',
        },
        'delivery failed; will retry',
      ),
  });
  const tickets = new TicketService({ store, desk, outbox, lock, now });
  const metrics = createMetrics(
    { openTickets: () => tickets.openTickets(), outbox: (at) => coordinator.outboxStats(at), now },
    { defaults: false },
  );
  const inflight = new Inflight();
  const forgetters = new Map<ChannelName, (userId: string) => Promise<void>>();
  outbox.on(WORKER_DELIVER, async (payload) => {
    const { address, messages } = payload as {
      address: { channel: ChannelName; userId: string };
      messages: OutboundMessage[];
    };
    const send = senders.get(address.channel);
    if (!send) throw new Error(`channel ${address.channel} is not connected`);
    await send(address.userId, messages);
  });
  const secret = await loadOrCreateSecret(env.DATA_DIR, env.PSEUDONYM_SECRET);
  // Instances sharing a store must share the secret (else each worker would be split in two).
  await checkPseudonymSecret(store, secret).catch(async (error: unknown) => {
    if (!options.store) await store.close();
    throw error;
  });
  const pseudonymize = createPseudonymizer(secret);
  // Safeguarding content (safety/): a broken file stops start-up, like broken knowledge would.
  const safetyLoad = await loadSafetyOnce(safetyRoot(root));
  if (!safetyLoad.content)
    throw new Error(
      `Safeguarding content is invalid:\n${safetyLoad.errors.map((e) => `  ${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`).join('\n')}`,
    );
  const safetyContent = safetyLoad.content;
  const core = new Core({
    nlu: () => live.current(),
    // The content's own guesser knows how workers write (romanised Nepali, Taglish); the generic
    // detector helps when a message has too few words the content knows.
    detectLanguage: (text) => {
      const fromContent = live.current().guessLanguage(text);
      if (fromContent.confidence >= 0.6) return fromContent;
      const generic = detectLanguage(text);
      return generic.confidence > fromContent.confidence ? generic : fromContent;
    },
    store,
    tickets,
    lock,
    pseudonymize,
    officeNotice: (at, language) => {
      const notice = officeHoursNotice(at, env.OFFICE_HOURS, env.OFFICE_DAYS, env.OFFICE_TZ);
      return notice ? t(language, 'officeClosed', { when: describeOpening(notice, language) }) : undefined;
    },
    now,
    logger,
    safety: new SafetyStep({ safety: () => safetyContent, tickets, logger }),
    onForget: async (address) => {
      await forgetters.get(address.channel)?.(address.userId);
    },
  });

  let stopRetention: (() => void) | undefined;
  return {
    core,
    desk,
    tickets,
    outbox,
    store,
    live,
    coordinator,
    metrics,
    inflight,
    handlerFor(channel) {
      return channelHandler(channel, {
        core,
        tickets,
        coordinator,
        pseudonymize,
        metrics,
        inflight,
        // The web chat answers in the HTTP response of the browser that asked (and keeps its
        // conversations in that instance); platforms that redeliver get durable replies.
        durable: coordinator.kind === 'postgres' && channel !== 'web',
        kick: () => outbox.kick(),
      });
    },
    registerChannel(name, send, forget) {
      senders.set(name, send);
      if (forget) forgetters.set(name, forget);
      outbox.kick();
    },
    deliverLocally(name, users) {
      localUsers.set(name, users);
    },
    unregisterChannel(name) {
      senders.delete(name);
      forgetters.delete(name);
    },
    async start(startOptions = {}) {
      await coordinator.start();
      await desk.start(tickets);
      outbox.start(startOptions.outboxIntervalMs ?? 1000);
      if (startOptions.watchContent) live.watch();
      if (startOptions.retention)
        stopRetention = scheduleRetention(store, {
          days: env.RETENTION_DAYS,
          // With many instances one of them does it.
          shouldRun: async () => {
            const lead = await coordinator.leader('retention');
            metrics.leading('retention', lead);
            return lead;
          },
          onDone: (purged) => logger.info({ ...purged }, 'retention: expired data deleted'),
          onError: (error) =>
            logger.warn({ error: error instanceof Error ? error.message : 'failed' }, 'retention failed'),
        });
    },
    async stop() {
      stopRetention?.();
      live.stop();
      outbox.stop();
      await outbox.idle();
      await desk.stop();
      await coordinator.stop();
      await store.close();
    },
  };
}
