/**
 * How long the bot's answers are on a phone screen: every intent's answer rendered through the real
 * renderer in every claimed language, without countries and with the worker's countries where the
 * answer uses them. "Main text" is what the worker reads before the source line and the choices: the
 * rendered template plus the "general information" note when the intent adds one.
 */
import { renderAnswer, type RenderContext } from '../core/render.ts';
import { t } from '../core/strings.ts';
import type { Intent, Language } from './schema.ts';
import type { Content } from './loader.ts';

/** The bar: the main text of an answer fits a phone screen. */
export const MAX_MAIN_TEXT = 600;

export interface MeasuredAnswer {
  intent: string;
  language: Language;
  origin?: string;
  destination?: string;
  part: 'answer' | 'detail';
  length: number;
  text: string;
}

/** Countries many workers name, paired with every other country when an answer depends on countries. */
const COMMON = ['PH', 'ES'];

function usesCountries(intent: Intent): boolean {
  const templates = [...Object.values(intent.answer), ...Object.values(intent.detail ?? {})].join('\n');
  return (
    intent.requires.length > 0 ||
    /\{\{\s*(origin|destination|agreements|agreementnames|organisations)\s*\}\}/.test(templates)
  );
}

/**
 * The contexts an intent is rendered in: no countries (unless required); where it depends on countries,
 * every country with a common one both ways round, every pair an agreement names, and every pair of
 * countries that have organisations on record (the longest lists).
 */
export function countryContexts(
  content: Content,
  intent: Intent,
): { origin?: string; destination?: string }[] {
  const out: { origin?: string; destination?: string }[] = [];
  if (intent.requires.length === 0) out.push({});
  if (!usesCountries(intent)) return out;
  const seen = new Set<string>();
  const add = (origin: string, destination: string) => {
    if (origin === destination || seen.has(`${origin}-${destination}`)) return;
    seen.add(`${origin}-${destination}`);
    out.push({ origin, destination });
  };
  for (const c of content.kb.countries)
    for (const common of COMMON) {
      add(c.iso2, common);
      add(common, c.iso2);
    }
  for (const ag of content.kb.agreements) for (const a of ag.parties) for (const b of ag.parties) add(a, b);
  const withOrganisations = [...new Set(content.kb.organisations.flatMap((o) => o.countries))];
  for (const a of withOrganisations) for (const b of withOrganisations) add(a, b);
  return out;
}

/** The main text as the worker sees it: rendered template, and the disclaimer when the intent has one. */
export function mainText(content: Content, intent: Intent, ctx: RenderContext, part: 'answer' | 'detail') {
  const rendered = renderAnswer(content, intent, ctx, part);
  return intent.disclaimer && part === 'answer'
    ? `${rendered.text}\n\n${t(ctx.language, 'disclaimer')}`
    : rendered.text;
}

/** Every intent's answer (and detail) in every claimed language and country context. */
export function measureAnswers(content: Content, part: 'answer' | 'detail' = 'answer'): MeasuredAnswer[] {
  const out: MeasuredAnswer[] = [];
  for (const intent of content.intents) {
    // A request for a person starts a hand-over: its template is never shown as an answer.
    if (intent.action === 'human') continue;
    if (part === 'detail' && !intent.detail) continue;
    for (const language of content.languages)
      for (const countries of countryContexts(content, intent)) {
        const text = mainText(content, intent, { language, ...countries }, part);
        out.push({ intent: intent.id, language, part, ...countries, length: [...text].length, text });
      }
  }
  return out;
}

export interface LengthStats {
  n: number;
  median: number;
  p90: number;
  max: number;
  over: number;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/**
 * Per language: one length per intent (its longest rendering over the country contexts, so an intent
 * that depends on countries counts once, at its worst), then median, 90th percentile and maximum.
 */
export function lengthStats(measured: MeasuredAnswer[]): Record<string, LengthStats> {
  const worst = new Map<string, { language: string; length: number }>();
  for (const m of measured) {
    const key = `${m.language}|${m.intent}`;
    const prev = worst.get(key);
    if (!prev || m.length > prev.length) worst.set(key, { language: m.language, length: m.length });
  }
  const byLang: Record<string, number[]> = {};
  for (const w of worst.values()) (byLang[w.language] ??= []).push(w.length);
  return Object.fromEntries(
    Object.entries(byLang).map(([lang, lengths]) => {
      const sorted = [...lengths].sort((a, b) => a - b);
      return [
        lang,
        {
          n: sorted.length,
          median: quantile(sorted, 0.5),
          p90: quantile(sorted, 0.9),
          max: sorted[sorted.length - 1] ?? 0,
          over: sorted.filter((x) => x > MAX_MAIN_TEXT).length,
        },
      ];
    }),
  );
}
