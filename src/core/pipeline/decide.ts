/**
 * Step: decides what to do with the ranking — answer, ask which of two was meant, ask again for a
 * country, note countries and ask what the worker wants to know, or say honestly it is not sure
 * (and offer a person). Out-of-scope guards: no informative word the content knows, or mostly
 * unknown words, is never answered outright.
 */
import type { Intent } from '../../kb/schema.ts';
import { t } from '../strings.ts';
import { countryName } from '../render.ts';
import { step, type TurnContext } from './context.ts';
import { fillSlots } from './follow-up.ts';
import { humanChoice, topicChoices } from './respond.ts';

/** Scores from this share of the threshold up to it get "did you mean…?" instead of a fallback. */
const CONFIRM_SHARE = 0.6;
/** Below this share of known meaningful words, a message is not answered outright (see vocabulary.ts). */
const MIN_COVERAGE = 0.4;

export function decideTurn(ctx: TurnContext): void {
  const { session, content, text } = ctx;
  const { policy, vocabulary } = ctx.nlu;
  const entities = ctx.entities ?? { countries: [], instruments: [] };
  const ranked = ctx.ranked ?? [];
  const [top, second] = ranked;
  const lang = ctx.trace.language;

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
  fillSlots(session, entities.countries);
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
      ctx.trace.intent = pendingIntent;
      ctx.decision = {
        kind: 'reply',
        outcome: 'asked',
        replies: [{ text: t(lang, 'countryNotRecognised'), choices: [humanChoice(lang)] }],
      };
      return;
    }
  }

  // Only countries ("Filipina", "I am from Nepal"): remember them and ask what the worker wants to know.
  if (
    entities.countries.length > 0 &&
    entities.instruments.length === 0 &&
    vocabulary.informative(withoutNames).length === 0
  ) {
    const noted = [
      session.origin && `${t(lang, 'homeCountry')}: ${countryName(content, session.origin, lang)}`,
      session.destination && `${t(lang, 'workCountry')}: ${countryName(content, session.destination, lang)}`,
    ].filter(Boolean);
    ctx.decision = {
      kind: 'reply',
      outcome: 'asked',
      replies: [
        { text: t(lang, 'countriesNoted', { countries: noted.join('; ') }), choices: topicChoices(ctx) },
      ],
    };
    return;
  }
  ctx.trace.confidence = top?.score ?? 0;
  // Close to the threshold and about something the content knows: ask rather than guess or give up.
  if (top && inScope && !confident && top.score >= policy.threshold * CONFIRM_SHARE) {
    const options = ranked
      .filter((r) => r.score >= policy.threshold * CONFIRM_SHARE * 0.5)
      .slice(0, 2)
      .map((r) => content.intentById.get(r.intent))
      .filter((i): i is Intent => !!i);
    if (options.length > 0) {
      ctx.decision = { kind: 'ask-which', options, top, text };
      return;
    }
  }
  if (!top || !confident) {
    ctx.decision = { kind: 'fallback', text, reason: 'fallback' };
    return;
  }
  if (second && top.score - second.score < policy.margin && second.score >= policy.threshold / 2) {
    const a = content.intentById.get(top.intent);
    const b = content.intentById.get(second.intent);
    if (a && b && !a.action && !b.action) {
      ctx.decision = { kind: 'ask-which', options: [a, b], top, text };
      return;
    }
  }
  const intent = content.intentById.get(top.intent);
  if (!intent) {
    ctx.decision = { kind: 'fallback', text, reason: 'fallback' };
    return;
  }
  ctx.trace.intent = intent.id;
  ctx.trace.confidence = top.score;
  if (intent.action !== 'human') session.lastQuestion = text;
  if (entities.instruments[0]) session.instrument = entities.instruments[0].id;
  ctx.decision = { kind: 'answer', intent, entities };
}

export const decide = step('decide', async (ctx, next) => {
  if (!ctx.decision) decideTurn(ctx);
  await next();
});
