/**
 * Step: decides what to do with the ranking — answer, ask which of two was meant, ask again for a
 * country, note countries and ask what the worker wants to know, or say honestly it is not sure
 * (and offer a person). Out-of-scope guards: no informative word the content knows, or mostly
 * unknown words, is never answered outright.
 */
import type { Intent } from '../../kb/schema.ts';
import { normalizeForCompare } from '../../kb/text.ts';
import type { RankedIntent } from '../../nlu/types.ts';
import type { OutboundMessage } from '../messages.ts';
import { t } from '../strings.ts';
import { step, type Entities, type NluPolicy, type TurnContext } from './context.ts';
import { fillSlots, roleOf, setSlot, withoutNames } from './follow-up.ts';
import { isIntroduction } from './intro.ts';
import { countriesNoted, humanChoice, topicChoices } from './respond.ts';

/**
 * Countries in a message update the worker's; one new country when both are known takes the role
 * the message or the regions make clear, and changes nothing when that is unclear.
 */
function rememberCountries(ctx: TurnContext, entities: Entities): void {
  const { session } = ctx;
  const unique = entities.countries.filter(
    (x, i) => entities.countries.findIndex((y) => y.iso2 === x.iso2) === i,
  );
  const one = unique[0];
  if (unique.length === 1 && one && session.origin && session.destination) {
    if (one.iso2 === session.origin || one.iso2 === session.destination) return;
    const role = roleOf(ctx, one);
    if (role) setSlot(session, role, one.iso2);
    return;
  }
  fillSlots(session, unique);
}

/** A follow-up is short: a few words ("and my wife?", "how do I claim it?"). */
function isShort(text: string): boolean {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length <= 6;
}

/**
 * Words of a language, not a random string: the language guesser recognises them. A word is two
 * letters or more, vowel signs included (Devanagari "काम" is a letter, a sign and a letter).
 */
function looksLikeWords(ctx: TurnContext, text: string): boolean {
  const words = text.split(/\s+/).filter((w) => /\p{L}[\p{L}\p{M}]*\p{L}|\p{L}\p{M}+/u.test(w)).length;
  return words >= 2 && ctx.services.detectLanguage(text).confidence >= 0.5;
}

/** The bot's own "that is not something I can answer", with the offer of a person. */
function outOfScopeReply(ctx: TurnContext, text: string): OutboundMessage[] {
  const lang = ctx.trace.language;
  ctx.session.lastQuestion = text;
  ctx.session.lastOutcome = 'out-of-scope';
  ctx.trace.intent = null;
  ctx.trace.handoff = 'offered';
  return [
    {
      text: `${t(lang, 'outOfScope')}\n\n${t(lang, 'offerHuman')}`,
      choices: [humanChoice(lang), ...topicChoices(ctx, 3)],
    },
  ];
}

/** Scores from this share of the threshold up to it get "did you mean…?" instead of a fallback. */
const CONFIRM_SHARE = 0.6;
/**
 * A message mostly made of words the content does not know is only asked about ("did you mean…?")
 * when the matcher is at least this sure (its scores are calibrated: about this share is right).
 */
const SURE_ANYWAY = 0.6;
/** A matcher this sure of an in-scope intent, on words all known to the content, is in scope. */
const SURE_IN_SCOPE = 0.85;
/** Below this share of known meaningful words, a message is not answered outright (see vocabulary.ts). */
const MIN_COVERAGE = 0.4;
/**
 * A score less than this above the threshold, on a statement (no "?") with less than
 * {@link FAMILIAR_SHARE} of its meaningful words known, is asked about rather than answered. Chosen so
 * that no held-out test in any language changes (kb eval --dialogue).
 */
const BORDERLINE = 0.05;
const FAMILIAR_SHARE = 0.7;

/**
 * How likely the out-of-scope intents are together, as a share of the best in-scope intent, in the
 * matcher's underlying probabilities (scores s = p^γ, so p = s^(1/γ)). A question about a visa may
 * put "visas" first, "work permits" second and an in-scope topic third: each out-of-scope intent
 * alone may lose, their sum should not.
 */
