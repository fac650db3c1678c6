/**
 * The store port: everything that must survive a restart. One contract test suite
 * (test/store.contract.ts) runs against every implementation.
 */
import type { Address } from '../core/messages.ts';
import type { Language } from '../kb/schema.ts';

export interface Session {
  /** Pseudonymous reference of the worker (a keyed hash of the channel address). */
  ref: string;
  address: Address;
  language?: Language;
  /** The worker chose the language (/language): keep it even if a message looks like another one. */
  languageLocked?: boolean;
  origin?: string; // ISO alpha-2
  destination?: string; // ISO alpha-2
  /** The intent waiting for a slot to be filled, if any. */
  pending?: { intent: string; slot: 'origin' | 'destination'; question?: string; retries?: number };
  /** Choices last shown, so "2" or the choice's words can select one. */
  lastChoices?: { label: string; value: string }[];
  /** How many fallbacks in a row. */
  fallbacks: number;
  /** The worker agreed that staff may see their phone number. */
  sharePhone?: boolean;
  phone?: string;
  /** The worker agreed that staff may see their display name (asked in an urgent case). */
  shareName?: boolean;
  displayName?: string;
  /** The safeguarding reply asked which country the worker is in; a country in the next message answers it. */
  safetyAskedCountry?: boolean;
  openTicket?: string;
  /** The last question that went to the matcher, for the ticket if the worker then asks for a person. */
  lastQuestion?: string;
  /** What the bot last answered (intent id) or why it could not (fallback, ambiguous). */
  lastOutcome?: string;
  /** An instrument the worker named earlier (id), for follow-up questions. */
  instrument?: string;
  /** The subject of the conversation: the intent last answered, for follow-ups ("and my wife?"). */
  topic?: string;
  /** Agreements last shown (ids), for follow-ups ("does it cover unemployment?"). */
  agreements?: string[];
  /** A question the bot asked that a short reply answers (e.g. which role a country takes). */
  question?: { kind: 'role'; country: string; intent?: string };
  /** Recent exchange kept for escalation context (bounded). */
  transcript: TranscriptEntry[];
  updatedAt: string;
}

export interface TranscriptEntry {
  from: 'worker' | 'bot' | 'staff';
  text: string;
  at: string;
  /** Staff display name, for staff entries. */
  staff?: string;
}

export type TicketStatus = 'open' | 'claimed' | 'answered' | 'closed';

export interface Ticket {
  id: string;
  status: TicketStatus;
  workerRef: string;
  address: Address;
  language: Language;
  origin?: string;
  destination?: string;
  /** What the worker asked when it was opened, and why the bot could not answer. */
  question: string;
  reason: 'asked' | 'fallback' | 'offered' | 'danger';
  botAnswer?: string;
  transcript: TranscriptEntry[];
  /** Phone number, only when the worker agreed to share it. */
  phone?: string;
  /** The worker's display name, only when the worker agreed to share it. */
  workerName?: string;
  /** A sign of danger was found (src/safety): staff see it marked urgent and are reminded until it is claimed. */
  urgent?: boolean;
  /** When it last became urgent (reminders count from here; a new time means a new alert). */
  urgentSince?: string;
  /** The danger categories found in the worker's messages (src/safety/schema.ts). */
  danger?: string[];
  /** Who last changed the urgency from the desk, and how. */
  urgencyChangedBy?: { id: string; name: string; urgent: boolean; at: string };
  claimedBy?: { id: string; name: string };
  answeredBy: { id: string; name: string }[];
  /**
   * When staff first replied to the worker (relayed through the desk): the desk's "time to first
   * reply" is read from here, since the transcript keeps only its last entries.
   */
  firstStaffReplyAt?: string;
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  /** Who ended it: staff closed it, staff handed back to the bot, the worker cancelled, or the worker erased their data. */
  closedBy?: 'staff' | 'handed-back' | 'worker' | 'erased';
  /** Desk-specific data (e.g. Slack channel and thread ts). */
  desk?: Record<string, string>;
}

/**
 * Why a question is in the editors' unanswered list: the bot fell back ("I am not sure I understood"),
 * asked "did you mean…?", handed it to staff, or said it is not something it can answer.
 */
export type UnansweredReason = 'fallback' | 'ambiguous' | 'escalated' | 'out_of_scope';

export const UNANSWERED_REASONS: readonly UnansweredReason[] = [
  'fallback',
  'ambiguous',
  'escalated',
  'out_of_scope',
];

/** A question the bot could not answer, kept for editors (text already anonymised). */
export interface UnansweredRecord {
  text: string;
  language: Language;
  reason: UnansweredReason;
  topIntent?: string;
  score?: number;
  at: string;
  /** The worker it came from, kept only so /forget can drop it; never shown to editors. */
  workerRef?: string;
}

