/**
 * The PostgreSQL store, chosen when DATABASE_URL is set: the same port as the embedded store, so
 * several bot instances can share one database. Documents are kept whole (jsonb) beside the
 * columns queries filter on; every query has an index (migrations/). A unit of work is a
 * transaction on one pooled connection, found through AsyncLocalStorage, so the core's and the
 * tickets' calls join it without passing a handle around.
 *
 * @example
 * const store = await createPostgresStore({ connectionString: process.env.DATABASE_URL! });
 * await store.atomically(async () => { await store.putTicket(t); await store.enqueue(item); });
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { checkSchemaName, migrate } from './migrate.ts';
import { MAX_UNANSWERED, SEEN_TTL_MS } from './memory.ts';
import type {
  Erased,
  OutboxItem,
  Purged,
  Session,
  Store,
  Ticket,
  TicketStatus,
  TrendCount,
  TrendDimension,
  TrendEvent,
  TrendFilter,
  UnansweredRecord,
} from './port.ts';
import { byKey } from './trends.ts';
import { Units } from './unit.ts';

export interface PostgresStoreOptions {
  connectionString: string;
  /** The schema holding the tables (created when missing). Default: `public`. */
  schema?: string;
  /** Connections in the pool. Default 10. */
  poolSize?: number;
}

type Queryable = Pick<pg.PoolClient, 'query'>;

/** A write whose result nobody reads, kept until the unit's next statement or its commit. */
interface PendingWrite {
  /** The statement's data-modifying body, with $1… numbered from 1 for its own values. */
  sql: string;
  values: unknown[];
  /** Writes with the same key replace each other (the last session document of a worker wins). */
  key?: string;
}

/**
 * A unit of work on PostgreSQL: its connection, the writes it has not sent yet, and a session document
 * read ahead with the message key (see {@link PostgresStore.markSeen}).
 */
interface PgUnit {
  client: pg.PoolClient;
  pending: PendingWrite[];
  sessions: Map<string, Session | null>;
}

interface OutboxRow {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  next_attempt_at: Date;
  created_at: string;
  last_error: string | null;
  owner: string | null;
}

const toItem = (r: OutboxRow): OutboxItem => ({
  id: r.id,
  kind: r.kind,
  payload: r.payload,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at.toISOString(),
  createdAt: r.created_at,
  ...(r.last_error !== null ? { lastError: r.last_error } : {}),
  ...(r.owner !== null ? { owner: r.owner } : {}),
});

/** Each trend dimension as SQL over trend_events (the same keys as trendDimensionKey). */
const TREND_SQL: Record<TrendDimension, string> = {
  topic: `coalesce(topic, '~' || outcome)`,
  outcome: 'outcome',
  corridor: `coalesce(origin, '') || '>' || coalesce(destination, '')`,
  language: 'language',
  week: 'week',
  channel: 'channel',
};

/** JSON for a jsonb parameter (pg would turn arrays into PostgreSQL arrays). */
const json = (v: unknown) => JSON.stringify(v);

export class PostgresStore implements Store {
  private readonly units: Units<PgUnit>;
  private unansweredAdds = 0;
  private lastSeenSweep = 0;

  constructor(
    /** The pool, for work beside the store's own (advisory locks, claiming outbox items). */
    readonly pool: pg.Pool,
    readonly schema: string,
  ) {
    this.units = new Units<PgUnit>({
      begin: async (lock) => {
        const client = await pool.connect();
        try {
          // A unit for one worker starts holding their advisory lock: one round trip, not two.
          await client.query(lockedBegin(lock));
        } catch (error) {
          client.release(error as Error);
          throw error;
        }
        return { client, pending: [], sessions: new Map() };
      },
      commit: async (unit) => {
        // The pending writes and COMMIT go in one round trip (simple protocol, values inlined as
        // literals). If the writes fail, PostgreSQL skips the COMMIT and the transaction is aborted.
        const writes = pendingStatement(unit.pending.splice(0));
        try {
          await unit.client.query(writes ? `${inline(writes.text, writes.values)};\nCOMMIT` : 'COMMIT');
        } catch (error) {
          // End the aborted transaction, hand the connection back, and fail the unit.
          const ended = await unit.client.query('ROLLBACK').then(
            () => true,
            () => false,
          );
          unit.client.release(ended ? undefined : (error as Error));
          throw error;
        }
        unit.client.release();
      },
      rollback: async (unit) => {
        unit.pending.length = 0;
        try {
          await unit.client.query('ROLLBACK');
          unit.client.release();
        } catch (error) {
          unit.client.release(error as Error);
        }
      },
    });
  }

