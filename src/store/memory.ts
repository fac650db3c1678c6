/**
 * An in-memory store: for unit tests and throwaway runs. Nothing survives the process.
 */
import type { OutboxItem, Session, Store, Ticket, TicketStatus, UnansweredRecord } from './port.ts';

export interface StoreData {
  sessions: Record<string, Session>;
  tickets: Record<string, Ticket>;
  unanswered: UnansweredRecord[];
  /** Message keys already handled, with the time they were seen (ms). */
  seen: Record<string, number>;
  outbox: Record<string, OutboxItem>;
}

export const emptyStoreData = (): StoreData => ({
  sessions: {},
  tickets: {},
  unanswered: [],
  seen: {},
  outbox: {},
});

/** How long a message key is remembered for redelivery checks. */
export const SEEN_TTL_MS = 7 * 24 * 3600 * 1000;
/** Unanswered questions kept for editors (oldest dropped first). */
export const MAX_UNANSWERED = 10_000;

const clone = <T>(v: T): T => structuredClone(v);

/**
 * The store's logic over a plain data object; `persist` is called after every change.
 * Shared by the memory and lowdb stores so both behave the same.
 */
export class DataStore implements Store {
  constructor(
    protected data: StoreData,
    private readonly persist: () => Promise<void> = async () => {},
    private readonly now: () => number = Date.now,
  ) {}

  async getSession(ref: string) {
    const s = this.data.sessions[ref];
    return s ? clone(s) : undefined;
  }
  async putSession(session: Session) {
    this.data.sessions[session.ref] = clone(session);
    await this.persist();
  }
  async deleteSession(ref: string) {
    delete this.data.sessions[ref];
    await this.persist();
  }

  async getTicket(id: string) {
    const t = this.data.tickets[id];
    return t ? clone(t) : undefined;
  }
  async putTicket(ticket: Ticket) {
    this.data.tickets[ticket.id] = clone(ticket);
    await this.persist();
  }
  async listTickets(filter: { status?: TicketStatus[]; workerRef?: string } = {}) {
    return Object.values(this.data.tickets)
      .filter((t) => !filter.status || filter.status.includes(t.status))
      .filter((t) => !filter.workerRef || t.workerRef === filter.workerRef)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map(clone);
  }
  async deleteTicketsOf(workerRef: string) {
    let n = 0;
    for (const [id, t] of Object.entries(this.data.tickets)) {
      if (t.workerRef === workerRef) {
        delete this.data.tickets[id];
        n++;
      }
    }
    for (const [id, item] of Object.entries(this.data.outbox)) {
      if (JSON.stringify(item.payload).includes(workerRef)) delete this.data.outbox[id];
    }
    await this.persist();
    return n;
  }

  async addUnanswered(record: UnansweredRecord) {
    this.data.unanswered.push(clone(record));
    if (this.data.unanswered.length > MAX_UNANSWERED)
      this.data.unanswered.splice(0, this.data.unanswered.length - MAX_UNANSWERED);
    await this.persist();
  }
  async listUnanswered() {
    return clone(this.data.unanswered);
  }

  async markSeen(key: string) {
    const now = this.now();
    if (this.data.seen[key] !== undefined) return false;
    this.data.seen[key] = now;
    for (const [k, at] of Object.entries(this.data.seen))
      if (now - at > SEEN_TTL_MS) delete this.data.seen[k];
    await this.persist();
    return true;
  }

  async enqueue(item: OutboxItem) {
    this.data.outbox[item.id] = clone(item);
    await this.persist();
  }
  async due(now: Date) {
    const t = now.toISOString();
    return Object.values(this.data.outbox)
      .filter((i) => i.nextAttemptAt <= t)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .map(clone);
  }
  async updateOutbox(item: OutboxItem) {
    if (!this.data.outbox[item.id]) return;
    this.data.outbox[item.id] = clone(item);
    await this.persist();
  }
  async removeOutbox(id: string) {
    delete this.data.outbox[id];
    await this.persist();
  }

  async close() {}
}

export function createMemoryStore(): Store {
  return new DataStore(emptyStoreData());
}