/** Work that must eventually happen (a relay to Slack or to a worker), retried until done. */
export interface OutboxItem {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  lastError?: string;
  /** The worker the item is about (pseudonym): /forget drops it. */
  owner?: string;
}

/**
 * One handled message, for the organisers' trends (src/console/insights): what it was about and
 * where the worker is from and works, never what they wrote. `workerKey` is a keyed digest made
 * only for counting distinct workers (src/core/trends.ts); /forget deletes the worker's events.
 */
export interface TrendEvent {
  /** ISO week, e.g. 2026-W49. */
  week: string;
  outcome: TrendOutcome;
  /** The intent, for answered, asked and out-of-scope messages when one was recognised. */
  topic?: string;
  /** ISO alpha-2, when known. */
  origin?: string;
  destination?: string;
  language: string;
  channel: string;
  workerKey: string;
}

export type TrendOutcome = 'answered' | 'asked' | 'fallback' | 'out-of-scope' | 'escalated' | 'safety';

/** What trend counts are grouped by: see {@link trendDimensionKey} in src/store/trends.ts. */
export type TrendDimension = 'topic' | 'outcome' | 'corridor' | 'language' | 'week' | 'channel';

/** Which events count: weeks from/to inclusive (ISO weeks), and equal dimensions. */
export interface TrendFilter {
  from?: string;
  to?: string;
  language?: string;
  origin?: string;
  destination?: string;
}

/** Messages and distinct workers in one group. */
export interface TrendCount {
  key: string;
  messages: number;
  workers: number;
}

/** What {@link Store.forgetWorker} removed. */
export interface Erased {
  sessions: number;
  tickets: number;
  outbox: number;
  seen: number;
  unanswered: number;
  /** Trend events of the worker (found by their trend key, when given). */
  trends: number;
}

/** What {@link Store.purgeExpired} removed. */
export interface Purged {
  tickets: number;
  sessions: number;
  unanswered: number;
}

export interface Store {
  getSession(ref: string): Promise<Session | undefined>;
  putSession(session: Session): Promise<void>;
  deleteSession(ref: string): Promise<void>;

  getTicket(id: string): Promise<Ticket | undefined>;
  putTicket(ticket: Ticket): Promise<void>;
  listTickets(filter?: { status?: TicketStatus[]; workerRef?: string }): Promise<Ticket[]>;
  /**
   * The ticket whose desk data has `key` set to `value` (e.g. the Slack thread's ts), the oldest
   * when several do; through an index, never a scan of all tickets.
   */
  findTicketByDesk(key: string, value: string): Promise<Ticket | undefined>;
  deleteTicketsOf(workerRef: string): Promise<number>;

  addUnanswered(record: UnansweredRecord): Promise<void>;
  listUnanswered(): Promise<UnansweredRecord[]>;

  /**
   * Remembers a message key; returns false when it was already seen (a redelivery). Keys are kept
   * for a bounded time and number. `owner` (a worker pseudonym) lets /forget drop the worker's keys;
   * keys must never contain a chat id or a phone number.
   */
  markSeen(key: string, owner?: string): Promise<boolean>;

  enqueue(item: OutboxItem): Promise<void>;
  /** Items due at `now`, oldest first. */
  due(now: Date): Promise<OutboxItem[]>;
  updateOutbox(item: OutboxItem): Promise<void>;
  removeOutbox(id: string): Promise<void>;

  /** Records one handled message for the trends (one small write, in the current unit of work). */
  recordTrend(event: TrendEvent): Promise<void>;
  /** Messages and distinct workers per group of `by`, for the events `filter` selects. */
  trendCounts(filter: TrendFilter, by: TrendDimension): Promise<TrendCount[]>;

  /**
   * /forget: removes everything linkable to the worker — session, tickets, outbox items owned by
   * them, their message keys, their questions in the unanswered list and, given their trend key
   * (src/core/trends.ts), their trend events.
   */
  forgetWorker(workerRef: string, keys?: { trendKey?: string }): Promise<Erased>;
  /**
   * Retention: deletes tickets closed before `cutoff`, sessions idle since before it (unless they
   * wait on a ticket that is still open) and unanswered questions recorded before it.
   */
  purgeExpired(cutoff: Date): Promise<Purged>;

  /**
   * Store metadata (e.g. the fingerprint of the pseudonym secret): records `value` under `key`
   * unless a value is already there, and returns the value now stored. Never used for a secret.
   */
  claimMeta(key: string, value: string): Promise<string>;

  /**
   * Runs `fn` as one unit of work: the changes it makes are committed together (a transaction in
   * PostgreSQL, one journal record in the file store) or, when `fn` throws, not at all — nothing
   * of a failed unit is kept (its message keys neither, so a redelivery is handled). Nested calls
   * join the outer one.
   */
  atomically<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` once the current unit of work has committed (at once when there is none). */
  onCommit(fn: () => void): void;

  close(): Promise<void>;
}
