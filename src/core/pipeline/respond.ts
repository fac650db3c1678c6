/**
 * Replies several steps build: an answer from the content, "did you mean…?", the honest fallback,
 * and handing the worker to a person. Each returns the messages and records in the trace what
 * the turn came to.
 */
import type { Intent, Language } from '../../kb/schema.ts';
import { LANGUAGE_NAMES } from '../../kb/schema.ts';
import { anonymise } from '../../kb/text.ts';
import type { RankedIntent } from '../../nlu/types.ts';
import { parseCommand } from '../commands.ts';
import type { ChoiceButton, OutboundMessage } from '../messages.ts';
import { entryText, topicOf } from '../../kb/loader.ts';
import {
  countSources,
  countryName,
  localized,
  renderAnswer,
  renderCitations,
  renderDetail,
  renderSourceLine,
  type RenderContext,
} from '../render.ts';
import { institutionsFor, renderCoverage, rulesBetween } from '../render-agreements.ts';
import { t } from '../strings.ts';
import { at } from '../agreement-strings.ts';
import type { Branch } from '../../kb/schema.ts';
import type { KnowledgeEntry } from '../../kb/loader.ts';
import type { UnansweredReason } from '../../store/port.ts';
import type { Entities, TurnContext } from './context.ts';

/** Topics offered in menus, when the content has them. */
export const TOPIC_INTENTS = [
  'pension_portability_return',
  'agreement_between_countries',
  'health_care',
  'rights_overview',
  'undocumented_rights',
  'find_union',
];

export function nameOf(lang: Language): string {
  return LANGUAGE_NAMES[lang];
}

export function humanChoice(lang: Language): ChoiceButton {
  return { label: t(lang, 'choiceHuman'), value: 'cmd:human' };
}

/**
 * A label for an intent: its title, else a label some choice gives it, else the title of the topic
 * its answer is built from (an intent started in the editors' console), else its description.
 */
export function intentLabel(ctx: TurnContext, intent: Intent): string {
  const lang = ctx.trace.language;
  if (intent.title) return localized(intent.title, lang);
  for (const other of ctx.content.intents) {
    const ch = other.choices.find((x) => x.intent === intent.id);
    if (ch) return localized(ch.label, lang);
  }
  const topic = topicOf(ctx.content.kb, intent);
  if (topic) return localized(topic.title, lang);
  return intent.description;
}

export function intentChoices(ctx: TurnContext, intent: Intent): ChoiceButton[] {
  const lang = ctx.trace.language;
  return intent.choices
    .filter((ch) => !ch.intent || ctx.content.intentById.has(ch.intent))
    .map((ch) => ({
      label: localized(ch.label, lang),
      value: ch.intent ? `intent:${ch.intent}` : `cmd:${ch.command}`,
    }));
}

export function topicChoices(ctx: TurnContext, max = 6): ChoiceButton[] {
  const topics = TOPIC_INTENTS.map((id) => ctx.content.intentById.get(id)).filter((x): x is Intent => !!x);
  const choices = topics.slice(0, max).map((i) => ({ label: intentLabel(ctx, i), value: `intent:${i.id}` }));
  return choices.length > 0 ? choices : [humanChoice(ctx.trace.language)];
}

export async function recordUnanswered(
  ctx: TurnContext,
  text: string,
  reason: UnansweredReason,
  top?: RankedIntent,
): Promise<void> {
  await ctx.services.store.addUnanswered({
    text: anonymise(text).slice(0, 500),
    language: ctx.trace.language,
    reason,
    topIntent: top?.intent,
    score: top ? Number(top.score.toFixed(3)) : undefined,
    at: ctx.services.now().toISOString(),
    workerRef: ctx.ref,
  });
}

/** The main text of an answer fits a phone screen: at most this many characters. */
export const MAIN_TEXT_MAX = 600;

const SENTENCE_END = /[.!?。؟।](?=\s)/g;

/**
 * Splits text into what fits in `max` characters — whole lines first, then (when even the first
 * line is too long) whole sentences, then words — and the rest, which "More detail" shows.
 */
