/**
 * Runs the configured channels (Telegram, WhatsApp, the web chat when WEB_PORT is set) with the
 * configured staff desk (Slack, or the in-process desk when SLACK_BOT_TOKEN is unset) until
 * SIGINT/SIGTERM, then shuts down gracefully: stop accepting, finish the messages in flight, deliver
 * what they queued, close.
 *
 * With DATABASE_URL several instances can run side by side (see docs/operations.md): the Slack
 * reminders run in one of them, WhatsApp Web in one of them, content changes reach all of them.
 */
import { slackDeskFromEnv } from '../adapters/slack/desk.ts';
import { telegramFromEnv } from '../adapters/telegram/from-env.ts';
import { webFromEnv } from '../adapters/web/from-env.ts';
import type { CloudEvent } from '../adapters/whatsapp-cloud/adapter.ts';
import { consoleFromEnv } from './console/from-env.ts';
import { whatsappCloudFromEnv } from '../adapters/whatsapp-cloud/from-env.ts';
import { whatsappFromEnv } from '../adapters/whatsapp/from-env.ts';
import { createApp } from './app.ts';
import { createHttpServer, type HttpServer } from './http/server.ts';
import type { Env } from './config/env.ts';
import type { ChannelAdapter } from './core/channel.ts';
import { LocalDesk } from './core/local-desk.ts';
import { createLogger } from './core/logger.ts';
import { createPseudonymizer, loadOrCreateSecret } from './core/pseudonym.ts';
import client from 'prom-client';
import {
  countTelegramErrors,
  mountOperations,
  singleton,
  syncContent,
  type ServiceState,
} from './instances/operations.ts';
import { sharedPseudonymMap, sharedWindowBook } from './instances/channel-state.ts';
import { PostgresInbox } from './instances/inbox.ts';
import { isSqlStore } from './instances/postgres.ts';

/** How long shutdown waits for messages in flight before closing anyway. */
const DRAIN_MS = 15_000;

