/**
 * Which store the bot uses: PostgreSQL when DATABASE_URL is set (several instances may share it),
 * else the embedded store in DATA_DIR.
 *
 * @example
 * const store = await openStore({ DATA_DIR: './data', DATABASE_URL: process.env.DATABASE_URL });
 */
import { createLowdbStore } from './lowdb.ts';
import type { Store } from './port.ts';

export interface StoreEnv {
  DATA_DIR: string;
  DATABASE_URL?: string;
}

export async function openStore(env: StoreEnv, options: { readOnly?: boolean } = {}): Promise<Store> {
  if (env.DATABASE_URL) {
    const { createPostgresStore } = await import('./postgres.ts');
    return createPostgresStore({ connectionString: env.DATABASE_URL });
  }
  return createLowdbStore(env.DATA_DIR, options);
}

/** Where the store is, for logs and messages (never the database password). */
export function describeStore(env: StoreEnv): string {
  if (!env.DATABASE_URL) return `files in ${env.DATA_DIR}`;
  try {
    const url = new URL(env.DATABASE_URL);
    return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}
