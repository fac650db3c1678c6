/**
 * Masks what could identify a worker in text shown to editors: e-mail addresses, phone numbers and
 * long digit runs (as the store already does when it records a question, src/kb/text.ts), names a
 * worker gives, names known from a ticket (the shared display name, staff names), the name after a
 * greeting ("Hi Maria,") or before a sign-off ("thanks, Rosa"), and @handles. Deterministic; idempotent.
 *
 * Names a worker gives, in the bot's eight languages (en, es, fr, pt, ar, id, ne, tl):
 *
 * - after an introduction that is always followed by a name ("my name is", "me llamo", "je m'appelle",
 *   "ako si", "nama saya", "اسمي", "मेरो नाम"…): the name is masked whatever its case ("ako si maria")
 *   and in scripts without case — one or two words, never a frequent function word ("my name is not on
 *   the contract" keeps "not");
 * - after a weaker one that may as well introduce a nationality or a state ("I am", "soy", "je suis",
 *   "saya", "c'est"): only a capitalised word is masked ("je suis Fatima", not "je suis malade"), and
 *   never a country name or demonym the content knows ("I am Filipino") when `ordinary` is given;
 * - a capitalised name opening the message before "here" ("Rosa here, my boss…", "Fatima ici",
 *   "Liza po ito").
 *
 * Over-masking is the safe side: a capitalised word after "saya" is taken for a name.
 */
import type { Content } from '../../kb/loader.ts';
import { anonymise, normalizeForCompare } from '../../kb/text.ts';
import { isCommonWord } from '../../nlu/language.ts';

export const NAME_MASK = '[name]';

const CAP = "\\p{Lu}[\\p{L}\\p{M}'’-]*";
const WORD = "[\\p{L}\\p{M}'’-]+";
const NAME = `(${CAP}(?:\\s+${CAP}){0,2})`;
/** Not inside a word (\b knows only ASCII letters). */
const START = '(?<![\\p{L}\\p{M}\\p{N}])';
const END = '(?![\\p{L}\\p{M}\\p{N}])';

/** Always followed by a name: masked whatever its case, and in scripts without case. */
const NAMING = [
  // en
  'my name is',
  "my name's",
  'i am called',
  "i'm called",
  // es
  'me llamo',
  'mi nombre es',
  // fr
  "je m'appelle",
  'je m’appelle',
  "j'm'appelle",
  'mon nom est',
  'mon nom c’est',
  "mon nom c'est",
  // pt
  'meu nome é',
  'o meu nome é',
  'me chamo',
  'chamo-me',
  // id
  'nama saya',
  'nama aku',
  'namaku',
  'nama gue',
  // tl
  'ako si',
  'ako po si',
  'ako ay si',
  'ako po ay si',
  'ang pangalan ko ay',
  'pangalan ko ay',
  'pangalan ko po ay',
  'ang pangalan ko',
  'ito si',
  'ito po si',
  // ar (and Arabizi)
  'اسمي',
  'إسمي',
  'انا اسمي',
  'أنا اسمي',
  'esmi',
  'ismi',
  'ana esmi',
  // ne (and romanised)
  'मेरो नाम',
  'mero naam',
  'mero nam',
];

/** May introduce a name, a nationality or a state: only a capitalised word is masked. */
const INTRODUCTIONS = [
  'i am',
  "i'm",
  'i’m',
  'this is',
  "it's",
  'it’s',
  'soy',
  'yo soy',
  'je suis',
  "c'est",
  'c’est',
  'ici',
  'eu sou',
  'aqui é',
  'aqui é a',
  'aqui é o',
  'aquí',
  'saya',
  'aku',
  'ako ay',
];

/**
 * Said after a name that opens a message: "Rosa here", "Fatima ici", "Liza po ito". ("aquí", "dito",
 * "di sini" are left out: "Trabajo aquí", "Kerja di sini" open ordinary questions.)
 */
const HERE = ['here', 'ici', 'po ito', 'po dito'];

const GREETINGS = [
  'hi',
  'hello',
  'dear',
  'hey',
  'good morning',
  'good afternoon',
  'good evening',
  'hola',
  'buenos días',
  'buenas tardes',
  'buenas',
  'estimada',
  'estimado',
  'querida',
  'querido',
  'bonjour',
  'bonsoir',
  'salut',
  'chère',
  'cher',
  'olá',
  'ola',
  'oi',
  'bom dia',
  'boa tarde',
  'prezada',
  'prezado',
  'halo',
  'hai',
  'selamat pagi',
  'selamat siang',
  'kak',
  'mbak',
  'mas',
  'pak',
  'bu',
  'kumusta',
  'magandang umaga',
  'ate',
  'kuya',
  'namaste',
  'marhaba',
  'salam',
];

