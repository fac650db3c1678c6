/**
 * What the web page shows after a reload: each conversation's recent messages, kept in this
 * process's memory only (never written to disk, never logged), bounded in number of conversations,
 * messages per conversation and idle time, and erased at once by /forget or "Clear this conversation".
 * Open pages subscribe to their conversation and receive new messages as they are added.
 */
import type { ChoiceButton, Language } from '../../src/core/messages.ts';

/** Who a message is from: the worker, the assistant's reply, or a later delivery (staff, ticket news). */
export type EntryFrom = 'worker' | 'bot' | 'desk';

export interface Entry {
  /** Position in the conversation, from 1; the page orders and de-duplicates by it. */
  seq: number;
  from: EntryFrom;
  text: string;
  choices?: ChoiceButton[];
  at: string;
}

export type ConversationEvent = { type: 'entries'; entries: Entry[] } | { type: 'erased' };
export type Listener = (event: ConversationEvent) => void;

export interface Conversation {
  readonly userId: string;
  /** The page language the worker chose (or the one the conversation started in). */
  lang?: Language;
  entries: Entry[];
  seq: number;
  lastActive: number;
}

export interface ConversationLimits {
  /** Conversations kept; the least recently active is dropped first. */
  maxConversations: number;
  /** Messages kept per conversation; the oldest are dropped first. */
  maxEntries: number;
  /** A conversation idle this long is dropped. */
  idleMs: number;
}

export const DEFAULT_CONVERSATION_LIMITS: ConversationLimits = {
  maxConversations: 5_000,
  maxEntries: 100,
  idleMs: 72 * 3600_000,
};

export class Conversations {
  /** Insertion order is activity order: a touched conversation is moved to the end. */
  private readonly byUser = new Map<string, Conversation>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly limits: ConversationLimits;

  constructor(
    limits: Partial<ConversationLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_CONVERSATION_LIMITS, ...limits };
  }

  get size(): number {
    return this.byUser.size;
  }

  /** The conversation, if kept and not idle for too long. */
  get(userId: string): Conversation | undefined {
    const c = this.byUser.get(userId);
    if (!c) return undefined;
    if (this.now() - c.lastActive > this.limits.idleMs) {
      this.byUser.delete(userId);
      return undefined;
    }
    return c;
  }

  /** The conversation, created when missing; marks it active. */
  open(userId: string): Conversation {
    let c = this.get(userId);
    if (c) this.byUser.delete(userId);
    else c = { userId, entries: [], seq: 0, lastActive: 0 };
    c.lastActive = this.now();
    this.byUser.set(userId, c);
    this.evict();
    return c;
  }

  /** Adds messages (numbered in order) and tells the conversation's open pages. */
  append(userId: string, items: Omit<Entry, 'seq' | 'at'>[]): Entry[] {
    if (items.length === 0) return [];
    const c = this.open(userId);
    const at = new Date(this.now()).toISOString();
    const added = items.map((item) => ({ ...item, seq: ++c.seq, at }));
    c.entries.push(...added);
    if (c.entries.length > this.limits.maxEntries)
      c.entries.splice(0, c.entries.length - this.limits.maxEntries);
    this.emit(userId, { type: 'entries', entries: added });
    return added;
  }

  /** Forgets the conversation and tells its open pages. */
  erase(userId: string): void {
    this.byUser.delete(userId);
    this.emit(userId, { type: 'erased' });
  }

  subscribe(userId: string, listener: Listener): () => void {
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(userId) === set) this.listeners.delete(userId);
    };
  }

  /** The users whose conversations this process keeps (many instances: only it delivers to them). */
  ids(): string[] {
    return [...this.byUser.keys()];
  }

  /** How many pages are listening to a conversation. */
  listenerCount(userId: string): number {
    return this.listeners.get(userId)?.size ?? 0;
  }

  /** Choices of the most recent message that offered some (the buttons the page shows as active). */
  lastChoices(userId: string): ChoiceButton[] {
    const c = this.get(userId);
    for (let i = (c?.entries.length ?? 0) - 1; i >= 0; i--) {
      const e = c!.entries[i]!;
      if (e.from === 'worker') continue;
      if (e.choices && e.choices.length > 0) return e.choices;
    }
    return [];
  }

  private emit(userId: string, event: ConversationEvent): void {
    for (const listener of [...(this.listeners.get(userId) ?? [])]) {
      try {
        listener(event);
      } catch {
        // A page that went away must not stop the others.
      }
    }
  }

  private evict(): void {
    while (this.byUser.size > this.limits.maxConversations) {
      const oldest = this.byUser.keys().next().value;
      if (oldest === undefined) return;
      this.byUser.delete(oldest);
    }
  }
}
