/**
 * The inbox: inbound events that a platform was told were received before they were handled (the
 * WhatsApp Cloud API webhook answers 200 at once). With many instances each event is written to the
 * `inbox` table before the acknowledgement — keyed by a digest, unique, so a redelivery while the first
 * copy waits is not stored twice — and handled from there:
 *
 * - the instance that wrote the row holds it (a lease with a token, as for the outbox) and handles it
 *   at once; the row is deleted once handled;
 * - while it handles rows it extends their leases (a heartbeat), so slow handling is never taken over;
 * - if that instance dies, the row's lease ends and another instance claims it (`FOR UPDATE SKIP
 *   LOCKED`, a fresh token) and handles it: nothing acknowledged is lost. A message handled just before
 *   the kill but not yet deleted is handled again and dropped by the core's message key, which is
 *   committed with the message's own unit of work;
 * - a handler that fails is tried again with backoff, a bounded number of times.
 *
 * Rows hold what the worker sent for the milliseconds it takes to handle it; nothing stays.
 *
 * @example
 * const inbox = new PostgresInbox(store, { leaseMs: 60_000 });
 * inbox.on('whatsapp-cloud', (event) => cloud.handleEvent(event as CloudEvent));
 * inbox.start();
 * await inbox.put('whatsapp-cloud', key, event); // before answering 200
 */
import type { Logger } from '../core/dialogue.ts';
import { silentLogger } from '../core/dialogue.ts';
import type { SqlStore } from './postgres.ts';

export type InboxHandler = (payload: unknown) => Promise<void>;

export interface InboxOptions {
  /** How long a row stays with the instance handling it before another may take it over. */
  leaseMs: number;
  instanceId: string;
  logger?: Logger;
  /** How often rows left by a dead instance (or due for a retry) are looked for. Default 1 s. */
  pollMs?: number;
  /** Attempts before an event that keeps failing is dropped (and logged). Default 8. */
  maxAttempts?: number;
}

interface Row {
  key: string;
  source: string;
  payload: unknown;
  attempts: number;
  lease: string;
}

export class PostgresInbox {
  private readonly handlers = new Map<string, InboxHandler>();
  /** Rows this instance holds now: key → lease token. */
  private readonly held = new Map<string, string>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  private beat: NodeJS.Timeout | undefined;
  private polling = false;
  private tokens = 0;
  private stopped = true;

  constructor(
    private readonly store: Pick<SqlStore, 'pool'>,
    private readonly options: InboxOptions,
  ) {
    this.log = options.logger ?? silentLogger;
  }

  /** How to handle the events of `source`. */
  on(source: string, handler: InboxHandler): void {
    this.handlers.set(source, handler);
  }

