/**
 * Builds an answer from an intent's template and the knowledge entries it names.
 * The template only glues; every fact comes from a knowledge entry, whose source and
 * reviewed date are cited under the answer.
 */
import type { Content, KnowledgeEntry } from '../kb/loader.ts';
import { entryText } from '../kb/loader.ts';
import type { Agreement, Country, Intent, Language } from '../kb/schema.ts';
import { renderAgreementRecords, renderInstrumentRecords } from './render-agreements.ts';
import { t } from './strings.ts';

export interface RenderContext {
  language: Language;
  origin?: string;
  destination?: string;
  /** An instrument the worker named (id), and a country to check its ratification for. */
  instrument?: string;
  instrumentCountry?: string;
  /**
   * The general answer: the worker's countries are not known yet, so lines of the template that
   * need them ({{origin}}, {{destination}}, {{agreements}}, {{agreementnames}}) are left out.
   */
  general?: boolean;
}

/** Placeholders that need both of the worker's countries. */
const NEEDS_COUNTRIES = /\{\{\s*(origin|destination|agreements|agreementnames)\s*\}\}/;

export interface RenderedAnswer {
  text: string;
  /** Entries whose facts the text states, in citation order. */
  cited: KnowledgeEntry[];
}

const PLACEHOLDER = /\{\{\s*([a-z]+)(?::([a-z0-9-]+)(?:\.([a-z]+))?)?\s*\}\}/g;

/** A localised field, falling back to English (the loader makes sure claimed languages exist). */
export function localized(text: Partial<Record<Language, string>> & { en: string }, lang: Language): string {
  return text[lang] ?? text.en;
}

export function countryName(content: Content, iso: string | undefined, lang: Language): string {
  if (!iso) return '?';
  const c = content.kb.countryByIso.get(iso);
  return c ? (c.names[lang]?.[0] ?? c.names.en?.[0] ?? iso) : iso;
}

function covers(a: Agreement, country: Country | undefined, iso: string, inForceOnly = true): boolean {
  if (inForceOnly && a.not_in_force_for.includes(iso)) return false;
  if (a.parties.includes(iso) || a.not_in_force_for.includes(iso)) return true;
  return !!country && a.regions.some((r) => country.regions.includes(r));
}

/**
 * Agreements on record that bind both countries (never guessed: only what knowledge/ lists).
 * With `inForceOnly: false`, also those signed but not (or not confirmed) in force for one of them.
 */
export function agreementsBetween(content: Content, a: string, b: string, inForceOnly = true): Agreement[] {
  const ca = content.kb.countryByIso.get(a);
  const cb = content.kb.countryByIso.get(b);
  return content.kb.agreements.filter(
    (ag) =>
      ag.type !== 'union-partnership' &&
      ag.type !== 'national-scheme' &&
      a !== b &&
      covers(ag, ca, a, inForceOnly) &&
      covers(ag, cb, b, inForceOnly),
  );
}

function bullet(title: string, body: string): string {
  return `• ${title}: ${body}`;
}

/**
 * `{{agreementnames}}`: the same agreements as `{{agreements}}`, by name only (a phone-sized list);
 * their summaries and the home country's schemes are left for the longer `{{agreements}}`.
 */
function resolveAgreementNames(
  content: Content,
  ctx: RenderContext,
  cite: (e: KnowledgeEntry) => void,
): string {
  const lang = ctx.language;
  if (!ctx.origin || !ctx.destination) return t(lang, 'agreementsNeedCountries');
  const found = agreementsBetween(content, ctx.origin, ctx.destination);
  const all = agreementsBetween(content, ctx.origin, ctx.destination, false);
  const lines = all.map((ag) => {
    cite({ kind: 'agreement', ...ag });
    const sure = found.includes(ag) && ag.status !== 'signed' && ag.status !== 'unknown';
    return `• ${localized(ag.title, lang)}${sure ? '' : ` ${t(lang, 'agreementNotInForceShort')}`}`;
  });
  lines.unshift(
    t(lang, 'agreementsBetween', {
      a: countryName(content, ctx.origin, lang),
      b: countryName(content, ctx.destination, lang),
    }),
  );
  if (found.length === 0) lines.push(t(lang, 'agreementsNoneShort'));
  return lines.join('\n');
}

