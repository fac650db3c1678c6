/**
 * Entity extraction: countries (names, demonyms and aliases in every language, case- and
 * accent-insensitive, multi-word, with bounded misspellings) and international instruments
 * ("C157", "convention 157", "R202", "ICRMW", "migrant workers convention").
 *
 * Countries come back in the order they are mentioned, each once (at its first mention), with a
 * `role` hint when a preposition says so ("from X" → origin, "to/in X" → destination) or when the
 * mention is a demonym ("I am Nepali" → origin). Deciding the slots is left to the caller.
 */
import type { Country, Instrument } from '../kb/schema.ts';
import { boundedEditDistance, normalizeText, tokenizeWithSpans, tokensOf } from './text.ts';
import type { SpannedToken } from './text.ts';

export { detectLanguage, DETECTABLE_LANGUAGES } from './language.ts';
import { isCommonWord } from './language.ts';
export type { LanguageGuess } from './language.ts';

/** The parts of a Country the extractor reads. */
export type CountryNames = Pick<Country, 'iso2' | 'names' | 'demonyms' | 'aliases'>;
/** The parts of an Instrument the extractor reads. */
export type InstrumentNames = Pick<Instrument, 'id' | 'code' | 'aliases' | 'type'>;

export type CountryRole = 'origin' | 'destination';

export interface CountryMention {
  iso2: string;
  /** The text as written. */
  text: string;
  start: number;
  end: number;
  /** How it was named. */
  kind: 'name' | 'demonym' | 'alias';
  /** A hint from the words around it; absent when the text does not say. */
  role?: CountryRole;
  /** True when matched through a misspelling. */
  fuzzy?: boolean;
}

export interface InstrumentMention {
  id: string;
  text: string;
  start: number;
  end: number;
}

export interface Entities {
  countries: CountryMention[];
  instruments: InstrumentMention[];
}

export interface EntityExtractor {
  extract(text: string): Entities;
}

interface Phrase {
  tokens: string[];
  target: string;
  kind: CountryMention['kind'];
  /** Also a demonym of the same country ("Filipina" names the country in Indonesian). */
  demonym: boolean;
  /** Short all-capital aliases ("RP", "USA") only match as written, so "us" is not the USA. */
  exactCase?: string;
}

// Words before a country that say which way the worker goes. Normalised (no accents).
const ORIGIN_BEFORE = new Set([
  'from',
  'de',
  'desde',
  'do',
  'da',
  'dos',
  'das',
  'du',
  'des',
  'dari',
  'taga',
  '\u0645\u0646', // من
]);
const ORIGIN_BEFORE_2 = new Set(['mula sa', 'galing sa', 'galing ng', 'asal dari']);
const DEST_BEFORE = new Set([
  'to',
  'in',
  'into',
  'at',
  'a',
  'en',
  'au',
  'aux',
  'para',
  'hacia',
  'no',
  'na',
  'nos',
  'nas',
  'em',
  'ke',
  'di',
  'sa',
  'nasa', // Tagalog "nasa Austria ako" (I am in Austria)
  '\u0641\u064a', // في
  '\u0627\u0644\u064a', // إلى (normalised)
]);
/** English words after which "a" is the article before a person: "I'm a Filipina", "as a Nepali". */
const ENGLISH_BEFORE_ARTICLE = new Set([
  'am',
  'm',
  'im',
  'as',
  'is',
  's',
  'was',
  'be',
  'being',
  'are',
  're',
  'were',
]);
// Articles that may sit between the preposition and the name ("to the UAE", "en los Estados Unidos").
const ARTICLES = new Set(['the', 'el', 'la', 'los', 'las', 'le', 'les', 'l', 'o', 'os', 'as']);

/** Arabic proclitics: wa-, fa-, bi-, li-, ka- and the article, in the normalised spelling. */
const ARABIC_CLITICS =
  /^(?:\u0648\u0627\u0644|\u0628\u0627\u0644|\u0641\u0627\u0644|\u0643\u0627\u0644|\u0644\u0644|\u0648|\u0641|\u0628|\u0644)/u;

/** Nepali postpositions written together with the noun: from, in, of, to, since. */
const NEPALI_POSTPOSITIONS = /(?<=[\u0900-\u097F])(?:बाट|मा|को|का|की|लाई|देखि|तिर)$/u;

const KIND_RANK: Record<CountryMention['kind'], number> = { name: 0, alias: 1, demonym: 2 };

/**
 * Edits allowed for a misspelt country word of this length. Shorter words are matched exactly:
 * on the bot's 6,700 example and test sentences, one edit on 5- and 6-letter words mostly found
 * ordinary words ("while", "child" → Chile, "check" → Czech, "later" → Qatar, "medico" → Mexico).
 */
