/**
 * An in-memory store: for unit tests, throwaway runs and as the benchmark's ceiling. Nothing
 * survives the process. The same rules as the persistent stores (contract: test/store.contract.ts).
 */
import type {
  Erased,
  OutboxItem,
  Purged,
  Session,
  Store,
  Ticket,
  TicketStatus,
  TrendDimension,
  TrendEvent,
  TrendFilter,
  UnansweredRecord,
} from './port.ts';
import { countTrends } from './trends.ts';
import { Units } from './unit.ts';

/** How long a message key is remembered for redelivery checks. */
export const SEEN_TTL_MS = 7 * 24 * 3600 * 1000;
/** At most this many message keys are remembered (the oldest are dropped first). */
export const MAX_SEEN = 500_000;
/** Unanswered questions kept for editors (oldest dropped first). */
export const MAX_UNANSWERED = 10_000;

const clone = <T>(v: T): T => structuredClone(v);

type SeenEntry = { at: number; owner?: string };

/** Message keys in the order they were first seen, expiring by age and by count, indexed by owner. */
export class SeenKeys {
  readonly map = new Map<string, SeenEntry>();
  private readonly byOwner = new Map<string, Set<string>>();

  constructor(
    private readonly ttlMs = SEEN_TTL_MS,
    private readonly max = MAX_SEEN,
  ) {}

  has(key: string, now: number): boolean {
    this.expire(now);
    return this.map.has(key);
  }

  add(key: string, at: number, owner?: string): void {
    this.put(key, owner ? { at, owner } : { at });
    this.expire(at);
  }

  /** Sets a key as it was (a failed unit of work puts erased keys back). */
  put(key: string, entry: SeenEntry): void {
    this.delete(key);
    this.map.set(key, entry);
    if (entry.owner) {
      let keys = this.byOwner.get(entry.owner);
      if (!keys) this.byOwner.set(entry.owner, (keys = new Set()));
      keys.add(key);
    }
  }

  delete(key: string): void {
    const entry = this.map.get(key);
    if (!entry) return;
    this.map.delete(key);
    if (entry.owner) {
      const keys = this.byOwner.get(entry.owner);
      keys?.delete(key);
      if (keys?.size === 0) this.byOwner.delete(entry.owner);
    }
  }

  /** Drops keys older than the TTL and the oldest beyond the bound; touches only what it drops. */
  expire(now: number): void {
    for (const [key, v] of this.map) {
      if (now - v.at <= this.ttlMs && this.map.size <= this.max) break;
      this.delete(key);
    }
  }

  /** How many keys the owner has. */
  countOf(owner: string): number {
    return this.byOwner.get(owner)?.size ?? 0;
  }

  /** Drops the owner's keys (through the owner index); returns them, so a failed unit can put them back. */
  forget(owner: string): [string, SeenEntry][] {
    const dropped: [string, SeenEntry][] = [];
    for (const key of [...(this.byOwner.get(owner) ?? [])]) {
      dropped.push([key, this.map.get(key)!]);
      this.delete(key);
    }
    return dropped;
  }
}

/** Whether an outbox item belongs to the worker (older items carry the reference in their payload). */
export const ownedBy = (item: OutboxItem, workerRef: string) =>
  item.owner === workerRef || (item.owner === undefined && JSON.stringify(item.payload).includes(workerRef));

