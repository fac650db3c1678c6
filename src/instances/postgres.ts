/**
 * Many bot instances over one PostgreSQL database (the store chosen when DATABASE_URL is set):
 *
 * - a worker's lock is a transaction-scoped advisory lock (`pg_advisory_xact_lock`) taken at the start
 *   of the store's unit of work, so everything a message changes — its inbox key, the session, tickets,
 *   outbox items with the replies — commits together, and a killed instance's half-done work rolls back
 *   and releases the lock with its connection;
 * - outbox items are claimed with `FOR UPDATE SKIP LOCKED`: only the oldest pending item of each order key
 *   (one worker, one ticket), leased to this instance with a fresh token (`claimed_by`, `lease`) by moving
 *   its `next_attempt_at` forward. While this instance lives it extends the leases it holds (a heartbeat
 *   every third of the lease), so a slow delivery is never taken over; an item whose instance died is due
 *   again when the lease ends and another instance takes it with a new token. Marking an item done (a
 *   delete) or failed names the token: an instance whose lease was taken over changes nothing (fencing).
 *   Claims, heartbeats and done-marks use a small pool of their own, so they never queue behind the
 *   messages being handled (a delivered item is marked done as soon as the platform accepted it);
 * - leadership for singleton work is a session-level advisory lock held on one dedicated connection: it
 *   ends when that connection (or the process) does, and another instance takes over on its next try;
 * - content changes travel with LISTEN/NOTIFY on the same connection.
 *
 * Advisory lock keys include the schema, so several schemas in one database (tests) never contend.
 */
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../core/dialogue.ts';
import { silentLogger } from '../core/dialogue.ts';
import type { OutboxItem, Store } from '../store/port.ts';
import { HeldKeys, type ClaimOptions, type Coordinator, type OutboxStats } from './coordinator.ts';
import { KeyedLock } from '../core/tickets.ts';

/** What the PostgreSQL store offers beside the port (src/store/postgres.ts). */
export interface SqlStore extends Store {
  readonly pool: pg.Pool;
  readonly schema: string;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    params?: unknown[],
  ): Promise<pg.QueryResult<R>>;
  atomically<T>(fn: () => Promise<T>, options?: { lock?: readonly [number, number] }): Promise<T>;
}

export function isSqlStore(store: Store): store is SqlStore {
  const s = store as Partial<SqlStore>;
  return (
    typeof s.query === 'function' &&
    typeof s.atomically === 'function' &&
    typeof s.schema === 'string' &&
    typeof (s.pool as { connect?: unknown } | undefined)?.connect === 'function'
  );
}

/** The NOTIFY channel for content changes (the payload names the schema). */
const CONTENT_CHANNEL = 'mrb_content';

interface OutboxRow {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  next_attempt_at: Date;
  created_at: string;
  last_error: string | null;
  owner: string | null;
  seq: string;
}

export interface PostgresCoordinatorOptions {
  logger?: Logger;
  instanceId?: string;
  /** Called when this instance stops leading a job it led (its connection was lost). */
  onLeadershipLost?: (job: string) => void;
  /** Called when a lease this instance held was found taken over (metrics: should stay at zero). */
  onLeaseLost?: (count: number) => void;
}

/** An advisory lock key (int4) for a string: the first four bytes of its SHA-256. */
export function lockKey(text: string): number {
  return createHash('sha256').update(text).digest().readInt32BE(0);
}

export class PostgresCoordinator implements Coordinator {
  readonly kind = 'postgres' as const;
  readonly exclusiveClaims = true;
  readonly instanceId: string;
  private readonly log: Logger;
  private readonly local = new KeyedLock();
  private readonly heldKeys = new HeldKeys();
  private readonly lockSpace: number;
  private readonly leaderSpace: string;
  /** Outbox items this instance holds now, by id: their lease token. */
  private readonly held = new Map<string, string>();
  private claims = 0;
  private leaseMs = 60_000;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Done-marks waiting for the next flush (one statement for those that finish together). */
  private doneQueue: { id: string; lease: string; settle: (error?: unknown) => void }[] = [];
  private outboxPoolValue: pg.Pool | undefined;
  /** The dedicated connection for leadership and LISTEN. */
  private session: pg.PoolClient | undefined;
  private connecting: Promise<pg.PoolClient> | undefined;
  private readonly led = new Set<string>();
  private readonly contentListeners: ((hash: string) => void)[] = [];
  private stopped = false;

  constructor(
    private readonly store: SqlStore,
    private readonly options: PostgresCoordinatorOptions = {},
  ) {
    this.log = options.logger ?? silentLogger;
    this.instanceId = options.instanceId ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.lockSpace = lockKey(`mrb:${store.schema}:worker`);
    this.leaderSpace = `mrb:${store.schema}:leader`;
  }

  withWorkerLock<T>(ref: string, fn: () => Promise<T>): Promise<T> {
    if (this.heldKeys.holds(ref)) return fn();
    // Queue in-process first, so one instance's messages for a worker do not each hold a connection
    // while they wait for the database lock. The transaction starts holding the lock (one round trip).
    const lock = [this.lockSpace, lockKey(ref)] as const;
    return this.local.run(ref, () => this.heldKeys.run(ref, () => this.store.atomically(fn, { lock })));
  }

