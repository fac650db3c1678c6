/**
 * The web chat from validated configuration, or nothing when WEB_PORT is unset (no HTTP server).
 * For the composition root: the routes are mounted on the shared HTTP server before it listens.
 *
 * @example
 * const web = webFromEnv(env, { secret, logger });
 * if (web && http) { http.route('/', web.routes); channels.push(web); }
 */
import type { Env } from '../../src/config/env.ts';
import type { Logger } from '../../src/core/dialogue.ts';
import { createWebAdapter, type WebAdapter } from './adapter.ts';

export function webFromEnv(
  env: Pick<Env, 'WEB_PORT' | 'WEB_ALLOWED_ORIGINS' | 'WEB_EXIT_URL' | 'WEB_TRUST_PROXY'>,
  deps: { secret: string; logger?: Logger },
): WebAdapter | undefined {
  if (env.WEB_PORT === undefined) return undefined;
  return createWebAdapter({
    secret: deps.secret,
    allowedOrigins: env.WEB_ALLOWED_ORIGINS,
    exitUrl: env.WEB_EXIT_URL,
    trustProxy: env.WEB_TRUST_PROXY,
    logger: deps.logger,
  });
}
