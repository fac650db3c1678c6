/**
 * Content checks for knowledge/countries.yaml: schema, codes, names in every language, no name shared
 * by two countries, the groupings the regional frameworks rely on, and ratifications only with a source.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KnowledgeFile, type Country } from '../src/kb/schema.ts';
import { normalizeForCompare } from '../src/kb/text.ts';

const FILE = fileURLToPath(new URL('../knowledge/countries.yaml', import.meta.url));
const REQUIRED_LANGUAGES = ['en', 'es', 'fr', 'pt', 'id', 'tl'] as const;
const REGION_TAGS = new Set([
  'eu',
  'eea',
  'efta',
  'mercosur',
  'caricom',
  'ibero-american',
  'ecowas',
  'cipres',
  'sadc',
  'gcc',
  'asean',
]);
const INSTRUMENTS = new Set([
  'c87',
  'c97',
  'c98',
  'c102',
  'c118',
  'c143',
  'c157',
  'c189',
  'r202',
  'icrmw',
  'refugee-convention',
]);

/** Same folding as the content checks use: case, accents and punctuation do not count. */
const fold = normalizeForCompare;

function load(): Country[] {
  const parsed = KnowledgeFile.parse(parse(readFileSync(FILE, 'utf8')));
  if (parsed.kind !== 'country') throw new Error(`countries.yaml has kind ${parsed.kind}`);
  return parsed.entries;
}

const countries = load();
const byIso = new Map(countries.map((c) => [c.iso2, c]));

/** Every word that should lead to a country: names and demonyms in all languages, and aliases. */
function terms(c: Country): string[] {
  return [...Object.values(c.names).flat(), ...Object.values(c.demonyms).flat(), ...c.aliases];
}

/** Which countries a typed word points to. */
const index = new Map<string, Set<string>>();
for (const c of countries) {
  for (const t of terms(c)) {
    const k = fold(t);
    if (!index.has(k)) index.set(k, new Set());
    index.get(k)!.add(c.iso2);
  }
}
const lookup = (word: string): string[] => [...(index.get(fold(word)) ?? [])];

function withRegion(tag: string): string[] {
  return countries
    .filter((c) => c.regions.includes(tag))
    .map((c) => c.iso2)
    .sort();
}