export function fitText(text: string, max = MAIN_TEXT_MAX): { main: string; rest: string } {
  if (text.length <= max) return { main: text, rest: '' };
  const lines = text.split('\n');
  let main = '';
  let i = 0;
  for (; i < lines.length; i++) {
    const candidate = main ? `${main}\n${lines[i]}` : lines[i]!;
    if (candidate.length > max) break;
    main = candidate;
  }
  if (i < lines.length && main.trim().length < max * 0.5) {
    const line = lines[i]!;
    const room = max - (main ? main.length + 1 : 0) - 2;
    const head = line.slice(0, room);
    let at = -1;
    for (const m of head.matchAll(SENTENCE_END)) at = m.index + 1;
    let cut: string;
    if (at > room * 0.3) cut = line.slice(0, at);
    else {
      const space = head.lastIndexOf(' ');
      at = space > room * 0.3 ? space : room;
      cut = `${line.slice(0, at).trimEnd()} …`;
    }
    main = main ? `${main}\n${cut}` : cut;
    lines[i] = line.slice(at).trimStart();
  }
  let kept = main.trim();
  let rest = lines.slice(i).join('\n').trim();
  if (rest) {
    // A lead-in line ("Two schemes for nationals abroad:") goes with what it introduces, never alone.
    const head = kept.split('\n');
    const moved: string[] = [];
    while (head.length > 1 && /[:：]\s*$/.test(head[head.length - 1]!)) moved.unshift(head.pop()!);
    if (moved.length > 0) {
      kept = head.join('\n').trim();
      rest = `${moved.join('\n')}\n${rest}`;
    }
  }
  return { main: kept, rest };
}

/** Room for the answer itself once the question back and the disclaimer are in the main text. */
function mainBudget(...extra: string[]): number {
  return MAIN_TEXT_MAX - extra.filter(Boolean).reduce((n, x) => n + x.length + 2, 0);
}

/** What the renderer needs from the session and the message. */
export function renderContextOf(ctx: TurnContext, entities: Entities, general = false): RenderContext {
  const { session } = ctx;
  return {
    language: ctx.trace.language,
    origin: session.origin,
    destination: session.destination,
    instrument: entities.instruments[0]?.id ?? session.instrument,
    instrumentCountry:
      entities.countries[0]?.iso2 ?? (entities.instruments.length > 0 ? undefined : session.destination),
    general,
  };
}

/** An out-of-scope intent: its short answer (who can help, from the content) and the offer of a person. */
function outOfScope(ctx: TurnContext, intent: Intent, entities: Entities): OutboundMessage[] {
  const lang = ctx.trace.language;
  const rendered = renderAnswer(ctx.content, intent, renderContextOf(ctx, entities));
  ctx.trace.outcome = 'out-of-scope';
  ctx.trace.handoff = 'offered';
  ctx.session.lastOutcome = 'out-of-scope';
  const parts = [rendered.text, t(lang, 'offerHuman')];
  ctx.trace.mainChars = parts.join('\n\n').length;
  const line = renderSourceLine(rendered.cited, lang);
  if (line) parts.push(line);
  return [{ text: parts.join('\n\n'), choices: [humanChoice(lang), ...topicChoices(ctx, 3)] }];
}

/**
 * The answer to an intent, sized for a phone: the main text (at most {@link MAIN_TEXT_MAX}
 * characters, the disclaimer included where the intent asks for it), one compact source line, and the choices
 * "More detail" (the intent's `detail`, or what did not fit) and "All sources". When the answer
 * depends on countries the bot does not know yet, it gives the general answer now and asks for them
 * in the same reply (answer first, then ask); "talk to a person" opens a ticket.
 */
