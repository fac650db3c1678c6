/**
 * The in-process staff desk: for the local chat and for tests. It keeps what staff would see
 * and lets the caller act as staff (claim, reply, close, hand back) through the same core actions
 * a real desk uses.
 */
import { EventEmitter } from 'node:events';
import type { Ticket, TranscriptEntry } from '../store/port.ts';
import type { DeskActions, StaffDesk, StaffMember } from './desk.ts';

export type LocalDeskEvent =
  | { type: 'opened'; ticket: Ticket }
  | { type: 'message'; ticket: Ticket; entry: TranscriptEntry }
  | { type: 'changed'; ticket: Ticket };

export class LocalDesk implements StaffDesk {
  readonly events = new EventEmitter<{ event: [LocalDeskEvent] }>();
  /** Everything the desk was told, in order. */
  readonly log: LocalDeskEvent[] = [];
  private actions: DeskActions | undefined;
  /** Set to make the desk fail, as an unreachable Slack would. */
  down = false;

  async start(actions: DeskActions): Promise<void> {
    this.actions = actions;
  }

  async stop(): Promise<void> {}

  private emit(e: LocalDeskEvent) {
    if (this.down) throw new Error('staff desk unreachable');
    this.log.push(e);
    this.events.emit('event', e);
  }

  async ticketOpened(ticket: Ticket) {
    this.emit({ type: 'opened', ticket });
  }

  async workerMessage(ticket: Ticket, entry: TranscriptEntry) {
    this.emit({ type: 'message', ticket, entry });
  }

  async ticketChanged(ticket: Ticket) {
    this.emit({ type: 'changed', ticket });
  }

  private get act(): DeskActions {
    if (!this.actions) throw new Error('LocalDesk used before start()');
    return this.actions;
  }

  claim(ticketId: string, staff: StaffMember) {
    return this.act.claim(ticketId, staff);
  }
  reply(ticketId: string, staff: StaffMember, text: string, once?: string) {
    return this.act.reply(ticketId, staff, text, once);
  }
  close(ticketId: string, staff: StaffMember) {
    return this.act.close(ticketId, staff);
  }
  handBack(ticketId: string, staff: StaffMember) {
    return this.act.handBack(ticketId, staff);
  }
  setUrgent(ticketId: string, urgent: boolean, staff: StaffMember) {
    return this.act.setUrgent(ticketId, urgent, staff);
  }
  openTickets() {
    return this.act.openTickets();
  }
}
