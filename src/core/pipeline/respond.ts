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
import { localized, renderAnswer, renderCitations } from '../render.ts';
import { t } from '../strings.ts';
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

/** A label for an intent: its title, else a label some choice gives it, else its description. */
export function intentLabel(ctx: TurnContext, intent: Intent): string {
  const lang = ctx.trace.language;
  if (intent.title) return localized(intent.title, lang);
  for (const other of ctx.content.intents) {
    const ch = other.choices.find((x) => x.intent === intent.id);
    if (ch) return localized(ch.label, lang);
  }
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
  reason: 'fallback' | 'ambiguous' | 'escalated',
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

/** The answer to an intent for the worker's countries (or the escalation, for "talk to a person"). */
export async function answer(
  ctx: TurnContext,
  intent: Intent,
  entities: Entities,
): Promise<OutboundMessage[]> {
  const { session, content } = ctx;
  const lang = ctx.trace.language;
  if (intent.action === 'human') return escalate(ctx, 'asked', intent);
  ctx.trace.intent = intent.id;

  for (const slot of intent.requires) {
    if (!session[slot]) {
      session.pending = { intent: intent.id, slot };
      ctx.trace.outcome = 'asked';
      return [
        {
          text: t(lang, slot === 'origin' ? 'askOrigin' : 'askDestination'),
          choices: [humanChoice(lang)],
        },
      ];
    }
  }
  session.fallbacks = 0;
  session.lastOutcome = intent.id;
  ctx.trace.outcome = 'answered';
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
  const choices = intentChoices(ctx, intent);
  if (intent.offer_human && !choices.some((ch) => ch.value === 'cmd:human')) {
    choices.push(humanChoice(lang));
    ctx.trace.handoff = 'offered';
  } else if (choices.some((ch) => ch.value === 'cmd:human')) {
    ctx.trace.handoff = ctx.trace.handoff === 'none' ? 'offered' : ctx.trace.handoff;
  }
  return [{ text: parts.join('\n\n'), choices }];
}

/** "Did you mean one of these?" with the candidates, and "none of these" (which leads to a person). */
export async function askWhich(
  ctx: TurnContext,
  text: string,
  options: Intent[],
  top: RankedIntent,
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
      text: t(lang, 'ambiguous'),
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
