/**
 * The channel-agnostic core: `handle(inbound) → outbound[]`.
 *
 * A message's way through it: deduplicate, rate-limit, normalise → commands → an open ticket takes
 * the message to staff → language → a pending question about the worker's countries → match →
 * decide (answer, ask which of two, ask for a country, or say honestly it is not sure and offer a
 * person) → persist. See DESIGN.md.
 */
import type { Content } from '../kb/loader.ts';
import { LANGUAGE_NAMES, type Intent, type Language } from '../kb/schema.ts';
import { anonymise, normalizeForCompare } from '../kb/text.ts';
import type { Matcher, RankedIntent } from '../nlu/types.ts';
import type { Session, Store, TranscriptEntry } from '../store/port.ts';
import { parseCommand, type CommandName } from './commands.ts';
import type { ChoiceButton, InboundMessage, OutboundMessage } from './messages.ts';
import { hasNoWords, normalizeInbound } from './normalize.ts';
import type { Pseudonymizer } from './pseudonym.ts';
import type { Vocabulary } from './vocabulary.ts';
import { countryName, localized, renderAnswer, renderCitations } from './render.ts';
import { t } from './strings.ts';
import type { KeyedLock, TicketService } from './tickets.ts';

/** What the core needs to know about entities in a text; src/nlu/entities.ts provides it. */
export interface EntityFinder {
  extract(text: string): {
    countries: {
      iso2: string;
      text: string;
      role?: 'origin' | 'destination';
      fuzzy?: boolean;
      start?: number;
      end?: number;
    }[];
    instruments: { id: string; text: string }[];
  };
}

export type LanguageGuesser = (text: string) => { language: string; confidence: number };

export interface NluPolicy {
  /** Below this top score the bot does not answer (fallback). */
  threshold: number;
  /** When the top two are closer than this, the bot asks which one was meant. */
  margin: number;
}

export const DEFAULT_POLICY: NluPolicy = { threshold: 0.35, margin: 0.08 };

export interface Logger {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export interface CoreDeps {
  /** Current content and matcher (they change on hot reload). */
  nlu: () => {
    content: Content;
    matcher: Matcher;
    entities: EntityFinder;
    policy: NluPolicy;
    vocabulary: Vocabulary;
  };
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
  /** Called after /forget so the channel can erase what it keeps (e.g. a number map). */
  onForget?: (address: InboundMessage['address']) => Promise<void>;
}

export type Handoff = 'none' | 'offered' | 'started';

/** What happened to one message, for the batch mode and for tests. */
export interface Trace {
  language: Language;
  intent: string | null;
  confidence: number;
  entities: ReturnType<EntityFinder['extract']>;
  handoff: Handoff;
  ranked: RankedIntent[];
}

export interface HandleResult {
  replies: OutboundMessage[];
  trace: Trace;
}

const SESSION_TRANSCRIPT = 30;
/** Scores from this share of the threshold up to it get "did you mean…?" instead of a fallback. */
const CONFIRM_SHARE = 0.6;
/** Below this share of known meaningful words, a message is not answered outright (see vocabulary.ts). */
const MIN_COVERAGE = 0.4;
/** A one-word message ("hola", "gracias") switches language only when the guess is this sure. */
const SURE_OF_ONE_WORD = 0.75;
const TOPIC_INTENTS = [
  'pension_portability_return',
  'agreement_between_countries',
  'health_care',
  'rights_overview',
  'undocumented_rights',
  'find_union',
];

export class Core {
  private readonly now: () => Date;
  private readonly log: Logger;
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly d: CoreDeps) {
    this.now = d.now ?? (() => new Date());
    this.log = d.logger ?? silentLogger;
  }

  /** The adapter entry point. */
  async handle(inbound: InboundMessage): Promise<OutboundMessage[]> {
    return (await this.handleDetailed(inbound)).replies;
  }

