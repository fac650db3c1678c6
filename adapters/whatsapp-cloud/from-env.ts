/**
 * The WhatsApp Cloud API adapter from validated configuration, or nothing unless its four values
 * (WHATSAPP_CLOUD_TOKEN, _PHONE_NUMBER_ID, _APP_SECRET, _VERIFY_TOKEN) are set. `secret` keys the
 * pseudonyms (pass the core's, from `loadOrCreateSecret`).
 *
 * @example
 * const cloud = await whatsappCloudFromEnv(env, { secret, markSeen, logger });
 * if (cloud) { http.route('/whatsapp', cloud.routes); app.registerChannel('whatsapp-cloud', (id, m) => cloud.send(id, m)); }
 */
import path from 'node:path';
import type { Env } from '../../src/config/env.ts';
import type { AdapterLogger } from '../telegram/log.ts';
import { openPseudonymMap } from '../whatsapp/pseudonyms.ts';
import {
  createWhatsAppCloudAdapter,
  type WhatsAppCloudAdapter,
  type WhatsAppCloudOptions,
} from './adapter.ts';
import { createGraphClient, DEFAULT_GRAPH_API_URL } from './graph.ts';
import { openWindowBook } from './window.ts';

export type CloudEnv = Pick<
  Env,
  | 'DATA_DIR'
  | 'WHATSAPP_CLOUD_TOKEN'
  | 'WHATSAPP_CLOUD_PHONE_NUMBER_ID'
  | 'WHATSAPP_CLOUD_APP_SECRET'
  | 'WHATSAPP_CLOUD_VERIFY_TOKEN'
  | 'WHATSAPP_CLOUD_API_URL'
  | 'WHATSAPP_CLOUD_TEMPLATE'
  | 'WHATSAPP_CLOUD_TEMPLATE_LANGUAGES'
>;

export function whatsappCloudConfigured(env: Partial<CloudEnv>): boolean {
  return Boolean(
    env.WHATSAPP_CLOUD_TOKEN &&
    env.WHATSAPP_CLOUD_PHONE_NUMBER_ID &&
    env.WHATSAPP_CLOUD_APP_SECRET &&
    env.WHATSAPP_CLOUD_VERIFY_TOKEN,
  );
}

export async function whatsappCloudFromEnv(
  env: CloudEnv,
  deps: Pick<WhatsAppCloudOptions, 'markSeen' | 'languageOf' | 'onWindowOpen' | 'now' | 'inbox'> &
    Partial<Pick<WhatsAppCloudOptions, 'pseudonyms' | 'windows'>> & {
      secret: string;
      logger?: AdapterLogger;
    },
): Promise<WhatsAppCloudAdapter | undefined> {
  if (!whatsappCloudConfigured(env)) return undefined;
  const phoneNumberId = env.WHATSAPP_CLOUD_PHONE_NUMBER_ID!;
  return createWhatsAppCloudAdapter({
    graph: createGraphClient({
      apiUrl: env.WHATSAPP_CLOUD_API_URL ?? DEFAULT_GRAPH_API_URL,
      token: env.WHATSAPP_CLOUD_TOKEN!,
      phoneNumberId,
    }),
    // Many instances pass shared ones (PostgreSQL); one instance keeps them in its data directory.
    pseudonyms:
      deps.pseudonyms ??
      (await openPseudonymMap({
        file: path.join(env.DATA_DIR, 'whatsapp-cloud-ids.json'),
        secret: deps.secret,
      })),
    windows:
      deps.windows ??
      (await openWindowBook({ file: path.join(env.DATA_DIR, 'whatsapp-cloud-windows.json') })),
    inbox: deps.inbox,
    phoneNumberId,
    verifyToken: env.WHATSAPP_CLOUD_VERIFY_TOKEN!,
    appSecret: env.WHATSAPP_CLOUD_APP_SECRET!,
    template: {
      name: env.WHATSAPP_CLOUD_TEMPLATE,
      languages: env.WHATSAPP_CLOUD_TEMPLATE_LANGUAGES,
      fallbackLanguage: env.WHATSAPP_CLOUD_TEMPLATE_LANGUAGES.en ?? 'en',
    },
    markSeen: deps.markSeen,
    languageOf: deps.languageOf,
    onWindowOpen: deps.onWindowOpen,
    logger: deps.logger,
    now: deps.now,
  });
}
