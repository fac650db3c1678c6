/**
 * PostgreSQL for tests: the suites that need it run when DATABASE_URL is set (CI sets it) and are
 * skipped, saying so, when it is not. Each store gets its own schema, dropped when the file ends,
 * so test files and parallel runs never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres.ts';

export const DATABASE_URL = process.env.DATABASE_URL || undefined;

/** Prints once per file which suite is skipped and why. */
export function noteSkipped(suite: string): void {
  if (!DATABASE_URL) console.warn(`skipped: ${suite} (DATABASE_URL is not set)`);
}

/** A fresh schema name for this test file. */
export const freshSchema = (prefix = 't') =>
  `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase();

/** Drops every schema created through {@link pgStore} when the file's tests are done. */
export function pgSchemas() {
  const schemas: string[] = [];
  afterAll(async () => {
    if (!DATABASE_URL || schemas.length === 0) return;
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    } finally {
      await client.end();
    }
  });
  return {
    schemas,
    async store(schema = freshSchema()): Promise<PostgresStore> {
      if (!schemas.includes(schema)) schemas.push(schema);
      return createPostgresStore({ connectionString: DATABASE_URL!, schema, poolSize: 4 });
    },
  };
}
