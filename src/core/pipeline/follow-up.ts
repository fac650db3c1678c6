/**
 * Step: finds the countries and instruments in the message, and resolves it against the
 * conversation so far: a country answering the bot's question about the worker's countries
 * completes the pending answer; a country alone after an answer that depends on countries ("what
 * about Germany?", "¿y con Italia?", "et en Belgique ?") gives that answer for the new country —
 * in the role the message or the countries' regions make clear, else the bot asks which role.
 * Yes/no and numbers answering the bot's own questions are resolved earlier, with the choices
 * (normalise step); short follow-ups the matcher cannot place are asked back in the decide step.
 */
import type { Intent, Slot } from '../../kb/schema.ts';
import { normalizeForCompare } from '../../kb/text.ts';
import type { Session } from '../../store/port.ts';
import { countryName } from '../render.ts';
import { t } from '../strings.ts';
import { step, type CountryMention, type Decision, type Entities, type TurnContext } from './context.ts';
import { findAspect } from './aspects.ts';
import { isMoveWord, saysMove } from './moves.ts';
import { claimAnswer, coverageAnswer, humanChoice } from './respond.ts';

/** Subjects where "how do I claim it?" means claiming a pension or benefit across borders. */
const CLAIM_TOPICS = new Set([
  'pension_portability_return',
  'agreement_between_countries',
  'totalisation_explained',
  'export_of_benefits',
  'contributions_on_return',
  'documents_to_claim',
  'certificate_of_coverage',
]);

/**
 * A coverage follow-up without "cover"/"include" either opens like one ("and…", "what about…",
 * "¿y…?", "et…", "अनि…", "و…") or is a bare phrase of at most this many words ("health care?");
 * "can i see a doctor" is a new question.
 */
const BARE_ASPECT = 3;
const OPENERS = [
  'and',
  'what about',
  'how about',
  'also',
  'y',
  'que tal',
  'et',
  'e',
  'dan',
  'kalau',
  'bagaimana dengan',
  'terus',
  'at',
  'eh',
  'pano naman',
  'paano naman',
  'अनि',
  'र',
].map(normalizeForCompare);

/** The message opens as a follow-up: one of the openers, or Arabic "wa-" glued to the first word. */
function opensFollowUp(text: string): boolean {
  const norm = normalizeForCompare(text);
  if (/^\u0648\p{L}/u.test(norm)) return true;
  return OPENERS.some((o) => norm === o || norm.startsWith(`${o} `));
}
/** Any follow-up on an aspect is at most this many words. */
const MAX_ASPECT = 8;

/**
 * A short question on an aspect of the subject already discussed, with no new country in it:
 * "does it cover unemployment?" / "and my wife?" after an agreement answer (yes, no or "it
 * depends" from the records), "how do I claim it?" after a pension answer (where and how).
 * Returns true when it settled the turn.
 */
function resolveAspect(ctx: TurnContext, entities: Entities): boolean {
  const { session, content } = ctx;
  const topic = session.topic ? content.intentById.get(session.topic) : undefined;
  if (!topic || topic.action || topic.scope === 'out' || entities.instruments.length > 0) return false;
  if (entities.countries.some((c) => c.iso2 !== session.origin && c.iso2 !== session.destination))
    return false;
  const words = wordCount(ctx.text);
  if (words > MAX_ASPECT) return false;
  const aspect = findAspect(withoutNames(ctx.text, entities));
  if (!aspect) return false;
  if (aspect.kind === 'claim') {
    if (!CLAIM_TOPICS.has(topic.id)) return false;
    const replies = claimAnswer(ctx);
    if (replies) {
      ctx.trace.confidence = 1;
      ctx.decision = { kind: 'reply', outcome: 'answered', replies };
      return true;
    }
    const documents = content.intentById.get('documents_to_claim');
    if (!documents) return false;
    ctx.trace.confidence = 1;
    ctx.decision = { kind: 'answer', intent: documents, entities };
    return true;
  }
  if (!usesCountries(topic) || !session.origin || !session.destination) return false;
  if (!aspect.cue && !(opensFollowUp(ctx.text) && words <= MAX_ASPECT - 2) && words > BARE_ASPECT)
    return false;
  const replies = coverageAnswer(ctx, topic, aspect.kind === 'family' ? 'family' : aspect.branch);
  if (!replies) return false;
  ctx.trace.confidence = 1;
  ctx.decision = { kind: 'reply', outcome: 'answered', replies };
  return true;
}

