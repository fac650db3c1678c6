/**
 * The console from validated configuration, for the composition root (src/server.ts): mounted at
 * /console when WEB_PORT is set and CONSOLE_ADMIN_EMAIL is configured or accounts exist already.
 * Accounts live beside the bot's store: PostgreSQL tables when the store is PostgreSQL, else
 * DATA_DIR/console.json.
 *
 * @example
 * const consoleApp = await consoleFromEnv(env, { store: app.store, live: app.live, logger });
 * if (consoleApp) http.route('/console', consoleApp.routes);
 */
import path from 'node:path';
import type { Hono } from 'hono';
import { REPO_ROOT } from '../app.ts';
import type { Env } from '../config/env.ts';
import type { Logger } from '../core/dialogue.ts';
import { isSqlStore } from '../instances/postgres.ts';
import type { LiveNlu } from '../kb/live.ts';
import type { Store } from '../store/port.ts';
import { createConsole } from './app.ts';
import { ensureAdmin } from './auth.ts';
import type { ConsoleDeps, ConsoleSection } from './section.ts';
import { SECTIONS } from './sections.ts';
import { createFileConsoleStore, type ConsoleStore } from './store.ts';

/** The console's accounts store for the bot's store. */
export async function openConsoleStore(store: Store, dataDir: string): Promise<ConsoleStore> {
  if (isSqlStore(store)) {
    const { PostgresConsoleStore } = await import('./store-postgres.ts');
    return new PostgresConsoleStore(store.pool);
  }
  return createFileConsoleStore(dataDir);
}

/** Where knowledge/, intents/ and locales/ are (as createApp decides). */
export function contentRootOf(env: Pick<Env, 'CONTENT_DIR'>): string {
  return path.resolve(env.CONTENT_DIR && env.CONTENT_DIR !== '.' ? env.CONTENT_DIR : REPO_ROOT);
}

export async function consoleFromEnv(
  env: Env,
  deps: {
    store: Store;
    live: LiveNlu;
    logger: Logger;
    now?: () => Date;
    sections?: readonly ConsoleSection[];
  },
): Promise<{ routes: Hono; accounts: ConsoleStore } | undefined> {
  if (env.WEB_PORT === undefined) return undefined;
  const accounts = await openConsoleStore(deps.store, env.DATA_DIR);
  const now = deps.now ?? (() => new Date());
  if (env.CONSOLE_ADMIN_EMAIL && env.CONSOLE_ADMIN_PASSWORD) {
    const result = await ensureAdmin(accounts, env.CONSOLE_ADMIN_EMAIL, env.CONSOLE_ADMIN_PASSWORD, now());
    deps.logger.info(
      { admin: result },
      'console administrator ' + (result === 'created' ? 'created' : 'exists'),
    );
  } else if ((await accounts.listAccounts()).length === 0) {
    deps.logger.info({}, 'console off: set CONSOLE_ADMIN_EMAIL and CONSOLE_ADMIN_PASSWORD to start it');
    await accounts.close();
    return undefined;
  }
  const consoleDeps: ConsoleDeps = {
    store: deps.store,
    accounts,
    live: deps.live,
    contentRoot: contentRootOf(env),
    env,
    now,
    logger: deps.logger,
  };
  const routes = createConsole(consoleDeps, deps.sections ?? SECTIONS, {
    secureCookies: env.CONSOLE_SECURE_COOKIES,
    trustProxy: env.WEB_TRUST_PROXY,
  });
  return { routes, accounts };
}
