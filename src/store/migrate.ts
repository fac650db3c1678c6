/**
 * Schema migrations for the PostgreSQL store: a plain ordered folder of SQL files
 * (`migrations/NNN_name.sql`), each applied once in its own transaction and recorded in
 * `schema_migrations`. Start-up applies what is missing under an advisory lock, so instances that
 * start together do not race.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE = /^(\d{3,})_([a-z0-9_]+)\.sql$/;

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const seen = new Set<number>();
  const out: Migration[] = [];
  for (const file of files) {
    const m = FILE.exec(file);
    if (!m) throw new Error(`migrations: ${file} is not named NNN_name.sql`);
    const version = Number(m[1]);
    if (seen.has(version)) throw new Error(`migrations: two files with number ${m[1]}`);
    seen.add(version);
    out.push({ version, name: m[2]!, sql: await readFile(path.join(dir, file), 'utf8') });
  }
  return out;
}

/** A schema name that is safe to put in SQL unquoted. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`invalid schema name "${schema}": lower-case letters, digits and _ only`);
  return schema;
}

/** Applies the missing migrations to `schema`; returns the versions applied now. */
export async function migrate(pool: pg.Pool, schema: string, dir = MIGRATIONS_DIR): Promise<number[]> {
  checkSchemaName(schema);
  const migrations = await readMigrations(dir);
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`mrb:migrate:${schema}`]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
           version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const done = new Set(
        (await client.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations`)).rows.map(
          (r) => r.version,
        ),
      );
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(`SET LOCAL search_path TO ${schema}`);
          await client.query(m.sql);
          await client.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [
            m.version,
            m.name,
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(
            `migration ${String(m.version).padStart(3, '0')}_${m.name} failed: ${error instanceof Error ? error.message : String(error)}`,
            { cause: error },
          );
        }
        applied.push(m.version);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`mrb:migrate:${schema}`]);
    }
  } finally {
    client.release();
  }
  return applied;
}