  /** The small pool for claims, heartbeats and done-marks (same server and schema as the store's). */
  private get outboxPool(): pg.Pool {
    if (!this.outboxPoolValue) {
      const options = (this.store.pool as unknown as { options: pg.PoolConfig }).options;
      this.outboxPoolValue = new pg.Pool({ ...options, max: 2 });
      this.outboxPoolValue.on('error', () => {});
    }
    return this.outboxPoolValue;
  }

  async claimOutbox(now: Date, options: ClaimOptions): Promise<OutboxItem[]> {
    if (this.stopped) return [];
    this.leaseMs = options.leaseMs;
    const leaseUntil = new Date(now.getTime() + options.leaseMs);
    const lease = `${this.instanceId}:${++this.claims}`;
    const r = await this.outboxPool.query<OutboxRow>(
      `UPDATE outbox SET next_attempt_at = $2, claimed_by = $5, lease = $6
       WHERE id IN (
         SELECT c.id FROM outbox c
         WHERE c.next_attempt_at <= $1
           AND (c.kind <> 'worker.deliver' OR (
             c.payload->'data'->'address'->>'channel' = ANY($4::text[])
             AND (c.payload->'data'->'address'->>'channel' <> ALL($7::text[])
                  OR c.payload->'data'->'address'->>'userId' = ANY($8::text[]))))
           AND NOT EXISTS (
             SELECT 1 FROM outbox e
             WHERE coalesce(e.payload->>'orderKey', e.id) = coalesce(c.payload->>'orderKey', c.id)
               AND e.seq < c.seq)
         ORDER BY c.seq
         LIMIT $3
         FOR UPDATE OF c SKIP LOCKED)
       RETURNING id, kind, payload, attempts, next_attempt_at, created_at, last_error, owner, seq`,
      [
        now,
        leaseUntil,
        options.limit,
        options.channels,
        this.instanceId,
        lease,
        Object.keys(options.localUsers ?? {}),
        Object.values(options.localUsers ?? {}).flat(),
      ],
    );
    for (const row of r.rows) this.held.set(row.id, lease);
    if (r.rows.length > 0) this.startHeartbeat();
    return r.rows
      .sort((a, b) => Number(a.seq) - Number(b.seq))
      .map((row) => ({
        id: row.id,
        kind: row.kind,
        payload: row.payload,
        attempts: row.attempts,
        nextAttemptAt: row.next_attempt_at.toISOString(),
        createdAt: row.created_at,
        ...(row.last_error !== null ? { lastError: row.last_error } : {}),
        ...(row.owner !== null ? { owner: row.owner } : {}),
      }));
  }

