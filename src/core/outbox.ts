/**
 * The outbox: work that must happen even if the other side is down (a ticket to Slack, a staff
 * reply to a worker). Each item is persisted before it is tried, retried with backoff until it
 * goes through, and survives a restart. Items about the same ticket or worker keep their order.
 * A handler that fails with an error carrying `permanent: true` (a worker who blocked the bot) is not
 * retried: the item is dropped and reported through `onError`.
 */
import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { OutboxItem, Store } from '../store/port.ts';

export type OutboxHandler = (payload: unknown) => Promise<void>;

export interface OutboxOptions {
  store: Store;
  now?: () => Date;
  /** Delay before attempt n+1, in ms. Default: 1 s doubling up to 5 min. */
  backoff?: (attempts: number) => number;
  onError?: (item: OutboxItem, error: unknown) => void;
  /** Every delivery attempt and how it ended (metrics). */
  onAttempt?: (item: OutboxItem, result: 'done' | 'failed' | 'dropped') => void;
  /**
   * Which items to try now (default: every due item). Many instances pass an exclusive claim
   * (src/instances/): only the oldest pending item per order key, leased to this instance with a
   * token; the outbox claims only as many as it sends at once, sends each at once, and reports the
   * outcome through `done` and `failed`, which act only while this instance's lease stands (fencing).
   */
  claim?: ExclusiveClaim | { take: (now: Date) => Promise<OutboxItem[]>; exclusive: false };
}

/** Claims held by one instance of many (src/instances/postgres.ts). */
export interface ExclusiveClaim {
  exclusive: true;
  /** Up to `limit` due items, now leased to this instance (kept alive while held). */
  take: (now: Date, limit: number) => Promise<OutboxItem[]>;
  /** The item went out: removed, if this instance still holds it. */
  done: (item: OutboxItem) => Promise<void>;
  /** The item failed: rescheduled as `next` says and released, if this instance still holds it. */
  failed: (
    item: OutboxItem,
    next: Pick<OutboxItem, 'attempts' | 'nextAttemptAt' | 'lastError'>,
  ) => Promise<void>;
  /** Makes the unclaimed items among `ids` due at `at` (retryNow). */
  reschedule: (ids: string[], at: Date) => Promise<void>;
}

/**
 * Deliveries in flight at once when claims are exclusive (each to a different destination). It also
 * bounds what a killed instance can leave unknowable: a message the platform accepted in the instant
 * before the kill, before the instance could mark it done (docs/operations.md).
 */
export const PARALLEL = 8;

export const defaultBackoff = (attempts: number) => Math.min(1000 * 2 ** Math.max(0, attempts - 1), 300_000);

export class Outbox {
  private readonly handlers = new Map<string, OutboxHandler>();
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;
  private readonly now: () => Date;
  private readonly backoff: (attempts: number) => number;
  /** Runs background passes outside the caller's async context (a store transaction, a held lock). */
  private readonly detached: <T>(fn: () => T) => T;

  constructor(private readonly options: OutboxOptions) {
    this.now = options.now ?? (() => new Date());
    this.backoff = options.backoff ?? defaultBackoff;
    this.detached = AsyncResource.bind(<T>(fn: () => T) => fn()) as <T>(fn: () => T) => T;
  }

  /** Registers what to do for items of `kind`. */
  on(kind: string, handler: OutboxHandler): void {
    this.handlers.set(kind, handler);
  }

  /**
   * Persists an item, then starts processing in the background (once the current unit of work
   * has committed). `orderKey` keeps items with the same key in order (a later one waits while an
   * earlier one is failing); `owner` is the worker the item is about, so /forget can drop it.
   */
  async enqueue(kind: string, payload: unknown, orderKey?: string, owner?: string): Promise<void> {
    const at = this.now().toISOString();
    // Ids sort in enqueue order, also within one millisecond (the store orders by time, then id).
    const seq = String(this.seq++).padStart(8, '0');
    await this.options.store.enqueue({
      id: `${at}-${seq}-${randomUUID().slice(0, 8)}`,
      kind,
      payload: { orderKey, data: payload },
      attempts: 0,
      nextAttemptAt: at,
      createdAt: at,
      ...(owner ? { owner } : {}),
    });
    this.options.store.onCommit(() => this.kick());
  }