function resolveAgreements(content: Content, ctx: RenderContext, cite: (e: KnowledgeEntry) => void): string {
  const lang = ctx.language;
  if (!ctx.origin || !ctx.destination) return t(lang, 'agreementsNeedCountries');
  const found = agreementsBetween(content, ctx.origin, ctx.destination);
  const lines: string[] = [];
  for (const ag of found) {
    cite({ kind: 'agreement', ...ag });
    lines.push(bullet(localized(ag.title, lang), localized(ag.summary, lang)));
    // Signed, or in force on no source we have: the worker must not rely on it unchecked.
    if (ag.status === 'signed' || ag.status === 'unknown') lines.push(t(lang, 'agreementNotInForce'));
  }
  const pending = agreementsBetween(content, ctx.origin, ctx.destination, false).filter(
    (ag) => !found.includes(ag),
  );
  for (const ag of pending) {
    cite({ kind: 'agreement', ...ag });
    lines.push(bullet(localized(ag.title, lang), localized(ag.summary, lang)));
    lines.push(t(lang, 'agreementNotInForce'));
  }
  if (found.length === 0) {
    lines.push(
      t(lang, 'agreementsNone', {
        a: countryName(content, ctx.origin, lang),
        b: countryName(content, ctx.destination, lang),
      }),
    );
  }
  // Schemes the home country runs for its nationals abroad help when there is no agreement.
  const schemes = content.kb.agreements.filter(
    (ag) => ag.type === 'national-scheme' && ag.parties.includes(ctx.origin!),
  );
  if (schemes.length > 0) {
    lines.push(t(lang, 'agreementsAlso'));
    for (const s of schemes) {
      cite({ kind: 'agreement', ...s });
      lines.push(bullet(localized(s.title, lang), localized(s.summary, lang)));
    }
  }
  return lines.join('\n');
}

function resolveInstrument(content: Content, ctx: RenderContext, cite: (e: KnowledgeEntry) => void): string {
  const lang = ctx.language;
  const inst = ctx.instrument ? content.kb.instruments.find((i) => i.id === ctx.instrument) : undefined;
  if (!inst) return t(lang, 'instrumentWhich');
  cite({ kind: 'instrument', ...inst });
  // The worker's country first (what they asked), then what the instrument is.
  const lines: string[] = [];
  const iso = ctx.instrumentCountry;
  if (iso) {
    const country = content.kb.countryByIso.get(iso);
    const r = country?.ratifications.find((x) => x.instrument === inst.id);
    const name = countryName(content, iso, lang);
    if (country && r) {
      cite({ kind: 'country', ...country });
      lines.push(t(lang, 'instrumentRatified', { country: name, code: inst.code, date: r.date }));
    } else {
      lines.push(t(lang, 'instrumentNoRecord', { country: name, code: inst.code }));
    }
  }
  lines.push(bullet(`${inst.code} — ${localized(inst.title, lang)}`, localized(inst.summary, lang)));
  if (inst.ratifications)
    lines.push(
      t(lang, 'instrumentCount', { count: inst.ratifications.count, date: inst.ratifications.as_of }),
    );
  return lines.join('\n');
}

function resolveOrganisations(
  content: Content,
  ctx: RenderContext,
  cite: (e: KnowledgeEntry) => void,
): string {
  const lang = ctx.language;
  const wanted = [ctx.destination, ctx.origin].filter((x): x is string => !!x);
  const lines: string[] = [];
  const local = content.kb.organisations.filter((o) => o.countries.some((c) => wanted.includes(c)));
  const partnerships = content.kb.agreements.filter(
    (a) => a.type === 'union-partnership' && a.parties.some((c) => wanted.includes(c)),
  );
  for (const o of local.slice(0, 4)) {
    cite({ kind: 'organisation', ...o });
    const contact = o.contact?.url ?? o.contact?.email;
    lines.push(bullet(o.name, localized(o.summary, lang) + (contact ? ` ${contact}` : '')));
  }
  for (const p of partnerships.slice(0, 3)) {
    cite({ kind: 'agreement', ...p });
    lines.push(bullet(localized(p.title, lang), localized(p.summary, lang)));
  }
  if (lines.length === 0 && wanted.length > 0) {
    lines.push(
      t(lang, 'organisationsNone', {
        countries: wanted.map((c) => countryName(content, c, lang)).join(` ${t(lang, 'and')} `),
      }),
    );
  }
  const international = content.kb.organisations.filter(
    (o) => o.countries.length === 0 && (o.type === 'union' || o.type === 'union-network'),
  );
  if (international.length > 0) {
    lines.push(t(lang, 'organisationsGeneral'));
    for (const o of international.slice(0, 4)) {
      cite({ kind: 'organisation', ...o });
      lines.push(`• ${o.name}${o.contact?.url ? ` ${o.contact.url}` : ''}`);
    }
  }
  if (!local.some((o) => o.contact)) lines.push(t(lang, 'noContactOnRecord'));
  return lines.join('\n');
}

/**
 * Fills an intent's answer template for the worker's language and context; with `part: 'detail'`,
 * its longer "More detail" template (the answer when the intent has none).
 */