  async handleDetailed(inbound: InboundMessage): Promise<HandleResult> {
    const ref = this.d.pseudonymize(inbound.address);
    return this.d.lock.run(ref, () => this.handleLocked(inbound, ref));
  }

  private async handleLocked(inbound: InboundMessage, ref: string): Promise<HandleResult> {
    const { content } = this.d.nlu();
    const trace: Trace = {
      language: 'en',
      intent: null,
      confidence: 0,
      entities: { countries: [], instruments: [] },
      handoff: 'none',
      ranked: [],
    };
    if (!(await this.d.store.markSeen(`${inbound.address.channel}:${inbound.messageId}`))) {
      this.log.info({ ref }, 'duplicate delivery ignored');
      return { replies: [], trace };
    }
    const session: Session = (await this.d.store.getSession(ref)) ?? {
      ref,
      address: inbound.address,
      fallbacks: 0,
      transcript: [],
      updatedAt: this.now().toISOString(),
    };
    session.address = inbound.address;
    trace.language = session.language ?? this.hintLanguage(inbound.localeHint, content) ?? 'en';

    const limited = this.rateLimited(ref);
    if (limited === 'warn') return { replies: [{ text: t(trace.language, 'rateLimited') }], trace };
    if (limited === 'drop') return { replies: [], trace };

    const ctx: Turn = { inbound, session, content, trace, erased: false, workerText: undefined };
    const replies = await this.route(ctx);

    if (!ctx.erased) {
      const at = this.now().toISOString();
      const entries: TranscriptEntry[] = [];
      if (ctx.workerText) entries.push({ from: 'worker', text: ctx.workerText, at });
      for (const r of replies) entries.push({ from: 'bot', text: r.text, at });
      session.transcript = [...session.transcript, ...entries].slice(-SESSION_TRANSCRIPT);
      session.language = trace.language;
      session.lastChoices = replies.at(-1)?.choices;
      session.updatedAt = at;
      await this.d.store.putSession(session);
    }
    this.log.info(
      {
        ref,
        channel: inbound.address.channel,
        language: trace.language,
        intent: trace.intent,
        confidence: Number(trace.confidence.toFixed(3)),
        handoff: trace.handoff,
        chars: inbound.text?.length ?? 0,
      },
      'message handled',
    );
    return { replies, trace };
  }

  private hintLanguage(hint: string | undefined, content: Content): Language | undefined {
    const code = hint?.toLowerCase().split(/[-_]/)[0];
    if (code === 'fil') return content.languages.includes('tl') ? 'tl' : undefined;
    return content.languages.find((l) => l === code);
  }

  private rateLimited(ref: string): 'ok' | 'warn' | 'drop' {
    const { messages, perMs } = this.d.rateLimit ?? { messages: 30, perMs: 60_000 };
    const now = this.now().getTime();
    const times = (this.recent.get(ref) ?? []).filter((x) => now - x < perMs);
    times.push(now);
    this.recent.set(ref, times);
    if (this.recent.size > 10_000) this.recent.delete(this.recent.keys().next().value!);
    if (times.length === messages + 1) return 'warn';
    return times.length > messages ? 'drop' : 'ok';
  }