  /** Processes due items now (in the background); safe to call often. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.detached(() => this.processDue())
      // The store failing (a database restart) must not stop the process: the next tick retries.
      .catch(() => {})
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /**
   * Makes the waiting items whose payload `match`es due now and processes them, e.g. the answer
   * that waited for a WhatsApp worker to reopen the 24-hour window. Resolves when they were tried.
   */
  async retryNow(match: (payload: unknown) => boolean): Promise<void> {
    const at = this.now();
    const waiting: OutboxItem[] = [];
    for (const item of await this.options.store.due(new Date('9999-12-31T23:59:59.999Z'))) {
      const { data } = item.payload as { data: unknown };
      // attempts 0: never tried yet, or being delivered by an instance that claimed it (a lease).
      if (!match(data) || item.attempts === 0 || new Date(item.nextAttemptAt) <= at) continue;
      waiting.push(item);
    }
    const claim = this.options.claim;
    if (claim?.exclusive) {
      // Only items no instance holds now: one being delivered keeps its lease.
      if (waiting.length > 0)
        await claim.reschedule(
          waiting.map((item) => item.id),
          at,
        );
    } else
      for (const item of waiting)
        await this.options.store.updateOutbox({ ...item, nextAttemptAt: at.toISOString() });
    await this.idle();
    this.kick();
    await this.idle();
  }

  /** Waits until processing that is under way has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** One pass over the due items, oldest first (with exclusive claims: until none is left). */
  async processDue(): Promise<void> {
    const claim = this.options.claim;
    if (claim?.exclusive) return this.pump(claim);
    const items = claim ? await claim.take(this.now()) : await this.options.store.due(this.now());
    const blocked = new Set<string>();
    for (const item of items) {
      const { orderKey } = item.payload as { orderKey?: string };
      if (orderKey && blocked.has(orderKey)) continue;
      if ((await this.attempt(item)) === 'failed' && orderKey) blocked.add(orderKey);
    }
  }

  /**
   * Exclusive claims: keeps up to {@link PARALLEL} deliveries going, claiming only as many items as
   * there are free places, so every claimed item goes out at once (never waits out its lease here).
   * Each claim holds the heads of distinct order keys; when one is done the next of its key may be
   * claimed. Ends when nothing is due and nothing is in flight.
   */
  private async pump(claim: ExclusiveClaim): Promise<void> {
    const inflight = new Set<Promise<unknown>>();
    for (;;) {
      const free = PARALLEL - inflight.size;
      if (free > 0) {
        for (const item of await claim.take(this.now(), free)) {
          const p: Promise<unknown> = this.attempt(item)
            .catch(() => {})
            .finally(() => inflight.delete(p));
          inflight.add(p);
        }
      }
      if (inflight.size === 0) return;
      // A finished delivery frees a place and may have unblocked the next item of its order key; the
      // deliveries finishing together all land before claiming again.
      await Promise.race(inflight);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Delivers one item: removed when done (or refused for good), rescheduled with backoff when it failed. */
  private async attempt(item: OutboxItem): Promise<'done' | 'failed' | 'skipped'> {
    const { data } = item.payload as { orderKey?: string; data: unknown };
    const handler = this.handlers.get(item.kind);
    const claim = this.options.claim?.exclusive ? this.options.claim : undefined;
    if (!handler) {
      // Not ours to deliver (a kind this process does not handle): give it back for another to try.
      if (claim)
        await claim.failed(item, {
          ...item,
          nextAttemptAt: new Date(this.now().getTime() + 1000).toISOString(),
        });
      return 'skipped';
    }
    const done = () => (claim ? claim.done(item) : this.options.store.removeOutbox(item.id));
    try {
      await handler(data);
    } catch (error) {
      if ((error as { permanent?: unknown } | null)?.permanent === true) {
        await done();
        this.options.onAttempt?.(item, 'dropped');
        this.options.onError?.(item, error);
        return 'done';
      }
      const attempts = item.attempts + 1;
      const next = {
        attempts,
        nextAttemptAt: new Date(this.now().getTime() + this.backoff(attempts)).toISOString(),
        lastError: error instanceof Error ? error.message.slice(0, 200) : 'failed',
      };
      if (claim) await claim.failed(item, next);
      else await this.options.store.updateOutbox({ ...item, ...next });
      this.options.onAttempt?.(item, 'failed');
      this.options.onError?.(item, error);
      return 'failed';
    }
    // Marked done right after the other side accepted it.
    await done();
    this.options.onAttempt?.(item, 'done');
    return 'done';
  }

  /** Retries due items every `intervalMs` until {@link stop}. */
  start(intervalMs = 1000): void {
    this.stop();
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
