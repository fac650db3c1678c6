/**
 * Masks what could identify a worker in text shown to editors: e-mail addresses, phone numbers and
 * long digit runs (as the store already does when it records a question, src/kb/text.ts), names a
 * worker gives ("my name is …", "me llamo …"), names known from a ticket (the shared display name,
 * staff names) and the name after a greeting ("Hi Maria,"), and @handles. Deterministic; idempotent.
 */
import { anonymise } from '../../kb/text.ts';

const NAME = "(\\p{Lu}[\\p{L}\\p{M}'’-]+(?:\\s+\\p{Lu}[\\p{L}\\p{M}'’-]+){0,2})";

/** "my name is X" and its forms in the bot's languages: the name that follows is masked. */
const INTRODUCTIONS = [
  'my name is',
  "my name's",
  'i am called',
  'this is',
  'me llamo',
  'mi nombre es',
  'soy',
  "je m'appelle",
  'je m’appelle',
  'mon nom est',
  'je suis',
  'meu nome é',
  'me chamo',
  'eu sou',
  'nama saya',
  'saya',
  'aku',
  'ako si',
  'pangalan ko ay',
  'ang pangalan ko ay',
];

const GREETINGS = [
  'hi',
  'hello',
  'dear',
  'hey',
  'hola',
  'estimada',
  'estimado',
  'querida',
  'querido',
  'bonjour',
  'salut',
  'chère',
  'cher',
  'olá',
  'ola',
  'oi',
  'prezada',
  'prezado',
  'halo',
  'hai',
  'kak',
  'mbak',
  'mas',
  'pak',
  'bu',
  'kumusta',
  'ate',
  'kuya',
  'namaste',
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A case-insensitive pattern for a phrase, so the name after it can stay case-sensitive. */
const anyCase = (s: string) =>
  [...s]
    .map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : escape(c)))
    .join('')
    .replace(/ /g, '\\s+');

const INTRO_RE = new RegExp(`(\\b(?:${INTRODUCTIONS.map(anyCase).join('|')})\\s+)${NAME}`, 'gu');
const GREETING_RE = new RegExp(
  `((?:^|[\\n.!?]\\s*)(?:${GREETINGS.map(anyCase).join('|')})\\s+)${NAME}(?=\\s*[,!.:\\n]|$)`,
  'gu',
);
const HANDLE_RE = /(^|\s)@[\p{L}\p{N}_.]{2,}/gu;

export const NAME_MASK = '[name]';

/**
 * The text with identifying details masked. `knownNames` are names known to belong to people in the
 * conversation (a worker's shared name, staff names): every word of them of two letters or more is
 * masked wherever it appears.
 */
export function redactIdentity(text: string, knownNames: readonly (string | undefined)[] = []): string {
  let out = anonymise(text);
  const words = new Set<string>();
  for (const name of knownNames)
    for (const w of (name ?? '').split(/[\s,]+/u)) if (w.length >= 2 && !/^\[.*\]$/.test(w)) words.add(w);
  for (const w of [...words].sort((a, b) => b.length - a.length))
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escape(w)}(?![\\p{L}\\p{N}])`, 'giu'), NAME_MASK);
  // A capitalised word after "my name is" (the introduction itself may be lower case).
  out = out.replace(INTRO_RE, (_m, lead: string, name: string) => `${lead}${maskUnlessCommon(name)}`);
  out = out.replace(GREETING_RE, (_m, lead: string, name: string) => `${lead}${maskUnlessCommon(name)}`);
  out = out.replace(HANDLE_RE, (_m, lead: string) => `${lead}[handle]`);
  return out;
}

/** Words that follow "I am" / "soy" / "saya" but are not names ("I am Filipino", "Saya TKI"). */
const NOT_NAMES = new Set([
  'a',
  'an',
  'the',
  'not',
  'from',
  'in',
  'working',
  'worker',
  'migrant',
  'de',
  'un',
  'una',
  'mau',
  'ingin',
  'ada',
  'sudah',
  'belum',
  'tidak',
]);

function maskUnlessCommon(name: string): string {
  const first = name.split(/\s+/u)[0]!.toLowerCase();
  return NOT_NAMES.has(first) ? name : NAME_MASK;
}