  private async route(c: Turn): Promise<OutboundMessage[]> {
    const { inbound, session } = c;
    let action = inbound.action;
    let text = '';
    const notes: OutboundMessage[] = [];

    if (!action && inbound.text !== undefined) {
      const n = normalizeInbound(inbound.text);
      text = n.text;
      if (n.unreadable) return [{ text: t(c.trace.language, 'unreadable') }];
      if (n.truncated) notes.push({ text: t(c.trace.language, 'truncated') });
      c.workerText = text || undefined;
      action = this.choiceFromText(session, text);
    }

    if (!action && !text) {
      if (inbound.media) {
        if (session.openTicket) await this.d.tickets.workerWrote(session.openTicket, `[${inbound.media}]`);
        return [{ text: t(c.trace.language, 'media'), choices: [this.humanChoice(c.trace.language)] }];
      }
      return [{ text: t(c.trace.language, 'empty'), choices: this.topicChoices(c) }];
    }

    if (action) return [...notes, ...(await this.onAction(c, action))];

    const command = parseCommand(text);
    // Talking to staff, a plain "help" or "persona" is words for them; only /commands, cancel and forget act.
    const forStaff =
      !!session.openTicket &&
      !!command &&
      !text.startsWith('/') &&
      !['cancel', 'forget'].includes(command.name);
    if (command && !forStaff) return [...notes, ...(await this.onCommand(c, command.name, command.arg))];

    if (session.openTicket) {
      const ticket = await this.d.tickets.workerWrote(session.openTicket, text);
      if (ticket) {
        c.trace.handoff = 'started';
        return ticket.status === 'open' ? [{ text: t(ticket.language, 'ticketWaiting') }] : [];
      }
      session.openTicket = undefined;
    }

    this.chooseLanguage(c, text, notes);
    if (hasNoWords(text)) {
      return [...notes, { text: t(c.trace.language, 'empty'), choices: this.topicChoices(c) }];
    }
    return [...notes, ...(await this.understand(c, text))];
  }

  /** A bare number or a choice's words pick one of the choices shown last. */
  private choiceFromText(session: Session, text: string): string | undefined {
    const choices = session.lastChoices ?? [];
    if (choices.length === 0) return undefined;
    const n = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
    if (n) return choices[Number(n[1]) - 1]?.value;
    const norm = normalizeForCompare(text);
    return choices.find((ch) => normalizeForCompare(ch.label) === norm)?.value;
  }

  private chooseLanguage(c: Turn, text: string, notes: OutboundMessage[]) {
    const { session, content } = c;
    if (session.languageLocked && session.language) {
      c.trace.language = session.language;
      return;
    }
    const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
    const guess = this.d.detectLanguage(text);
    const guessed = guess.language as Language;
    if (
      (guess.confidence >= 0.5 && (words >= 2 || guessed === 'ne' || guessed === 'ar')) ||
      guess.confidence >= SURE_OF_ONE_WORD
    ) {
      if (content.languages.includes(guessed)) c.trace.language = guessed;
      else if (!content.languages.includes(c.trace.language)) c.trace.language = 'en';
      if (!content.languages.includes(guessed) && (guessed === 'ne' || guessed === 'ar')) {
        notes.push({
          text: t(c.trace.language, 'languageNotAvailable', { language: nameOf(c.trace.language) }),
        });
      }
    }
    if (!content.languages.includes(c.trace.language)) c.trace.language = 'en';
  }

  private async onCommand(c: Turn, name: CommandName, arg: string): Promise<OutboundMessage[]> {
    const lang = c.trace.language;
    switch (name) {
      case 'start': {
        const greeting = c.content.intentById.get('greeting');
        const choices = greeting ? this.intentChoices(c, greeting) : this.topicChoices(c);
        return [{ text: `${t(lang, 'welcome')}\n\n${t(lang, 'privacy')}`, choices }];
      }
      case 'help':
        return [{ text: t(lang, 'help'), choices: this.topicChoices(c) }];
      case 'language': {
        const code = arg.toLowerCase() as Language;
        if (c.content.languages.includes(code)) return this.onAction(c, `lang:${code}`);
        return [
          {
            text: t(lang, 'chooseLanguage'),
            choices: c.content.languages.map((l) => ({ label: nameOf(l), value: `lang:${l}` })),
          },
        ];
      }
      case 'human':
        return this.escalate(c, 'asked');
      case 'cancel': {
        if (!c.session.openTicket) return [{ text: t(lang, 'nothingToCancel') }];
        await this.d.tickets.cancelByWorker(c.session.openTicket);
        c.session.openTicket = undefined;
        c.session.fallbacks = 0;
        return [{ text: t(lang, 'cancelled'), choices: this.topicChoices(c) }];
      }
      case 'forget': {
        await this.d.tickets.eraseWorker(c.session.ref);
        await this.d.store.deleteSession(c.session.ref);
        await this.d.onForget?.(c.inbound.address);
        c.erased = true;
        return [{ text: t(lang, 'forgotten') }];
      }
    }
  }