export async function answer(
  ctx: TurnContext,
  intent: Intent,
  entities: Entities,
): Promise<OutboundMessage[]> {
  const { session, content } = ctx;
  const lang = ctx.trace.language;
  if (intent.action === 'human') return escalate(ctx, 'asked', intent);
  ctx.trace.intent = intent.id;
  if (intent.scope === 'out') return outOfScope(ctx, intent, entities);

  const missing = intent.requires.filter((slot) => !session[slot]);
  const general = missing.length > 0;
  if (general) session.pending = { intent: intent.id, slot: missing[0]! };
  const rendered = renderAnswer(content, intent, renderContextOf(ctx, entities, general));
  const ask = general ? t(lang, missing.includes('origin') ? 'askOriginAfter' : 'askDestinationAfter') : '';
  const note = intent.disclaimer ? t(lang, 'disclaimer') : '';
  const { main, rest } = fitText(rendered.text, mainBudget(ask, note));
  const mainText = [main, ask, note].filter(Boolean).join('\n\n');
  const detail = renderDetail(content, intent, renderContextOf(ctx, entities, general));
  const allCited = [...rendered.cited, ...(detail?.cited ?? [])];

  session.fallbacks = 0;
  session.lastOutcome = intent.id;
  session.topic = intent.id;
  const agreements = rendered.cited.filter((e) => e.kind === 'agreement').map((e) => e.id);
  if (agreements.length > 0) session.agreements = agreements;
  ctx.trace.outcome = 'answered';
  ctx.trace.mainChars = mainText.length;

  const parts = [mainText];
  const line = renderSourceLine(rendered.cited.length > 0 ? rendered.cited : allCited, lang);
  if (line) parts.push(line);
  const choices: ChoiceButton[] = [];
  if (rest || detail) choices.push({ label: t(lang, 'choiceMoreDetail'), value: `more:${intent.id}` });
  if (countSources(allCited) > 0)
    choices.push({ label: t(lang, 'choiceAllSources'), value: `sources:${intent.id}` });
  choices.push(...intentChoices(ctx, intent));
  if (intent.offer_human && !choices.some((ch) => ch.value === 'cmd:human')) {
    choices.push(humanChoice(lang));
    ctx.trace.handoff = 'offered';
  } else if (choices.some((ch) => ch.value === 'cmd:human')) {
    ctx.trace.handoff = ctx.trace.handoff === 'none' ? 'offered' : ctx.trace.handoff;
  }
  return [{ text: parts.join('\n\n'), choices }];
}

/** "More detail" on an answer: what did not fit the main text, then the intent's `detail`. */
export function moreDetail(ctx: TurnContext, intent: Intent): OutboundMessage[] {
  const lang = ctx.trace.language;
  const none: Entities = { countries: [], instruments: [] };
  const general = intent.requires.some((slot) => !ctx.session[slot]);
  const rendered = renderAnswer(ctx.content, intent, renderContextOf(ctx, none, general));
  const missing = intent.requires.filter((slot) => !ctx.session[slot]);
  const ask = general ? t(lang, missing.includes('origin') ? 'askOriginAfter' : 'askDestinationAfter') : '';
  const { rest } = fitText(rendered.text, mainBudget(ask, intent.disclaimer ? t(lang, 'disclaimer') : ''));
  const detail = renderDetail(ctx.content, intent, renderContextOf(ctx, none, general));
  ctx.trace.intent = intent.id;
  ctx.trace.outcome = 'answered';
  const text = [rest, detail?.text].filter(Boolean).join('\n\n');
  if (!text) return [{ text: t(lang, 'noMoreDetail'), choices: [humanChoice(lang)] }];
  const cited = rest ? [...rendered.cited, ...(detail?.cited ?? [])] : (detail?.cited ?? []);
  const line = renderSourceLine(cited.length > 0 ? cited : rendered.cited, lang);
  const choices: ChoiceButton[] = [];
  if (countSources([...rendered.cited, ...(detail?.cited ?? [])]) > 0)
    choices.push({ label: t(lang, 'choiceAllSources'), value: `sources:${intent.id}` });
  choices.push(humanChoice(lang));
  return [{ text: [text, line].filter(Boolean).join('\n\n'), choices }];
}

/** "All sources" of an answer: every source it rests on, with its link and reviewed date. */
export function allSources(ctx: TurnContext, intent: Intent): OutboundMessage[] {
  const lang = ctx.trace.language;
  const none: Entities = { countries: [], instruments: [] };
  const general = intent.requires.some((slot) => !ctx.session[slot]);
  const rendered = renderAnswer(ctx.content, intent, renderContextOf(ctx, none, general));
  const detail = renderDetail(ctx.content, intent, renderContextOf(ctx, none, general));
  ctx.trace.intent = intent.id;
  ctx.trace.outcome = 'answered';
  const text = renderCitations([...rendered.cited, ...(detail?.cited ?? [])], lang, Infinity);
  return [{ text: text || t(lang, 'noMoreDetail'), choices: [humanChoice(lang)] }];
}