const THANKS = [
  'thanks',
  'thank you',
  'regards',
  'gracias',
  'saludos',
  'merci',
  'cordialement',
  'obrigado',
  'obrigada',
  'terima kasih',
  'makasih',
  'salamat',
  'salamat po',
  'shukran',
  'dhanyabad',
  'dhanyawad',
];

/** Words after "I am" / "soy" / "saya" / "my name is" that are not names ("I am not…", "Saya mau…"). */
const NOT_NAMES = new Set([
  'a',
  'an',
  'the',
  'not',
  'no',
  'from',
  'in',
  'on',
  'at',
  'working',
  'worker',
  'migrant',
  'wrong',
  'different',
  'missing',
  'misspelled',
  'spelled',
  'written',
  'question',
  'help',
  'me',
  'someone',
  'somebody',
  'nobody',
  'everyone',
  'everybody',
  'anyone',
  'anybody',
  'people',
  'workers',
  'de',
  'un',
  'una',
  'mal',
  'pas',
  'mau',
  'ingin',
  'ada',
  'sudah',
  'belum',
  'tidak',
  'bukan',
  'po',
  'ay',
  'هو',
  'هي',
  'من',
  'في',
  'و',
  'हो',
  'हुँ',
  'छ',
  'र',
  'मा',
]);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A case-insensitive pattern for a phrase, so the name after it can stay case-sensitive. */
const anyCase = (s: string) =>
  [...s]
    .map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : escape(c)))
    .join('')
    .replace(/ /g, '\\s+');
const alternatives = (list: readonly string[]) =>
  [...list]
    .sort((a, b) => b.length - a.length)
    .map(anyCase)
    .join('|');

const NAMING_RE = new RegExp(
  `(${START}(?:${alternatives(NAMING)})[,:]?\\s+)(${WORD})((?:\\s+${WORD}){0,2})`,
  'gu',
);
const INTRO_RE = new RegExp(`(${START}(?:${alternatives(INTRODUCTIONS)})\\s+)${NAME}`, 'gu');
const HERE_RE = new RegExp(
  `^(\\s*)(${CAP}(?:\\s+${CAP})?)(?=\\s*,?\\s+(?:${alternatives(HERE)})${END})`,
  'u',
);
const GREETING_RE = new RegExp(
  `((?:^|[\\n.!?]\\s*)(?:${alternatives(GREETINGS)})[,]?\\s+)${NAME}(?=\\s*[,!.:\\n]|$)`,
  'gu',
);
const THANKS_RE = new RegExp(
  `(${START}(?:${alternatives(THANKS)})[,!.]?\\s+)${NAME}(?=\\s*[.!]?\\s*$)`,
  'gu',
);
const HANDLE_RE = /(^|\s)@[\p{L}\p{N}_.]{2,}/gu;

