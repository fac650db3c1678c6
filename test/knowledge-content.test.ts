/**
 * Content checks for `knowledge/`: every YAML file parses against the zod schemas, every entry is sourced and
 * dated, ids are unique, every id in the content catalogue that the knowledge writer owns exists, every text is
 * in all six chat languages, counts carry their date, partly confirmed lists say so, and no organisation
 * contact appears that is not written verbatim in the fact sheet or the seed documents.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KnowledgeFile, type Instrument } from '../src/kb/schema.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const KNOWLEDGE_DIR = path.join(ROOT, 'knowledge');
const SHARED_DIR = path.resolve(ROOT, '..', 'shared');
const FACTS_FILE = path.join(SHARED_DIR, 'knowledge-facts.md');
/** The official-source sheet for agreements and ratifications; it overrides knowledge-facts.md. */
const AGREEMENTS_FILE = path.join(SHARED_DIR, 'agreements-official.md');
const SEEDS_DIR = path.join(SHARED_DIR, 'seeds');

/** The six languages every knowledge text must have. */
const SIX = ['en', 'es', 'fr', 'pt', 'id', 'tl'] as const;

/** Files written by the knowledge writer (the catalogue ids below live in them). */
const OWN_FILES = ['instruments.yaml', 'agreements.yaml', 'organisations.yaml', 'topics-core.yaml'];

const lower = (codes: string) => codes.split(' ').map((c) => c.toLowerCase());

/** Catalogue ids owned by the knowledge writer (/tmp/catalogue.md, "Knowledge ids"). */
const CATALOGUE_IDS = [
  // Instruments
  ...'c87 c97 c98 c102 c118 c143 c157 c189 r86 r151 r167 r201 r202 icrmw refugee-convention udhr gcm'.split(
    ' ',
  ),
  // Regional and multilateral agreements
  ...'eu-coordination eu-uk-tca mercosur-ssa caricom-ssa ibero-american-ssa ecowas-ssa cipres-ssa sadc-portability gcc-insurance-extension asean-consensus'.split(
    ' ',
  ),
  // Bilateral agreements are records imported from the official-source sheet (knowledge/agreement-records.yaml,
  // checked in test/agreement-records.test.ts); the Philippine, Indian and Moroccan ones among them:
  ...lower('AT GB ES FR CA CH BE DK NL JP SE').map((c) => `ssa-ph-${c}`),
  ...lower('BE DE CH LU FR DK KR NL HU FI SE CZ NO AT CA AU JP PT').map((c) => `ssa-in-${c}`),
  ...lower('FR BE NL DE ES SE DK LY TN CA PT IT DZ').map((c) => `ssa-ma-${c}`),
  // National schemes for nationals abroad
  'np-ssf-abroad',
  'id-bpjs-migrant',
  // Union partnerships
  ...'tuc-ugtp igbau-zzpr ksbsi-mtuc gefont-mous py-ar-domestic-workers'.split(' '),
  // Organisations
  ...'ituc etuc-unionmigrantnet atumnet sticc-poa arab-migrant-resource-center csc-belgium afl-cio gefont ksbsi mtuc tuc ugt-p igbau zzpr psi ilo idwf sss-ph epfo-in cnss-ma np-ssf bpjs-ketenagakerjaan it-consular-services mx-ventanillas-de-salud'.split(
    ' ',
  ),
  // Core topics
  ...'term-migrant term-migrant-worker term-refugee term-asylum-seeker term-idp term-climate-migrant totalisation export-of-benefits equality-of-treatment one-country-rule administrative-assistance certificate-of-coverage claim-pension-eu claim-documents context-figures portability-gap social-protection-definition'.split(
    ' ',
  ),
];

const UNION_PARTNERSHIPS = ['tuc-ugtp', 'igbau-zzpr', 'ksbsi-mtuc', 'gefont-mous', 'py-ar-domestic-workers'];

interface Loaded {
  file: string;
  data: KnowledgeFile;
}

// countries.yaml is written by someone else: it is parsed (and checked for unique ids) when present, never required.
const yamlFiles = existsSync(KNOWLEDGE_DIR)
  ? readdirSync(KNOWLEDGE_DIR)
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort()
  : [];

const parsed = yamlFiles.map((file) => {
  const raw: unknown = parse(readFileSync(path.join(KNOWLEDGE_DIR, file), 'utf8'));
  return { file, result: KnowledgeFile.safeParse(raw) };
});
const loaded: Loaded[] = parsed.flatMap((p) =>
  p.result.success ? [{ file: p.file, data: p.result.data }] : [],
);

type AnyEntry = KnowledgeFile['entries'][number];
const allEntries: { file: string; kind: KnowledgeFile['kind']; entry: AnyEntry }[] = loaded.flatMap((l) =>
  l.data.entries.map((entry) => ({ file: l.file, kind: l.data.kind, entry })),
);
const ownEntries = allEntries.filter((e) => OWN_FILES.includes(e.file));