/** "Did you mean one of these?" with the candidates, and "none of these" (which leads to a person). */
export async function askWhich(
  ctx: TurnContext,
  text: string,
  options: Intent[],
  top: RankedIntent,
  prompt: 'ambiguous' | 'followUpUnclear' = 'ambiguous',
): Promise<OutboundMessage[]> {
  const lang = ctx.trace.language;
  ctx.session.lastQuestion = text;
  ctx.session.lastOutcome = 'ambiguous';
  ctx.trace.confidence = top.score;
  ctx.trace.handoff = 'offered';
  ctx.trace.outcome = 'asked';
  await recordUnanswered(ctx, text, 'ambiguous', top);
  return [
    {
      text: t(lang, prompt),
      choices: [
        ...options.map((o) => ({
          label: o.action === 'human' ? t(lang, 'choiceHuman') : intentLabel(ctx, o),
          value: o.action === 'human' ? 'cmd:human' : `intent:${o.id}`,
        })),
        { label: t(lang, 'choiceNoneOfThese'), value: 'none' },
      ],
    },
  ];
}

/** "I am not sure I understood", with topics and a person; the second time, a person first. */
export async function fallback(
  ctx: TurnContext,
  text: string,
  reason: 'fallback' | 'ambiguous',
): Promise<OutboundMessage[]> {
  const { session } = ctx;
  const lang = ctx.trace.language;
  session.fallbacks += 1;
  session.lastQuestion = text || session.lastQuestion;
  session.lastOutcome = 'fallback';
  ctx.trace.intent = null;
  ctx.trace.handoff = 'offered';
  ctx.trace.outcome = 'fallback';
  if (text) await recordUnanswered(ctx, text, reason, ctx.trace.ranked[0]);
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
  return [{ text: t(lang, 'fallback'), choices: [...topicChoices(ctx, 4), humanChoice(lang)] }];
}

