/**
 * On the real content: a worker who introduces themselves (with or without a greeting) gets a
 * welcome naming the two countries understood and the topics for them, never a "did you mean";
 * retiring in one country on contributions paid in another is the pension question, not a refund;
 * "what if I move to …?" after an answer is the same subject for the new country of work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/app.ts';
import { isIntroduction } from '../src/core/pipeline/intro.ts';
import { isMoveWord, saysMove } from '../src/core/pipeline/moves.ts';
import { preferPensionForRetiring, saysRefund, saysRetire } from '../src/core/pipeline/retire.ts';
import { t as ui } from '../src/core/strings.ts';
import type { Language } from '../src/kb/schema.ts';
import { makeTestApp, textOf, type TestApp } from './helpers/app.ts';

let t: TestApp;
let n = 0;
beforeAll(async () => {
  t = await makeTestApp({ content: REPO_ROOT });
}, 120_000);
afterAll(async () => t.close());

/** One worker's conversation. */
function worker() {
  const id = `intro-${++n}`;
  return (text: string) => t.say(text, id);
}

const none = { countries: [], instruments: [] };
const country = (iso2: string, text: string, start: number) => ({
  iso2,
  text,
  start,
  end: start + text.length,
  kind: 'name' as const,
});

describe('isIntroduction (words only)', () => {
  const known = (w: string) => ['pension', 'hurt', 'years', 'count'].includes(w);
  it('a greeting, "I am from", "I work in" and the countries: an introduction', () => {
    const text = 'hey, I am from Kenya and I work in Lebanon';
    const ents = { countries: [country('KE', 'Kenya', 15), country('LB', 'Lebanon', 35)], instruments: [] };
    expect(isIntroduction(text, ents, known)).toBe(true);
  });
  it('a word the content knows left over: a question, not an introduction', () => {
    const text = 'hey, I am from Kenya, my pension';
    const ents = { countries: [country('KE', 'Kenya', 15)], instruments: [] };
    expect(isIntroduction(text, ents, known)).toBe(false);
  });
  it('no country: not an introduction', () => {
    expect(isIntroduction('hello I work here', none, known)).toBe(false);
  });
});

describe('a worker introducing themselves gets the two countries back and the topics for them', () => {
  it.each<[Language, string, string]>([
    ['en', 'good morning! I am a Sri Lankan, working in Oman now', 'Sri Lanka → Oman'],
    ['en', "I'm from Bangladesh and I work in Malaysia", 'Bangladesh → Malaysia'],
    ['es', 'buenas tardes, soy paraguaya y vivo y trabajo en España', 'Paraguay → España'],
    ['es', 'soy colombiano, trabajo en Ecuador', 'Colombia → Ecuador'],
    ['fr', 'salut, moi je viens du Mali et je bosse en Belgique', 'Mali → Belgique'],
    ['pt', 'bom dia, sou angolano e trabalho no Brasil', 'Angola → Brasil'],
    ['id', 'selamat pagi, saya orang Filipina, kerja di Taiwan', 'Filipina → Taiwan'],
    ['tl', 'magandang umaga po, taga Pilipinas ako at nagtatrabaho sa Hong Kong', 'Pilipinas → Hong Kong'],
    ['ne', 'नमस्कार, म नेपालबाट हुँ, मलेसियामा काम गर्छु', 'नेपाल → मलेसिया'],
    ['ar', 'السلام عليكم، أنا سوداني وأعمل في قطر', 'السودان ← قطر'],
  ])('[%s] %s', async (lang, text, pair) => {
    const say = worker();
    const r = await say(text);
    expect(r.trace.language).toBe(lang);
    expect(r.trace.outcome).toBe('asked');
    const reply = r.replies[0]!;
    expect(reply.text.startsWith(ui(lang, 'introWelcome'))).toBe(true);
    expect(reply.text).toContain(pair);
    expect(reply.text).not.toContain(ui(lang, 'ambiguous'));
    expect(reply.choices?.map((c) => c.value)).toEqual([
      'intent:agreement_between_countries',
      'intent:pension_portability_return',
      'intent:health_care',
      'cmd:human',
    ]);
  });

  it('an introduction after a greeting is noted without a second welcome', async () => {
    const say = worker();
    await say('hello');
    const r = await say('I am from Ghana and work in Italy');
    expect(r.replies[0]!.text).toMatch(/^Noted: Ghana → Italy/);
    // The countries are kept: the next question is answered for them.
    const next = await say('is there an agreement between my countries');
    expect(textOf(next.replies)).toMatch(/Ghana|Italy/);
  });

  it('a question with the introduction is answered, not just noted', async () => {
    const say = worker();
    const hurt = await say('hello, I am from Ghana working in Italy and I got hurt at work');
    expect(hurt.trace.intent).toBe('work_injury');
    const years = await worker()('my years in Ukraine count now that I am in the Czech Republic?');
    expect(years.trace.outcome).toBe('answered');
    expect(years.replies[0]!.text).not.toContain('→');
  });
});