describe('knowledge/countries.yaml', () => {
  it('has at least 75 countries', () => {
    expect(countries.length).toBeGreaterThanOrEqual(75);
  });

  it('uses unique ISO codes, and the id is the lower-case alpha-2 code', () => {
    const iso2 = countries.map((c) => c.iso2);
    const iso3 = countries.map((c) => c.iso3);
    expect(new Set(iso2).size).toBe(iso2.length);
    expect(new Set(iso3).size).toBe(iso3.length);
    for (const c of countries) expect(c.id, c.iso2).toBe(c.iso2.toLowerCase());
  });

  it('names every country in all six languages, with unique English display names', () => {
    for (const c of countries) {
      for (const lang of REQUIRED_LANGUAGES) {
        expect(c.names[lang]?.length ?? 0, `${c.iso2} names.${lang}`).toBeGreaterThan(0);
        for (const n of c.names[lang] ?? []) expect(n.trim(), `${c.iso2} names.${lang}`).toBe(n);
      }
    }
    const display = countries.map((c) => fold(c.names.en![0]!));
    expect(new Set(display).size).toBe(display.length);
  });

  it('never lets one name, demonym or alias point to two countries', () => {
    const clashes = [...index.entries()]
      .filter(([, isos]) => isos.size > 1)
      .map(([term, isos]) => `${term}: ${[...isos].join(', ')}`);
    expect(clashes).toEqual([]);
  });

  it('finds the right country from common words workers use', () => {
    const expected: Array<[string, string]> = [
      ['Filipino', 'PH'],
      ['pinoy', 'PH'],
      ['Pinay', 'PH'],
      ['Filipinas', 'PH'],
      ['Pilipinas', 'PH'],
      ['phillipines', 'PH'],
      ['Nepali', 'NP'],
      ['Saudi', 'SA'],
      ['KSA', 'SA'],
      ['Emirati', 'AE'],
      ['UAE', 'AE'],
      ['Indonesian', 'ID'],
      ['orang Indonesia', 'ID'],
      ['Korea', 'KR'],
      ['Hong Kong', 'HK'],
      ['Arab Saudi', 'SA'],
      ['Emiratos Árabes Unidos', 'AE'],
      ['Congo-Brazzaville', 'CG'],
      ['República del Congo', 'CG'],
      ['DRC', 'CD'],
      ['RDC', 'CD'],
      ['Dominican', 'DO'],
      ['Cote d Ivoire', 'CI'],
      ['Britain', 'GB'],
      ['Holanda', 'NL'],
      ['नेपाली', 'NP'],
      ['बेलायत', 'GB'],
      ['السعودية', 'SA'],
    ];
    for (const [word, iso] of expected) expect(lookup(word), word).toEqual([iso]);
  });

  it('leaves words that could mean two countries unassigned, so the bot asks', () => {
    // "Congo" alone may mean Congo-Brazzaville or the DR Congo; "Congolese" likewise.
    for (const word of ['Congo', 'Congolese', 'congolais', 'congoleño'])
      expect(lookup(word), word).toEqual([]);
  });

  it('keeps words that name a well-known place in another country out of the names', () => {
    // Granada (Spain), Salvador (Brazil), Antigua (Guatemala), Kano (Nigeria), Formosa (Argentina)
    for (const word of ['Granada', 'Salvador', 'Antigua', 'Kano', 'Formosa'])
      expect(lookup(word), word).toEqual([]);
  });

  it("keeps everyday words of the workers' languages out of the names", () => {
    // Tagalog "hapon" (afternoon), Spanish "gana" (earns), English "pole"
    for (const word of ['hapon', 'gana', 'pole']) expect(lookup(word), word).toEqual([]);
  });

  it('keeps cities out of the aliases', () => {
    const cities = [
      'Dubai',
      'Abu Dhabi',
      'Riyadh',
      'Jeddah',
      'Doha',
      'Manila',
      'Kuala Lumpur',
      'Seoul',
      'Taipei',
    ];
    for (const city of cities) expect(lookup(city), city).toEqual([]);
  });

  it('uses only known region tags and instrument ids', () => {
    for (const c of countries) {
      for (const r of c.regions) expect(REGION_TAGS.has(r), `${c.iso2} region ${r}`).toBe(true);
      for (const r of c.ratifications)
        expect(INSTRUMENTS.has(r.instrument), `${c.iso2} ${r.instrument}`).toBe(true);
    }
  });

  it('gives every ratification a date and its own source with a url', () => {
    for (const c of countries) {
      for (const r of c.ratifications) {
        expect(r.date, `${c.iso2} ${r.instrument}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(r.source?.url, `${c.iso2} ${r.instrument}`).toMatch(/^https?:\/\//);
      }
    }
  });

  it('records the ratifications the fact sheet dates', () => {
    const has = (iso: string, instrument: string, date: string) =>
      byIso.get(iso)?.ratifications.some((r) => r.instrument === instrument && r.date === date) ?? false;
    expect(has('PY', 'c102', '2021-10-25')).toBe(true);
    expect(has('CG', 'c97', '2023-10-26')).toBe(true);
    expect(has('CA', 'c98', '2017-06-14')).toBe(true);
  });

  it('cites the ISO list and is reviewed', () => {
    for (const c of countries) {
      expect(
        c.sources.some((s) => s.url === 'https://www.iso.org/iso-3166-country-codes.html'),
        c.iso2,
      ).toBe(true);
      expect(c.reviewed, c.iso2).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('includes the countries the regional frameworks and partnerships name', () => {
    const needed = [
      // GEFONT MoU countries (Hong Kong as a territory) and the Nepal/Indonesia/Philippines corridors
      'NP',
      'LB',
      'JO',
      'KW',
      'BH',
      'HK',
      'KR',
      'ID',
      'MY',
      'PH',
      // SADC portability pilots
      'SZ',
      'LS',
      'MW',
      'ZA',
      'ZW',
      // fact-sheet ratifications
      'PY',
      'CG',
      'CA',
    ];
    for (const iso of needed) expect(byIso.has(iso), iso).toBe(true);
  });

  it('tags the GCC and ASEAN members', () => {
    expect(withRegion('gcc')).toEqual(['AE', 'BH', 'KW', 'OM', 'QA', 'SA']);
    expect(withRegion('asean')).toEqual(['BN', 'ID', 'KH', 'LA', 'MM', 'MY', 'PH', 'SG', 'TH', 'VN']);
  });

  it('tags the EU, EEA and EFTA states (27 EU members; EEA adds Iceland, Liechtenstein, Norway)', () => {
    const eu = withRegion('eu');
    expect(eu).toHaveLength(27);
    expect(eu).not.toContain('GB');
    expect(withRegion('eea')).toEqual([...eu, 'IS', 'LI', 'NO'].sort());
    expect(withRegion('efta')).toEqual(['CH', 'IS', 'LI', 'NO']);
  });

  it('tags the parties the fact sheet names for the Latin American and Caribbean frameworks', () => {
    // MERCOSUR social security agreement parties
    expect(withRegion('mercosur')).toEqual(['AR', 'BR', 'PY', 'UY']);
    // CARICOM: 13 states where the Agreement is in effect, plus Suriname and Haiti (members, not in effect)
    expect(withRegion('caricom')).toEqual(
      ['AG', 'BB', 'BS', 'BZ', 'DM', 'GD', 'GY', 'HT', 'JM', 'KN', 'LC', 'MS', 'SR', 'TT', 'VC'].sort(),
    );
    // Ibero-American Convention: states that ratified and signed the Implementation Agreement
    expect(withRegion('ibero-american')).toEqual(
      ['AR', 'BO', 'BR', 'CL', 'CO', 'DO', 'EC', 'ES', 'PE', 'PT', 'PY', 'SV', 'UY'].sort(),
    );
  });

  it('tags the SADC pilot states as SADC members', () => {
    for (const iso of ['SZ', 'LS', 'MW', 'ZA', 'ZW']) expect(byIso.get(iso)?.regions, iso).toContain('sadc');
  });
});
