/**
 * Questions about two countries' agreement, and conversations that move between countries (issue 10),
 * on the real content through the whole bot. Each case was a miss found by QA (scripts/qa/) or in the
 * conversation tests; every fact asserted here is a row of the official fact sheet
 * (../shared/agreements-official.md) as carried by knowledge/agreement-records.yaml.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/app.ts';
import { namesRegion, preferPair, saysAgreement } from '../src/core/pipeline/pair.ts';
import { checkedFor, renderAgreementRecords } from '../src/core/render-agreements.ts';
import type { Content, KnowledgeEntry } from '../src/kb/loader.ts';
import { makeTestApp, textOf, type TestApp } from './helpers/app.ts';

let t: TestApp;
let content: Content;
let n = 0;
beforeAll(async () => {
  t = await makeTestApp({ content: REPO_ROOT });
  // The content the bot loaded: not read a second time.
  content = t.app.live.current().content;
}, 300_000);
afterAll(async () => t.close());

const conversation = async (...texts: string[]) => {
  const user = `pair-${++n}`;
  const out = [];
  for (const text of texts) out.push(await t.say(text, user));
  return out;
};
const one = async (text: string) => (await conversation(text))[0]!;

describe('preferPair', () => {
  const two = {
    countries: [
      { iso2: 'BR', text: 'Brazil' },
      { iso2: 'PT', text: 'Portugal' },
    ],
    instruments: [],
  };
  const ranked = [
    { intent: 'regional_frameworks', score: 0.8 },
    { intent: 'agreement_between_countries', score: 0.45 },
    { intent: 'domestic_workers', score: 0.1 },
  ];
  it('puts the pair first, at the first score, when the regional overview led', () => {
    expect(preferPair(ranked, two, 'agreement Brazil Portugal')).toEqual([
      { intent: 'agreement_between_countries', score: 0.8 },
      { intent: 'domestic_workers', score: 0.1 },
    ]);
  });
  it('keeps the ranking with one country, a named region, or an instrument', () => {
    const oneCountry = { countries: [two.countries[0]!], instruments: [] };
    expect(preferPair(ranked, oneCountry, 'agreement Brazil')).toBe(ranked);
    expect(preferPair(ranked, two, 'does MERCOSUR cover Brazil and Portugal')).toBe(ranked);
    const withInstrument = { ...two, instruments: [{ id: 'c102', text: 'C102' }] };
    expect(preferPair(ranked, withInstrument, 'C102 agreement Brazil Portugal')).toBe(ranked);
  });
  it('an explainer or an out-of-scope neighbour yields only when the message says "agreement"', () => {
    const r = [
      { intent: 'out_jobs', score: 0.7 },
      { intent: 'agreement_between_countries', score: 0.69 },
    ];
    const isOut = (id: string) => id.startsWith('out_');
    expect(preferPair(r, two, 'trabajo en Brasil y Portugal', isOut)).toBe(r);
    expect(preferPair(r, two, 'trabajo en Brasil y Portugal, hay convenio?', isOut)[0]!.intent).toBe(
      'agreement_between_countries',
    );
  });
  it('recognises "agreement" and regions in the bot’s languages', () => {
    expect(saysAgreement('هل هناك اتفاق للضمان الاجتماعي')).toBe(true);
    expect(saysAgreement('há acordo?')).toBe(true);
    expect(saysAgreement('will i lose my pension')).toBe(false);
    expect(namesRegion('نظام الخليج')).toBe(true);
    // Portuguese "eu" (I) is not the EU.
    expect(namesRegion('eu sou português')).toBe(false);
    expect(namesRegion('the European Union rules')).toBe(true);
    expect(namesRegion('las normas de la UE')).toBe(true);
  });
});

describe('pair questions through the whole bot', () => {
  it.each([
    ['هل هناك اتفاق للضمان الاجتماعي بين البرازيل والبرتغال؟', 'BR', 'PT'],
    ['هل هناك اتفاق للضمان الاجتماعي بين كندا والتشيك؟', 'CA', 'CZ'],
    ['هل هناك اتفاقية للضمان الاجتماعي بين النمسا وصربيا؟', 'AT', 'RS'],
  ])('Arabic "%s" is answered for the pair, not with the regional overview', async (q, a, b) => {
    const r = await one(q);
    expect(r.trace.intent).toBe('agreement_between_countries');
    expect(r.trace.outcome).toBe('answered');
    expect(new Set([r.trace.origin, r.trace.destination])).toEqual(new Set([a, b]));
  });

  it('Portuguese worker in France: answered (EU rules), not asked back', async () => {
    const r = await one('sou português e trabalho em frança, há acordo?');
    expect(r.trace.outcome).toBe('answered');
    expect(r.trace.intent).toBe('agreement_between_countries');
    expect(r.trace.origin).toBe('PT');
    expect(r.trace.destination).toBe('FR');
    expect(textOf(r.replies)).toMatch(/UE/);
  });

  it('"does Serbia have a totalization agreement with Canada?" names the agreement in force since 2014-12-01', async () => {
    const r = await one('does Serbia have a totalization agreement with Canada?');
    expect(r.trace.outcome).toBe('answered');
    expect(textOf(r.replies)).toContain('2014-12-01');
  });

  it('"soy luxemburgués y trabajo en Canadá, hay convenio?" is about the agreement, not job search', async () => {
    const r = await one('soy luxemburgués y trabajo en Canadá, hay convenio?');
    expect(r.trace.intent).toBe('agreement_between_countries');
    expect(r.trace.outcome).toBe('answered');
  });

  it('an Indian who worked in Japan gets the Japan–India agreement, not a question back', async () => {
    const r = await one('i worked in japan for 7 years, im indian, can i get my pension in india');
    expect(r.trace.outcome).toBe('answered');
    expect(r.trace.origin).toBe('IN');
    expect(r.trace.destination).toBe('JP');
    expect(textOf(r.replies)).toMatch(/Japan–India: .*in force since 2016-10/);
  });
});

describe('language of short questions dominated by country names', () => {
  it('"Há acordo previdenciário entre Chile e Argentina?" is Portuguese', async () => {
    const r = await one('Há acordo previdenciário entre Chile e Argentina?');
    expect(r.trace.language).toBe('pt');
    expect(r.trace.intent).toBe('agreement_between_countries');
  });
  it('"social security agreement Jamaica Trinidad?" is English', async () => {
    const r = await one('social security agreement Jamaica Trinidad?');
    expect(r.trace.language).toBe('en');
    expect(textOf(r.replies)).toContain('CARICOM');
  });
});

describe('totalisation: the pair’s agreement when both countries are known', () => {
  it('names the agreement and no longer asks for the two countries', async () => {
    const r = await one('soy filipina y trabajo en españa, ¿se suman mis años para la jubilación?');
    expect(r.trace.intent).toBe('totalisation_explained');
    const text = textOf(r.replies);
    expect(text).toMatch(/España–Filipinas: .*2012-08-01/);
    expect(text).not.toMatch(/dime los dos países/i);
  });

  it('"¿y si me voy a Suiza?" keeps the subject and changes the country of work', async () => {
    const [, r] = await conversation(
      'soy filipina y trabajo en españa, ¿se suman mis años para la jubilación?',
      '¿y si me voy a suiza?',
    );
    expect(r!.trace.outcome).toBe('answered');
    expect(r!.trace.intent).toBe('totalisation_explained');
    expect(r!.trace.origin).toBe('PH');
    expect(r!.trace.destination).toBe('CH');
    expect(textOf(r!.replies)).toMatch(/Filipinas–Suiza: .*2004-03-01/);
  });

  it('without countries: the general answer and one question for them, then one country at a time', async () => {
    const [first, second, third] = await conversation(
      'what does totalisation mean',
      'i am from nepal',
      'i work in japan',
    );
    expect(first!.trace.outcome).toBe('answered');
    const text = textOf(first!.replies);
    expect(text).toMatch(/Tell me your home country/);
    // One question, not two ("Tell me both countries…" from the template as well).
    expect(text).not.toMatch(/Tell me both countries/);
    expect(second!.trace.outcome).toBe('asked');
    expect(third!.trace.outcome).toBe('answered');
    expect(textOf(third!.replies)).toMatch(/Japan Pension Service list .* does not include Nepal/);
  });
});

describe('agreement records: what an absence and a signature rest on', () => {
  const render = (a: string, b: string) => {
    const cited: KnowledgeEntry[] = [];
    const text = renderAgreementRecords(content, { language: 'en', origin: a, destination: b }, (e) =>
      cited.push(e),
    );
    return { text: text ?? '', cited: cited.map((e) => e.id) };
  };

  it('"no source mentions an agreement" cites the lists read for the countries, not a general page', () => {
    const r = render('PH', 'MY');
    expect(r.text).toMatch(/^No source I hold mentions a social security agreement/);
    const checked = checkedFor(content, 'PH', 'MY').map((x) => x.id);
    expect(checked.length).toBeGreaterThan(0);
    // The Philippines' own list in the sheet (rows filed under PH).
    expect(checked.every((id) => content.kb.records.find((x) => x.id === id)!.parties[0] === 'PH')).toBe(
      true,
    );
    expect(r.cited.slice(0, checked.length)).toEqual(checked);
  });

  it('through the bot, the source line of that answer is not the SSS page', async () => {
    const r = await one('is there an agreement between the philippines and malaysia');
    expect(textOf(r.replies)).not.toMatch(/Source: SSS/);
  });

  it('US–Mexico: signed (date from a secondary source), not in force, not on the SSA list; nowhere to claim', () => {
    const r = render('US', 'MX');
    expect(r.text).toContain(
      'United States–Mexico: an agreement was signed on 2004-06-29 (secondary source), but it is not in force.',
    );
    expect(r.text).toContain(
      'The SSA list of agreements of United States (2019-02) does not include Mexico.',
    );
    expect(r.text).not.toMatch(/Where to claim/);
    expect(r.cited).toEqual(expect.arrayContaining(['ssa-us-mx', 'list-us-ssa']));
    const rec = content.kb.records.find((x) => x.id === 'ssa-us-mx')!;
    expect(rec.signed_secondary).toBe(true);
    // The GAO report (September 2003) describes a proposal: it cannot give a 2004 signature.
    expect(rec.sources.find((s) => s.title.startsWith('US GAO'))!.gives).not.toContain('signed');
  });

  it('an agreement in force still says where to claim', () => {
    expect(render('US', 'JP').text).toMatch(/Where to claim: /);
  });
});

describe('a pair question the matcher split between two intents', () => {
  it('is answered even when neither half reached the language’s threshold alone', async () => {
    // "trabajo en…" pulls towards job search; two countries and "convenio" make it the pair's agreement.
    const r = await one('soy luxemburgués y trabajo en Canadá, hay convenio?');
    expect(r.trace.outcome).toBe('answered');
    expect(r.trace.intent).toBe('agreement_between_countries');
    expect(r.trace.confidence).toBeGreaterThan(0);
  });
});
