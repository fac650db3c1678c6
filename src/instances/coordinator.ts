/**
 * What several bot instances must agree on, behind one small port:
 *
 * - one worker's messages (and staff actions on their tickets) run one at a time, in order, and as one
 *   unit of work in the store ({@link Coordinator.withWorkerLock});
 * - an outbox item is taken by one instance at a time, oldest first per destination
 *   ({@link Coordinator.claimOutbox});
 * - periodic and singleton work (Slack reminders, retention, the WhatsApp Web browser) runs in one
 *   instance ({@link Coordinator.leader});
 * - a content change seen by one instance reaches the others ({@link Coordinator.publishContent}).
 *
 * {@link LocalCoordinator} is the single-process implementation (the embedded store); the PostgreSQL one
 * is in src/instances/postgres.ts.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { OutboxItem, Store } from '../store/port.ts';
import { KeyedLock } from '../core/tickets.ts';

export interface ClaimOptions {
  /** How long a claimed item stays with this instance before another may take it (a crashed instance). */
  leaseMs: number;
  /** Most items to take at once. */
  limit: number;
  /** Channels this instance can deliver to; worker deliveries for other channels are left to others. */
  channels: string[];
  /**
   * Channels whose workers are reachable only through the instance that holds their conversation (the
   * web chat: its page listens to one instance): worker deliveries on them are claimed only for these
   * user ids.
   */
  localUsers?: Record<string, string[]>;
}

export interface OutboxStats {
  depth: number;
  /** Age of the oldest item, in seconds (0 when empty). */
  oldestAgeSeconds: number;
}

export interface Coordinator {
  /** 'local' (one process) or 'postgres' (many instances). */
  readonly kind: 'local' | 'postgres';
  /** This instance's id, for logs and metrics. */
  readonly instanceId: string;
  /**
   * Runs `fn` holding the worker's lock (across instances) inside one store unit of work. Re-entrant:
   * a nested call for a key already held in this async context runs at once.
   */
  withWorkerLock<T>(ref: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Outbox items this instance may deliver now. `exclusive` claims (true for PostgreSQL) hold only the
   * oldest pending item of each order key, leased to this instance with a token and kept leased while
   * this instance lives (a heartbeat); otherwise every due item is returned and the outbox keeps order
   * itself.
   */
  claimOutbox(now: Date, options: ClaimOptions): Promise<OutboxItem[]>;
  readonly exclusiveClaims: boolean;
  /** A claimed item went out: removed, only while this instance still holds its lease (fenced). */
  outboxDone(item: OutboxItem): Promise<void>;
  /** A claimed item failed: rescheduled and released, only while this instance still holds it. */
  outboxFailed(
    item: OutboxItem,
    next: Pick<OutboxItem, 'attempts' | 'nextAttemptAt' | 'lastError'>,
  ): Promise<void>;
  /** Makes the items among `ids` that no instance holds due at `at` (a window reopened). */
  outboxReschedule(ids: string[], at: Date): Promise<void>;
  /** Whether this instance leads `job` now (trying to become leader when nobody is). */
  leader(job: string): Promise<boolean>;
  /** Tells the other instances that the content changed (its new hash). */
  publishContent(hash: string): Promise<void>;
  /** Called when another instance says the content changed. */
  onContentChanged(listener: (hash: string) => void): void;
  outboxStats(now: Date): Promise<OutboxStats>;
  /** For /readyz: the coordination backend answers. */
  ping(): Promise<boolean>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Keys held in the current async context, so a nested lock for the same key (the core inside a
 * handler that already holds the worker's lock) does not wait for itself.
 */
export class HeldKeys {
  private readonly als = new AsyncLocalStorage<ReadonlySet<string>>();

  holds(key: string): boolean {
    return this.als.getStore()?.has(key) ?? false;
  }

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const held = new Set(this.als.getStore() ?? []);
    held.add(key);
    return this.als.run(held, fn);
  }
}

/** A {@link KeyedLock} that defers to the coordinator, so the core and the tickets need no change. */
export class CoordinatedLock extends KeyedLock {
  constructor(private readonly coordinator: Pick<Coordinator, 'withWorkerLock'>) {
    super();
  }

  override run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.coordinator.withWorkerLock(key, fn);
  }
}

/** A store that can group writes into one unit of work (both stores of the project can). */
interface UnitStore {
  atomically<T>(fn: () => Promise<T>): Promise<T>;
}

function hasUnits(store: Store): store is Store & UnitStore {
  return typeof (store as Partial<UnitStore>).atomically === 'function';
}

/** One process: an in-memory keyed lock, every due item, always the leader. */
export class LocalCoordinator implements Coordinator {
  readonly kind = 'local' as const;
  readonly exclusiveClaims = false;
  readonly instanceId: string;
  private readonly lock = new KeyedLock();
  private readonly held = new HeldKeys();

  constructor(
    private readonly store: Store,
    options: { instanceId?: string } = {},
  ) {
    this.instanceId = options.instanceId ?? `local-${process.pid}`;
  }

  withWorkerLock<T>(ref: string, fn: () => Promise<T>): Promise<T> {
    if (this.held.holds(ref)) return fn();
    const store = this.store;
    return this.lock.run(ref, () =>
      this.held.run(ref, () => (hasUnits(store) ? store.atomically(fn) : fn())),
    );
  }

  claimOutbox(now: Date): Promise<OutboxItem[]> {
    return this.store.due(now);
  }

  outboxDone(item: OutboxItem): Promise<void> {
    return this.store.removeOutbox(item.id);
  }

  outboxFailed(item: OutboxItem, next: Pick<OutboxItem, 'attempts' | 'nextAttemptAt' | 'lastError'>) {
    return this.store.updateOutbox({ ...item, ...next });
  }

  async outboxReschedule(ids: string[], at: Date): Promise<void> {
    const wanted = new Set(ids);
    for (const item of await this.store.due(new Date('9999-12-31T00:00:00Z')))
      if (wanted.has(item.id)) await this.store.updateOutbox({ ...item, nextAttemptAt: at.toISOString() });
  }

  async leader(): Promise<boolean> {
    return true;
  }

  async publishContent(): Promise<void> {}

  onContentChanged(): void {}

  async outboxStats(now: Date): Promise<OutboxStats> {
    const items = await this.store.due(new Date('9999-12-31T00:00:00Z'));
    const oldest = items.reduce<number | undefined>((min, item) => {
      const at = Date.parse(item.createdAt);
      return Number.isFinite(at) && (min === undefined || at < min) ? at : min;
    }, undefined);
    return {
      depth: items.length,
      oldestAgeSeconds: oldest === undefined ? 0 : Math.max(0, (now.getTime() - oldest) / 1000),
    };
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}
}
