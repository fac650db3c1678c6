/**
 * Step: a question that names two countries and asks about an agreement is about that pair.
 *
 * The matcher reads country names as words like any other, and a pair question can land on a
 * neighbour: "is there a social security agreement between Brazil and Portugal?" in Arabic
 * ("هل هناك اتفاق للضمان الاجتماعي بين البرازيل والبرتغال؟") looks like the regional-frameworks
 * examples; "sou português e trabalho em França, há acordo?" half like a question about language
 * (português is also the language); "soy luxemburgués y trabajo en Canadá, hay convenio?" half like
 * job search. None of those answers for the pair; the pair's answer does, and it already names every
 * regional rule that binds both countries (EU coordination, the Ibero-American convention, MERCOSUR,
 * CARICOM…).
 *
 * So when a message names two countries, the pair's agreement is first or close behind (among the
 * top three, at least {@link CLOSE_SHARE} of the first score; {@link OVERVIEW_SHARE} behind the
 * regional overview when the message says "agreement"), and either the first is the regional
 * overview, or the message says "agreement" and the first is one of the explainers that cannot
 * answer for a pair or a subject the bot does not cover, the pair's agreement is answered. A message
 * that names a regional framework ("GCC", "ASEAN", "الخليج"…) or an instrument keeps its ranking.
 */
import { normalizeForCompare } from '../../kb/text.ts';
import type { RankedIntent } from '../../nlu/types.ts';
import { step, type Entities } from './context.ts';

/** The overview the pair question is most often mistaken for, and the pair's own answer. */
const OVERVIEW = 'regional_frameworks';
const PAIR = 'agreement_between_countries';
/** The out-of-scope answer about taxes (it says who can answer about tax treaties). */
const TAXES = 'out_taxes';

/**
 * Explainers that give the same general text whatever the countries, and the question about
 * language (demonyms such as "português", "filipino", "indonesia" are also language names): with two
 * countries and the word "agreement", the pair's answer is the one that helps.
 */
const YIELDS_TO_PAIR = new Set([
  OVERVIEW,
  'totalisation_explained',
  'key_terms',
  'what_is_social_protection',
  'language_barriers',
]);

/** The pair's agreement must score at least this share of the first intent's to take its place… */
const CLOSE_SHARE = 0.5;
/**
 * …or this share, when the first is the regional overview and the message says "agreement": the
 * overview never answers for two named countries (Arabic pair questions score it far ahead).
 */
const OVERVIEW_SHARE = 0.25;

/**
 * "Agreement" in the bot's languages (accents dropped; Arabic and Devanagari anywhere in a word,
 * Latin at the start of one).
 */
const AGREEMENT_WORDS = [
  'agreement',
  'totalization',
  'totalisation',
  'treaty',
  'deal',
  'convenio',
  'acuerdo',
  'tratado',
  'acordo',
  'convencao',
  'convention',
  'accord',
  'perjanjian',
  'kesepakatan',
  'kasunduan',
  'samjhauta',
  'sambhauta',
  'ittifa',
  'etifa',
  'सम्झौता',
  'اتفاق',
].map(normalizeForCompare);

/**
 * Names of regional frameworks and regions, in the bot's languages: a message that names one asks
 * about the framework, not only about the pair. Latin-script words match at the start of a word
 * (short ones only as whole words); Arabic and Devanagari ones anywhere
 * (clitics and postpositions are written together with the noun).
 */
const REGIONAL_NAMES = [
  // Not "eu": in Portuguese it is "I".
  'ue',
  'eee',
  'european union',
  'union europeenne',
  'union europea',
  'uniao europeia',
  'uni eropa',
  'eea',
  'gcc',
  'gulf',
  'golfo',
  'golfe',
  'teluk',
  'asean',
  'mercosur',
  'mercosul',
  'caricom',
  'ecowas',
  'cedeao',
  'sadc',
  'cipres',
  'ibero',
  'iberoameric',
  'regional',
  'region',
  'rehiyon',
  'kawasan',
  'الاتحاد الاوروبي',
  'الخليج',
  'مجلس التعاون',
  'اسيان',
  'ميركوسور',
  'كاريكوم',
  'ايكواس',
  'سادك',
  'سيبريس',
  'الايبيري',
  'اقليمي',
  'क्षेत्रीय',
  'युरोपेली संघ',
  'खाडी',
  'आसियान',
].map(normalizeForCompare);

/**
 * Tax words: a "tax treaty" or "double taxation agreement" between two countries is not a social
 * security agreement, and the answer about one must not stand in for the other (whole words when
 * short: "tax" is not "taxi"; Nepali कर only as a word, not inside कर्मचारी).
 */
