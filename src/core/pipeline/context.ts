/**
 * The turn context every pipeline step shares, and the composer that runs the steps.
 *
 * A step is `(ctx, next) => Promise<void>`, as in grammY's composer: it reads and writes the turn
 * context and either calls `next()` to let the following steps run (and may do more work after
 * they return), or returns without calling it, which ends the turn. Steps marked `finally` (persist)
 * still run after a step ended the turn, so every reply is saved and logged the same way.
 */
import type { Content } from '../../kb/loader.ts';
import type { Intent, Language } from '../../kb/schema.ts';
import type { Matcher, RankedIntent } from '../../nlu/types.ts';
import type { Session, Store } from '../../store/port.ts';
import type { InboundMessage, OutboundMessage } from '../messages.ts';
import type { Pseudonymizer } from '../pseudonym.ts';
import type { KeyedLock, TicketService } from '../tickets.ts';
import type { SafetyStep } from '../../safety/step.ts';
import type { Vocabulary } from '../vocabulary.ts';

/** What the core needs to know about entities in a text; src/nlu/entities.ts provides it. */
export interface EntityFinder {
  extract(text: string): Entities;
}

export interface CountryMention {
  iso2: string;
  text: string;
  role?: 'origin' | 'destination';
  fuzzy?: boolean;
  start?: number;
  end?: number;
}

export interface Entities {
  countries: CountryMention[];
  instruments: { id: string; text: string }[];
}

export type LanguageGuesser = (text: string) => { language: string; confidence: number };

export interface NluPolicy {
  /** Below this top score the bot does not answer (fallback). */
  threshold: number;
  /**
   * The same per language, where the held-out tests of a language chose one (scores are not
   * equally sure in every language: Arabic scores run lower for the same accuracy).
   */
  thresholds?: Partial<Record<string, number>>;
  /**
   * When the top two scores are closer than this, the bot asks which one was meant (used when the
   * matcher does not say how its scores were powered; otherwise `closeRatio` decides).
   */
  margin: number;
  /**
   * Ask which was meant when the second intent's underlying probability is at least this share of
   * the first's (p2 / p1, from scores s = p^γ with the matcher's `scorePower` γ).
   */
  closeRatio?: number;
  /**
   * Out of scope when the out-of-scope intents together are at least this share as likely as the
   * best in-scope intent (underlying probabilities), however the top intent came out (0: off).
   */
  outShare?: number;
}

