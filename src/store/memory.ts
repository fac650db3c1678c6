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
  UnansweredRecord,
} from './port.ts';
import { Units } from './unit.ts';

/** How long a message key is remembered for redelivery checks. */
export const SEEN_TTL_MS = 7 * 24 * 3600 * 1000;
/** At most this many message keys are remembered (the oldest are dropped first). */
export const MAX_SEEN = 500_000;
/** Unanswered questions kept for editors (oldest dropped first). */
export const MAX_UNANSWERED = 10_000;

const clone = <T>(v: T): T => structuredClone(v);

/** Message keys in the order they were first seen, expiring by age and by count. */
export class SeenKeys {
  readonly map = new Map<string, { at: number; owner?: string }>();

  constructor(
    private readonly ttlMs = SEEN_TTL_MS,
    private readonly max = MAX_SEEN,
  ) {}

  has(key: string, now: number): boolean {
    this.expire(now);
    return this.map.has(key);
  }

  add(key: string, at: number, owner?: string): void {
    this.map.set(key, owner ? { at, owner } : { at });
    this.expire(at);
  }

  /** Drops keys older than the TTL and the oldest beyond the bound; touches only what it drops. */
  expire(now: number): string[] {
    const dropped: string[] = [];
    for (const [key, v] of this.map) {
      if (now - v.at <= this.ttlMs && this.map.size <= this.max) break;
      this.map.delete(key);
      dropped.push(key);
    }
    return dropped;
  }

  /** Drops the owner's keys; returns them (so a unit of work that fails can put them back). */
  forget(owner: string): [string, { at: number; owner?: string }][] {
    const dropped: [string, { at: number; owner?: string }][] = [];
    for (const [key, v] of this.map)
      if (v.owner === owner) {
        this.map.delete(key);
        dropped.push([key, v]);
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

export class MemoryStore implements Store {
  private readonly sessions = new Map<string, Session>();
  private readonly tickets = new Map<string, Ticket>();
  private readonly outbox = new Map<string, OutboxItem>();
  private unanswered: UnansweredRecord[] = [];
  private readonly seen = new SeenKeys();
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
    this.keep(this.tickets, ticket.id);
    this.tickets.set(ticket.id, clone(ticket));
  }
  async listTickets(filter: { status?: TicketStatus[]; workerRef?: string } = {}) {
    const list = [...this.tickets.values()]
      .filter((t) => !filter.status || filter.status.includes(t.status))
      .filter((t) => !filter.workerRef || t.workerRef === filter.workerRef);
    return sortTickets(list).map(clone);
  }
  async deleteTicketsOf(workerRef: string) {
    let n = 0;
    for (const [id, t] of this.tickets)
      if (t.workerRef === workerRef) {
        this.keep(this.tickets, id);
        this.tickets.delete(id);
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
    this.undo(() => this.seen.map.delete(key));
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

  forgetWorker(workerRef: string): Promise<Erased> {
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
        for (const [key, v] of seen) this.seen.map.set(key, v);
      });
      return { sessions, tickets, outbox, seen: seen.length, unanswered: before - this.unanswered.length };
    });
  }

  purgeExpired(cutoff: Date): Promise<Purged> {
    return this.atomically(async () => {
      const c = cutoff.toISOString();
      let tickets = 0;
      let sessions = 0;
      for (const [id, t] of this.tickets)
        if (t.status === 'closed' && (t.closedAt ?? t.updatedAt) < c) {
          this.keep(this.tickets, id);
          this.tickets.delete(id);
          tickets++;
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
