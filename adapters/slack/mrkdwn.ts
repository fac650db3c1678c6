/**
 * Text crossing between workers and Slack, in both directions.
 *
 * Worker text is untrusted: in Slack it must not ping the channel (`<!channel>`, `@here`), link
 * (`<http://x|y>`), mention (`<@U123>`) or format (`*`, `_`, `~`, backticks), and it must not carry a phone
 * number unless the worker agreed. Staff text is Slack mrkdwn and must become plain text for the worker.
 */

/** Slack's limit for a section block's text. */
export const SECTION_LIMIT = 3000;

const ZWJ = '\u200D';
/** Lookalike for a backtick, so worker text cannot close the code span it is shown in. */
const BACKTICK_LOOKALIKE = '\u02CB';

/** Replaces phone-like digit runs (7 or more digits, with spaces, dots, dashes or brackets) by a marker. */
export function maskPhones(text: string, marker = '[number hidden]'): string {
  return text.replace(/\+?\(?\d[\d\s().\-/]{5,}\d/g, (run) => {
    const digits = run.replace(/\D/g, '').length;
    if (digits < 7) return run;
    // Dates and year ranges are not phone numbers: 2025-01-15, 15/01/2025, 1990-2000.
    if (looksLikeDate(run)) return run;
    return marker;
  });
}

function looksLikeDate(run: string): boolean {
  const year = (y: string) => /^(19|20)\d\d$/.test(y);
  const dayMonth = (a: number, b: number) => a >= 1 && b >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12);
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(run);
  if (m) return year(m[1]!) && dayMonth(Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(run);
  if (m) return year(m[3]!) && dayMonth(Number(m[1]), Number(m[2]));
  m = /^(\d{4})\s?-\s?(\d{4})$/.exec(run);
  return Boolean(m && year(m[1]!) && year(m[2]!));
}

/** Cuts text to `max` characters (code points), marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/** Escapes the three characters Slack's mrkdwn gives control meaning: & < >. */
export function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface WorkerTextOptions {
  /** The worker agreed that staff may see their phone number: digit runs are left as they are. */
  phoneAgreed?: boolean;
  /** Maximum characters of worker text kept (before escaping). */
  max?: number;
}

/**
 * Makes untrusted text inert for Slack mrkdwn, for use inside a code span built by {@link workerBlock}
 * or on its own: phone numbers masked (unless agreed), length capped, `& < >` escaped so no mention,
 * broadcast or link survives, `@here`/`@channel`/`@everyone` broken with a zero-width joiner, and
 * formatting characters defused (backticks replaced by a lookalike, `* _ ~` separated by a zero-width
 * joiner from the word they would format).
 */
export function escapeWorkerText(text: string, options: WorkerTextOptions = {}): string {
  let t = text.replace(/\r\n?/g, '\n');
  // Control characters other than newline and tab carry no meaning for staff.
  // eslint-disable-next-line no-control-regex
  t = t.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');
  if (!options.phoneAgreed) t = maskPhones(t);
  t = truncate(t, options.max ?? 1500);
  t = escapeEntities(t);
  t = t.replace(/@(here|channel|everyone)\b/gi, `@${ZWJ}$1`);
  t = t.replace(/`/g, BACKTICK_LOOKALIKE);
  t = t.replace(/[*_~]/g, (c) => `${ZWJ}${c}${ZWJ}`);
  return t;
}

/**
 * Worker text as a mrkdwn quotation staff can read and nobody can abuse: escaped by
 * {@link escapeWorkerText}, wrapped in a code block so no formatting applies, and within `limit` characters.
 */
export function workerBlock(text: string, options: WorkerTextOptions & { limit?: number } = {}): string {
  const limit = options.limit ?? SECTION_LIMIT;
  let max = options.max ?? 1500;
  for (;;) {
    const escaped = escapeWorkerText(text, { ...options, max });
    const block = '```' + (escaped.trim() === '' ? ' ' : escaped) + '```';
    if (block.length <= limit || max <= 1) return block;
    max = Math.floor(max * 0.8);
  }
}

/** Resolves a Slack user id to a display name, or undefined when it cannot. */
export type NameLookup = (userId: string) => Promise<string | undefined>;

/**
 * Turns staff mrkdwn into the plain text a worker reads: user mentions become names (or vanish),
 * broadcasts vanish, channel links become `#name`, `<url|text>` becomes `text (url)`, formatting markers
 * around words are dropped, and `&amp; &lt; &gt;` are unescaped.
 */
export async function slackToPlain(text: string, names?: NameLookup): Promise<string> {
  const ids = new Set<string>();
  for (const m of text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)) if (m[1]) ids.add(m[1]);
  const resolved = new Map<string, string | undefined>();
  for (const id of ids) resolved.set(id, names ? await names(id).catch(() => undefined) : undefined);

  let t = text.replace(/<([^<>]*)>/g, (_all, inner: string) => {
    const [target = '', label] = splitOnce(inner, '|');
    if (target.startsWith('@')) {
      return resolved.get(target.slice(1)) ?? (label ? label.replace(/^@/, '') : '');
    }
    if (target.startsWith('#')) return label ? `#${label}` : '';
    if (target.startsWith('!')) {
      if (target.startsWith('!subteam^')) return label ?? '';
      if (target.startsWith('!date^')) return label ?? '';
      return ''; // <!here>, <!channel>, <!everyone>
    }
    if (target.startsWith('mailto:')) return label ?? target.slice('mailto:'.length);
    if (label === undefined || label === target) return target;
    return `${label} (${target})`;
  });

  // Code blocks and spans: keep the content, drop the fences.
  t = t.replace(/```\n?([\s\S]*?)\n?```/g, '$1').replace(/`([^`\n]+)`/g, '$1');
  // Bold, italic and strike markers around words.
  for (const c of ['*', '_', '~']) {
    const e = '\\' + c;
    const re = new RegExp(`(^|[\\s(\\["'])${e}(?=\\S)([^${e}\\n]*?\\S)${e}(?=$|[\\s.,;:!?)\\]"'])`, 'gm');
    t = t.replace(re, '$1$2');
  }
  // Quotes ("> ") stay as typed: they read well in plain text too.
  t = t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return t
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i === -1 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}