/** Drops mentions that are ordinary words in the message's language (content: countries' false_friends). */
function withoutFalseFriends(ctx: TurnContext, countries: CountryMention[]): CountryMention[] {
  return countries.filter((m) => {
    const words = ctx.content.kb.countryByIso.get(m.iso2)?.false_friends[ctx.trace.language] ?? [];
    return !words.some((w) => normalizeForCompare(w) === normalizeForCompare(m.text));
  });
}

export function findEntities(ctx: TurnContext, text: string): Entities {
  const { entities: finder, vocabulary } = ctx.nlu;
  const found = finder.extract(text);
  return {
    ...found,
    // A misspelling match on a word the content uses ("medico" is not México) is not a country.
    countries: withoutFalseFriends(ctx, found.countries).filter((m) => !(m.fuzzy && vocabulary.has(m.text))),
  };
}

/** Countries in a message update the worker's origin and destination. */
export function fillSlots(
  session: Session,
  countries: { iso2: string; role?: 'origin' | 'destination' }[],
  expected?: 'origin' | 'destination',
): void {
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
  // A country the worker already named keeps its role ("can I get my pension paid in India?" from an Indian).
  if (one.iso2 === session.origin || one.iso2 === session.destination) return;
  const slot = one.role ?? expected ?? (session.origin && !session.destination ? 'destination' : 'origin');
  session[slot] = one.iso2;
  if (session.origin === session.destination) {
    if (slot === 'origin') session.destination = undefined;
    else session.origin = undefined;
  }
}

/** Whether an intent's answer depends on the worker's countries. */
export function usesCountries(intent: Intent): boolean {
  return (
    intent.requires.length > 0 ||
    /\{\{\s*(origin|destination|agreements|agreementnames|organisations)\s*\}\}/.test(intent.answer.en)
  );
}

/**
 * Which of the worker's countries a newly named one replaces, when the message does not say
 * ("what about Germany?" after an answer about the Philippines and Spain): the empty slot if there
 * is one; else the one it shares a region with (Germany and Spain are both in the EU: the country
 * of work changed). Undefined when that does not settle it: the bot asks.
 */
export function roleOf(ctx: TurnContext, mention: CountryMention): Slot | undefined {
  const { session, content } = ctx;
  // "what if I move to Canada?": the worker would work there — also when the name doubles as a
  // demonym ("¿y si me traslado a Argentina?" is not "an Argentine woman"), unless "from" precedes it.
  if (saysMove(ctx.text) && !afterFrom(ctx.text, mention)) return 'destination';
  if (mention.role) return mention.role;
  if (!session.origin) return 'origin';
  if (!session.destination) return 'destination';
  const regions = (iso: string) => new Set(content.kb.countryByIso.get(iso)?.regions ?? []);
  const mine = regions(mention.iso2);
  const shares = (iso: string) => [...regions(iso)].some((r) => mine.has(r));
  const withOrigin = shares(session.origin);
  const withDestination = shares(session.destination);
  if (withDestination && !withOrigin) return 'destination';
  if (withOrigin && !withDestination) return 'origin';
  return undefined;
}