  private async onAction(c: Turn, action: string): Promise<OutboundMessage[]> {
    const [kind, value = ''] = splitOnce(action, ':');
    const lang = c.trace.language;
    switch (kind) {
      case 'cmd':
        return this.onCommand(c, value as CommandName, '');
      case 'lang': {
        if (!c.content.languages.includes(value as Language)) return [{ text: t(lang, 'chooseLanguage') }];
        c.trace.language = value as Language;
        c.session.language = value as Language;
        c.session.languageLocked = true;
        return [{ text: t(value as Language, 'languageSet'), choices: this.topicChoices(c) }];
      }
      case 'intent': {
        const intent = c.content.intentById.get(value);
        if (!intent) return [{ text: t(lang, 'fallback'), choices: this.topicChoices(c) }];
        c.trace.intent = intent.id;
        c.trace.confidence = 1;
        return this.answer(c, intent, { countries: [], instruments: [] });
      }
      case 'human':
        if (value === 'yes') return this.escalate(c, 'offered');
        return [{ text: t(lang, 'help'), choices: this.topicChoices(c) }];
      case 'phone': {
        if (value === 'yes' && c.inbound.phone) {
          c.session.sharePhone = true;
          c.session.phone = c.inbound.phone;
          if (c.session.openTicket)
            await this.d.tickets.update(c.session.openTicket, { phone: c.inbound.phone });
          return [{ text: t(lang, 'phoneShared') }];
        }
        c.session.sharePhone = false;
        c.session.phone = undefined;
        return [{ text: t(lang, 'phoneNotShared') }];
      }
      case 'none':
        return this.fallback(c, c.session.lastQuestion ?? '', 'ambiguous');
      default:
        return [{ text: t(lang, 'help'), choices: this.topicChoices(c) }];
    }
  }