export function sortTickets(list: Ticket[]): Ticket[] {
  return list.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

export function sortOutbox(list: OutboxItem[]): OutboxItem[] {
  return list.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** The key of a desk data pair in a desk index. */
export const deskKey = (key: string, value: string) => `${key}\u0000${value}`;

/** Tickets by each of their desk data pairs (findTicketByDesk), and by status. */
export class TicketIndex {
  readonly byDesk = new Map<string, Set<string>>();
  readonly byStatus = new Map<TicketStatus, Set<string>>();
  readonly byWorker = new Map<string, Set<string>>();

  private static add(map: Map<string, Set<string>>, key: string, id: string) {
    let ids = map.get(key);
    if (!ids) map.set(key, (ids = new Set()));
    ids.add(id);
  }

  private static remove(map: Map<string, Set<string>>, key: string, id: string) {
    const ids = map.get(key);
    ids?.delete(id);
    if (ids?.size === 0) map.delete(key);
  }

  /** Moves `id` from what `prev` was indexed under to what `next` is. */
  update(id: string, prev: Ticket | undefined, next: Ticket | undefined) {
    if (prev) {
      for (const [k, v] of Object.entries(prev.desk ?? {}))
        if (next?.desk?.[k] !== v) TicketIndex.remove(this.byDesk, deskKey(k, v), id);
      if (prev.status !== next?.status)
        TicketIndex.remove(this.byStatus as Map<string, Set<string>>, prev.status, id);
      if (prev.workerRef !== next?.workerRef) TicketIndex.remove(this.byWorker, prev.workerRef, id);
    }
    if (next) {
      for (const [k, v] of Object.entries(next.desk ?? {})) TicketIndex.add(this.byDesk, deskKey(k, v), id);
      TicketIndex.add(this.byStatus as Map<string, Set<string>>, next.status, id);
      TicketIndex.add(this.byWorker, next.workerRef, id);
    }
  }
}

export class MemoryStore implements Store {
  private readonly sessions = new Map<string, Session>();
  private readonly tickets = new Map<string, Ticket>();
  private readonly index = new TicketIndex();
  private readonly meta = new Map<string, string>();
  private readonly outbox = new Map<string, OutboxItem>();
  private unanswered: UnansweredRecord[] = [];
  private readonly seen = new SeenKeys();
  private trends: TrendEvent[] = [];
  /** A unit of work keeps how to undo each change it made; a failed unit undoes them, newest first. */
  private readonly units = new Units<(() => void)[]>({
    begin: () => [],
    commit: async () => {},
    rollback: async (undo) => {
      for (const fn of undo.reverse()) fn();
    },
  });

  constructor(private readonly now: () => number = Date.now) {}

  /** Records how to undo a change when inside a unit of work. */
  private undo(fn: () => void) {
    this.units.current()?.state.push(fn);
  }

  private keep<K, V>(map: Map<K, V>, key: K) {
    if (!this.units.current()) return;
    const had = map.has(key);
    const prev = map.get(key);
    this.undo(() => (had ? map.set(key, prev as V) : map.delete(key)));
  }

  private setTicket(id: string, next: Ticket | undefined) {
    const prev = this.tickets.get(id);
    if (this.units.current()) this.undo(() => this.setTicket(id, prev));
    this.index.update(id, prev, next);
    if (next) this.tickets.set(id, next);
    else this.tickets.delete(id);
  }

  private keepUnanswered() {
    if (!this.units.current()) return;
    const prev = this.unanswered.slice();
    this.undo(() => (this.unanswered = prev));
  }

  async getSession(ref: string) {
    const s = this.sessions.get(ref);
    return s ? clone(s) : undefined;
  }
  async putSession(session: Session) {
    this.keep(this.sessions, session.ref);
    this.sessions.set(session.ref, clone(session));
  }
  async deleteSession(ref: string) {
    this.keep(this.sessions, ref);
    this.sessions.delete(ref);
  }

  async getTicket(id: string) {
    const t = this.tickets.get(id);
    return t ? clone(t) : undefined;
  }
  async putTicket(ticket: Ticket) {
    this.setTicket(ticket.id, clone(ticket));
  }
  async listTickets(filter: { status?: TicketStatus[]; workerRef?: string } = {}) {
    const ids = filter.workerRef
      ? (this.index.byWorker.get(filter.workerRef) ?? [])
      : filter.status
        ? filter.status.flatMap((st) => [...(this.index.byStatus.get(st) ?? [])])
        : this.tickets.keys();
    const list: Ticket[] = [];
    for (const id of ids) {
      const t = this.tickets.get(id)!;
      if (filter.status && !filter.status.includes(t.status)) continue;
      list.push(t);
    }
    return sortTickets(list).map(clone);
  }
  async findTicketByDesk(key: string, value: string) {
    const ids = this.index.byDesk.get(deskKey(key, value));
    if (!ids) return undefined;
    return sortTickets([...ids].map((id) => this.tickets.get(id)!)).map(clone)[0];
  }
  async deleteTicketsOf(workerRef: string) {
    let n = 0;
    for (const id of [...(this.index.byWorker.get(workerRef) ?? [])]) {
      this.setTicket(id, undefined);
      n++;
    }
    for (const [id, item] of this.outbox)
      if (ownedBy(item, workerRef)) {
        this.keep(this.outbox, id);
        this.outbox.delete(id);
      }
    return n;
  }

  async addUnanswered(record: UnansweredRecord) {
    this.keepUnanswered();
    this.unanswered.push(clone(record));
    if (this.unanswered.length > MAX_UNANSWERED)
      this.unanswered.splice(0, this.unanswered.length - MAX_UNANSWERED);
  }
  async listUnanswered() {
    return this.unanswered.map(({ workerRef: _ref, ...r }) => clone(r));
  }

  async markSeen(key: string, owner?: string) {
    const now = this.now();
    if (this.seen.has(key, now)) return false;
    this.seen.add(key, now, owner);
    this.undo(() => this.seen.delete(key));
    return true;
  }

  async enqueue(item: OutboxItem) {
    this.keep(this.outbox, item.id);
    this.outbox.set(item.id, clone(item));
  }
  async due(now: Date) {
    const t = now.toISOString();
    return sortOutbox([...this.outbox.values()].filter((i) => i.nextAttemptAt <= t)).map(clone);
  }
  async updateOutbox(item: OutboxItem) {
    if (!this.outbox.has(item.id)) return;
    this.keep(this.outbox, item.id);
    this.outbox.set(item.id, clone(item));
  }
  async removeOutbox(id: string) {
    this.keep(this.outbox, id);
    this.outbox.delete(id);
  }

  async recordTrend(event: TrendEvent) {
    this.trends.push(clone(event));
    this.undo(() => {
      this.trends.pop();
    });
  }
  async trendCounts(filter: TrendFilter, by: TrendDimension) {
    return countTrends(
      this.trends.map((e): [TrendEvent, number] => [e, 1]),
      filter,
      by,
    );
  }

  forgetWorker(workerRef: string, keys: { trendKey?: string } = {}): Promise<Erased> {
    return this.atomically(async () => {
      this.keep(this.sessions, workerRef);
      const sessions = this.sessions.delete(workerRef) ? 1 : 0;
      let outbox = 0;
      for (const [id, item] of this.outbox)
        if (ownedBy(item, workerRef)) {
          this.keep(this.outbox, id);
          this.outbox.delete(id);
          outbox++;
        }
      const tickets = await this.deleteTicketsOf(workerRef);
      this.keepUnanswered();
      const before = this.unanswered.length;
      this.unanswered = this.unanswered.filter((r) => r.workerRef !== workerRef);
      const seen = this.seen.forget(workerRef);
      this.undo(() => {
        for (const [key, v] of seen) this.seen.put(key, v);
      });
      const trendsBefore = this.trends;
      if (keys.trendKey) this.trends = this.trends.filter((e) => e.workerKey !== keys.trendKey);
      this.undo(() => (this.trends = trendsBefore));
      return {
        sessions,
        tickets,
        outbox,
        seen: seen.length,
        unanswered: before - this.unanswered.length,
        trends: trendsBefore.length - this.trends.length,
      };
    });
  }

  purgeExpired(cutoff: Date): Promise<Purged> {
    return this.atomically(async () => {
      const c = cutoff.toISOString();
      let tickets = 0;
      let sessions = 0;
      for (const id of [...(this.index.byStatus.get('closed') ?? [])]) {
        const t = this.tickets.get(id)!;
        if ((t.closedAt ?? t.updatedAt) < c) {
          this.setTicket(id, undefined);
          tickets++;
        }
      }
      for (const [ref, s] of this.sessions) {
        const open = s.openTicket ? this.tickets.get(s.openTicket) : undefined;
        if (s.updatedAt < c && !(open && open.status !== 'closed')) {
          this.keep(this.sessions, ref);
          this.sessions.delete(ref);
          sessions++;
        }
      }
      this.keepUnanswered();
      const before = this.unanswered.length;
      this.unanswered = this.unanswered.filter((r) => r.at >= c);
      return { tickets, sessions, unanswered: before - this.unanswered.length };
    });
  }

  async claimMeta(key: string, value: string) {
    if (!this.meta.has(key)) {
      this.keep(this.meta, key);
      this.meta.set(key, value);
    }
    return this.meta.get(key)!;
  }

  atomically<T>(fn: () => Promise<T>): Promise<T> {
    return this.units.run(fn);
  }
  onCommit(fn: () => void): void {
    this.units.after(fn);
  }

  async close() {}
}

export function createMemoryStore(now?: () => number): Store {
  return new MemoryStore(now);
}
