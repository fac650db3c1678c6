/**
 * First step for every inbound text: make it safe and comparable without losing what the worker meant.
 */

/** Longest text the core reads from one message (characters). Longer text is cut and the worker told. */
export const MAX_INPUT_CHARS = 2000;

export interface NormalizedText {
  text: string;
  truncated: boolean;
  /** True when the message had characters but nothing readable (binary, only control characters). */
  unreadable: boolean;
}

/**
 * Unicode NFC, control and format characters removed (newlines and tabs become spaces; the
 * zero-width joiner and right-to-left marks used by real scripts are kept), whitespace collapsed,
 * length capped at {@link MAX_INPUT_CHARS}.
 */
export function normalizeInbound(raw: string): NormalizedText {
  let text = raw.normalize('NFC');
  const hadContent = text.trim().length > 0;
  text = text
    .replace(/[\t\n\r\v\f\u2028\u2029]+/g, ' ')
    // C0/C1 controls, and the replacement character that binary data decodes to.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '')
    // Format characters except ZWJ/ZWNJ and bidi marks that real text uses.
    .replace(/[\u200b\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  let truncated = false;
  if (text.length > MAX_INPUT_CHARS) {
    const cut = text.lastIndexOf(' ', MAX_INPUT_CHARS);
    text = text.slice(0, cut > MAX_INPUT_CHARS * 0.8 ? cut : MAX_INPUT_CHARS);
    truncated = true;
  }
  const readable = /[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(text);
  return { text: readable ? text : '', truncated, unreadable: hadContent && !readable };
}

/** True when the text has no letters or digits (emoji only, punctuation only). */
export function hasNoWords(text: string): boolean {
  return !/[\p{L}\p{N}]/u.test(text);
}
