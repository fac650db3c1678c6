/**
 * Knowledge health, as data: every knowledge entry by kind, by how strong its sources are (tier)
 * and by how long ago it was reviewed; the entries reviewed longer ago than KB_MAX_REVIEW_AGE_DAYS;
 * and, per language, the translations dated before their English text changed (`text_reviewed` in
 * src/kb/schema.ts). Each listed entry names its file, line and id.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Content, KnowledgeEntry, KnowledgeKind } from '../../kb/loader.ts';
import { LANGUAGES, type Language } from '../../kb/schema.ts';

export const KIND_NAMES: Record<KnowledgeKind, string> = {
  topic: 'Topics',
  instrument: 'Instruments',
  agreement: 'Agreements (descriptions)',
  'agreement-record': 'Agreement records',
  'multilateral-rule': 'Multilateral rules',
  'agreement-list': 'Official agreement lists',
  ratification: 'Ratifications',
  hotline: 'Help lines',
  organisation: 'Organisations',
  country: 'Countries',
};

/** Source tiers, strongest first. Entries whose sources carry no tier are classed by what they cite. */
export const TIERS = ['official', 'gazette', 'ngo', 'secondary', 'seed', 'page', 'project'] as const;
export type Tier = (typeof TIERS)[number];

export const TIER_NAMES: Record<Tier, string> = {
  official: 'Official',
  gazette: 'Gazette',
  ngo: 'NGO (about its own line)',
  secondary: 'Secondary',
  seed: 'Seed document',
  page: 'Web page (tier not recorded)',
  project: 'Project document',
};

export interface AgeBucket {
  id: string;
  label: string;
  /** Days up to and including this many (Infinity for the last). */
  upTo: number;
}

/** Review-age buckets: 3, 6 and 12 months, then up to the maximum age, then past it. */
export function ageBuckets(maxDays: number): AgeBucket[] {
  const steps = [90, 180, 365].filter((d) => d < maxDays);
  const out: AgeBucket[] = [];
  let prev = 0;
  for (const d of steps) {
    out.push({ id: `le${d}`, label: prev === 0 ? `up to ${d} days` : `${prev + 1}–${d} days`, upTo: d });
    prev = d;
  }
  out.push({ id: `le${maxDays}`, label: `${prev + 1}–${maxDays} days`, upTo: maxDays });
  out.push({ id: 'stale', label: `over ${maxDays} days (past the limit)`, upTo: Infinity });
  return out;
}

export interface EntryInfo {
  kind: KnowledgeKind;
  id: string;
  /** File relative to the content root, and the line of its id. */
  file: string;
  line?: number;
  reviewed: string;
  ageDays: number;
  bucket: string;
  tier: Tier;
}

export interface StaleTranslation {
  kind: KnowledgeKind;
  id: string;
  file: string;
  line?: number;
  language: Language;
  /** The translation's own date, and the English text's last change. */
  translated: string;
  english: string;
}

export interface LanguageHealth {
  language: Language;
  /** Entries with a text in this language. */
  texts: number;
  /** Dated on or after the English. */
  current: number;
  /** Dated before the English: listed. */
  stale: StaleTranslation[];
  /** No date of their own (counted as reviewed with the entry; fill with scripts/translation-dates.ts). */
  undated: number;
}

export interface KnowledgeHealth {
  now: string;
  maxAgeDays: number;
  buckets: AgeBucket[];
  entries: EntryInfo[];
  /** Count per kind and tier, and per kind and age bucket. */
  byTier: Map<KnowledgeKind, Map<Tier, number>>;
  byAge: Map<KnowledgeKind, Map<string, number>>;
  /** Past the maximum age, oldest first. */
  stale: EntryInfo[];
  languages: LanguageHealth[];
}

const TIER_RANK = new Map<Tier, number>(TIERS.map((t, i) => [t, i]));

export function tierOf(e: KnowledgeEntry): Tier {
  if (e.kind === 'hotline') return e.tier;
  let best: Tier = 'project';
  for (const s of e.sources as { tier?: string; url?: string; seed?: string; doc?: string }[]) {
    const t: Tier =
      s.tier && TIER_RANK.has(s.tier as Tier)
        ? (s.tier as Tier)
        : s.url
          ? 'page'
          : s.seed
            ? 'seed'
            : 'project';
    if (TIER_RANK.get(t)! < TIER_RANK.get(best)!) best = t;
  }
  return best;
}