  private async understand(c: Turn, text: string): Promise<OutboundMessage[]> {
    const { matcher, entities: finder, policy, vocabulary } = this.d.nlu();
    const { session, content } = c;
    const found = finder.extract(text);
    const entities = {
      ...found,
      // A misspelling match on a word the content uses ("medico" is not México) is not a country.
      countries: this.withoutFalseFriends(c, found.countries).filter(
        (m) => !(m.fuzzy && vocabulary.has(m.text)),
      ),
    };
    c.trace.entities = entities;
    const ranked = matcher.rank(text, { language: c.trace.language });
    c.trace.ranked = ranked.slice(0, 3);
    const [top, second] = ranked;

    // A pending question about the worker's countries: a country in the reply fills it.
    if (session.pending && entities.countries.length > 0) {
      const intent = content.intentById.get(session.pending.intent);
      if (intent) {
        c.trace.intent = intent.id;
        c.trace.confidence = 1;
        this.fillSlots(session, entities.countries, session.pending.slot);
        session.pending = undefined;
        return this.answer(c, intent, entities);
      }
    }

    // Nothing the content knows (and no country or instrument): out of scope, whatever the scores say.
    const inScope =
      vocabulary.informative(text).length > 0 ||
      entities.countries.length > 0 ||
      entities.instruments.length > 0;
    // Mostly unknown words: never answer outright, at most ask "did you mean…?".
    const withoutNames = [...entities.countries, ...entities.instruments].reduce(
      (s, m) => s.replace(m.text, ' '),
      text,
    );
    const covered = vocabulary.coverage(withoutNames) >= MIN_COVERAGE || entities.instruments.length > 0;
    // Countries are remembered whatever the message was about.
    this.fillSlots(session, entities.countries);
    const confident = inScope && covered && !!top && top.score >= policy.threshold;
    if (session.pending) {
      const { intent: pendingIntent, retries = 0 } = session.pending;
      session.pending = undefined;
      // Neither a country nor a clear new question: ask again once, in plain words; then let it go.
      if (retries === 0 && (!confident || top?.intent === pendingIntent)) {
        session.pending = {
          intent: pendingIntent,
          slot: session.origin ? 'destination' : 'origin',
          retries: 1,
        };
        return [
          {
            text: t(c.trace.language, 'countryNotRecognised'),
            choices: [this.humanChoice(c.trace.language)],
          },
        ];
      }
    }

    // Only countries ("Filipina", "I am from Nepal"): remember them and ask what the worker wants to know.
    if (
      entities.countries.length > 0 &&
      entities.instruments.length === 0 &&
      vocabulary.informative(withoutNames).length === 0
    ) {
      const lang = c.trace.language;
      const noted = [
        session.origin && `${t(lang, 'homeCountry')}: ${countryName(content, session.origin, lang)}`,
        session.destination &&
          `${t(lang, 'workCountry')}: ${countryName(content, session.destination, lang)}`,
      ].filter(Boolean);
      return [
        { text: t(lang, 'countriesNoted', { countries: noted.join('; ') }), choices: this.topicChoices(c) },
      ];
    }
    c.trace.confidence = top?.score ?? 0;
    // Close to the threshold and about something the content knows: ask rather than guess or give up.
    if (top && inScope && !confident && top.score >= policy.threshold * CONFIRM_SHARE) {
      const options = ranked
        .filter((r) => r.score >= policy.threshold * CONFIRM_SHARE * 0.5)
        .slice(0, 2)
        .map((r) => content.intentById.get(r.intent))
        .filter((i): i is Intent => !!i);
      if (options.length > 0) return this.askWhich(c, text, options, top);
    }
    if (!top || !confident) return this.fallback(c, text, 'fallback');
    if (second && top.score - second.score < policy.margin && second.score >= policy.threshold / 2) {
      const a = content.intentById.get(top.intent);
      const b = content.intentById.get(second.intent);
      if (a && b && !a.action && !b.action) return this.askWhich(c, text, [a, b], top);
    }
    const intent = content.intentById.get(top.intent);
    if (!intent) return this.fallback(c, text, 'fallback');
    c.trace.intent = intent.id;
    c.trace.confidence = top.score;
    if (intent.action !== 'human') session.lastQuestion = text;
    if (entities.instruments[0]) session.instrument = entities.instruments[0].id;
    return this.answer(c, intent, entities);
  }

  /** Drops mentions that are ordinary words in the message's language (content: countries' false_friends). */
  private withoutFalseFriends<T extends { iso2: string; text: string }>(c: Turn, countries: T[]): T[] {
    return countries.filter((m) => {
      const words = c.content.kb.countryByIso.get(m.iso2)?.false_friends[c.trace.language] ?? [];
      return !words.some((w) => normalizeForCompare(w) === normalizeForCompare(m.text));
    });
  }

  /** "Did you mean one of these?" with the candidates, and "none of these" (which leads to a person). */
  private async askWhich(
    c: Turn,
    text: string,
    options: Intent[],
    top: RankedIntent,
  ): Promise<OutboundMessage[]> {
    const lang = c.trace.language;
    c.session.lastQuestion = text;
    c.session.lastOutcome = 'ambiguous';
    c.trace.confidence = top.score;
    c.trace.handoff = 'offered';
    await this.recordUnanswered(c, text, 'ambiguous', top);
    return [
      {
        text: t(lang, 'ambiguous'),
        choices: [
          ...options.map((o) => ({
            label: o.action === 'human' ? t(lang, 'choiceHuman') : this.intentLabel(c, o),
            value: o.action === 'human' ? 'cmd:human' : `intent:${o.id}`,
          })),
          { label: t(lang, 'choiceNoneOfThese'), value: 'none' },
        ],
      },
    ];
  }