export async function runServer(env: Env): Promise<void> {
  const logger = createLogger(env.LOG_LEVEL, { pretty: env.LOG_PRETTY });
  const slack = slackDeskFromEnv(env, logger);
  if (!slack)
    logger.warn({}, 'SLACK_BOT_TOKEN is not set: escalations stay in the in-process desk and reach no one');
  const app = await createApp({
    env,
    desk: slack ?? new LocalDesk(),
    logger,
    outboxLeaseMs: env.OUTBOX_LEASE_SECONDS * 1000,
  });
  const many = app.coordinator.kind === 'postgres';
  client.collectDefaultMetrics({ register: app.metrics.registry, prefix: 'mrb_' });
  slack?.gateReminders(async () => {
    const lead = await app.coordinator.leader('slack-reminders');
    app.metrics.leading('slack-reminders', lead);
    return lead;
  });
  slack?.observeApiErrors((code) => app.metrics.apiError('slack', 'web-api', code));
  // With many instances the inbox key is checked inside the message's own unit of work (the core's
  // dedupe); an adapter-level mark committed on its own would lose an update whose instance died.
  const markSeen = many ? undefined : (key: string) => app.store.markSeen(key);
  const secret = await loadOrCreateSecret(env.DATA_DIR, env.PSEUDONYM_SECRET);
  const channels: ChannelAdapter[] = [];
  const telegram = telegramFromEnv(env, { markSeen, logger });
  if (telegram) {
    telegram.bot.api.config.use(countTelegramErrors(app.metrics));
    channels.push(telegram);
  }
  const state: ServiceState = { channels: new Map(), desk: false, accepting: true };

  const sessionRef = createPseudonymizer(secret);
  // With many instances the WhatsApp Cloud webhook's events are written to the inbox before Meta gets
  // its 200, and the number map and the 24-hour windows are shared (PostgreSQL), not per-instance files.
  const sql = many && isSqlStore(app.store) ? app.store : undefined;
  const inbox = sql
    ? new PostgresInbox(sql, {
        leaseMs: env.OUTBOX_LEASE_SECONDS * 1000,
        instanceId: app.coordinator.instanceId,
        logger,
      })
    : undefined;
  const cloud = await whatsappCloudFromEnv(env, {
    secret,
    markSeen,
    logger,
    ...(sql && inbox
      ? {
          pseudonyms: sharedPseudonymMap(sql, secret, 'whatsapp-cloud'),
          windows: sharedWindowBook(sql, 'whatsapp-cloud'),
          inbox: { put: (key, event) => inbox.put('whatsapp-cloud', key, event) },
        }
      : {}),
    languageOf: async (userId) =>
      (await app.store.getSession(sessionRef({ channel: 'whatsapp-cloud', userId })))?.language,
    onWindowOpen: (userId) =>
      app.outbox.retryNow((payload) => {
        const address = (payload as { address?: { channel?: string; userId?: string } } | null)?.address;
        return address?.channel === 'whatsapp-cloud' && address.userId === userId;
      }),
  });
  if (cloud) {
    channels.push(cloud);
    inbox?.on('whatsapp-cloud', (event) => cloud.handleEvent(event as CloudEvent));
  }

  // The HTTP server (when WEB_PORT is set): every HTTP feature mounts its routes here before listen.
  // The WhatsApp Cloud API webhook runs there too, or on its own WHATSAPP_CLOUD_PORT.
  let http: HttpServer | undefined;
  let cloudHttp: HttpServer | undefined;
  if (env.WEB_PORT !== undefined) {
    http = createHttpServer({ logger });
    mountOperations(http, app, state);
    // Telegram's webhook and Slack's HTTP events, unless configured on ports of their own: one port for
    // everything, so instances sit behind one load balancer.
    if (telegram?.webhook && env.TELEGRAM_WEBHOOK_PORT === undefined)
      http.node(telegram.webhook.path, telegram.webhook.listener);
    const slackListener = env.SLACK_PORT === undefined ? slack?.httpListener : undefined;
    if (slackListener) http.node('/slack/events', slackListener);
    if (cloud) http.route('/whatsapp', cloud.routes);
    // The web chat: the page at /, the widget at /widget.js, its API under /api/chat/
    // (WEB_CHAT_ENABLED=false leaves it out: the console and health endpoints only).
    const web = env.WEB_CHAT_ENABLED ? webFromEnv(env, { secret, logger }) : undefined;
    // The console at /console (src/console/), when an administrator is configured or accounts exist.
    const consoleApp = await consoleFromEnv(env, { store: app.store, live: app.live, logger });
    if (consoleApp) http.route('/console', consoleApp.routes);
    if (web) {
      http.route('/', web.routes);
      channels.push(web);
      // A browser's page listens to the instance that holds its conversation (sticky sessions): staff
      // replies for it are delivered by that instance, whichever instance received them from Slack.
      if (many) app.deliverLocally('web', () => web.conversations.ids());
    }
  } else if (cloud) {
    cloudHttp = createHttpServer({ logger });
    cloudHttp.route('/whatsapp', cloud.routes);
  }

  await app.start({ watchContent: true, retention: true });
  state.desk = true;
  const stopContentSync = syncContent(app, logger);
  const startChannel = async (channel: ChannelAdapter) => {
    state.channels.set(channel.name, false);
    app.registerChannel(
      channel.name,
      (userId, messages) => channel.send(userId, messages),
      channel.forget ? (userId) => channel.forget!(userId) : undefined,
    );
    await channel.start(app.handlerFor(channel.name));
    state.channels.set(channel.name, true);
    logger.info({ channel: channel.name }, 'channel started');
  };
  for (const channel of channels) await startChannel(channel);
  // Events acknowledged by an instance that died are taken over from here on.
  inbox?.start();

  // WhatsApp Web is one logged-in browser: with many instances only the leader runs it.
  const whatsapp = await whatsappFromEnv(env, { secret, markSeen, logger });
  const whatsappRun = whatsapp
    ? singleton(
        app.coordinator,
        app.metrics,
        'whatsapp',
        {
          start: () => startChannel(whatsapp),
          stop: async () => {
            app.unregisterChannel(whatsapp.name);
            state.channels.delete(whatsapp.name);
            await whatsapp.stop();
          },
        },
        logger,
      )
    : undefined;
  if (whatsapp && many) logger.info({}, 'WhatsApp Web runs in whichever instance leads it');

  if (http) {
    const where = await http.listen({ port: env.WEB_PORT!, host: env.WEB_HOST });
    logger.info({ port: where.port, host: where.host }, 'http server listening');
  }
  if (cloudHttp) {
    const where = await cloudHttp.listen({ port: env.WHATSAPP_CLOUD_PORT ?? 8444, host: env.WEB_HOST });
    logger.info({ port: where.port, host: where.host }, 'whatsapp cloud webhook listening');
  }
  logger.info(
    {
      channels: channels.map((c) => c.name).concat(whatsapp ? ['whatsapp'] : []),
      desk: slack ? 'slack' : 'local',
      store: many ? 'postgres' : 'embedded',
      instance: app.coordinator.instanceId,
      intents: app.live.current().content.intents.length,
    },
    'migrant-rights-bot running',
  );

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info({ inflight: app.inflight.size }, 'stopping: no new messages; finishing those in flight');
  state.accepting = false;
  stopContentSync();
  // No more inbox rows are taken; those being handled finish (before their channel stops).
  const inboxStopped = inbox?.stop();
  // Stop taking new work, but let requests in progress finish (adapters close their listeners gently).
  const closing = [
    ...channels.map((channel) => channel.stop().catch(() => {})),
    whatsappRun?.stop(),
    http?.close({ graceMs: DRAIN_MS }),
    cloudHttp?.close({ graceMs: DRAIN_MS }),
  ];
  await inboxStopped;
  const drained = await app.inflight.idle(DRAIN_MS);
  if (!drained) logger.warn({ inflight: app.inflight.size }, 'stopping with messages still in flight');
  await Promise.all(closing);
  // Replies queued by the last messages go out now (app.stop waits for the outbox's pass).
  app.outbox.kick();
  await app.stop();
  logger.info({}, 'stopped');
}
