/**
 * Step: the language of the reply. A worker's explicit choice (/language) sticks; otherwise a
 * confident guess of the message's language switches it (one word only when the guess is very
 * sure). A language the content does not speak gets an honest note. Messages without words
 * (emoji, punctuation) get a prompt to type the question.
 */
import type { Content } from '../../kb/loader.ts';
import type { Language } from '../../kb/schema.ts';
import { normalizeForCompare } from '../../kb/text.ts';
import { hasNoWords } from '../normalize.ts';
import { t } from '../strings.ts';
import { step, type TurnContext } from './context.ts';
import { nameOf, topicChoices } from './respond.ts';

/** A one-word message ("hola", "gracias") switches language only when the guess is this sure. */
const SURE_OF_ONE_WORD = 0.75;

/** Country names written alike in two or more of the bot's languages, by content version. */
const sharedNames = new WeakMap<Content, Set<string>>();

/**
 * Country names and aliases that are no evidence of a language: "Chile", "Argentina", "Jamaica",
 * "Canada" are written the same in several of the bot's languages (aliases belong to none). Names only
 * one language writes that way ("Alemania", "Pilipinas", "Allemagne") stay evidence.
 */
function sharedCountryNames(content: Content): Set<string> {
  let set = sharedNames.get(content);
  if (!set) {
    set = new Set();
    const langsOf = new Map<string, Set<string>>();
    for (const c of content.kb.countries) {
      for (const [lang, list] of Object.entries(c.names))
        for (const n of list ?? []) {
          const key = normalizeForCompare(n);
          const langs = langsOf.get(key) ?? new Set<string>();
          langs.add(lang);
          langsOf.set(key, langs);
        }
      for (const a of c.aliases ?? []) set.add(normalizeForCompare(a));
    }
    for (const [key, langs] of langsOf) if (langs.size >= 2) set.add(key);
    sharedNames.set(content, set);
  }
  return set;
}

/**
 * The text the language is guessed on: without the country names that several languages share, so
 * that "Há acordo previdenciário entre Chile e Argentina?" is judged on its Portuguese words and
 * "social security agreement Jamaica Trinidad?" on its English ones.
 */
export function textForLanguage(ctx: TurnContext, text: string): string {
  const shared = sharedCountryNames(ctx.content);
  const mentions = ctx.nlu.entities
    .extract(text)
    .countries.filter((m) => !m.fuzzy && shared.has(normalizeForCompare(m.text)));
  let out = text;
  for (const m of mentions) out = out.replace(m.text, ' ');
  return out;
}

/** Short examples ("halo", "oi", "kumusta") written in one language only, by content version. */
const shortExamples = new WeakMap<Content, Map<string, Language | null>>();

/**
 * The language of a one- or two-word message that is, word for word, an example of the content in
 * exactly one language: greetings are too short for the guesser ("oi", "halo", "kumusta").
 */
export function exampleLanguage(content: Content, text: string): Language | undefined {
  let map = shortExamples.get(content);
  if (!map) {
    map = new Map();
    for (const intent of content.intents) {
      for (const [lang, list] of Object.entries(intent.examples) as [Language, string[] | undefined][]) {
        for (const ex of list ?? []) {
          const key = normalizeForCompare(ex);
          if (!key || key.split(' ').length > 2) continue;
          const prior = map.get(key);
          map.set(key, prior === undefined || prior === lang ? lang : null);
        }
      }
    }
    shortExamples.set(content, map);
  }
  return map.get(normalizeForCompare(text)) ?? undefined;
}

export function chooseLanguage(ctx: TurnContext, text: string): void {
  const { session, content } = ctx;
  if (session.languageLocked && session.language) {
    ctx.trace.language = session.language;
    return;
  }
  const judged = textForLanguage(ctx, text);
  const words = judged.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  const guess =
    words > 0 ? ctx.services.detectLanguage(judged) : { language: ctx.trace.language, confidence: 0 };
  const guessed = guess.language as Language;
  if (
    (guess.confidence >= 0.5 && (words >= 2 || guessed === 'ne' || guessed === 'ar')) ||
    guess.confidence >= SURE_OF_ONE_WORD
  ) {
    if (content.languages.includes(guessed)) ctx.trace.language = guessed;
    else if (!content.languages.includes(ctx.trace.language)) ctx.trace.language = 'en';
    if (!content.languages.includes(guessed) && (guessed === 'ne' || guessed === 'ar')) {
      ctx.notes.push({
        text: t(ctx.trace.language, 'languageNotAvailable', { language: nameOf(ctx.trace.language) }),
      });
    }
  } else if (words <= 2 && !session.language) {
    // Too short for the guesser; a first message that is one language's own example settles it.
    const known = exampleLanguage(content, text);
    if (known && content.languages.includes(known)) ctx.trace.language = known;
  }
  if (!content.languages.includes(ctx.trace.language)) ctx.trace.language = 'en';
}

export const language = step('language', async (ctx, next) => {
  chooseLanguage(ctx, ctx.text);
  if (hasNoWords(ctx.text)) {
    ctx.replies.push({ text: t(ctx.trace.language, 'empty'), choices: topicChoices(ctx) });
    ctx.trace.outcome = 'fallback';
    return;
  }
  await next();
});