export interface Logger {
  debug?(fields: Record<string, unknown>, msg: string): void;
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

/** The content and models of one turn (they change on hot reload, never within a turn). */
export interface NluSnapshot {
  content: Content;
  matcher: Matcher;
  entities: EntityFinder;
  policy: NluPolicy;
  vocabulary: Vocabulary;
}

export interface CoreDeps {
  /** Current content and matcher (they change on hot reload). */
  nlu: () => NluSnapshot;
  detectLanguage: LanguageGuesser;
  store: Store;
  tickets: TicketService;
  lock: KeyedLock;
  pseudonymize: Pseudonymizer;
  /** Notice to add when staff are away; undefined when they are at their desks. */
  officeNotice?: (now: Date, language: Language) => string | undefined;
  now?: () => Date;
  logger?: Logger;
  rateLimit?: { messages: number; perMs: number };
  /** Safeguarding (src/safety/step.ts), run by the safety step; absent in cores built without it. */
  safety?: SafetyStep;
  /** Called after /forget so the channel can erase what it keeps (e.g. a number map). */
  onForget?: (address: InboundMessage['address']) => Promise<void>;
}

export type Handoff = 'none' | 'offered' | 'started';

/**
 * What the turn came to, for `ask --json`, the evaluation and the logs:
 * answered (an answer from the content), asked (a question back: which topic, which country, what
 * the worker wants to know), fallback (not understood), out-of-scope (not a social-protection
 * question), urgent (danger signs), handoff (a person was asked for, or the message went to staff),
 * command (a command or a button that is not an answer), ignored (a redelivery, or dropped).
 */
export type Outcome =
  'answered' | 'asked' | 'fallback' | 'out-of-scope' | 'urgent' | 'handoff' | 'command' | 'ignored';

/** What happened to one message, for the batch mode and for tests. */
export interface Trace {
  language: Language;
  intent: string | null;
  confidence: number;
  entities: Entities;
  handoff: Handoff;
  ranked: RankedIntent[];
  outcome: Outcome;
  /** Characters of an answer's main text (before its source line), for the phone-screen budget. */
  mainChars?: number;
  /** The worker's countries after the turn (for conversation tests and the batch mode). */
  origin?: string;
  destination?: string;
  /** This message opened an urgent case or raised one to urgent (src/safety). */
  urgent?: boolean;
  /** The danger categories found in this message. */
  danger?: string[];
}

/** What the decide step chose; the render step turns it into replies. */
export type Decision =
  | { kind: 'answer'; intent: Intent; entities: Entities }
  | {
      kind: 'ask-which';
      options: Intent[];
      top: RankedIntent;
      text: string;
      /** The question (a UI string key); "Did you mean one of these?" by default. */
      prompt?: 'ambiguous' | 'followUpUnclear';
    }
  | { kind: 'fallback'; text: string; reason: 'fallback' | 'ambiguous' }
  /** Replies already built (e.g. "noted your countries, what do you want to know?"). */
  | { kind: 'reply'; replies: OutboundMessage[]; outcome: Outcome };

/** Services the steps use; one per core. */
export interface Services extends CoreDeps {
  now: () => Date;
  log: Logger;
  /** Per-worker message times for the rate limit (in memory; a restart forgets them). */
  recent: Map<string, number[]>;
}

export interface TurnContext {
  readonly inbound: InboundMessage;
  /** The worker's pseudonymous reference. */
  readonly ref: string;
  readonly services: Services;
  /** Content and models for this turn. */
  readonly nlu: NluSnapshot;
  readonly content: Content;
  /** Loaded by the session step; every later step may read and change it. */
  session: Session;
  trace: Trace;
  /** Replies of this turn, in order. */
  replies: OutboundMessage[];
  /** Notes sent before the replies ("your message was long…", "I cannot answer in that language…"). */
  notes: OutboundMessage[];
  /** The worker's text after normalisation ('' for a button or media). */
  text: string;
  /** A button value (pressed, or chosen by typing its number or words). */
  action?: string;
  /** The text to keep in the transcript (what the worker wrote). */
  workerText?: string;
  /** Entities found in the text (follow-up step), used by match and decide. */
  entities?: Entities;
  /** The matcher's ranking (match step). */
  ranked?: RankedIntent[];
  /** What to do (decide step, or earlier when a follow-up settled it). */
  decision?: Decision;
  /** /forget erased the worker: nothing may be saved. */
  erased: boolean;
  /** Nothing to save (a redelivery, a dropped message). */
  skipPersist: boolean;
  /** Free space for steps that need to pass something along (e.g. the safety detector's findings). */
  state: Record<string, unknown>;
}

export type Next = () => Promise<void>;
export type StepFn = (ctx: TurnContext, next: Next) => Promise<void>;

export interface Step {
  name: string;
  run: StepFn;
  /** Runs even when an earlier step ended the turn (with a `next` that does nothing). */
  finally?: boolean;
}

/** A step; `finally` steps run even when an earlier one ended the turn. */
export function step(name: string, run: StepFn, options: { finally?: boolean } = {}): Step {
  return { name, run, finally: options.finally };
}

/** Runs the steps in order as (ctx, next) middleware. */
export function compose(steps: readonly Step[]): (ctx: TurnContext) => Promise<void> {
  return async (ctx) => {
    let stoppedAt = -1;
    const dispatch = async (i: number): Promise<void> => {
      const s = steps[i];
      if (!s) return;
      let called = false;
      await s.run(ctx, async () => {
        if (called) throw new Error(`pipeline step "${s.name}" called next() twice`);
        called = true;
        await dispatch(i + 1);
      });
      if (!called && stoppedAt < 0) stoppedAt = i;
    };
    await dispatch(0);
    if (stoppedAt < 0) return;
    for (const s of steps.slice(stoppedAt + 1)) {
      if (s.finally) await s.run(ctx, async () => {});
    }
  };
}

/** Ends the turn with these replies (the caller returns without calling next). */
export function reply(ctx: TurnContext, replies: OutboundMessage[], outcome?: Outcome): void {
  ctx.replies.push(...replies);
  if (outcome) ctx.trace.outcome = outcome;
}