const isLocalizedText = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  typeof (v as Record<string, unknown>).en === 'string' &&
  Object.keys(v).every((k) => (LANGUAGES as readonly string[]).includes(k));

/** The languages other than English in which an entry has text (titles, texts, summaries, notes). */
export function translatedLanguages(e: KnowledgeEntry): Set<Language> {
  const out = new Set<Language>();
  const walk = (v: unknown, depth: number) => {
    if (depth > 4 || typeof v !== 'object' || v === null) return;
    if (isLocalizedText(v)) {
      for (const k of Object.keys(v)) if (k !== 'en') out.add(k as Language);
      return;
    }
    for (const [k, child] of Object.entries(v))
      if (k !== 'text_reviewed' && k !== 'names') walk(child, depth + 1);
  };
  walk(e, 0);
  return out;
}

const DAY = 86_400_000;

/** Lines of each entry's id in its file, read once per file. */
async function idLines(root: string, files: Iterable<string>): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  for (const file of new Set(files)) {
    const lines = new Map<string, number>();
    try {
      const text = await readFile(path.join(root, file), 'utf8');
      text.split('\n').forEach((line, i) => {
        const m = /^\s*(?:-\s+)?id:\s*['"]?([a-z0-9][a-z0-9-]*)['"]?\s*(?:#.*)?$/.exec(line);
        if (m && !lines.has(m[1]!)) lines.set(m[1]!, i + 1);
      });
    } catch {
      // a file that moved since the content was loaded: no line numbers
    }
    out.set(file, lines);
  }
  return out;
}

export async function knowledgeHealth(
  content: Content,
  contentRoot: string,
  maxAgeDays: number,
  now: Date,
): Promise<KnowledgeHealth> {
  const buckets = ageBuckets(maxAgeDays);
  const all = [...content.kb.byId.values()];
  const lines = await idLines(
    contentRoot,
    all.map((e) => content.origins.get(e.id) ?? ''),
  );
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const entries: EntryInfo[] = [];
  const byTier = new Map<KnowledgeKind, Map<Tier, number>>();
  const byAge = new Map<KnowledgeKind, Map<string, number>>();
  const bump = <K>(m: Map<KnowledgeKind, Map<K, number>>, kind: KnowledgeKind, k: K) => {
    let inner = m.get(kind);
    if (!inner) m.set(kind, (inner = new Map()));
    inner.set(k, (inner.get(k) ?? 0) + 1);
  };
  const languages = new Map<Language, LanguageHealth>(
    LANGUAGES.filter((l) => l !== 'en').map((l) => [
      l,
      { language: l, texts: 0, current: 0, stale: [], undated: 0 },
    ]),
  );
  for (const e of all) {
    const file = content.origins.get(e.id) ?? '';
    const line = lines.get(file)?.get(e.id);
    const ageDays = Math.max(0, Math.floor((today - Date.parse(`${e.reviewed}T00:00:00Z`)) / DAY));
    const bucket = buckets.find((b) => ageDays <= b.upTo)!.id;
    const info: EntryInfo = {
      kind: e.kind,
      id: e.id,
      file,
      line,
      reviewed: e.reviewed,
      ageDays,
      bucket,
      tier: tierOf(e),
    };
    entries.push(info);
    bump(byTier, e.kind, info.tier);
    bump(byAge, e.kind, bucket);

    const dates = (e as { text_reviewed?: Partial<Record<Language, string>> }).text_reviewed ?? {};
    const english = dates.en ?? e.reviewed;
    for (const lang of translatedLanguages(e)) {
      const h = languages.get(lang)!;
      h.texts++;
      const own = dates[lang];
      if (own === undefined) h.undated++;
      else if (own < english)
        h.stale.push({ kind: e.kind, id: e.id, file, line, language: lang, translated: own, english });
      else h.current++;
    }
  }
  const stale = entries
    .filter((e) => e.ageDays > maxAgeDays)
    .sort((a, b) => b.ageDays - a.ageDays || (a.id < b.id ? -1 : 1));
  for (const h of languages.values()) h.stale.sort((a, b) => (a.translated < b.translated ? -1 : 1));
  return {
    now: new Date(today).toISOString().slice(0, 10),
    maxAgeDays,
    buckets,
    entries,
    byTier,
    byAge,
    stale,
    languages: [...languages.values()],
  };
}
