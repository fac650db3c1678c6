/**
 * Small text helpers shared by content checks and the dialogue.
 */

/** Lower-case, accents removed, punctuation collapsed: for comparing phrases, not for display. */
export function normalizeForCompare(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const EMAIL = /[\p{L}\p{N}_.+-]+@[\p{L}\p{N}_-]+\.[\p{L}\p{N}_.-]+/gu;
/** Digits in any script (Arabic-Indic ٠١٢, Devanagari ०१२ too), with the separators phone numbers use. */
const DIGIT_RUN = /\+?\p{Nd}[\p{Nd}\s().-]*\p{Nd}/gu;

/**
 * Masks what could identify a person in text kept for editors: e-mails, phone numbers, long digit runs
 * (in any script's digits).
 */
export function anonymise(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(/\+?\p{Nd}[\p{Nd}\s().-]{5,}\p{Nd}/gu, '[number]')
    .replace(/(?<![\p{L}\p{N}])\p{Nd}{4,}(?![\p{L}\p{N}])/gu, '[number]');
}

/**
 * What in a phrase would identify a person if it became content (an example or a held-out test, which
 * every editor reads and git keeps): an e-mail address, or a phone number — seven digits or more, with
 * spaces, dots, dashes or brackets between them. Amounts ("10000 yen"), years and form numbers pass.
 */
export function identifyingDetail(text: string): 'an e-mail address' | 'a phone number' | undefined {
  if (new RegExp(EMAIL.source, 'u').test(text)) return 'an e-mail address';
  for (const m of text.matchAll(DIGIT_RUN))
    if (m[0].replace(/\P{Nd}/gu, '').length >= 7) return 'a phone number';
  return undefined;
}