const TAX_WORDS = [
  'tax',
  'taxes',
  'taxation',
  'impuesto',
  'imposicion',
  'tributa',
  'bitributa',
  'impot',
  'imposition',
  'imposto',
  'pajak',
  'buwis',
  'ضريب',
].map(normalizeForCompare);
const NEPALI_TAX = /(^|\s)कर(\s|$|मा|को|ले|बाट|सम्झौता|मुक्ति)/u;

/** Social security named outright: "social security taxes" and "totalization" stay ours. */
const SOCIAL_SECURITY_WORDS = [
  'social security',
  'social insurance',
  'totaliz',
  'totalis',
  'seguridad social',
  'seguranca social',
  'previdencia',
  'previdenciario',
  'securite sociale',
  'jaminan sosial',
  'bpjs',
  'sss',
  'الضمان الاجتماعي',
  'التامينات',
  'सामाजिक सुरक्षा',
].map(normalizeForCompare);

/** Whether the message is about taxes (then two countries and "agreement" mean a tax treaty). */
export function aboutTaxes(text: string): boolean {
  return (mentions(text, TAX_WORDS) || NEPALI_TAX.test(text)) && !mentions(text, SOCIAL_SECURITY_WORDS);
}

const NON_LATIN = /\p{Script=Arabic}|\p{Script=Devanagari}/u;

function mentions(text: string, words: readonly string[]): boolean {
  const norm = ` ${normalizeForCompare(text)} `;
  return words.some((w) =>
    NON_LATIN.test(w) ? norm.includes(w) : norm.includes(w.length < 4 ? ` ${w} ` : ` ${w}`),
  );
}

/** Whether the message names a regional framework or region. */
export function namesRegion(text: string): boolean {
  return mentions(text, REGIONAL_NAMES);
}

/** Whether the message says "agreement" (or "convenio", "acordo", "اتفاق"…). */
export function saysAgreement(text: string): boolean {
  return mentions(text, AGREEMENT_WORDS);
}

/**
 * The ranking with the pair's agreement first (at the first score) when the message is a question
 * about two countries' agreement that the matcher placed elsewhere or could not tell from a
 * neighbour; the intent it displaced is left out. Else the ranking as it was.
 */
export function preferPair(
  ranked: RankedIntent[],
  entities: Entities,
  text: string,
  isOut: (intent: string) => boolean = () => false,
): RankedIntent[] {
  const [top] = ranked;
  if (!top || entities.instruments.length > 0) return ranked;
  const countries = new Set(entities.countries.filter((c) => !c.fuzzy).map((c) => c.iso2));
  if (countries.size < 2 || namesRegion(text)) return ranked;
  if (aboutTaxes(text)) {
    // "Is there a tax treaty (double taxation agreement) between A and B?": not ours to answer.
    const at = ranked.findIndex((r) => r.intent === TAXES);
    if (top.intent !== PAIR || at < 1 || at > 2) return ranked;
    return [{ intent: TAXES, score: top.score }, ...ranked.filter((_, i) => i !== at)];
  }
  const agreement = saysAgreement(text);
  const yields = (intent: string) =>
    intent === OVERVIEW || (agreement && (YIELDS_TO_PAIR.has(intent) || isOut(intent)));
  if (top.intent === PAIR) {
    // First already: a neighbour close behind would make the bot ask "which did you mean?".
    const [, second] = ranked;
    if (!second || !yields(second.intent) || second.score < top.score * CLOSE_SHARE) return ranked;
    return [top, ...ranked.slice(2)];
  }
  if (!yields(top.intent)) return ranked;
  const at = ranked.findIndex((r) => r.intent === PAIR);
  const share = top.intent === OVERVIEW && agreement ? OVERVIEW_SHARE : CLOSE_SHARE;
  if (at < 1 || at > 2 || ranked[at]!.score < top.score * share) return ranked;
  return [{ intent: PAIR, score: top.score }, ...ranked.filter((r, i) => i !== 0 && i !== at)];
}

export const pair = step('pair', async (ctx, next) => {
  if (!ctx.decision && ctx.ranked && ctx.entities) {
    const isOut = (id: string) => ctx.content.intentById.get(id)?.scope === 'out';
    let ranked = preferPair(ctx.ranked, ctx.entities, ctx.text, isOut);
    if (ranked !== ctx.ranked) {
      // The rule settled what the matcher split between two intents: the pair's agreement is
      // answered, not asked about, even when neither half of the split reached the threshold alone.
      const lang = ctx.trace.language;
      const threshold = ctx.nlu.policy.thresholds?.[lang] ?? ctx.nlu.policy.threshold;
      const [first, ...rest] = ranked;
      if (first && first.intent === PAIR && first.score < threshold)
        ranked = [{ ...first, score: threshold }, ...rest];
      ctx.ranked = ranked;
      ctx.trace.ranked = ranked.slice(0, 3);
    }
  }
  await next();
});
