import { describe, expect, it } from 'vitest';
import { createEntityExtractor, detectLanguage } from '../src/nlu/entities.ts';
import type { CountryNames, InstrumentNames } from '../src/nlu/entities.ts';

// A tiny country list for the tests (the real one lives in knowledge/countries.yaml).
const COUNTRIES: CountryNames[] = [
  {
    iso2: 'PH',
    names: { en: ['Philippines'], es: ['Filipinas'], tl: ['Pilipinas'] },
    demonyms: { en: ['Filipino', 'Filipina', 'Filipinos', 'Pinoy', 'Pinay'], es: ['filipino', 'filipinas'] },
    aliases: ['RP', 'Pinas'],
  },
  {
    iso2: 'NP',
    names: { en: ['Nepal'], ne: ['नेपाल'] },
    demonyms: { en: ['Nepali', 'Nepalese'] },
    aliases: [],
  },
  {
    iso2: 'MX',
    names: { en: ['Mexico'], es: ['México'] },
    demonyms: { en: ['Mexican'], es: ['mexicano', 'mexicana'] },
    aliases: [],
  },
  {
    iso2: 'US',
    names: { en: ['United States', 'United States of America'], es: ['Estados Unidos'] },
    demonyms: { en: ['American'] },
    aliases: ['USA', 'US', 'EEUU'],
  },
  {
    iso2: 'ID',
    names: { en: ['Indonesia'], fr: ['Indonésie'] },
    demonyms: { en: ['Indonesian'] },
    aliases: [],
  },
  {
    iso2: 'SA',
    names: { en: ['Saudi Arabia'], es: ['Arabia Saudita'], ar: ['السعودية'] },
    demonyms: { en: ['Saudi'] },
    aliases: ['KSA'],
  },
  { iso2: 'ES', names: { en: ['Spain'], es: ['España'] }, demonyms: { en: ['Spanish'] }, aliases: [] },
  { iso2: 'FR', names: { en: ['France'], fr: ['France'] }, demonyms: {}, aliases: [] },
];

const INSTRUMENTS: InstrumentNames[] = [
  { id: 'c157', code: 'C157', type: 'ilo-convention', aliases: ['convention 157', 'ILO 157'] },
  { id: 'c97', code: 'C97', type: 'ilo-convention', aliases: [] },
  {
    id: 'r202',
    code: 'R202',
    type: 'ilo-recommendation',
    aliases: ['social protection floors recommendation'],
  },
  {
    id: 'icrmw',
    code: 'ICRMW',
    type: 'un-convention',
    aliases: ['migrant workers convention', 'UN migrant workers convention'],
  },
];

const x = createEntityExtractor(COUNTRIES, INSTRUMENTS);
const isos = (text: string): string[] => x.extract(text).countries.map((c) => c.iso2);
const ids = (text: string): string[] => x.extract(text).instruments.map((i) => i.id);

describe('country entities', () => {
  it('finds names, demonyms and aliases in several languages', () => {
    expect(isos('I am Filipino')).toEqual(['PH']);
    expect(isos('pinoy ako')).toEqual(['PH']);
    expect(isos('Trabajo en Filipinas')).toEqual(['PH']);
    expect(isos('I am Nepali')).toEqual(['NP']);
    expect(isos('म नेपाल बाट आएको हुँ')).toEqual(['NP']);
    expect(isos('vivo en MEXICO')).toEqual(['MX']);
    expect(isos('je travaille en indonésie')).toEqual(['ID']);
  });

  it('matches misspellings of long names only', () => {
    expect(isos('I come from the Phillipines')).toEqual(['PH']);
    expect(isos('Filipines')).toEqual(['PH']);
    expect(isos('Indonesa')).toEqual(['ID']);
    expect(x.extract('Indonesa').countries[0]!.fuzzy).toBe(true);
    expect(isos('Philipines')).toEqual(['PH']);
    // Short words are not stretched: "Nepa" is not Nepal, "Spai" is not Spain.
    expect(isos('nepa spai')).toEqual([]);
  });

  it('does not read everyday words as misspelt countries', () => {
    // Each is one letter from a country name or demonym in the list.
    expect(isos('I want to check while my child sleeps')).toEqual([]); // Czech, Chile
    expect(isos('no puede, se quede, mexicos')).toEqual([]);
    // Demonyms are never matched by spelling distance ("serviços" is one letter from "sérvios").
    expect(isos('Nepalis Filipinoss')).toEqual([]);
  });

  it('refuses a misspelling that is equally close to two countries', () => {
    const y = createEntityExtractor([
      { iso2: 'AL', names: { es: ['Albania'] }, demonyms: {}, aliases: [] },
      { iso2: 'DE', names: { es: ['Alemania'] }, demonyms: {}, aliases: [] },
    ]);
    expect(y.extract('Almania').countries).toEqual([]);
    expect(y.extract('Alemnaia').countries.map((c) => c.iso2)).toEqual(['DE']);
  });

  it('reads Arabic clitics and Nepali postpositions attached to the name', () => {
    const roles = (t: string) => x.extract(t).countries.map((c) => [c.iso2, c.role]);
    expect(roles('أنا من السعودية')).toEqual([['SA', 'origin']]);
    expect(roles('سافرت للسعودية')).toEqual([['SA', 'destination']]);
    expect(roles('م नेपालबाट हुँ')).toEqual([['NP', 'origin']]);
    expect(roles('नेपालमा काम')).toEqual([['NP', 'destination']]);
  });

  it('matches multi-word names, longest first, with offsets into the original text', () => {
    const r = x.extract('Me fui a Arabia Saudita en 2019');
    expect(r.countries).toHaveLength(1);
    expect(r.countries[0]).toMatchObject({ iso2: 'SA', text: 'Arabia Saudita', start: 9, end: 23 });
    expect(isos('the United States of America')).toEqual(['US']);
  });

  it('keeps mention order and reports each country once', () => {
    expect(isos('from Mexico to USA, then back to Mexico')).toEqual(['MX', 'US']);
  });

  it('gives role hints from prepositions in several languages', () => {
    const roles = (t: string): Record<string, string | undefined> =>
      Object.fromEntries(x.extract(t).countries.map((c) => [c.iso2, c.role]));
    expect(roles('from Mexico to USA')).toEqual({ MX: 'origin', US: 'destination' });
    expect(roles('soy de México y trabajo en España')).toEqual({ MX: 'origin', ES: 'destination' });
    expect(roles('saya dari Indonesia, kerja di Saudi Arabia')).toEqual({ ID: 'origin', SA: 'destination' });
    expect(roles('mula sa Pilipinas papunta sa Saudi Arabia')).toEqual({ PH: 'origin', SA: 'destination' });
    expect(roles('je vais en France')).toEqual({ FR: 'destination' });
    expect(roles('I am Nepali')).toEqual({ NP: 'origin' });
    expect(roles('Nepal and Spain')).toEqual({ NP: undefined, ES: undefined });
  });

  it('does not read the pronoun "us" as the United States', () => {
    expect(isos('can you help us with the pension')).toEqual([]);
    expect(isos('I work in the US')).toEqual(['US']);
  });
});