function maxEdits(length: number): number {
  if (length < 7) return 0;
  return length < 11 ? 1 : 2;
}

/**
 * Short capitalised aliases that are also everyday words ("US" / "us", "RP", "RI") only match as
 * written; "USA" or "KSA" match in any case.
 */
function needsExactCase(s: string): boolean {
  const t = s.trim();
  return /^[A-Z]{2,3}$/.test(t) && (t.length <= 2 || isCommonWord(t.toLowerCase()));
}

export function createEntityExtractor(
  countries: readonly CountryNames[],
  instruments: readonly InstrumentNames[] = [],
): EntityExtractor {
  // Country phrases, indexed by first token; longest first so "Saudi Arabia" beats "Arabia".
  const byFirst = new Map<string, Phrase[]>();
  /** Phrases by first token, for misspelling search (exact-case aliases excluded). */
  const fuzzyFirst = new Map<string, Phrase[]>();
  const seen = new Map<string, Phrase>();
  const addPhrase = (text: string, target: string, kind: Phrase['kind']): void => {
    const tokens = tokensOf(normalizeText(text));
    if (tokens.length === 0) return;
    const exactCase = needsExactCase(text) ? text.trim() : undefined;
    const key = `${tokens.join(' ')}|${exactCase ?? ''}`;
    const prior = seen.get(key);
    if (prior !== undefined) {
      if (prior.target !== target) return; // the same words name two countries: first one wins
      if (kind === 'demonym') prior.demonym = true;
      if (KIND_RANK[kind] < KIND_RANK[prior.kind]) prior.kind = kind;
      return;
    }
    const phrase: Phrase = { tokens, target, kind, demonym: kind === 'demonym', exactCase };
    seen.set(key, phrase);
    const list = byFirst.get(tokens[0]!) ?? [];
    list.push(phrase);
    byFirst.set(tokens[0]!, list);
    if (phrase.exactCase === undefined) {
      const fl = fuzzyFirst.get(tokens[0]!) ?? [];
      fl.push(phrase);
      fuzzyFirst.set(tokens[0]!, fl);
    }
  };
  for (const c of countries) {
    for (const list of Object.values(c.names)) for (const n of list ?? []) addPhrase(n, c.iso2, 'name');
    for (const a of c.aliases ?? []) addPhrase(a, c.iso2, 'alias');
    for (const list of Object.values(c.demonyms ?? {}))
      for (const d of list ?? []) addPhrase(d, c.iso2, 'demonym');
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  for (const list of fuzzyFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  // Candidate first words for misspellings, by length.
  const vocabByLength = new Map<number, string[]>();
  for (const w of fuzzyFirst.keys()) {
    if (w.length < 5) continue;
    const l = vocabByLength.get(w.length) ?? [];
    l.push(w);
    vocabByLength.set(w.length, l);
  }
  const fuzzyCache = new Map<string, { word: string; d: number }[]>();
  /** Phrase first words within the edit bound of `tok` (the first letter must agree). */
  const nearWords = (tok: string): { word: string; d: number }[] => {
    const cached = fuzzyCache.get(tok);
    if (cached !== undefined) return cached;
    const out: { word: string; d: number }[] = [];
    const bound = maxEdits(tok.length);
    if (bound > 0 && !isCommonWord(tok) && !/\p{N}/u.test(tok)) {
      for (let len = tok.length - bound; len <= tok.length + bound; len++) {
        for (const w of vocabByLength.get(len) ?? []) {
          if (w[0] !== tok[0]) continue;
          const b = Math.min(bound, maxEdits(w.length));
          const d = boundedEditDistance(tok, w, b);
          if (d <= b && d > 0) out.push({ word: w, d });
        }
      }
      out.sort((a, b) => a.d - b.d);
    }
    if (fuzzyCache.size > 5000) fuzzyCache.clear();
    fuzzyCache.set(tok, out);
    return out;
  };

  // Instruments: codes ("C157") and aliases as token phrases.
  const instrumentPhrases = new Map<string, { tokens: string[]; id: string }[]>();
  const byCode = new Map<string, string>();
  const addInstrumentPhrase = (text: string, id: string): void => {
    const tokens = tokensOf(normalizeText(text));
    if (tokens.length === 0) return;
    const list = instrumentPhrases.get(tokens[0]!) ?? [];
    list.push({ tokens, id });
    instrumentPhrases.set(tokens[0]!, list);
  };
  for (const ins of instruments) {
    const code = ins.code.toLowerCase().replace(/[\s.\-–]/g, '');
    byCode.set(code, ins.id);
    addInstrumentPhrase(ins.code, ins.id);
    for (const a of ins.aliases ?? []) addInstrumentPhrase(a, ins.id);
  }
  for (const list of instrumentPhrases.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);

  function matchAt(
    toks: SpannedToken[],
    i: number,
    text: string,
  ): { phrase: Phrase; len: number; fuzzy: boolean } | undefined {
    for (const p of byFirst.get(toks[i]!.norm) ?? []) {
      if (i + p.tokens.length > toks.length) continue;
      let ok = true;
      for (let k = 1; k < p.tokens.length && ok; k++) ok = toks[i + k]!.norm === p.tokens[k];
      if (!ok) continue;
      if (p.exactCase !== undefined) {
        const written = text.slice(toks[i]!.start, toks[i + p.tokens.length - 1]!.end);
        if (written !== p.exactCase) continue;
      }
      return { phrase: p, len: p.tokens.length, fuzzy: false };
    }
    return undefined;
  }

  /**
   * A misspelt country name or alias at token i (demonyms are matched exactly only: their plurals
   * sit one letter from everyday words, "serviços" / "sérvios"). When two countries are equally
   * close ("almania": Albania or Alemania?), nothing is returned.
   */
  function fuzzyAt(
    toks: SpannedToken[],
    i: number,
  ): { phrase: Phrase; len: number; fuzzy: boolean } | undefined {
    let best: { phrase: Phrase; len: number; fuzzy: boolean; cost: number } | undefined;
    let tied = false;
    for (const { word, d } of nearWords(toks[i]!.norm)) {
      for (const p of fuzzyFirst.get(word) ?? []) {
        if (p.kind === 'demonym' || i + p.tokens.length > toks.length) continue;
        let cost = d;
        for (let k = 1; k < p.tokens.length && cost >= 0; k++) {
          const want = p.tokens[k]!;
          const got = toks[i + k]!.norm;
          const bound = Math.min(maxEdits(want.length), maxEdits(got.length));
          const dk = want === got ? 0 : bound === 0 ? 1 : boundedEditDistance(got, want, bound);
          if (dk > bound) cost = -1;
          else cost += dk;
        }
        if (cost < 0) continue;
        if (
          best === undefined ||
          p.tokens.length > best.len ||
          (p.tokens.length === best.len && cost < best.cost)
        ) {
          best = { phrase: p, len: p.tokens.length, fuzzy: true, cost };
          tied = false;
        } else if (p.tokens.length === best.len && cost === best.cost && p.target !== best.phrase.target) {
          tied = true;
        }
      }
    }
    return tied ? undefined : best;
  }

  /**
   * Arabic glues "and", "in/with", "to", "the" before the name (والسعودية, للإمارات, بالكويت);
   * Nepali glues postpositions after it (नेपालबाट "from Nepal", कतारमा "in Qatar").
   */
  function matchWithoutClitic(
    toks: SpannedToken[],
    i: number,
    text: string,
  ): { phrase: Phrase; len: number; fuzzy: boolean } | undefined {
    const bare = toks[i]!.norm.replace(ARABIC_CLITICS, '').replace(NEPALI_POSTPOSITIONS, '');
    if (bare === toks[i]!.norm || bare.length < 2) return undefined;
    const copy = toks.slice();
    copy[i] = { ...toks[i]!, norm: bare };
    const withArticle = `\u0627\u0644${bare}`;
    const m = matchAt(copy, i, text);
    if (m !== undefined) return m;
    copy[i] = { ...toks[i]!, norm: withArticle };
    return matchAt(copy, i, text);
  }

  function roleOf(toks: SpannedToken[], i: number, len: number, phrase: Phrase): CountryRole | undefined {
    // "a Filipina", "as a Nepali": a word that may be a demonym says where the worker is from.
    if (phrase.kind === 'demonym') return 'origin';
    // Nepali postpositions, attached or not: नेपालबाट / नेपाल बाट (from), कतारमा (in).
    const last = toks[i + len - 1]!.norm;
    const next = toks[i + len]?.norm;
    if (last.endsWith('बाट') || next === 'बाट') return 'origin';
    if (/[\u0900-\u097F]मा$/u.test(last) || next === 'मा') return 'destination';
    // Arabic proclitics: للإمارات, بالكويت (to, in).
    const first = toks[i]!.norm;
    if (
      /^[\u0600-\u06FF]/u.test(first) &&
      /^(?:\u0644|\u0628)/u.test(first) &&
      !phrase.tokens[0]!.startsWith(first.slice(0, 1))
    ) {
      return 'destination';
    }
    let j = i - 1;
    if (j >= 0 && ARTICLES.has(toks[j]!.norm)) j--;
    if (j >= 1 && ORIGIN_BEFORE_2.has(`${toks[j - 1]!.norm} ${toks[j]!.norm}`)) return 'origin';
    if (j >= 0) {
      const w = toks[j]!.norm;
      if (ORIGIN_BEFORE.has(w)) return 'origin';
      // English "a" is an article: "a Filipina" is a person, Spanish "a México" a destination;
      // after "e" (Portuguese "and") it is the article too: "e a Coreia?" is "and Korea?". A word that
      // is both a name and a demonym ("Suiza": Switzerland, or a Swiss woman) after "a" is a person
      // only after "am", "as", "is"… ("I'm a Filipina"); "si me voy a Suiza" goes to Switzerland.
      const before = toks[j - 1]?.norm;
      const person = before === undefined || ENGLISH_BEFORE_ARTICLE.has(before);
      const article = w === 'a' && ((phrase.demonym && person) || before === 'e');
      if (DEST_BEFORE.has(w) && !article) return 'destination';
    }
    return phrase.demonym ? 'origin' : undefined;
  }

  function extractCountries(text: string, toks: SpannedToken[]): CountryMention[] {
    const out: CountryMention[] = [];
    const found = new Set<string>();
    for (let i = 0; i < toks.length;) {
      const m = matchAt(toks, i, text) ?? matchWithoutClitic(toks, i, text) ?? fuzzyAt(toks, i);
      if (m === undefined) {
        i++;
        continue;
      }
      const start = toks[i]!.start;
      const end = toks[i + m.len - 1]!.end;
      if (!found.has(m.phrase.target)) {
        found.add(m.phrase.target);
        const mention: CountryMention = {
          iso2: m.phrase.target,
          text: text.slice(start, end),
          start,
          end,
          kind: m.phrase.kind,
        };
        const role = roleOf(toks, i, m.len, m.phrase);
        if (role !== undefined) mention.role = role;
        if (m.fuzzy) mention.fuzzy = true;
        out.push(mention);
      }
      i += m.len;
    }
    return out;
  }

  const CONVENTION =
    '(?:convention|convenio|convencion|convencao|conventions|konvensi|kombensiyon|kumbensyon|konbensyon)';
  const RECOMMENDATION =
    '(?:recommendation|recomendacion|recommandation|recomendacao|rekomendasi|rekomendasyon)';
  const NUMBER_WORD = '(?:n[o°º]?|num|nr|number|numero|nomor|blg)';
  const numbered = new RegExp(
    `\\b(?:(c|r)|(${CONVENTION})|(${RECOMMENDATION}))\\s*(?:${NUMBER_WORD}\\s*)?[.\\-#]?\\s*(\\d{2,3})\\b`,
    'giu',
  );

  function extractInstruments(text: string, toks: SpannedToken[]): InstrumentMention[] {
    const hits: InstrumentMention[] = [];
    // Numbered forms on the normalised text; offsets map back through the token spans.
    const norm = toks.map((t) => t.norm).join(' ');
    const starts: number[] = [];
    let pos = 0;
    for (const t of toks) {
      starts.push(pos);
      pos += t.norm.length + 1;
    }
    const tokenAt = (offset: number): number => {
      let k = 0;
      while (k + 1 < starts.length && starts[k + 1]! <= offset) k++;
      return k;
    };
    for (const m of norm.matchAll(numbered)) {
      const kind = m[1] !== undefined ? m[1].toLowerCase() : m[2] !== undefined ? 'c' : 'r';
      const id = byCode.get(`${kind}${Number(m[4])}`);
      if (id === undefined) continue;
      const a = tokenAt(m.index);
      const b = tokenAt(m.index + m[0].length - 1);
      hits.push({
        id,
        text: text.slice(toks[a]!.start, toks[b]!.end),
        start: toks[a]!.start,
        end: toks[b]!.end,
      });
    }
    // Aliases and non-numbered codes ("ICRMW", "migrant workers convention").
    for (let i = 0; i < toks.length; i++) {
      for (const p of instrumentPhrases.get(toks[i]!.norm) ?? []) {
        if (i + p.tokens.length > toks.length) continue;
        let ok = true;
        for (let k = 1; k < p.tokens.length && ok; k++) ok = toks[i + k]!.norm === p.tokens[k];
        if (!ok) continue;
        const start = toks[i]!.start;
        const end = toks[i + p.tokens.length - 1]!.end;
        hits.push({ id: p.id, text: text.slice(start, end), start, end });
        i += p.tokens.length - 1;
        break;
      }
    }
    hits.sort((x, y) => x.start - y.start || y.end - x.end);
    const out: InstrumentMention[] = [];
    let coveredTo = -1;
    const ids = new Set<string>();
    for (const h of hits) {
      if (h.start < coveredTo) continue; // inside a longer match already taken
      coveredTo = h.end;
      if (ids.has(h.id)) continue;
      ids.add(h.id);
      out.push(h);
    }
    return out;
  }

  return {
    extract(text: string): Entities {
      const toks = tokenizeWithSpans(text);
      return { countries: extractCountries(text, toks), instruments: extractInstruments(text, toks) };
    },
  };
}
