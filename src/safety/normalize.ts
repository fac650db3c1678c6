/**
 * Text folding for the safeguarding detector: the message and the patterns are folded the same way, so
 * editors write patterns the way workers type (with or without accents, Arabic with or without vowel
 * marks, Devanagari or Latin digits, "don't" or "dont").
 */

const DIGITS: Record<string, string> = {};
for (let i = 0; i < 10; i++) {
  DIGITS[String.fromCharCode(0x0966 + i)] = String(i); // Devanagari
  DIGITS[String.fromCharCode(0x0660 + i)] = String(i); // Arabic-Indic
  DIGITS[String.fromCharCode(0x06f0 + i)] = String(i); // Extended Arabic-Indic (Persian, Urdu)
}

/** English contractions, with and without the apostrophe, spelled out so patterns need one form. */
const CONTRACTIONS: Record<string, string> = {
  cant: 'can not',
  cannot: 'can not',
  dont: 'do not',
  doesnt: 'does not',
  didnt: 'did not',
  wont: 'will not',
  isnt: 'is not',
  arent: 'are not',
  wasnt: 'was not',
  werent: 'were not',
  havent: 'have not',
  hasnt: 'has not',
  hadnt: 'had not',
  wouldnt: 'would not',
  couldnt: 'could not',
  shouldnt: 'should not',
  im: 'i am',
  ive: 'i have',
};

/** Folds one string: lower case, Latin accents and Arabic vowel marks removed, letter variants unified. */
export function foldText(text: string): string {
  let s = text.normalize('NFKC').toLowerCase();
  s = s.replace(/[\u0966-\u096f\u0660-\u0669\u06f0-\u06f9]/g, (d) => DIGITS[d] ?? d);
  // Latin letters lose their accents; other scripts keep their marks (Devanagari vowel signs matter).
  s = s.normalize('NFD').replace(/(\p{Script=Latin})\p{M}+/gu, '$1');
  // Arabic: no tashkeel or tatweel; alef, ya, ta marbuta and hamza carriers folded.
  s = s
    .replace(/[\u064b-\u065f\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي');
  // Devanagari: nukta and candrabindu/anusvara variants vary in typing.
  s = s.replace(/\u093c/g, '').replace(/\u0901/g, '\u0902');
  s = s.normalize('NFC');
  // English "n't" and apostrophes: don't → do not; friend's → friend s.
  // "can't" and "won't" first: the generic rule would leave "ca not" and "wo not", which no pattern has.
  s = s
    .replace(/[\u2019\u2018`´]/g, "'")
    .replace(/\bcan't\b/g, 'can not')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/n't\b/g, ' not');
  return s;
}

/** Splits folded text into words: letters (with their marks) and digits; everything else separates. */
export function tokenize(text: string): string[] {
  const words = foldText(text)
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);
  const out: string[] = [];
  for (const w of words) {
    // Own keys only: a worker may write "constructor" or "__proto__".
    const spelled = Object.hasOwn(CONTRACTIONS, w) ? CONTRACTIONS[w] : undefined;
    if (spelled) out.push(...spelled.split(' '));
    else out.push(w);
  }
  return out;
}
