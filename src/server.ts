/**
 * Runs the configured channels (Telegram, WhatsApp, the web chat when WEB_PORT is set) with the
 * configured staff desk (Slack, or the in-process desk when SLACK_BOT_TOKEN is unset) until SIGINT/SIGTERM.
 */
import { slackDeskFromEnv } from '../adapters/slack/desk.ts';
import { telegramFromEnv } from '../adapters/telegram/from-env.ts';
import { webFromEnv } from '../adapters/web/from-env.ts';
import { whatsappCloudFromEnv } from '../adapters/whatsapp-cloud/from-env.ts';
import { whatsappFromEnv } from '../adapters/whatsapp/from-env.ts';
import { createApp } from './app.ts';
import { createHttpServer, type HttpServer } from './http/server.ts';
import type { Env } from './config/env.ts';
import type { ChannelAdapter } from './core/channel.ts';
import { LocalDesk } from './core/local-desk.ts';
import { createLogger } from './core/logger.ts';
import { createPseudonymizer, loadOrCreateSecret } from './core/pseudonym.ts';

export async function runServer(env: Env): Promise<void> {
  const logger = createLogger(env.LOG_LEVEL, { pretty: env.LOG_PRETTY });
  const slack = slackDeskFromEnv(env, logger);
  if (!slack)
    logger.warn({}, 'SLACK_BOT_TOKEN is not set: escalations stay in the in-process desk and reach no one');
  const app = await createApp({ env, desk: slack ?? new LocalDesk(), logger });
  const markSeen = (key: string) => app.store.markSeen(key);
  const secret = await loadOrCreateSecret(env.DATA_DIR, env.PSEUDONYM_SECRET);
  const channels: ChannelAdapter[] = [];
  const telegram = telegramFromEnv(env, { markSeen, logger });
  if (telegram) channels.push(telegram);
  const whatsapp = await whatsappFromEnv(env, { secret, markSeen, logger });
  if (whatsapp) channels.push(whatsapp);

  const sessionRef = createPseudonymizer(secret);
  const cloud = await whatsappCloudFromEnv(env, {
    secret,
    markSeen,
    logger,
    languageOf: async (userId) =>
      (await app.store.getSession(sessionRef({ channel: 'whatsapp-cloud', userId })))?.language,
    onWindowOpen: (userId) =>
      app.outbox.retryNow((payload) => {
        const address = (payload as { address?: { channel?: string; userId?: string } } | null)?.address;
        return address?.channel === 'whatsapp-cloud' && address.userId === userId;
      }),
  });
  if (cloud) channels.push(cloud);

  // The HTTP server (when WEB_PORT is set): every HTTP feature mounts its routes here before listen.
  // The WhatsApp Cloud API webhook runs there too, or on its own WHATSAPP_CLOUD_PORT.
  let http: HttpServer | undefined;
  let cloudHttp: HttpServer | undefined;
  if (env.WEB_PORT !== undefined) {
    http = createHttpServer({ logger });
    http.readiness('content', () => app.live.current().content.intents.length > 0);
    if (cloud) http.route('/whatsapp', cloud.routes);
    // The web chat: the page at /, the widget at /widget.js, its API under /api/chat/.
    const web = webFromEnv(env, { secret, logger });
    if (web) {
      http.route('/', web.routes);
      channels.push(web);
    }
  } else if (cloud) {
    cloudHttp = createHttpServer({ logger });
    cloudHttp.route('/whatsapp', cloud.routes);
  }

  await app.start({ watchContent: true, retention: true });
  for (const channel of channels) {
    app.registerChannel(
      channel.name,
      (userId, messages) => channel.send(userId, messages),
      channel.forget ? (userId) => channel.forget!(userId) : undefined,
    );
    await channel.start(app.core);
    logger.info({ channel: channel.name }, 'channel started');
  }
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
      channels: channels.map((c) => c.name),
      desk: slack ? 'slack' : 'local',
      intents: app.live.current().content.intents.length,
    },
    'migrant-rights-bot running',
  );

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info({}, 'stopping');
  await http?.close();
  await cloudHttp?.close();
  for (const channel of channels) await channel.stop().catch(() => {});
  await app.stop();
}