/** Opens a ticket for union staff (or says one is already open). */
export async function escalate(
  ctx: TurnContext,
  reason: 'asked' | 'offered',
  intent?: Intent,
): Promise<OutboundMessage[]> {
  const { session, services } = ctx;
  const lang = ctx.trace.language;
  ctx.trace.handoff = 'started';
  ctx.trace.outcome = 'handoff';
  if (intent) ctx.trace.intent = intent.id;
  if (session.openTicket) {
    const existing = await services.tickets.getTicket(session.openTicket);
    if (existing && existing.status !== 'closed') return [{ text: t(lang, 'ticketAlreadyOpen') }];
  }
  const question =
    session.lastQuestion ?? (ctx.workerText && !parseCommand(ctx.workerText) ? ctx.workerText : '');
  const lastBot = [...session.transcript].reverse().find((e) => e.from === 'bot');
  const ticket = await services.tickets.open(session, {
    question,
    reason: session.lastOutcome === 'fallback' || session.lastOutcome === 'ambiguous' ? 'fallback' : reason,
    botAnswer: lastBot?.text,
    language: lang,
  });
  session.openTicket = ticket.id;
  session.pending = undefined;
  if (question) await recordUnanswered(ctx, question, 'escalated');
  services.log.info({ ref: session.ref, ticket: ticket.id }, 'ticket opened');
  const parts = [t(lang, 'ticketOpened')];
  const away = services.officeNotice?.(services.now(), lang);
  if (away) parts.push(away);
  const replies: OutboundMessage[] = [{ text: parts.join('\n\n') }];
  if (ctx.inbound.phone && session.sharePhone === undefined) {
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

/** The topics that depend on the worker's two countries, first, then a person. */
const PAIR_TOPICS = ['agreement_between_countries', 'pension_portability_return', 'health_care'];

/**
 * "Noted: home country: Nepal. What would you like to know?" with topics; with both countries,
 * "Noted: Bolivia → Argentina (home country → country of work)…" with the topics for the pair and a
 * person. `welcome`: the worker introduced themselves (a greeting, "I am from…"): a welcome first.
 */
export function countriesNoted(ctx: TurnContext, welcome = false): OutboundMessage[] {
  const { session, content } = ctx;
  const lang = ctx.trace.language;
  const name = (iso: string) => countryName(content, iso, lang);
  // Arabic reads right to left: the arrow points from the first-read country to the second.
  const arrow = lang === 'ar' ? '←' : '→';
  const noted =
    session.origin && session.destination
      ? `${name(session.origin)} ${arrow} ${name(session.destination)} (${t(lang, 'homeCountry')} ${arrow} ${t(lang, 'workCountry')})`
      : [
          session.origin && `${t(lang, 'homeCountry')}: ${name(session.origin)}`,
          session.destination && `${t(lang, 'workCountry')}: ${name(session.destination)}`,
        ]
          .filter(Boolean)
          .join('; ');
  ctx.trace.outcome = 'asked';
  const text = t(lang, 'countriesNoted', { countries: noted });
  const choices =
    session.origin && session.destination
      ? [
          ...PAIR_TOPICS.map((id) => content.intentById.get(id))
            .filter((i): i is Intent => !!i)
            .map((i) => ({ label: intentLabel(ctx, i), value: `intent:${i.id}` })),
          humanChoice(lang),
        ]
      : topicChoices(ctx);
  return [{ text: welcome ? `${t(lang, 'introWelcome')} ${text}` : text, choices }];
}

/**
 * An answer built here rather than from an intent's template (a follow-up on the subject already
 * discussed): the main text sized for a phone, one source line, "All sources" of the intent it
 * belongs to, the intent's own choices and a person.
 */
function followUpAnswer(
  ctx: TurnContext,
  intent: Intent,
  text: string,
  cited: KnowledgeEntry[],
  extra: ChoiceButton[] = [],
): OutboundMessage[] {
  const lang = ctx.trace.language;
  const { main } = fitText(text);
  ctx.trace.intent = intent.id;
  ctx.trace.outcome = 'answered';
  ctx.trace.mainChars = main.length;
  ctx.session.fallbacks = 0;
  ctx.session.lastOutcome = intent.id;
  const parts = [main];
  const line = renderSourceLine(cited, lang);
  if (line) parts.push(line);
  const choices: ChoiceButton[] = [...extra];
  if (countSources(cited) > 0)
    choices.push({ label: t(lang, 'choiceAllSources'), value: `sources:${intent.id}` });
  for (const ch of intentChoices(ctx, intent))
    if (!choices.some((c) => c.value === ch.value)) choices.push(ch);
  if (!choices.some((ch) => ch.value === 'cmd:human')) choices.push(humanChoice(lang));
  ctx.trace.handoff = ctx.trace.handoff === 'none' ? 'offered' : ctx.trace.handoff;
  return [{ text: parts.join('\n\n'), choices }];
}

/**
 * "Does it cover unemployment?", "and my wife?" after an agreement answer: yes, no or "it depends"
 * from the records of the worker's two countries (render-agreements.ts, renderCoverage), with their
 * sources. Undefined when the two countries are not both known.
 */
export function coverageAnswer(
  ctx: TurnContext,
  topic: Intent,
  asked: Branch | 'family',
): OutboundMessage[] | undefined {
  const cited: KnowledgeEntry[] = [];
  const cite = (e: KnowledgeEntry) => {
    if (!cited.some((x) => x.id === e.id)) cited.push(e);
  };
  const text = renderCoverage(
    ctx.content,
    { language: ctx.trace.language, origin: ctx.session.origin, destination: ctx.session.destination },
    asked,
    cite,
  );
  if (!text) return undefined;
  const intent = ctx.content.intentById.get('agreement_between_countries') ?? topic;
  return followUpAnswer(ctx, intent, text, cited);
}

/**
 * "How do I claim it?" on a pension or agreement subject with both countries known: where to claim
 * on each side (the institutions the content names), then how a claim across borders goes (the
 * EU's own rule between two states it coordinates, else the general tips), with the documents as
 * the next choice. Undefined when the content lacks the texts or the two countries are not known.
 */
export function claimAnswer(ctx: TurnContext): OutboundMessage[] | undefined {
  const { content, session } = ctx;
  const lang = ctx.trace.language;
  const a = session.origin;
  const b = session.destination;
  const documents = content.intentById.get('documents_to_claim');
  if (!a || !b || !documents) return undefined;
  const eu = rulesBetween(content, a, b).some((m) => m.rule.id === 'rule-eu-coordination');
  const how = content.kb.byId.get(eu ? 'claim-pension-eu' : 'b-claim-tips');
  if (!how) return undefined;
  const where = at(lang, 'claim', { inst: institutionsFor(content, a, b, lang) });
  const text = `${where}\n\n${localized(entryText(how, 'text'), lang)}`;
  return followUpAnswer(
    ctx,
    documents,
    text,
    [how],
    [{ label: intentLabel(ctx, documents), value: `intent:${documents.id}` }],
  );
}