export function renderAnswer(
  content: Content,
  intent: Intent,
  ctx: RenderContext,
  part: 'answer' | 'detail' = 'answer',
): RenderedAnswer {
  const texts = part === 'detail' && intent.detail ? intent.detail : intent.answer;
  return renderTemplate(content, intent, texts, ctx);
}

/** Fills an intent's `detail` template ("More detail"), if it has one. */
export function renderDetail(
  content: Content,
  intent: Intent,
  ctx: RenderContext,
): RenderedAnswer | undefined {
  return intent.detail ? renderTemplate(content, intent, intent.detail, ctx) : undefined;
}

/**
 * Fills a template. Entries the dynamic parts rest on (an agreement, a ratification) are cited
 * first, then the intent's own knowledge, so the first citation is the most specific one.
 */
export function renderTemplate(
  content: Content,
  intent: Intent,
  templates: Partial<Record<Language, string>> & { en: string },
  ctx: RenderContext,
): RenderedAnswer {
  const lang = ctx.language;
  const specific = new Map<string, KnowledgeEntry>();
  const general = new Map<string, KnowledgeEntry>();
  const cite = (e: KnowledgeEntry) => {
    if (!specific.has(e.id)) specific.set(e.id, e);
  };
  const citeGeneral = (e: KnowledgeEntry) => {
    if (!general.has(e.id)) general.set(e.id, e);
  };
  for (const id of intent.knowledge) {
    const e = content.kb.byId.get(id);
    if (e) citeGeneral(e);
  }
  let template = templates[lang] ?? templates.en;
  if (ctx.general)
    template = template
      .split('\n')
      .filter((line) => !NEEDS_COUNTRIES.test(line))
      .join('\n');
  const text = template.replace(PLACEHOLDER, (whole, name: string, ref?: string, prop?: string) => {
    switch (name) {
      case 'k': {
        const e = ref ? content.kb.byId.get(ref) : undefined;
        if (!e) return '';
        if (prop !== 'title') citeGeneral(e);
        const which = prop === 'title' ? 'title' : prop === 'summary' ? 'summary' : 'text';
        return localized(entryText(e, which), lang);
      }
      case 'origin':
        return countryName(content, ctx.origin, lang);
      case 'destination':
        return countryName(content, ctx.destination, lang);
      case 'agreements':
        return renderAgreementRecords(content, ctx, cite) ?? resolveAgreements(content, ctx, cite);
      case 'agreementnames':
        return (
          renderAgreementRecords(content, ctx, cite, 'short') ?? resolveAgreementNames(content, ctx, cite)
        );
      case 'instrument':
        return renderInstrumentRecords(content, ctx, cite) ?? resolveInstrument(content, ctx, cite);
      case 'organisations':
        return resolveOrganisations(content, ctx, cite);
      default:
        return whole;
    }
  });
  const cited = [...specific.values(), ...[...general.values()].filter((e) => !specific.has(e.id))];
  return { text: text.replace(/\n{3,}/g, '\n\n').trim(), cited };
}

/** Entries that can be cited to a worker: those with a public source (texts about the bot have none). */
function citable(entries: KnowledgeEntry[]) {
  const out: { entry: KnowledgeEntry; source: KnowledgeEntry['sources'][number] }[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    const s = e.sources.find((x) => x.url !== undefined || x.seed !== undefined);
    if (!s) continue;
    const key = s.url ?? s.seed ?? s.doc ?? s.title;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ entry: e, source: s });
  }
  return out;
}

/** How many distinct public sources the entries rest on. */
export function countSources(entries: KnowledgeEntry[]): number {
  return citable(entries).length;
}

/**
 * One compact line for a phone screen: "Source: SSS Philippines, checked 2026-12-01 https://…" — the
 * most specific source with its link, and how many more there are ("All sources" lists them all).
 */
export function renderSourceLine(entries: KnowledgeEntry[], lang: Language): string {
  const all = citable(entries);
  const first = all[0];
  if (!first) return '';
  const more = all.length > 1 ? ` (${t(lang, 'moreSources', { n: all.length - 1 })})` : '';
  // The link last, so that apps that make links tappable do not swallow the words after it.
  const link = first.source.url ? ` ${first.source.url}` : '';
  return `${t(lang, 'sources')}: ${first.source.title}, ${t(lang, 'reviewed')} ${first.entry.reviewed}${more}${link}`;
}

/** "Source: title (url) (checked 2026-11-22)" lines, at most `max`, for the entries an answer rests on. */
export function renderCitations(entries: KnowledgeEntry[], lang: Language, max = 3): string {
  return citable(entries)
    .slice(0, max)
    .map(({ entry, source }) => {
      const where = source.url ? ` ${source.url}` : '';
      return `${t(lang, 'sources')}: ${source.title}${where} (${t(lang, 'reviewed')} ${entry.reviewed})`;
    })
    .join('\n');
}
