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

/** Masks what could identify a person in text kept for editors: phone numbers, e-mails, long digit runs. */
export function anonymise(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+\.[\w.-]+/g, '[email]')
    .replace(/\+?\d[\d\s().-]{5,}\d/g, '[number]')
    .replace(/\b\d{4,}\b/g, '[number]');
}