function entryById(id: string): AnyEntry | undefined {
  return allEntries.find((e) => e.entry.id === id)?.entry;
}

/** Every localized text field of an entry (title, summary, text, contact note), with its name. */
function localizedFields(entry: AnyEntry): [string, Record<string, string | undefined>][] {
  const out: [string, Record<string, string | undefined>][] = [];
  const e = entry as Record<string, unknown>;
  for (const key of ['title', 'summary', 'text']) {
    const v = e[key];
    if (v && typeof v === 'object') out.push([key, v as Record<string, string | undefined>]);
  }
  const contact = e['contact'] as { note?: Record<string, string | undefined> } | undefined;
  if (contact?.note) out.push(['contact.note', contact.note]);
  return out;
}

describe('knowledge files', () => {
  it('has the knowledge writer files', () => {
    for (const f of OWN_FILES) expect(yamlFiles, `knowledge/${f} is missing`).toContain(f);
  });

  it.each(yamlFiles)('%s parses against KnowledgeFile', (file) => {
    const p = parsed.find((x) => x.file === file);
    const issues = p && !p.result.success ? p.result.error.issues.slice(0, 5) : [];
    expect(issues, `${file}: ${JSON.stringify(issues)}`).toEqual([]);
  });

  it('every entry has at least one source and a reviewed date', () => {
    expect(allEntries.length).toBeGreaterThan(0);
    for (const { file, entry } of allEntries) {
      expect(entry.sources.length, `${file} ${entry.id}: no source`).toBeGreaterThanOrEqual(1);
      expect(entry.reviewed, `${file} ${entry.id}: no reviewed date`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('ids are unique across all files', () => {
    const seen = new Map<string, string>();
    const dupes: string[] = [];
    for (const { file, entry } of allEntries) {
      const before = seen.get(entry.id);
      if (before) dupes.push(`${entry.id} (${before} and ${file})`);
      else seen.set(entry.id, file);
    }
    expect(dupes).toEqual([]);
  });

  it('every catalogue id owned by the knowledge writer exists', () => {
    const ids = new Set(allEntries.map((e) => e.entry.id));
    // Agreement records are named after the pair in the order the sheet gives it (ssa-de-in or ssa-in-de).
    const swapped = (id: string) => id.replace(/^ssa-([a-z]{2})-([a-z]{2})$/, 'ssa-$2-$1');
    const missing = CATALOGUE_IDS.filter((id) => !ids.has(id) && !ids.has(swapped(id)));
    expect(missing).toEqual([]);
  });

  it('every text field has all six languages', () => {
    const gaps: string[] = [];
    for (const { file, entry } of allEntries) {
      for (const [field, text] of localizedFields(entry)) {
        for (const lang of SIX) {
          if (!text[lang]?.trim()) gaps.push(`${file} ${entry.id}.${field}.${lang}`);
        }
      }
    }
    expect(gaps).toEqual([]);
  });

  it('every ratification count has its as_of date, and the summary gives the count with its year', () => {
    const instruments: Instrument[] = loaded.flatMap((l) =>
      l.data.kind === 'instrument' ? l.data.entries : [],
    );
    expect(instruments.length).toBeGreaterThan(0);
    for (const entry of instruments) {
      const r = entry.ratifications;
      if (!r) continue;
      expect(r.as_of, `${entry.id}: ratification count without as_of`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const year = r.as_of.slice(0, 4);
      for (const lang of SIX) {
        const s = entry.summary[lang] ?? '';
        expect(s, `${entry.id}.summary.${lang} should give the count`).toContain(String(r.count));
        expect(s, `${entry.id}.summary.${lang} should give the year of the count`).toContain(year);
      }
    }
  });

  it('Philippine and Indian agreements on official lists are records in force, with an official source', () => {
    const records = allEntries.filter((e) => e.kind === 'agreement-record').map((e) => e.entry);
    const byId = new Map(
      records.map((r) => [
        r.id,
        r as { status?: string; secondary_only?: boolean; sources: { tier?: string }[] },
      ]),
    );
    // Table C: C06 (PH–CH), C10 (PH–JP), C11 (PH–SE), C17 (all 18 Indian agreements on the EPFO list)
    for (const id of [
      'ssa-ph-ch',
      'ssa-ph-se',
      'ssa-jp-ph',
      ...lower('BE DE CH LU FR DK KR NL HU FI SE CZ NO AT CA AU JP PT').map((c) => `ssa-in-${c}`),
    ]) {
      const r = byId.get(id) ?? byId.get(id.replace(/^ssa-in-([a-z]{2})$/, 'ssa-$1-in'));
      expect(r?.status, id).toBe('in-force');
      expect(r?.secondary_only ?? false, id).toBe(false);
      expect(
        r?.sources.some((s) => s.tier === 'official' || s.tier === 'gazette'),
        id,
      ).toBe(true);
    }
    // C44: no source for a Morocco–Romania agreement, so no record.
    expect(byId.has('ssa-ma-ro') || byId.has('ssa-ro-ma')).toBe(false);
  });

  it('bilateral agreements name both countries as parties, and not-in-force parties are parties', () => {
    for (const { entry, kind } of ownEntries) {
      if (kind !== 'agreement' || !('parties' in entry)) continue;
      const a = entry as Extract<AnyEntry, { type: string; parties: string[] }> & {
        not_in_force_for: string[];
      };
      for (const c of a.not_in_force_for) expect(a.parties, `${a.id}: ${c}`).toContain(c);
      const m = /^ssa-([a-z]{2})-([a-z]{2})$/.exec(a.id);
      if (m) {
        expect(a.type, a.id).toBe('bilateral-ssa');
        expect([...a.parties].sort(), a.id).toEqual([m[1]!.toUpperCase(), m[2]!.toUpperCase()].sort());
      }
    }
  });

  it('union partnerships have their type, parties and existing organisations', () => {
    for (const id of UNION_PARTNERSHIPS) {
      const e = entryById(id) as { type?: string; parties?: string[]; organisations?: string[] } | undefined;
      expect(e?.type, id).toBe('union-partnership');
      expect(e?.parties?.length ?? 0, `${id}: parties`).toBeGreaterThanOrEqual(2);
      expect(e?.organisations?.length ?? 0, `${id}: organisations`).toBeGreaterThanOrEqual(1);
    }
  });

  it('organisations named by agreements exist as organisation entries', () => {
    const orgIds = new Set(allEntries.filter((e) => e.kind === 'organisation').map((e) => e.entry.id));
    const dangling: string[] = [];
    for (const { entry, kind } of allEntries) {
      if (kind !== 'agreement' || !('organisations' in entry)) continue;
      for (const o of entry.organisations ?? []) if (!orgIds.has(o)) dangling.push(`${entry.id} -> ${o}`);
    }
    expect(dangling).toEqual([]);
  });

  it('Italy consular services and Ventanillas de Salud are government organisations with countries', () => {
    for (const id of ['it-consular-services', 'mx-ventanillas-de-salud']) {
      const e = entryById(id) as { type?: string; countries?: string[] } | undefined;
      expect(e?.type, id).toBe('government');
      expect(e?.countries?.length ?? 0, id).toBeGreaterThan(0);
    }
  });
});

const sharedPresent = existsSync(FACTS_FILE) && existsSync(SEEDS_DIR);
const sharedText = sharedPresent
  ? [
      readFileSync(FACTS_FILE, 'utf8'),
      ...readdirSync(SEEDS_DIR).map((f) => readFileSync(path.join(SEEDS_DIR, f), 'utf8')),
    ].join('\n')
  : '';
const sharedNote = sharedPresent ? '' : ` (SKIPPED: ${SHARED_DIR} not found, so nothing to compare against)`;

describe(`knowledge against the fact sheet and seeds${sharedNote}`, () => {
  it.skipIf(!sharedPresent)(
    'no organisation contact (url, email, phone) that is not verbatim in the sources',
    () => {
      const invented: string[] = [];
      for (const { file, entry, kind } of allEntries) {
        if (kind !== 'organisation' || !('contact' in entry) || !entry.contact) continue;
        for (const key of ['url', 'email', 'phone'] as const) {
          const v = entry.contact[key];
          if (v !== undefined && !sharedText.includes(v))
            invented.push(`${file} ${entry.id}.contact.${key}: ${v}`);
        }
      }
      expect(invented).toEqual([]);
    },
  );

  it.skipIf(!sharedPresent)("the knowledge writer's seed sources name existing seed files", () => {
    const seeds = new Set(readdirSync(SEEDS_DIR));
    const missing: string[] = [];
    for (const { file, entry } of ownEntries) {
      for (const s of entry.sources)
        if (s.seed !== undefined && !seeds.has(s.seed)) missing.push(`${file} ${entry.id}: ${s.seed}`);
    }
    expect(missing).toEqual([]);
  });

  it.skipIf(!sharedPresent)(
    "the knowledge writer's source URLs are copied exactly from the fact sheet",
    () => {
      const facts =
        readFileSync(FACTS_FILE, 'utf8') +
        (existsSync(AGREEMENTS_FILE) ? readFileSync(AGREEMENTS_FILE, 'utf8') : '');
      const notInFacts: string[] = [];
      for (const { file, entry } of ownEntries) {
        for (const s of entry.sources)
          if (s.url !== undefined && !facts.includes(s.url)) notInFacts.push(`${file} ${entry.id}: ${s.url}`);
      }
      expect(notInFacts).toEqual([]);
    },
  );
});
