/**
 * The WhatsApp adapter from validated configuration, or nothing unless WHATSAPP_ENABLED=1.
 * For the composition root: `npm start` starts every channel whose configuration is present.
 * `secret` keys the pseudonyms (pass the core's, from `loadOrCreateSecret`).
 *
 * @example
 * const whatsapp = await whatsappFromEnv(env, { secret, markSeen: (k) => app.store.markSeen(k), logger });
 * if (whatsapp) { app.registerChannel('whatsapp', (id, m) => whatsapp.send(id, m)); await whatsapp.start(app.core); }
 */
import path from 'node:path';
import type { Env } from '../../src/config/env.ts';
import type { AdapterLogger } from '../telegram/log.ts';
import { createWhatsAppAdapter, type WhatsAppAdapter } from './adapter.ts';
import { openPseudonymMap } from './pseudonyms.ts';
import { createWebJsClient } from './webjs.ts';

export async function whatsappFromEnv(
  env: Pick<Env, 'WHATSAPP_ENABLED' | 'DATA_DIR' | 'CHROME_PATH' | 'WHATSAPP_START_TIMEOUT_SECONDS'>,
  deps: { secret: string; markSeen?: (key: string) => Promise<boolean>; logger?: AdapterLogger },
): Promise<WhatsAppAdapter | undefined> {
  if (!env.WHATSAPP_ENABLED) return undefined;
  const pseudonyms = await openPseudonymMap({
    file: path.join(env.DATA_DIR, 'whatsapp-ids.json'),
    secret: deps.secret,
  });
  const client = createWebJsClient({
    dataDir: env.DATA_DIR,
    chromePath: env.CHROME_PATH,
    startTimeoutSeconds: env.WHATSAPP_START_TIMEOUT_SECONDS,
  });
  return createWhatsAppAdapter({ client, pseudonyms, markSeen: deps.markSeen, logger: deps.logger });
}
