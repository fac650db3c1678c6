/**
 * The Telegram adapter from validated configuration, or nothing when TELEGRAM_BOT_TOKEN is unset.
 * For the composition root: `npm start` starts every channel whose configuration is present.
 *
 * @example
 * const telegram = telegramFromEnv(env, { markSeen: (key) => app.store.markSeen(key), logger });
 * if (telegram) { app.registerChannel('telegram', (id, m) => telegram.send(id, m)); await telegram.start(app.core); }
 */
import type { Env } from '../../src/config/env.ts';
import { createTelegramAdapter, type TelegramAdapter } from './adapter.ts';
import type { AdapterLogger } from './log.ts';

export function telegramFromEnv(
  env: Pick<
    Env,
    | 'TELEGRAM_BOT_TOKEN'
    | 'TELEGRAM_API_ROOT'
    | 'TELEGRAM_WEBHOOK_URL'
    | 'TELEGRAM_WEBHOOK_SECRET'
    | 'TELEGRAM_WEBHOOK_PORT'
  > &
    Partial<Pick<Env, 'WEB_PORT'>>,
  deps: { markSeen?: (key: string) => Promise<boolean>; logger?: AdapterLogger; webhookHost?: string } = {},
): TelegramAdapter | undefined {
  if (!env.TELEGRAM_BOT_TOKEN) return undefined;
  return createTelegramAdapter({
    token: env.TELEGRAM_BOT_TOKEN,
    apiRoot: env.TELEGRAM_API_ROOT,
    // The env schema requires the secret whenever the URL is set.
    webhook:
      env.TELEGRAM_WEBHOOK_URL && env.TELEGRAM_WEBHOOK_SECRET
        ? {
            url: env.TELEGRAM_WEBHOOK_URL,
            secret: env.TELEGRAM_WEBHOOK_SECRET,
            port: env.TELEGRAM_WEBHOOK_PORT ?? 8443,
            // Without a port of its own, the webhook is a route on the bot's HTTP server (WEB_PORT).
            shared: env.TELEGRAM_WEBHOOK_PORT === undefined && env.WEB_PORT !== undefined,
            host: deps.webhookHost,
          }
        : undefined,
    markSeen: deps.markSeen,
    logger: deps.logger,
  });
}