/** Words that are not names here: see {@link ordinaryWordsOf}. */
export interface OrdinaryWords {
  /** Country names, demonyms and aliases in every language, normalised ("filipino", "marocaine"). */
  places: ReadonlySet<string>;
  /** Per language, every word of the intents' training examples, normalised. */
  words: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface RedactOptions {
  /** What the content knows: "I am Filipino" keeps its nationality, "Life here is hard" its "Life". */
  ordinary?: OrdinaryWords;
  /** The text's language: which examples' words are ordinary ("ana" is "I" in Arabizi, a name in Spanish). */
  language?: string;
}

const cache = new WeakMap<object, OrdinaryWords>();

/** Country names, demonyms and aliases, and each language's example words, from the content. */
export function ordinaryWordsOf(content: Pick<Content, 'kb' | 'intents'> | undefined): OrdinaryWords {
  const cached = content && cache.get(content);
  if (cached) return cached;
  const split = (phrase: string) =>
    normalizeForCompare(phrase)
      .split(' ')
      .filter((w) => w.length >= 2);
  const places = new Set<string>();
  // (A partial content, as in tests, may have no knowledge.)
  for (const c of content?.kb?.countries ?? [])
    for (const list of [...Object.values(c.names), ...Object.values(c.demonyms), c.aliases])
      for (const phrase of list ?? []) for (const w of split(phrase)) places.add(w);
  const words = new Map<string, Set<string>>();
  for (const intent of content?.intents ?? [])
    for (const [lang, list] of Object.entries(intent.examples)) {
      const set = words.get(lang) ?? new Set<string>();
      for (const phrase of list ?? []) for (const w of split(phrase)) set.add(w);
      words.set(lang, set);
    }
  if (content) cache.set(content, { places, words });
  return { places, words };
}

/**
 * The text with identifying details masked. `knownNames` are names known to belong to people in the
 * conversation (a worker's shared name, staff names): every word of them of two letters or more is
 * masked wherever it appears.
 */
export function redactIdentity(
  text: string,
  knownNames: readonly (string | undefined)[] = [],
  options: RedactOptions = {},
): string {
  let out = anonymise(text);
  const words = new Set<string>();
  for (const name of knownNames)
    for (const w of (name ?? '').split(/[\s,]+/u)) if (w.length >= 2 && !/^\[.*\]$/.test(w)) words.add(w);
  for (const w of [...words].sort((a, b) => b.length - a.length))
    out = out.replace(new RegExp(`${START}${escape(w)}${END}`, 'giu'), NAME_MASK);
  const places = options.ordinary?.places;
  const vocabulary = options.language ? options.ordinary?.words.get(options.language) : undefined;
  // After "my name is" only these are not names ("Jordan" is a country and a name).
  const notAName = (word: string) => {
    const w = normalizeForCompare(word);
    return !w || NOT_NAMES.has(word.toLowerCase()) || NOT_NAMES.has(w);
  };
  // After "I am", "soy", a greeting: nor is a country or a demonym.
  const notName = (word: string) => notAName(word) || !!places?.has(normalizeForCompare(word));
  // Nor, for a word opening the message or a lower-case word after a name, a word of the examples.
  const ordinaryWord = (word: string) =>
    notName(word) || isCommonWord(normalizeForCompare(word)) || !!vocabulary?.has(normalizeForCompare(word));
  out = out.replace(NAMING_RE, (_m, lead: string, first: string, more: string) =>
    maskNamed(lead, first, more, notAName, ordinaryWord),
  );
  out = out.replace(INTRO_RE, (_m, lead: string, name: string) => `${lead}${maskCapitalised(name, notName)}`);
  out = out.replace(HERE_RE, (m, lead: string, name: string) =>
    ordinaryWord(name.split(/\s+/u)[0]!) ? m : `${lead}${NAME_MASK}`,
  );
  out = out.replace(
    GREETING_RE,
    (_m, lead: string, name: string) => `${lead}${maskCapitalised(name, notName)}`,
  );
  out = out.replace(
    THANKS_RE,
    (_m, lead: string, name: string) => `${lead}${maskCapitalised(name, notName)}`,
  );
  out = out.replace(HANDLE_RE, (_m, lead: string) => `${lead}[handle]`);
  return out;
}

const isCapitalised = (word: string) => /^\p{Lu}/u.test(word);
const hasCase = (word: string) => word.toLowerCase() !== word.toUpperCase();

/** Capitalised words of a name, masked as one; the name kept when its first word is not a name. */
function maskCapitalised(name: string, notName: (w: string) => boolean): string {
  const first = name.split(/\s+/u)[0]!;
  return notName(first) ? name : NAME_MASK;
}

/**
 * After "my name is" and its kind: the first word is the name (unless it is a word like "not"); the
 * next words are part of it when capitalised like the first, or — for a name written in lower case or
 * in a script without case — when they are no frequent function word and no word the content uses
 * (three words at most: "liza dela cruz").
 */
function maskNamed(
  lead: string,
  first: string,
  more: string,
  notAName: (w: string) => boolean,
  ordinaryWord: (w: string) => boolean,
): string {
  if (
    notAName(first) ||
    (hasCase(first) && !isCapitalised(first) && isCommonWord(normalizeForCompare(first)))
  )
    return `${lead}${first}${more}`;
  // parts: space, word, space, word
  const parts = more.split(/(\s+)/u).filter((p) => p.length > 0);
  const capital = isCapitalised(first);
  let taken = 0;
  for (let i = 1; i < parts.length; i += 2) {
    const w = parts[i]!;
    const alsoName = capital
      ? isCapitalised(w) && !notAName(w)
      : !isCapitalised(w) && [...w].length >= 2 && !ordinaryWord(w);
    if (!alsoName) break;
    taken = (i + 1) / 2;
  }
  return `${lead}${NAME_MASK}${parts.slice(taken * 2).join('')}`;
}