  /**
   * Makes an event durable before it is acknowledged, then handles it here in the background. A key
   * already waiting (a redelivery) is not stored again. Throws when the database cannot take it (the
   * caller answers an error and the platform delivers again).
   */
  async put(source: string, key: string, payload: unknown): Promise<void> {
    const lease = this.token();
    const r = await this.store.pool.query(
      `INSERT INTO inbox (key, source, payload, next_attempt_at, claimed_by, lease)
       VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond', $5, $6)
       ON CONFLICT (key) DO NOTHING`,
      [key, source, JSON.stringify(payload), this.options.leaseMs, this.options.instanceId, lease],
    );
    if ((r.rowCount ?? 0) === 0) return;
    this.held.set(key, lease);
    this.handle({ key, source, payload, attempts: 0, lease });
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => void this.poll(), this.options.pollMs ?? 1000);
    this.timer.unref();
    this.beat = setInterval(() => void this.heartbeat(), Math.max(100, Math.floor(this.options.leaseMs / 3)));
    this.beat.unref();
  }

  /** Stops claiming; waits for the events being handled (their rows are deleted when done). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    clearInterval(this.beat);
  }

  /** Resolves when the events taken so far have been handled (tests). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private token(): string {
    return `${this.options.instanceId}:${++this.tokens}`;
  }

  private handle(row: Row): void {
    const handler = this.handlers.get(row.source);
    const run = (async () => {
      if (!handler) {
        // Not handled by this instance: give it back at once for another.
        await this.release(row, 0, false);
        return;
      }
      try {
        await handler(row.payload);
      } catch (error) {
        const attempts = row.attempts + 1;
        const last = attempts >= (this.options.maxAttempts ?? 8);
        this.log.warn(
          { source: row.source, attempts, error: error instanceof Error ? error.name : 'error' },
          last ? 'inbound event dropped after repeated failures' : 'inbound event failed; will retry',
        );
        if (!last) {
          await this.release(row, Math.min(1000 * 2 ** (attempts - 1), 60_000), true);
          return;
        }
      }
      await this.done(row);
    })()
      .catch((error: unknown) =>
        this.log.warn({ error: error instanceof Error ? error.name : 'error' }, 'inbox bookkeeping failed'),
      )
      .finally(() => {
        this.inflight.delete(run);
        if (this.held.get(row.key) === row.lease) this.held.delete(row.key);
      });
    this.inflight.add(run);
  }

  /** Deletes a handled row, only while this instance holds it. */
  private async done(row: Row): Promise<void> {
    await this.store.pool.query('DELETE FROM inbox WHERE key = $1 AND lease = $2', [row.key, row.lease]);
  }

  private async release(row: Row, delayMs: number, failed: boolean): Promise<void> {
    await this.store.pool.query(
      `UPDATE inbox SET claimed_by = NULL, lease = NULL, attempts = attempts + $3,
         next_attempt_at = now() + $4 * interval '1 millisecond'
       WHERE key = $1 AND lease = $2`,
      [row.key, row.lease, failed ? 1 : 0, delayMs],
    );
  }

  /** Claims rows whose lease ended (their instance died) or whose retry is due, oldest first. */
  private async poll(): Promise<void> {
    if (this.polling || this.stopped) return;
    this.polling = true;
    try {
      const lease = this.token();
      const r = await this.store.pool.query<Omit<Row, 'lease'>>(
        `UPDATE inbox SET claimed_by = $2, lease = $3, next_attempt_at = now() + $4 * interval '1 millisecond'
         WHERE key IN (
           SELECT key FROM inbox WHERE next_attempt_at <= now() AND source = ANY($1::text[])
           ORDER BY received_at LIMIT 32 FOR UPDATE SKIP LOCKED)
         RETURNING key, source, payload, attempts, received_at`,
        [[...this.handlers.keys()], this.options.instanceId, lease, this.options.leaseMs],
      );
      const rows = (r.rows as (Omit<Row, 'lease'> & { received_at: Date })[]).sort(
        (a, b) => a.received_at.getTime() - b.received_at.getTime(),
      );
      for (const row of rows) {
        this.held.set(row.key, lease);
        this.handle({ ...row, lease });
      }
    } catch (error) {
      this.log.warn({ error: error instanceof Error ? error.name : 'error' }, 'inbox poll failed');
    } finally {
      this.polling = false;
    }
  }

  /** Extends the leases of the rows being handled here. */
  private async heartbeat(): Promise<void> {
    if (this.held.size === 0) return;
    const entries = [...this.held];
    await this.store.pool
      .query(
        `UPDATE inbox i SET next_attempt_at = now() + $3 * interval '1 millisecond'
         FROM unnest($1::text[], $2::text[]) AS h(key, lease)
         WHERE i.key = h.key AND i.lease = h.lease`,
        [entries.map(([key]) => key), entries.map(([, lease]) => lease), this.options.leaseMs],
      )
      .catch((error: unknown) =>
        this.log.warn({ error: error instanceof Error ? error.name : 'error' }, 'inbox heartbeat failed'),
      );
  }
}
