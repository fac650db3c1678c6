/**
 * The escalation queue: a ticket per request for a person, open → claimed → answered → closed.
 * Tickets are persisted; every message to staff or to the worker goes through the outbox, so a
 * desk or channel that is down delays it but never loses it.
 */
import { randomUUID } from 'node:crypto';
import type { Language } from '../kb/schema.ts';
import type { Session, Store, Ticket, TranscriptEntry } from '../store/port.ts';
import type { DeskActions, StaffDesk, StaffMember } from './desk.ts';
import type { Address, OutboundMessage } from './messages.ts';
import type { Outbox } from './outbox.ts';
import { t } from './strings.ts';

/** What an erased ticket shows staff in place of the worker's pseudonym. */
const ERASED = 'erased';

/** Serialises work per key (a worker reference), so the dialogue and staff actions never overwrite each other. */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => {});
    this.tails.set(key, tail);
    try {
      return await next;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

export class TicketError extends Error {
  constructor(
    readonly code: 'not_found' | 'closed',
    message: string,
  ) {
    super(message);
    this.name = 'TicketError';
  }
}

export interface TicketServiceOptions {
  store: Store;
  desk: StaffDesk;
  outbox: Outbox;
  lock: KeyedLock;
  now?: () => Date;
  /** How many transcript entries a ticket and a session keep. */
  transcriptLimit?: number;
}

export const DESK_OPENED = 'desk.opened';
export const DESK_MESSAGE = 'desk.message';
export const DESK_CHANGED = 'desk.changed';
export const WORKER_DELIVER = 'worker.deliver';

export class TicketService implements DeskActions {
  private readonly now: () => Date;
  private readonly limit: number;

  constructor(private readonly o: TicketServiceOptions) {
    this.now = o.now ?? (() => new Date());
    this.limit = o.transcriptLimit ?? 30;
    o.outbox.on(DESK_OPENED, async (p) => {
      const { ticketId } = p as { ticketId: string };
      const ticket = await o.store.getTicket(ticketId);
      if (ticket) await o.desk.ticketOpened(deskView(ticket));
    });
    o.outbox.on(DESK_MESSAGE, async (p) => {
      const { ticketId, entry } = p as { ticketId: string; entry: TranscriptEntry };
      const ticket = await o.store.getTicket(ticketId);
      if (ticket) await o.desk.workerMessage(deskView(ticket), entry);
    });
    o.outbox.on(DESK_CHANGED, async (p) => {
      const { ticketId, snapshot } = p as { ticketId: string; snapshot?: Ticket };
      const ticket = (await o.store.getTicket(ticketId)) ?? snapshot;
      if (ticket) await o.desk.ticketChanged(deskView(ticket));
    });
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  private trim(entries: TranscriptEntry[]): TranscriptEntry[] {
    return entries.slice(-this.limit);
  }

  /** Sends messages to a worker through the outbox (retried until the channel takes them). */
  async deliver(workerRef: string, address: Address, messages: OutboundMessage[]): Promise<void> {
    await this.o.outbox.enqueue(WORKER_DELIVER, { address, messages }, `worker:${workerRef}`, workerRef);
  }

  /** Opens a ticket for the session's worker; the caller sets `session.openTicket` and saves the session. */
  async open(
    session: Session,
    input: {
      question: string;
      reason: Ticket['reason'];
      botAnswer?: string;
      language: Language;
      /** A sign of danger (src/safety): the ticket is urgent from the start. */
      urgent?: boolean;
      danger?: string[];
    },
  ): Promise<Ticket> {
    const at = this.stamp();
    const ticket: Ticket = {
      id: `T-${randomUUID().slice(0, 8)}`,
      status: 'open',
      workerRef: session.ref,
      address: session.address,
      language: input.language,
      origin: session.origin,
      destination: session.destination,
      question: input.question,
      reason: input.reason,
      botAnswer: input.botAnswer,
      transcript: this.trim(session.transcript),
      phone: session.sharePhone ? session.phone : undefined,
      workerName: session.shareName ? session.displayName : undefined,
      ...(input.urgent ? { urgent: true, urgentSince: at, danger: input.danger ?? [] } : {}),
      answeredBy: [],
      createdAt: at,
      updatedAt: at,
    };
    await this.o.store.putTicket(ticket);
    await this.o.outbox.enqueue(DESK_OPENED, { ticketId: ticket.id }, `ticket:${ticket.id}`, session.ref);
    return ticket;
  }

  /** The worker wrote while the ticket is open: it joins the ticket and goes to staff. */
  async workerWrote(ticketId: string, text: string): Promise<Ticket | undefined> {
    const ticket = await this.o.store.getTicket(ticketId);
    if (!ticket || ticket.status === 'closed') return undefined;
    const entry: TranscriptEntry = { from: 'worker', text, at: this.stamp() };
    ticket.transcript = this.trim([...ticket.transcript, entry]);
    ticket.updatedAt = entry.at;
    await this.o.store.putTicket(ticket);
    await this.o.outbox.enqueue(DESK_MESSAGE, { ticketId, entry }, `ticket:${ticketId}`, ticket.workerRef);
    return ticket;
  }

  /** Updates a ticket's fields that the worker controls later (e.g. agreeing to share the phone). */
  async update(
    ticketId: string,
    patch: Partial<Pick<Ticket, 'phone' | 'origin' | 'destination' | 'workerName'>>,
  ): Promise<void> {
    const ticket = await this.o.store.getTicket(ticketId);
    if (!ticket || ticket.status === 'closed') return;
    Object.assign(ticket, patch, { updatedAt: this.stamp() });
    for (const key of Object.keys(patch) as (keyof typeof patch)[])
      if (patch[key] === undefined) delete ticket[key];
    await this.o.store.putTicket(ticket);
    await this.o.outbox.enqueue(DESK_CHANGED, { ticketId }, `ticket:${ticketId}`, ticket.workerRef);
  }

  /**
   * A worker's message in an open ticket shows a sign of danger: the ticket becomes urgent (or gains the
   * new categories). Runs under the worker's lock held by the dialogue. Returns true when something changed
   * (it was not urgent, or a category is new), so the worker gets the safety reply only then.
   */
  async raiseUrgent(
    ticketId: string,
    danger: string[],
    countries: Partial<Pick<Ticket, 'origin' | 'destination'>> = {},
  ): Promise<boolean> {
    const ticket = await this.o.store.getTicket(ticketId);
    if (!ticket || ticket.status === 'closed') return false;
    const known = new Set(ticket.danger ?? []);
    const fresh = !ticket.urgent || danger.some((d) => !known.has(d));
    if (!fresh) return false;
    const at = this.stamp();
    ticket.danger = [...known, ...danger.filter((d) => !known.has(d))];
    if (!ticket.urgent) ticket.urgentSince = at;
    ticket.urgent = true;
    ticket.origin ??= countries.origin;
    ticket.destination ??= countries.destination;
    ticket.updatedAt = at;
    await this.o.store.putTicket(ticket);
    await this.o.outbox.enqueue(DESK_CHANGED, { ticketId }, `ticket:${ticketId}`);
    return true;
  }

  /** Staff raise a ticket to urgent or lower it to normal (from Slack or the in-process desk). */
  setUrgent(ticketId: string, urgent: boolean, staff: StaffMember): Promise<Ticket> {
    return this.staffAction(ticketId, async (ticket) => {
      const at = this.stamp();
      if (urgent && !ticket.urgent) ticket.urgentSince = at;
      ticket.urgent = urgent;
      ticket.urgencyChangedBy = { ...staff, urgent, at };
    });
  }

  /** The worker no longer needs staff (/cancel). */
  async cancelByWorker(ticketId: string): Promise<void> {
    const ticket = await this.o.store.getTicket(ticketId);
    if (!ticket || ticket.status === 'closed') return;
    ticket.status = 'closed';
    ticket.closedAt = ticket.updatedAt = this.stamp();
    ticket.closedBy = 'worker';
    await this.o.store.putTicket(ticket);
    await this.o.outbox.enqueue(DESK_CHANGED, { ticketId }, `ticket:${ticketId}`, ticket.workerRef);
  }

  /**
   * /forget: erases everything the store keeps about the worker (session, tickets, outbox items,
   * message keys, unanswered questions, trend events by their trend key), then tells staff the open
   * requests ended — without their content or the worker's channel address.
   */
  async eraseWorker(workerRef: string, keys: { trendKey?: string } = {}): Promise<void> {
    const tickets = await this.o.store.listTickets({ workerRef });
    await this.o.store.forgetWorker(workerRef, keys);
    for (const ticket of tickets.filter((x) => x.status !== 'closed')) {
      // Not even the worker's pseudonym: the desk updates its message by ticket id alone.
      const snapshot: Ticket = {
        ...ticket,
        workerRef: ERASED,
        address: { channel: ticket.address.channel, userId: ERASED },
        origin: undefined,
        destination: undefined,
        status: 'closed',
        closedBy: 'erased',
        question: '',
        botAnswer: undefined,
        transcript: [],
        phone: undefined,
        workerName: undefined,
        closedAt: this.stamp(),
        updatedAt: this.stamp(),
      };
      await this.o.outbox.enqueue(DESK_CHANGED, { ticketId: ticket.id, snapshot }, `ticket:${ticket.id}`);
    }
  }

  private async load(ticketId: string): Promise<Ticket> {
    const ticket = await this.o.store.getTicket(ticketId);
    if (!ticket) throw new TicketError('not_found', `no ticket ${ticketId}`);
    return ticket;
  }

  /** Runs a staff action under the worker's lock, then tells the desk the ticket changed. */
  private async staffAction(
    ticketId: string,
    fn: (ticket: Ticket, session: Session | undefined) => Promise<void>,
    once?: string,
  ) {
    const first = await this.load(ticketId);
    return this.o.lock.run(first.workerRef, () =>
      this.o.store.atomically(async () => {
        const ticket = await this.load(ticketId);
        // Done before (a redelivery, maybe to another instance): the same unit of work recorded it.
        if (once && !(await this.o.store.markSeen(once, ticket.workerRef))) return ticket;
        if (ticket.status === 'closed') throw new TicketError('closed', `ticket ${ticketId} is closed`);
        const session = await this.o.store.getSession(ticket.workerRef);
        await fn(ticket, session);
        ticket.updatedAt = this.stamp();
        await this.o.store.putTicket(ticket);
        if (session) await this.o.store.putSession(session);
        await this.o.outbox.enqueue(DESK_CHANGED, { ticketId }, `ticket:${ticketId}`, ticket.workerRef);
        return ticket;
      }),
    );
  }

  claim(ticketId: string, staff: StaffMember): Promise<Ticket> {
    return this.staffAction(ticketId, async (ticket) => {
      if (ticket.claimedBy?.id === staff.id) return;
      ticket.claimedBy = staff;
      if (ticket.status === 'open') ticket.status = 'claimed';
      await this.deliver(ticket.workerRef, ticket.address, [
        { text: t(ticket.language, 'ticketClaimed', { name: firstName(staff.name) }) },
      ]);
    });
  }

  reply(ticketId: string, staff: StaffMember, text: string, once?: string): Promise<Ticket> {
    return this.staffAction(
      ticketId,
      async (ticket, session) => {
        const entry: TranscriptEntry = { from: 'staff', text, at: this.stamp(), staff: staff.name };
        ticket.claimedBy ??= staff;
        ticket.status = 'answered';
        if (!ticket.answeredBy.some((s) => s.id === staff.id)) ticket.answeredBy.push(staff);
        ticket.firstStaffReplyAt ??= entry.at;
        ticket.transcript = this.trim([...ticket.transcript, entry]);
        if (session) {
          session.transcript = this.trim([...session.transcript, entry]);
          // A number the worker sends now answers staff, not a menu the bot showed earlier.
          session.lastChoices = undefined;
        }
        await this.deliver(ticket.workerRef, ticket.address, [
          { text: t(ticket.language, 'staffSays', { name: firstName(staff.name), text }) },
        ]);
      },
      once ? `staff-reply:${once}` : undefined,
    );
  }

  close(ticketId: string, staff: StaffMember): Promise<Ticket> {
    return this.end(ticketId, staff, 'staff', 'ticketClosed');
  }

  handBack(ticketId: string, staff: StaffMember): Promise<Ticket> {
    return this.end(ticketId, staff, 'handed-back', 'handedBack');
  }

  private end(
    ticketId: string,
    staff: StaffMember,
    closedBy: Ticket['closedBy'],
    say: 'ticketClosed' | 'handedBack',
  ) {
    return this.staffAction(ticketId, async (ticket, session) => {
      ticket.status = 'closed';
      ticket.closedAt = this.stamp();
      ticket.closedBy = closedBy;
      ticket.claimedBy ??= staff;
      if (session?.openTicket === ticket.id) {
        session.openTicket = undefined;
        session.fallbacks = 0;
      }
      await this.deliver(ticket.workerRef, ticket.address, [{ text: t(ticket.language, say) }]);
    });
  }

  getTicket(ticketId: string): Promise<Ticket | undefined> {
    return this.o.store.getTicket(ticketId);
  }

  openTickets(): Promise<Ticket[]> {
    return this.o.store.listTickets({ status: ['open', 'claimed', 'answered'] });
  }

  /**
   * Merges the desk's own fields into the ticket under the worker's lock, in one unit of work: a staff
   * action running at the same moment (maybe on another instance) must not write back an older copy
   * that lacks them (the Slack thread's ts, lost that way, would make staff replies unroutable).
   */
  async setDeskData(ticketId: string, data: Record<string, string>): Promise<Ticket> {
    const first = await this.load(ticketId);
    return this.o.lock.run(first.workerRef, () =>
      this.o.store.atomically(async () => {
        const ticket = await this.load(ticketId);
        ticket.desk = { ...ticket.desk, ...data };
        await this.o.store.putTicket(ticket);
        return ticket;
      }),
    );
  }

  async findByDeskData(key: string, value: string): Promise<Ticket | undefined> {
    return this.o.store.findTicketByDesk(key, value);
  }
}

/** What staff see: the worker's channel id is replaced by the pseudonymous reference. */
export function deskView(ticket: Ticket): Ticket {
  return { ...ticket, address: { channel: ticket.address.channel, userId: ticket.workerRef } };
}

/** Staff are named to workers by first name only. */
function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] || name;
}