export function outOfScopeShare(
  ranked: readonly RankedIntent[],
  isOut: (intent: string) => boolean,
  scorePower = 1,
): { share: number; best?: RankedIntent } {
  let out = 0;
  let bestIn = 0;
  let best: RankedIntent | undefined;
  for (const r of ranked) {
    const p = r.score ** (1 / scorePower);
    if (isOut(r.intent)) {
      out += p;
      best ??= r;
    } else bestIn = Math.max(bestIn, p);
  }
  return { share: bestIn > 0 ? out / bestIn : out > 0 ? Infinity : 0, best };
}

/**
 * Whether the top two intents are too close to call: their underlying probabilities' ratio
 * p2 / p1 at least `closeRatio` when the matcher says how its scores were powered, else the
 * score difference under `margin`.
 */
export function tooClose(
  top: RankedIntent,
  second: RankedIntent,
  policy: NluPolicy,
  scorePower: number | undefined,
): boolean {
  if (scorePower && policy.closeRatio !== undefined && top.score > 0)
    return (second.score / top.score) ** (1 / scorePower) >= policy.closeRatio;
  return top.score - second.score < policy.margin;
}

export function decideTurn(ctx: TurnContext): void {
  const { session, content, text } = ctx;
  const { vocabulary, matcher } = ctx.nlu;
  const lang = ctx.trace.language;
  // Scores are not equally sure in every language: the threshold is the language's own, if any.
  const policy = {
    ...ctx.nlu.policy,
    threshold: ctx.nlu.policy.thresholds?.[lang] ?? ctx.nlu.policy.threshold,
  };
  const entities = ctx.entities ?? { countries: [], instruments: [] };
  const ranked = ctx.ranked ?? [];
  const [top, second] = ranked;

  // Every word one the content uses widely ("do foreign workers have rights"), and the matcher sure
  // of an in-scope intent: squarely the bot's subject, though no single word points at one intent.
  const words = normalizeForCompare(text)
    .split(' ')
    .filter((w) => w.length >= 2);
  const familiar =
    !!top &&
    top.score >= SURE_IN_SCOPE &&
    content.intentById.get(top.intent)?.scope !== 'out' &&
    words.length > 0 &&
    words.every((w) => vocabulary.has(w));
  // Nothing the content knows (and no country or instrument): out of scope, whatever the scores say.
  const inScope =
    familiar ||
    vocabulary.informative(text).length > 0 ||
    entities.countries.length > 0 ||
    entities.instruments.length > 0;
  // Mostly unknown words: never answer outright, at most ask "did you mean…?".
  const rest = withoutNames(text, entities);
  const covered = familiar || vocabulary.coverage(rest) >= MIN_COVERAGE || entities.instruments.length > 0;
  // Countries are remembered whatever the message was about.
  rememberCountries(ctx, entities);
  // Only just over the threshold, not a question, and a third or more of its meaningful words ones the
  // content never uses ("my boss locks the shop at 9"): a statement about something else that shares a
  // word with a topic ("boss"). Asked about ("did you mean…?"), not answered outright.
  const borderline =
    !familiar &&
    !!top &&
    content.intentById.get(top.intent)?.scope !== 'out' &&
    top.score < policy.threshold + BORDERLINE &&
    vocabulary.coverage(rest) < FAMILIAR_SHARE &&
    entities.countries.length === 0 &&
    !text.includes('?');
  const confident = inScope && covered && !!top && top.score >= policy.threshold && !borderline;
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

  // Only countries, perhaps with a greeting ("Filipina", "hola, soy de Bolivia y trabajo en
  // Argentina"): remember them, say which were understood and offer the topics for them.
  if (
    (entities.countries.length > 0 &&
      entities.instruments.length === 0 &&
      vocabulary.informative(rest).length === 0) ||
    isIntroduction(text, entities, (w) => vocabulary.has(w))
  ) {
    ctx.decision = { kind: 'reply', outcome: 'asked', replies: countriesNoted(ctx, !session.topic) };
    return;
  }
  // Real words, none (or few) of them about anything the content knows, and the matcher not sure
  // either: not a question for this bot.
  const unfamiliar = !inScope || (!covered && (!top || top.score < Math.max(policy.threshold, SURE_ANYWAY)));
  // …unless it is a short follow-up on the current subject with a word the content knows
  // ("¿y cómo la pido?"): that is asked back below, not called out of scope.
  const followsUp = inScope && !!session.topic && isShort(text);
  if (unfamiliar && !followsUp && looksLikeWords(ctx, text)) {
    ctx.trace.confidence = top?.score ?? 0;
    ctx.decision = { kind: 'reply', outcome: 'out-of-scope', replies: outOfScopeReply(ctx, text) };
    return;
  }
  ctx.trace.confidence = top?.score ?? 0;
  // The out-of-scope intents together outweigh the best in-scope one: say so (with who can help
  // when one of them is near the top), rather than answer or offer topics it is not about. Only
  // for words of a language: a random string falls back ("I did not understand"), as before.
  const isOut = (id: string) => content.intentById.get(id)?.scope === 'out';
  if (top && policy.outShare && !followsUp && looksLikeWords(ctx, text)) {
    const { share, best } = outOfScopeShare(ranked, isOut, matcher.scorePower);
    if (share >= policy.outShare) {
      const outIntent = best && ranked.indexOf(best) <= 2 ? content.intentById.get(best.intent) : undefined;
      ctx.decision = outIntent
        ? { kind: 'answer', intent: outIntent, entities }
        : { kind: 'reply', outcome: 'out-of-scope', replies: outOfScopeReply(ctx, text) };
      return;
    }
  }
  // Close to the threshold and about something the content knows: ask rather than guess or give up.
  // The likeliest intent is one the bot does not answer (visas, taxes…), and nothing in scope is
  // confident: say so, with who can help, rather than offer topics it is not about. Only for words
  // of a language, like the rules above: "hjkl asdfg" is not understood, not out of scope.
  const topIntent = top ? content.intentById.get(top.intent) : undefined;
  if (
    top &&
    topIntent?.scope === 'out' &&
    !confident &&
    top.score >= policy.threshold * CONFIRM_SHARE &&
    looksLikeWords(ctx, text)
  ) {
    ctx.decision = { kind: 'answer', intent: topIntent, entities };
    return;
  }
  const topic = session.topic ? content.intentById.get(session.topic) : undefined;
  // A short follow-up the matcher cannot place ("and my wife?"): ask back with the current subject
  // among the options, rather than guess.
  if (top && inScope && !confident && topic && !topic.action && isShort(text)) {
    const options = [
      ...ranked
        .filter((r) => r.score >= policy.threshold * CONFIRM_SHARE * 0.5)
        .map((r) => content.intentById.get(r.intent))
        .filter((i): i is Intent => !!i && i.scope !== 'out' && i.id !== topic.id)
        .slice(0, 2),
      topic,
    ];
    ctx.decision = { kind: 'ask-which', options, top, text, prompt: 'followUpUnclear' };
    return;
  }
  // Close to the threshold and about something the content knows: ask rather than guess or give up.
  if (top && inScope && !confident && top.score >= policy.threshold * CONFIRM_SHARE) {
    const options = ranked
      .filter((r) => r.score >= policy.threshold * CONFIRM_SHARE * 0.5)
      .slice(0, 2)
      .map((r) => content.intentById.get(r.intent))
      .filter((i): i is Intent => !!i && i.scope !== 'out');
    if (options.length > 0) {
      ctx.decision = { kind: 'ask-which', options, top, text };
      return;
    }
  }
  if (!top || !confident) {
    ctx.decision = { kind: 'fallback', text, reason: 'fallback' };
    return;
  }
  if (second && tooClose(top, second, policy, matcher.scorePower) && second.score >= policy.threshold / 2) {
    const a = content.intentById.get(top.intent);
    const b = content.intentById.get(second.intent);
    if (a && b && !a.action && !b.action && a.scope !== 'out' && b.scope !== 'out') {
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