describe('instrument entities', () => {
  it('reads codes, numbered forms and aliases', () => {
    expect(ids('what does C157 say')).toEqual(['c157']);
    expect(ids('c 157')).toEqual(['c157']);
    expect(ids('ILO convention 157')).toEqual(['c157']);
    expect(ids('el Convenio núm. 157')).toEqual(['c157']);
    expect(ids('R202 and C97')).toEqual(['r202', 'c97']);
    expect(ids('Recommendation No. 202')).toEqual(['r202']);
    expect(ids('recomendación 202')).toEqual(['r202']);
    expect(ids('Has my country ratified the ICRMW?')).toEqual(['icrmw']);
    expect(ids('the UN Migrant Workers Convention')).toEqual(['icrmw']);
  });

  it('ignores numbers of instruments it does not know and other numbers', () => {
    expect(ids('convention 999')).toEqual([]);
    expect(ids('I worked 157 days')).toEqual([]);
    expect(ids('room c 12')).toEqual([]);
  });

  it('returns the text as written', () => {
    expect(x.extract('about Convention 157 please').instruments[0]).toMatchObject({
      text: 'Convention 157',
      start: 6,
      end: 20,
    });
  });
});

describe('detectLanguage', () => {
  it('tells the bot languages apart on short messages', () => {
    const cases: [string, string][] = [
      ['Can I take my pension home when I go back?', 'en'],
      ['¿Puedo llevar mi pensión a mi país cuando regrese?', 'es'],
      ['Est-ce que je peux toucher ma retraite dans mon pays ?', 'fr'],
      ['Posso receber a minha aposentadoria quando voltar para o Brasil?', 'pt'],
      ['Apakah saya bisa mendapatkan pensiun kalau pulang ke Indonesia?', 'id'],
      ['Paano ko makukuha ang pensyon ko pag-uwi sa Pilipinas?', 'tl'],
      ['मेरो पेन्सन के हुन्छ?', 'ne'],
      ['ماذا يحدث لمعاشي عندما أعود؟', 'ar'],
      // Romanised Nepali and Arabizi, as typed on phones.
      ['mero paisa kasari firta paune, malai thaha chaina', 'ne'],
      ['ana 3ndi mushkila ma3 el kafeel, shu a3mal?', 'ar'],
      ['gimana cara minta pengembalian iuran', 'id'],
      ['tem direito a aposentadoria pra quem volta?', 'pt'],
    ];
    for (const [text, lang] of cases) {
      const g = detectLanguage(text);
      expect(g.language, text).toBe(lang);
      expect(g.confidence, text).toBeGreaterThan(0.4);
    }
  });

  it('only answers with a candidate, and says when it has no evidence', () => {
    expect(detectLanguage('hola amigo, gracias', ['en', 'es']).language).toBe('es');
    expect(detectLanguage('merci beaucoup', ['en', 'es']).language).not.toBe('fr');
    expect(detectLanguage('12345 !!!').confidence).toBe(0);
    expect(detectLanguage('🙂🙂').confidence).toBe(0);
  });
});