  outboxDone(item: OutboxItem): Promise<void> {
    const lease = this.held.get(item.id);
    if (lease === undefined) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.doneQueue.push({ id: item.id, lease, settle: (error) => (error ? reject(error) : resolve()) });
      // Deliveries that finish in the same turn are marked done together.
      if (this.doneQueue.length === 1) setImmediate(() => void this.flushDone());
    });
  }

  private async flushDone(): Promise<void> {
    const batch = this.doneQueue.splice(0);
    if (batch.length === 0) return;
    let error: unknown;
    // A done-mark that fails (the database restarting) is tried again: the item went out, and an item
    // left claimed would be sent again once its lease ended.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await this.outboxPool.query(
          `DELETE FROM outbox o USING unnest($1::text[], $2::text[]) AS d(id, lease)
           WHERE o.id = d.id AND o.lease = d.lease`,
          [batch.map((d) => d.id), batch.map((d) => d.lease)],
        );
        error = undefined;
        break;
      } catch (e) {
        error = e;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
    for (const d of batch) {
      if (this.held.get(d.id) === d.lease) this.held.delete(d.id);
      d.settle(error);
    }
  }

  async outboxFailed(
    item: OutboxItem,
    next: Pick<OutboxItem, 'attempts' | 'nextAttemptAt' | 'lastError'>,
  ): Promise<void> {
    const lease = this.held.get(item.id);
    if (lease === undefined) return;
    try {
      await this.outboxPool.query(
        `UPDATE outbox SET attempts = $3, next_attempt_at = $4, last_error = $5, claimed_by = NULL, lease = NULL
         WHERE id = $1 AND lease = $2`,
        [item.id, lease, next.attempts, next.nextAttemptAt, next.lastError ?? null],
      );
    } finally {
      if (this.held.get(item.id) === lease) this.held.delete(item.id);
    }
  }

  async outboxReschedule(ids: string[], at: Date): Promise<void> {
    await this.outboxPool.query(
      `UPDATE outbox SET next_attempt_at = $2
       WHERE id = ANY($1::text[]) AND lease IS NULL AND next_attempt_at > $2`,
      [ids, at],
    );
  }

  /** Extends the leases of the items this instance holds, every third of the lease, while it holds any. */
  private startHeartbeat(): void {
    if (this.heartbeat) return;
    const beat = async () => {
      if (this.held.size === 0 || this.stopped) {
        clearInterval(this.heartbeat);
        this.heartbeat = undefined;
        return;
      }
      const entries = [...this.held];
      try {
        const r = await this.outboxPool.query<{ id: string }>(
          `UPDATE outbox o SET next_attempt_at = $3 FROM unnest($1::text[], $2::text[]) AS h(id, lease)
           WHERE o.id = h.id AND o.lease = h.lease RETURNING o.id`,
          [entries.map(([id]) => id), entries.map(([, lease]) => lease), new Date(Date.now() + this.leaseMs)],
        );
        const kept = new Set(r.rows.map((row) => row.id));
        // Not kept: delivered and deleted meanwhile, erased by /forget, or (late) taken over.
        let lost = 0;
        for (const [id, lease] of entries)
          if (!kept.has(id) && this.held.get(id) === lease && !this.doneQueue.some((d) => d.id === id)) {
            this.held.delete(id);
            lost++;
          }
        if (lost > 0) this.options.onLeaseLost?.(lost);
      } catch (error) {
        this.log.warn({ error: errorName(error) }, 'outbox lease heartbeat failed');
      }
    };
    this.heartbeat = setInterval(() => void beat(), Math.max(100, Math.floor(this.leaseMs / 3)));
    this.heartbeat.unref();
  }

  async leader(job: string): Promise<boolean> {
    if (this.stopped) return false;
    if (this.led.has(job)) return true;
    try {
      const session = await this.connect();
      const r = await session.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS ok',
        [this.leaderSpace, job],
      );
      if (r.rows[0]?.ok) {
        this.led.add(job);
        this.log.info({ job, instance: this.instanceId }, 'leading');
        return true;
      }
    } catch (error) {
      this.log.warn({ job, error: errorName(error) }, 'leadership check failed');
    }
    return false;
  }

  async publishContent(hash: string): Promise<void> {
    await this.store.pool.query('SELECT pg_notify($1, $2)', [
      CONTENT_CHANNEL,
      JSON.stringify({ schema: this.store.schema, hash, from: this.instanceId }),
    ]);
  }

  onContentChanged(listener: (hash: string) => void): void {
    this.contentListeners.push(listener);
  }

  async outboxStats(now: Date): Promise<OutboxStats> {
    const r = await this.store.pool.query<{ depth: number; oldest: string | null }>(
      'SELECT count(*)::int AS depth, min(created_at) AS oldest FROM outbox',
    );
    const row = r.rows[0];
    const oldest = row?.oldest ? Date.parse(row.oldest) : NaN;
    return {
      depth: row?.depth ?? 0,
      oldestAgeSeconds: Number.isFinite(oldest) ? Math.max(0, (now.getTime() - oldest) / 1000) : 0,
    };
  }

  async ping(): Promise<boolean> {
    await this.store.pool.query('SELECT 1');
    return true;
  }

  async start(): Promise<void> {
    this.stopped = false;
    // Connect now so content notifications arrive from the start; a failure is retried on use.
    await this.connect().catch((error: unknown) =>
      this.log.warn({ error: errorName(error) }, 'coordination connection failed; will retry'),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    await this.flushDone();
    const outboxPool = this.outboxPoolValue;
    this.outboxPoolValue = undefined;
    await outboxPool?.end().catch(() => {});
    const session = this.session;
    this.session = undefined;
    this.led.clear();
    if (session) {
      // Releasing with an error closes the connection, which ends every advisory lock it held.
      session.release(true);
    }
  }

  private connect(): Promise<pg.PoolClient> {
    if (this.session) return Promise.resolve(this.session);
    this.connecting ??= (async () => {
      const session = await this.store.pool.connect();
      const lost = (error?: unknown) => {
        if (this.session !== session) return;
        this.session = undefined;
        const jobs = [...this.led];
        this.led.clear();
        if (!this.stopped) {
          this.log.warn({ error: errorName(error) }, 'coordination connection lost');
          for (const job of jobs) this.options.onLeadershipLost?.(job);
        }
        try {
          session.release(true);
        } catch {
          // already released
        }
      };
      session.on('error', lost);
      session.on('end', () => lost());
      session.on('notification', (message) => {
        if (message.channel !== CONTENT_CHANNEL || !message.payload) return;
        try {
          const { schema, hash, from } = JSON.parse(message.payload) as {
            schema?: string;
            hash?: string;
            from?: string;
          };
          if (schema !== this.store.schema || from === this.instanceId || typeof hash !== 'string') return;
          for (const listener of this.contentListeners) listener(hash);
        } catch {
          // not ours
        }
      });
      await session.query(`LISTEN ${CONTENT_CHANNEL}`);
      this.session = session;
      return session;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }
}

function errorName(error: unknown): string {
  if (error instanceof Error) return (error as { code?: string }).code ?? error.name;
  return 'error';
}