  /** Countries in a message update the worker's origin and destination. */
  private fillSlots(
    session: Session,
    countries: { iso2: string; role?: 'origin' | 'destination' }[],
    expected?: 'origin' | 'destination',
  ) {
    const unique = countries.filter((x, i) => countries.findIndex((y) => y.iso2 === x.iso2) === i);
    const withRole = unique.filter((x) => x.role);
    const roles = new Set(withRole.map((x) => x.role));
    if (unique.length >= 2 && roles.size === 2) {
      for (const x of withRole) session[x.role!] = x.iso2;
      return;
    }
    if (unique.length >= 2) {
      // Two countries, roles unclear: the first named is usually where the worker comes from.
      const [a, b] = unique;
      const aRole = a!.role ?? (b!.role === 'origin' ? 'destination' : 'origin');
      session[aRole] = a!.iso2;
      session[aRole === 'origin' ? 'destination' : 'origin'] = b!.iso2;
      return;
    }
    const one = unique[0];
    if (!one) return;
    const slot = one.role ?? expected ?? (session.origin && !session.destination ? 'destination' : 'origin');
    session[slot] = one.iso2;
    if (session.origin === session.destination) {
      if (slot === 'origin') session.destination = undefined;
      else session.origin = undefined;
    }
  }

  private async answer(
    c: Turn,
    intent: Intent,
    entities: ReturnType<EntityFinder['extract']>,
  ): Promise<OutboundMessage[]> {
    const { session, content } = c;
    const lang = c.trace.language;
    if (intent.action === 'human') return this.escalate(c, 'asked', intent);

    for (const slot of intent.requires) {
      if (!session[slot]) {
        session.pending = { intent: intent.id, slot };
        c.trace.intent = intent.id;
        return [
          {
            text: t(lang, slot === 'origin' ? 'askOrigin' : 'askDestination'),
            choices: [this.humanChoice(lang)],
          },
        ];
      }
    }
    session.fallbacks = 0;
    session.lastOutcome = intent.id;
    const instrumentCountry =
      entities.countries[0]?.iso2 ?? (entities.instruments.length > 0 ? undefined : session.destination);
    const rendered = renderAnswer(content, intent, {
      language: lang,
      origin: session.origin,
      destination: session.destination,
      instrument: entities.instruments[0]?.id ?? session.instrument,
      instrumentCountry,
    });
    const parts = [rendered.text];
    const citations = renderCitations(rendered.cited, lang);
    if (citations) parts.push(citations);
    if (intent.disclaimer) parts.push(t(lang, 'disclaimer'));
    const choices = this.intentChoices(c, intent);
    if (intent.offer_human && !choices.some((ch) => ch.value === 'cmd:human')) {
      choices.push(this.humanChoice(lang));
      c.trace.handoff = 'offered';
    } else if (choices.some((ch) => ch.value === 'cmd:human')) {
      c.trace.handoff = c.trace.handoff === 'none' ? 'offered' : c.trace.handoff;
    }
    return [{ text: parts.join('\n\n'), choices }];
  }

  private async fallback(
    c: Turn,
    text: string,
    reason: 'fallback' | 'ambiguous',
  ): Promise<OutboundMessage[]> {
    const { session } = c;
    const lang = c.trace.language;
    session.fallbacks += 1;
    session.lastQuestion = text || session.lastQuestion;
    session.lastOutcome = 'fallback';
    c.trace.intent = null;
    c.trace.handoff = 'offered';
    if (text) await this.recordUnanswered(c, text, reason, c.trace.ranked[0]);
    if (session.fallbacks >= 2) {
      return [
        {
          text: t(lang, 'fallbackAgain'),
          choices: [
            { label: t(lang, 'choiceYes'), value: 'human:yes' },
            { label: t(lang, 'choiceTopics'), value: 'cmd:help' },
          ],
        },
      ];
    }
    return [{ text: t(lang, 'fallback'), choices: [...this.topicChoices(c, 4), this.humanChoice(lang)] }];
  }