/** "from" (de, du, dari, mula sa…) just before the mention. */
function afterFrom(text: string, mention: CountryMention): boolean {
  const at = mention.start ?? text.indexOf(mention.text);
  const before = normalizeForCompare(text.slice(0, Math.max(0, at))).split(' ');
  const last = before[before.length - 1] ?? '';
  const article = ['the', 'el', 'la', 'le', 'l', 'o', 'a'].includes(last);
  const word = article ? (before[before.length - 2] ?? '') : last;
  return ['from', 'de', 'desde', 'du', 'des', 'do', 'da', 'dari', 'mula', 'galing', 'taga', 'من'].includes(
    word,
  );
}

/** Sets one slot to a country, keeping the two different. */
export function setSlot(session: Session, slot: Slot, iso2: string): void {
  session[slot] = iso2;
  const other = slot === 'origin' ? 'destination' : 'origin';
  if (session[other] === iso2) session[other] = undefined;
}

/** "Is Germany your home country or the country where you work?" with the two as buttons. */
export function askRole(ctx: TurnContext, iso2: string, intent?: string): Decision {
  const lang = ctx.trace.language;
  ctx.session.question = { kind: 'role', country: iso2, intent };
  const country = countryName(ctx.content, iso2, lang);
  return {
    kind: 'reply',
    outcome: 'asked',
    replies: [
      {
        text: t(lang, 'whichRole', { country }),
        choices: [
          { label: capitalise(t(lang, 'homeCountry')), value: `role:origin:${iso2}` },
          { label: capitalise(t(lang, 'workCountry')), value: `role:destination:${iso2}` },
        ],
      },
    ],
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Words that only turn a message into a follow-up ("what about…", "¿y con…?", "et en…"), in the bot's languages. */
const FOLLOW_UP_WORDS = new Set(
  [
    'what',
    'about',
    'how',
    'and',
    'in',
    'with',
    'for',
    'then',
    'same',
    'there',
    'the',
    'if',
    'i',
    'work',
    'y',
    'con',
    'en',
    'que',
    'pasa',
    'para',
    'el',
    'la',
    'si',
    'trabajo',
    'e',
    'o',
    'com',
    'no',
    'na',
    'em',
    'para',
    'et',
    'avec',
    'au',
    'aux',
    'quoi',
    'pour',
    'le',
    'dan',
    'bagaimana',
    'dengan',
    'di',
    'kalau',
    'untuk',
    'paano',
    'naman',
    'sa',
    'kung',
    'at',
    'ano',
    'ang',
    'र',
    'मा',
    'के',
    'नि',
    'ni',
    'ma',
    'ra',
    'ke',
    'و',
    'ماذا',
    'عن',
    'في',
    'مع',
    'وفي',
    'وماذا',
    // Fillers that open a follow-up in chat: "eh sa Germany?", "अनि जापानमा नि?", "so, and Italy?"
    'eh',
    'so',
    'ok',
    'now',
    'pano',
    'po',
    'ba',
    'y',
    'a',
    'ou',
    'dans',
    'gimana',
    'kalo',
    'अनि',
    'ani',
    'त',
    'chai',
    'وبالنسبة',
    'بالنسبة',
    'طيب',
    // Moving on to another country keeps the subject: "and if I move to Japan?", "¿y si me voy a
    // Suiza?", "et si je pars au Canada ?", "kalau saya pindah ke Korea?", "e kung lilipat ako sa…".
    'me',
    'je',
    'eu',
    'saya',
    'aku',
    'ako',
    'ko',
    'म',
    'انا',
    'move',
    'moved',
    'moving',
    'go',
    'going',
    'went',
    'mudo',
    'mudara',
    'mudarme',
    'voy',
    'fuera',
    'pars',
    'partais',
    'vais',
    'demenage',
    'mudar',
    'mudo',
    'vou',
    'for',
    'pindah',
    'pergi',
    'lilipat',
    'lumipat',
    'pumunta',
    'pupunta',
    'gaye',
    'gayo',
    'जान्छु',
    'गएँ',
    'सरेँ',
    'انتقلت',
    'رحت',
    'سافرت',
  ].map(normalizeForCompare),
);

/** The message's words that carry meaning beyond "and what about <country>?". */
export function contentWords(text: string): string {
  // "what if I move to Canada?": the words of a move are follow-up words too (moves.ts).
  const move = saysMove(text);
  return normalizeForCompare(text)
    .split(' ')
    .filter((w) => w && !FOLLOW_UP_WORDS.has(w) && !(move && isMoveWord(w)))
    .join(' ');
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Words in the message that are not country or instrument names. */
export function withoutNames(text: string, entities: Entities): string {
  return [...entities.countries, ...entities.instruments].reduce((s, m) => s.replace(m.text, ' '), text);
}

export const followUp = step('follow-up', async (ctx, next) => {
  const { session, content } = ctx;
  const entities = findEntities(ctx, ctx.text);
  ctx.entities = entities;
  ctx.trace.entities = entities;
  const lang = ctx.trace.language;
  // A question the bot asked last turn is answered by a button (commands step) or not at all.
  session.question = undefined;

  // A pending question about the worker's countries: a country in the reply fills it.
  if (session.pending && entities.countries.length > 0) {
    const intent = content.intentById.get(session.pending.intent);
    if (intent) {
      ctx.trace.intent = intent.id;
      ctx.trace.confidence = 1;
      fillSlots(session, entities.countries, session.pending.slot);
      session.pending = undefined;
      const missing = intent.requires.find((slot) => !session[slot]);
      if (missing) {
        // The general answer came with the question; now only the country still missing is asked.
        session.pending = { intent: intent.id, slot: missing };
        ctx.decision = {
          kind: 'reply',
          outcome: 'asked',
          replies: [
            {
              text: t(lang, missing === 'origin' ? 'askOrigin' : 'askDestination'),
              choices: [humanChoice(lang)],
            },
          ],
        };
      } else ctx.decision = { kind: 'answer', intent, entities };
      return next();
    }
  }

  if (resolveAspect(ctx, entities)) return next();

  // Only a country, after an answer that depends on countries: the same subject for that country.
  // ("what about Germany?"; a new subject named with it — "and health care in Germany?" — is not.)
  const topic = session.topic ? content.intentById.get(session.topic) : undefined;
  if (
    entities.countries.length > 0 &&
    entities.instruments.length === 0 &&
    topic &&
    usesCountries(topic) &&
    topic.scope !== 'out' &&
    wordCount(withoutNames(ctx.text, entities)) <= (saysMove(ctx.text) ? 8 : 6) &&
    wordCount(contentWords(withoutNames(ctx.text, entities))) <= 2
  ) {
    const ranked = ctx.nlu.matcher.rank(ctx.text, { language: lang });
    ctx.ranked = ranked;
    ctx.trace.ranked = ranked.slice(0, 3);
    const top = ranked[0];
    // An out-of-scope intent never takes a country-only follow-up ("eh sa Germany?" is not job search).
    const newSubject =
      !!top &&
      top.intent !== topic.id &&
      ctx.content.intentById.get(top.intent)?.scope !== 'out' &&
      top.score >= ctx.nlu.policy.threshold &&
      ctx.nlu.vocabulary.informative(contentWords(withoutNames(ctx.text, entities))).length > 0;
    if (!newSubject) {
      const unique = entities.countries.filter(
        (x, i) => entities.countries.findIndex((y) => y.iso2 === x.iso2) === i,
      );
      if (unique.length >= 2) fillSlots(session, unique);
      else {
        const mention = unique[0]!;
        if (mention.iso2 !== session.origin && mention.iso2 !== session.destination) {
          const role = roleOf(ctx, mention);
          if (!role) {
            ctx.decision = askRole(ctx, mention.iso2, topic.id);
            return next();
          }
          setSlot(session, role, mention.iso2);
        }
      }
      ctx.trace.confidence = 1;
      ctx.decision = { kind: 'answer', intent: topic, entities };
      return next();
    }
  }

  await next();
});
