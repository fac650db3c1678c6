/**
 * The staff desk port: carries tickets to union staff and their actions back.
 * The in-process desk (src/core/local-desk.ts) serves the local chat and tests; Slack is another adapter.
 */
import type { Ticket, TranscriptEntry } from '../store/port.ts';

export interface StaffMember {
  id: string;
  name: string;
}

/** What staff can do to a ticket; the desk calls these, the core implements them. */
export interface DeskActions {
  claim(ticketId: string, staff: StaffMember): Promise<Ticket>;
  /**
   * `once`: a key for this reply (e.g. Slack's message ts); a reply whose key was already used is not
   * sent again, also when the platform redelivers it to another instance.
   */
  reply(ticketId: string, staff: StaffMember, text: string, once?: string): Promise<Ticket>;
  close(ticketId: string, staff: StaffMember): Promise<Ticket>;
  handBack(ticketId: string, staff: StaffMember): Promise<Ticket>;
  /** Staff raise a ticket to urgent or lower it back to normal. */
  setUrgent(ticketId: string, urgent: boolean, staff: StaffMember): Promise<Ticket>;
  /** Reads a ticket (for rendering or after a restart). */
  getTicket(ticketId: string): Promise<Ticket | undefined>;
  /** Tickets not yet closed, oldest first (for reminders and re-announcing after a restart). */
  openTickets(): Promise<Ticket[]>;
  /** Stores desk-specific data on the ticket, e.g. Slack's channel and thread ts; merged with what is there. */
  setDeskData(ticketId: string, data: Record<string, string>): Promise<Ticket>;
  /** Finds the ticket whose desk data has `key` equal to `value` (e.g. the Slack thread ts). */
  findByDeskData(key: string, value: string): Promise<Ticket | undefined>;
}

export interface StaffDesk {
  /** Wires the desk to the core's actions; may open connections. */
  start(actions: DeskActions): Promise<void>;
  stop(): Promise<void>;
  /** A new ticket: show it to staff. Throws when staff cannot be reached (the core retries). */
  ticketOpened(ticket: Ticket): Promise<void>;
  /** The worker wrote again while the ticket is open. */
  workerMessage(ticket: Ticket, entry: TranscriptEntry): Promise<void>;
  /** The ticket moved (claimed, answered, closed, handed back, or the worker left). */
  ticketChanged(ticket: Ticket): Promise<void>;
}