describe('retiring on contributions paid elsewhere is the pension question, not a refund', () => {
  it('words: retiring, and getting money back', () => {
    expect(saysRetire('me puedo jubilar alla')).toBe(true);
    expect(saysRetire('هل يمكنني أن أتقاعد هناك')).toBe(true);
    expect(saysRetire('makakapagretiro ba ako')).toBe(true);
    expect(saysRetire('puedo retirar mis aportes')).toBe(false);
    expect(saysRefund('puedo retirar mis aportes')).toBe(true);
    expect(saysRefund('can I get back what I paid')).toBe(true);
    expect(saysRefund('can I retire back home')).toBe(false);
  });
  it('only the refund intent gives way', () => {
    const ranked = [
      { intent: 'contributions_on_return', score: 0.7 },
      { intent: 'voluntary_contributions_abroad', score: 0.2 },
    ];
    expect(
      preferPensionForRetiring(ranked, 'je veux prendre ma retraite au pays avec mes cotisations'),
    ).toEqual([
      { intent: 'pension_portability_return', score: 0.7 },
      { intent: 'voluntary_contributions_abroad', score: 0.2 },
    ]);
    expect(preferPensionForRetiring(ranked, 'rembourser mes cotisations de retraite')).toBe(ranked);
    const other = [{ intent: 'totalisation_explained', score: 0.7 }, ...ranked];
    expect(preferPensionForRetiring(other, 'chaque pays paie ma retraite')).toBe(other);
  });
  it.each([
    ['I am Filipino and work in Spain', 'can I retire back home on what I have paid in over here?', 'Spain'],
    ['sou brasileiro e trabalho em Portugal', 'dá pra me aposentar lá com o que contribuí aqui?', 'Portugal'],
    [
      'soy boliviano y trabajo en Argentina',
      '¿mis aportes de acá me sirven para jubilarme allá?',
      'Argentina',
    ],
  ])('%s / %s', async (intro, question, name) => {
    const say = worker();
    await say(intro);
    const r = await say(question);
    expect(r.trace.intent).toBe('pension_portability_return');
    expect(r.replies[0]!.text).toContain(name);
  });
  it('asking for the money back is still the refund', async () => {
    const say = worker();
    await say('I am Filipino and work in Spain');
    const r = await say('can I get back the contributions I paid when I retire?');
    expect(r.trace.intent).toBe('contributions_on_return');
  });
});

describe('"what if I move to …?" after an answer: the same subject, the new country of work', () => {
  it('move words', () => {
    expect(saysMove('what if I relocate to Canada')).toBe(true);
    expect(saysMove('وإذا انتقلت إلى الكويت')).toBe(true);
    expect(saysMove('is there an agreement with Canada')).toBe(false);
    expect(isMoveWord('relocate')).toBe(true);
    expect(isMoveWord('pension')).toBe(false);
  });
  it.each<[string, string, string, string]>([
    [
      'soy peruano y trabajo en Chile',
      '¿pierdo mi pensión si vuelvo a mi país?',
      '¿y si me traslado a Argentina?',
      'Argentina–Perú',
    ],
    [
      'I am Nepali and work in Qatar',
      'will I lose my pension if I go home',
      'and if I relocate to Japan?',
      'Japan',
    ],
    [
      'je suis sénégalais et je travaille en France',
      'est-ce que je perds ma retraite si je rentre ?',
      'et si je déménage au Canada ?',
      'Canada',
    ],
    [
      'sou brasileiro e trabalho em Portugal',
      'posso receber a aposentadoria se voltar para casa?',
      'e se eu me mudar para o Canadá?',
      'Canadá',
    ],
    [
      'saya orang Indonesia dan kerja di Malaysia',
      'apakah pensiun saya hilang kalau pulang?',
      'kalau saya pergi ke Jepang?',
      'Jepang',
    ],
    ['म नेपाली हुँ र कतारमा काम गर्छु', 'घर फर्किँदा मेरो पेन्सन के हुन्छ?', 'यदि म जापान सरेँ भने?', 'जापान'],
    ['أنا مصري وأعمل في السعودية', 'هل أفقد معاشي إذا رجعت إلى بلدي؟', 'وإذا انتقلت إلى الكويت؟', 'الكويت'],
  ])('%s → %s → %s', async (intro, question, move, name) => {
    const say = worker();
    await say(intro);
    const first = await say(question);
    expect(first.trace.intent).toBe('pension_portability_return');
    const r = await say(move);
    expect(r.trace.intent).toBe('pension_portability_return');
    expect(r.trace.outcome).toBe('answered');
    expect(r.replies[0]!.text).toContain(name);
  });
  it('after a "did you mean", the subject answered last', async () => {
    const say = worker();
    await say('I am Nepali and work in Qatar');
    await say('will I lose my pension if I go home');
    const unclear = await say('my contract is finishing, will the company pay my gratuity?');
    expect(unclear.trace.outcome).toBe('asked');
    const r = await say('what if I move to Canada?');
    expect(r.trace.intent).toBe('pension_portability_return');
    expect(r.replies[0]!.text).toContain('Canada');
  });
});