  private async escalate(c: Turn, reason: 'asked' | 'offered', intent?: Intent): Promise<OutboundMessage[]> {
    const { session } = c;
    const lang = c.trace.language;
    c.trace.handoff = 'started';
    if (intent) c.trace.intent = intent.id;
    if (session.openTicket) {
      const existing = await this.d.tickets.getTicket(session.openTicket);
      if (existing && existing.status !== 'closed') return [{ text: t(lang, 'ticketAlreadyOpen') }];
    }
    const question =
      session.lastQuestion ?? (c.workerText && !parseCommand(c.workerText) ? c.workerText : '');
    const lastBot = [...session.transcript].reverse().find((e) => e.from === 'bot');
    const ticket = await this.d.tickets.open(session, {
      question,
      reason: session.lastOutcome === 'fallback' || session.lastOutcome === 'ambiguous' ? 'fallback' : reason,
      botAnswer: lastBot?.text,
      language: lang,
    });
    session.openTicket = ticket.id;
    session.pending = undefined;
    if (question) await this.recordUnanswered(c, question, 'escalated');
    this.log.info({ ref: session.ref, ticket: ticket.id }, 'ticket opened');
    const parts = [t(lang, 'ticketOpened')];
    const away = this.d.officeNotice?.(this.now(), lang);
    if (away) parts.push(away);
    const replies: OutboundMessage[] = [{ text: parts.join('\n\n') }];
    if (c.inbound.phone && session.sharePhone === undefined) {
      replies.push({
        text: t(lang, 'phoneQuestion'),
        choices: [
          { label: t(lang, 'choiceYes'), value: 'phone:yes' },
          { label: t(lang, 'choiceNo'), value: 'phone:no' },
        ],
      });
    }
    return replies;
  }

  private async recordUnanswered(
    c: Turn,
    text: string,
    reason: 'fallback' | 'ambiguous' | 'escalated',
    top?: RankedIntent,
  ) {
    await this.d.store.addUnanswered({
      text: anonymise(text).slice(0, 500),
      language: c.trace.language,
      reason,
      topIntent: top?.intent,
      score: top ? Number(top.score.toFixed(3)) : undefined,
      at: this.now().toISOString(),
    });
  }

  private humanChoice(lang: Language): ChoiceButton {
    return { label: t(lang, 'choiceHuman'), value: 'cmd:human' };
  }

  /** A label for an intent: its title, else a label some choice gives it, else its description. */
  private intentLabel(c: Turn, intent: Intent): string {
    const lang = c.trace.language;
    if (intent.title) return localized(intent.title, lang);
    for (const other of c.content.intents) {
      const ch = other.choices.find((x) => x.intent === intent.id);
      if (ch) return localized(ch.label, lang);
    }
    return intent.description;
  }

  private intentChoices(c: Turn, intent: Intent): ChoiceButton[] {
    const lang = c.trace.language;
    return intent.choices
      .filter((ch) => !ch.intent || c.content.intentById.has(ch.intent))
      .map((ch) => ({
        label: localized(ch.label, lang),
        value: ch.intent ? `intent:${ch.intent}` : `cmd:${ch.command}`,
      }));
  }

  private topicChoices(c: Turn, max = 6): ChoiceButton[] {
    const topics = TOPIC_INTENTS.map((id) => c.content.intentById.get(id)).filter((x): x is Intent => !!x);
    const choices = topics
      .slice(0, max)
      .map((i) => ({ label: this.intentLabel(c, i), value: `intent:${i.id}` }));
    return choices.length > 0 ? choices : [this.humanChoice(c.trace.language)];
  }

  /** The name of a country in the worker's language (for adapters and staff views). */
  countryName(iso: string, lang: Language): string {
    return countryName(this.d.nlu().content, iso, lang);
  }
}

interface Turn {
  inbound: InboundMessage;
  session: Session;
  content: Content;
  trace: Trace;
  erased: boolean;
  workerText: string | undefined;
}

function splitOnce(s: string, sep: string): [string, string?] {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + 1)];
}

function nameOf(lang: Language): string {
  return LANGUAGE_NAMES[lang];
}
