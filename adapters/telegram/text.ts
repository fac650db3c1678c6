/**
 * Text helpers shared by the chat adapters: splitting long replies at a platform's length limit
 * on paragraph or sentence boundaries, so a worker never gets a sentence cut in half.
 *
 * @example
 * splitText(longAnswer, 4096) // → ['First paragraphs…', 'The rest…'], each ≤ 4096 UTF-16 units
 */

/** Sentence ends: . ! ? … and their CJK/Arabic/Devanagari forms, optionally followed by a closing quote or bracket. */
const SENTENCE_END = /[.!?…。！？؟।][)"'»”’\]]*\s+/gu;

/**
 * Splits `text` into parts of at most `max` UTF-16 code units (what Telegram and WhatsApp count).
 * Prefers, in order: a paragraph break, a line break, a sentence end, a space; cuts hard only when a
 * single word is longer than `max`. Never splits a surrogate pair. Parts are trimmed; none is empty.
 */
export function splitText(text: string, max: number): string[] {
  if (max < 16) throw new RangeError('max must be at least 16');
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = findCut(rest, max);
    const part = rest.slice(0, cut).trimEnd();
    if (part) parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** Where to end the next part of `text` (an index ≤ max). */
function findCut(text: string, max: number): number {
  const window = text.slice(0, max + 1);
  // A boundary too early would leave tiny parts; accept one only in the last two thirds.
  const floor = Math.floor(max / 3);
  const candidates = [
    lastBreak(window, /\n[ \t]*\n/g),
    lastBreak(window, /\n/g),
    lastBreak(window, SENTENCE_END),
  ];
  for (const c of candidates) if (c !== undefined && c > floor && c <= max) return c;
  const space = window.lastIndexOf(' ', max);
  if (space > floor) return space + 1;
  // No boundary at all: cut hard, but not between the halves of a surrogate pair.
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/** The index just after the last match of `pattern` that ends within the window. */
function lastBreak(window: string, pattern: RegExp): number | undefined {
  let last: number | undefined;
  for (const m of window.matchAll(pattern)) last = m.index + m[0].length;
  return last;
}