  /** The connection of the current unit of work, else the pool. */
  db(): Queryable {
    return this.units.current()?.state.client ?? this.pool;
  }

  /**
   * Runs a query in the current unit of work (or on its own). The unit's pending writes go first, so
   * every read sees them.
   */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []) {
    const unit = this.units.current()?.state;
    if (unit) await this.flush(unit);
    // Named: each connection parses and plans a statement once, then only binds and runs it.
    return this.db().query<R>({ name: statementName(sql), text: sql, values: params });
  }

  /**
   * A write whose result is not needed: inside a unit of work it waits and goes with the unit's next
   * statement or its commit, all pending writes in one statement (one round trip instead of one each);
   * outside a unit it runs now. A pending write that fails fails the unit, as it would have at once.
   */
  private async write(sql: string, values: unknown[], key?: string): Promise<void> {
    const unit = this.units.current()?.state;
    if (!unit) {
      await this.query(sql, values);
      return;
    }
    if (key !== undefined) {
      const i = unit.pending.findIndex((w) => w.key === key);
      if (i >= 0) unit.pending.splice(i, 1);
    }
    unit.pending.push({ sql, values, ...(key !== undefined ? { key } : {}) });
  }

  /** Sends a unit's pending writes, as one statement, before the unit's next statement. */
  private async flush(unit: PgUnit): Promise<void> {
    const writes = pendingStatement(unit.pending.splice(0));
    if (writes) await unit.client.query({ name: statementName(writes.text), ...writes });
  }

  async getSession(ref: string) {
    const unit = this.units.current()?.state;
    const ahead = unit?.sessions.get(ref);
    if (unit && ahead !== undefined) {
      // Read ahead with the message key (markSeen) in this unit, under the worker's lock; used once.
      unit.sessions.delete(ref);
      return ahead ?? undefined;
    }
    const r = await this.query<{ doc: Session }>('SELECT doc FROM sessions WHERE ref = $1', [ref]);
    return r.rows[0]?.doc;
  }
  async putSession(session: Session) {
    this.units.current()?.state.sessions.delete(session.ref);
    await this.write(
      `INSERT INTO sessions (ref, doc, open_ticket, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (ref) DO UPDATE SET doc = excluded.doc, open_ticket = excluded.open_ticket, updated_at = excluded.updated_at`,
      [session.ref, json(session), session.openTicket ?? null, session.updatedAt],
      `session:${session.ref}`,
    );
  }
  async deleteSession(ref: string) {
    this.units.current()?.state.sessions.delete(ref);
    await this.query('DELETE FROM sessions WHERE ref = $1', [ref]);
  }

  async getTicket(id: string) {
    const r = await this.query<{ doc: Ticket }>('SELECT doc FROM tickets WHERE id = $1', [id]);
    return r.rows[0]?.doc;
  }
  async putTicket(ticket: Ticket) {
    const closedAt = ticket.status === 'closed' ? (ticket.closedAt ?? ticket.updatedAt) : null;
    await this.query(
      `INSERT INTO tickets (id, worker_ref, status, created_at, closed_at, doc) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET worker_ref = excluded.worker_ref, status = excluded.status,
         created_at = excluded.created_at, closed_at = excluded.closed_at, doc = excluded.doc`,
      [ticket.id, ticket.workerRef, ticket.status, ticket.createdAt, closedAt, json(ticket)],
    );
  }
  async listTickets(filter: { status?: TicketStatus[]; workerRef?: string } = {}) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = ANY($${params.length}::text[])`);
    }
    if (filter.workerRef) {
      params.push(filter.workerRef);
      where.push(`worker_ref = $${params.length}`);
    }
    const r = await this.query<{ doc: Ticket }>(
      `SELECT doc FROM tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`,
      params,
    );
    return r.rows.map((x) => x.doc);
  }
  async findTicketByDesk(key: string, value: string) {
    // tickets_desk (migrations/051): a GIN index over each ticket's desk data.
    const r = await this.query<{ doc: Ticket }>(
      `SELECT doc FROM tickets WHERE doc->'desk' @> $1::jsonb ORDER BY created_at, id LIMIT 1`,
      [json({ [key]: value })],
    );
    return r.rows[0]?.doc;
  }
  async deleteTicketsOf(workerRef: string) {
    return this.atomically(async () => {
      const r = await this.query('DELETE FROM tickets WHERE worker_ref = $1', [workerRef]);
      await this.query('DELETE FROM outbox WHERE owner = $1', [workerRef]);
      return r.rowCount ?? 0;
    });
  }

  async addUnanswered(record: UnansweredRecord) {
    const { workerRef, ...doc } = record;
    await this.query('INSERT INTO unanswered (worker_ref, at, doc) VALUES ($1, $2, $3)', [
      workerRef ?? null,
      record.at,
      json(doc),
    ]);
    if (++this.unansweredAdds % 100 === 0)
      await this.query('DELETE FROM unanswered WHERE id <= (SELECT max(id) FROM unanswered) - $1', [
        MAX_UNANSWERED,
      ]);
  }
  async listUnanswered() {
    const r = await this.query<{ doc: UnansweredRecord }>(
      'SELECT doc FROM unanswered ORDER BY id DESC LIMIT $1',
      [MAX_UNANSWERED],
    );
    return r.rows.map((x) => x.doc).reverse();
  }

  async markSeen(key: string, owner?: string) {
    const ttl = `${Math.round(SEEN_TTL_MS / 1000)} seconds`;
    const now = Date.now();
    if (now - this.lastSeenSweep > 60_000) {
      this.lastSeenSweep = now;
      await this.query(`DELETE FROM seen_keys WHERE seen_at < now() - $1::interval`, [ttl]);
    }
    // A key seen longer ago than the TTL counts as new (it may not have been swept yet).
    const insert = `INSERT INTO seen_keys (key, owner) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET seen_at = now(), owner = excluded.owner
       WHERE seen_keys.seen_at < now() - $3::interval`;
    const unit = this.units.current()?.state;
    if (unit && owner !== undefined) {
      // Inside a unit (the core's, under the worker's lock) the owner's session is read in the same
      // round trip: the core asks for it next. Nothing else can change it before the unit ends.
      const r = await this.query<{ fresh: boolean; doc: Session | null }>(
        `WITH ins AS (${insert} RETURNING 1)
         SELECT EXISTS (SELECT 1 FROM ins) AS fresh, (SELECT doc FROM sessions WHERE ref = $2) AS doc`,
        [key, owner, ttl],
      );
      const row = r.rows[0]!;
      unit.sessions.set(owner, row.doc);
      return row.fresh;
    }
    const r = await this.query(insert, [key, owner ?? null, ttl]);
    return (r.rowCount ?? 0) > 0;
  }

  async enqueue(item: OutboxItem) {
    await this.write(
      `INSERT INTO outbox (id, kind, payload, attempts, next_attempt_at, created_at, last_error, owner)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        item.id,
        item.kind,
        json(item.payload),
        item.attempts,
        item.nextAttemptAt,
        item.createdAt,
        item.lastError ?? null,
        item.owner ?? null,
      ],
    );
  }
  async due(now: Date) {
    const r = await this.query<OutboxRow>(
      `SELECT id, kind, payload, attempts, next_attempt_at, created_at, last_error, owner
       FROM outbox WHERE next_attempt_at <= $1 ORDER BY created_at, id`,
      [now],
    );
    return r.rows.map(toItem);
  }
  async updateOutbox(item: OutboxItem) {
    await this.query(
      `UPDATE outbox SET kind = $2, payload = $3, attempts = $4, next_attempt_at = $5, last_error = $6
       WHERE id = $1`,
      [item.id, item.kind, json(item.payload), item.attempts, item.nextAttemptAt, item.lastError ?? null],
    );
  }
  async removeOutbox(id: string) {
    await this.query('DELETE FROM outbox WHERE id = $1', [id]);
  }

  async recordTrend(e: TrendEvent) {
    await this.write(
      `INSERT INTO trend_events (week, outcome, topic, origin, destination, language, channel, worker_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        e.week,
        e.outcome,
        e.topic ?? null,
        e.origin ?? null,
        e.destination ?? null,
        e.language,
        e.channel,
        e.workerKey,
      ],
    );
  }
  async trendCounts(filter: TrendFilter, by: TrendDimension): Promise<TrendCount[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const eq = (sql: string, v: string | undefined) => {
      if (v === undefined || v === '') return;
      params.push(v);
      where.push(`${sql} $${params.length}`);
    };
    eq('week >=', filter.from);
    eq('week <=', filter.to);
    eq('language =', filter.language);
    eq('origin =', filter.origin);
    eq('destination =', filter.destination);
    const key = TREND_SQL[by];
    const r = await this.query<{ key: string; messages: string; workers: string }>(
      `SELECT ${key} AS key, count(*) AS messages, count(DISTINCT worker_key) AS workers FROM trend_events
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY 1 ORDER BY 1`,
      params,
    );
    return r.rows
      .map((x) => ({ key: x.key, messages: Number(x.messages), workers: Number(x.workers) }))
      .sort(byKey);
  }

  forgetWorker(workerRef: string, keys: { trendKey?: string } = {}): Promise<Erased> {
    return this.atomically(async () => {
      const n = async (sql: string, key = workerRef) => (await this.query(sql, [key])).rowCount ?? 0;
      return {
        sessions: await n('DELETE FROM sessions WHERE ref = $1'),
        outbox: await n('DELETE FROM outbox WHERE owner = $1'),
        tickets: await n('DELETE FROM tickets WHERE worker_ref = $1'),
        seen: await n('DELETE FROM seen_keys WHERE owner = $1'),
        unanswered: await n('DELETE FROM unanswered WHERE worker_ref = $1'),
        trends: keys.trendKey ? await n('DELETE FROM trend_events WHERE worker_key = $1', keys.trendKey) : 0,
      };
    });
  }

  purgeExpired(cutoff: Date): Promise<Purged> {
    return this.atomically(async () => {
      const n = async (sql: string) => (await this.query(sql, [cutoff])).rowCount ?? 0;
      return {
        tickets: await n(`DELETE FROM tickets WHERE status = 'closed' AND closed_at < $1`),
        sessions: await n(
          `DELETE FROM sessions s WHERE s.updated_at < $1 AND NOT EXISTS
             (SELECT 1 FROM tickets t WHERE t.id = s.open_ticket AND t.status <> 'closed')`,
        ),
        unanswered: await n('DELETE FROM unanswered WHERE at < $1'),
      };
    });
  }

  async claimMeta(key: string, value: string) {
    await this.query('INSERT INTO store_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
      key,
      value,
    ]);
    const r = await this.query<{ value: string }>('SELECT value FROM store_meta WHERE key = $1', [key]);
    return r.rows[0]!.value;
  }

  /**
   * Runs `fn` as one transaction. With `lock` (two int4 keys) the transaction holds that advisory lock
   * (`pg_advisory_xact_lock`) from its start, taken with BEGIN in one round trip (src/instances/).
   */
  atomically<T>(fn: () => Promise<T>, options: { lock?: readonly [number, number] } = {}): Promise<T> {
    const { lock } = options;
    if (lock && this.units.current())
      return this.query('SELECT pg_advisory_xact_lock($1, $2)', [...lock]).then(fn);
    return this.units.run(fn, lock);
  }
  onCommit(fn: () => void): void {
    this.units.after(fn);
  }

  async close() {
    await this.pool.end();
  }
}

/** Pending writes as one statement: itself when alone, else data-modifying WITH clauses. */
function pendingStatement(writes: PendingWrite[]): { text: string; values: unknown[] } | undefined {
  if (writes.length === 0) return undefined;
  if (writes.length === 1) return { text: writes[0]!.sql, values: writes[0]!.values };
  const values: unknown[] = [];
  const parts = writes.map((w, i) => {
    const offset = values.length;
    values.push(...w.values);
    return `w${i} AS (${w.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  return { text: `WITH ${parts.join(',\n')}\nSELECT 1`, values };
}

/**
 * A statement with its values written in as literals (for the simple protocol, which takes several
 * statements in one message but no parameters). Strings go through pg's escapeLiteral; the store's
 * own statements hold no `$` other than their placeholders.
 */
export function inline(text: string, values: readonly unknown[]): string {
  const literal = (v: unknown): string => {
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error('a number to inline must be finite');
      return String(v);
    }
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    if (v instanceof Date) return pg.escapeLiteral(v.toISOString());
    if (typeof v === 'string') return pg.escapeLiteral(v);
    return pg.escapeLiteral(JSON.stringify(v));
  };
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= values.length) throw new Error(`no value for $${n}`);
    return literal(values[i]);
  });
}

const statementNames = new Map<string, string>();
/** A prepared statement's name for its text (the store's statements are a fixed set). */
export function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `mrb_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** BEGIN, and the advisory lock when one is given (integers only: safe to put in the statement). */
function lockedBegin(lock: unknown): string {
  if (!Array.isArray(lock)) return 'BEGIN';
  const [a, b] = lock as number[];
  if (!Number.isInteger(a) || !Number.isInteger(b)) throw new Error('advisory lock keys must be integers');
  return `BEGIN; SELECT pg_advisory_xact_lock(${a}, ${b})`;
}

/** Connects, applies missing migrations, and returns the store. */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const schema = checkSchemaName(options.schema ?? 'public');
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    options: `-c search_path=${schema}`,
  });
  // An idle connection that breaks (server restart) must not crash the process.
  pool.on('error', () => {});
  try {
    await migrate(pool, schema);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgresStore(pool, schema);
}
