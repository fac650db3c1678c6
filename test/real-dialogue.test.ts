/**
 * Conversations on the real content: the questions the project was founded on get relevant,
 * sourced answers in the worker's language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/app.ts';
import { makeTestApp, textOf, type TestApp } from './helpers/app.ts';

let t: TestApp;
let n = 0;
// Training the matcher on the real content takes a while on a busy machine.
let outOfScope: Set<string>;
beforeAll(async () => {
  t = await makeTestApp({ content: REPO_ROOT });
  const { content } = t.app.live.current();
  outOfScope = new Set(content.intents.filter((i) => i.scope === 'out').map((i) => i.id));
}, 300_000);
afterAll(async () => t.close());
/** Each question from a fresh worker. */
const ask = (text: string) => t.say(text, `worker-${++n}`);

describe('the six questions of interest of the PSI event (seed 000)', () => {
  it.each([
    ['What is social protection for migrant workers?', 'what_is_social_protection'],
    [
      'What are the challenges related to access and portability of social protection for migrant workers?',
      'portability_challenges',
    ],
    [
      'What are the roles of trade unions and civil society organizations in ensuring access and portability of social protection for migrant workers?',
      'union_role_and_practices',
    ],
    [
      'What international human rights instruments / mechanisms can be used in advancing social protection for migrant workers?',
      'key_instruments',
    ],
    [
      'What are examples of successful/promising national/bilateral/regional practices by trade unions/civil society organizations in promoting access and portability of social protection for migrant workers?',
      'union_role_and_practices',
    ],
    [
      'How can trade unions and civil society organizations work together in advancing social protection for migrant workers at the national, regional, and international levels?',
      'union_role_and_practices',
    ],
  ])('%s', async (question, intent) => {
    const r = await ask(question);
    expect(r.trace.intent).toBe(intent);
    expect(r.replies[0]!.text).toMatch(/Source: .*, checked \d{4}-\d{2}-\d{2}/);
  });
});

describe('workers’ questions from the project brief', () => {
  it('is there an agreement between the Philippines and Spain? — attributed, with its source', async () => {
    const r = await ask('is there an agreement between the Philippines and Spain?');
    expect(r.trace.intent).toBe('agreement_between_countries');
    const text = r.replies[0]!.text;
    // Table C (C03): the 2002 convenio, in force 2012-08-01 per the BOE; it replaced the 1988 one.
    expect(text).toMatch(/Spain–Philippines: a social security agreement is in force since 2012-08-01/);
    expect(text).toMatch(/Source: BOE-A-2012-8848/);
  });

  it('an agreement the knowledge base does not have is never invented', async () => {
    const r = await ask('is there a social security agreement between Nepal and Qatar?');
    expect(r.trace.intent).toBe('agreement_between_countries');
    expect(r.replies[0]!.text).toMatch(
      /No source I hold mentions a social security agreement between Nepal and Qatar\. That does not prove there is none/,
    );
  });

  it('I am undocumented, can I see a doctor? — in Spanish too, without reading "medico" as México', async () => {
    const en = await ask('I am undocumented, can I see a doctor?');
    expect(['health_care', 'undocumented_rights']).toContain(en.trace.intent);
    expect(en.replies[0]!.text).toMatch(/art\. 28/);
    const es = await ask('soy indocumentado, puedo ir al medico?');
    expect(es.trace.language).toBe('es');
    expect(['health_care', 'undocumented_rights']).toContain(es.trace.intent);
    expect(es.trace.entities.countries).toEqual([]);
  });

  it('Taglish: the pension question asks only for what it does not know', async () => {
    const r = await ask('pinoy ako nagtatrabaho sa saudi, mawawala ba pension ko pag uwi ko');
    expect(r.trace.language).toBe('tl');
    expect(r.trace.entities.countries.map((c) => c.iso2)).toEqual(['PH', 'SA']);
    expect(textOf(r.replies)).not.toMatch(/Ano ang bansang pinagmulan mo/);
  });

  it('Nepali in Devanagari: the country with a postposition is found, the answer is in Nepali', async () => {
    const r = await ask('म नेपाली हुँ, कतारमा काम गर्छु। घर फर्किँदा मेरो पेन्सन हराउँछ?');
    expect(r.trace.language).toBe('ne');
    expect(r.trace.intent).toBe('pension_portability_return');
    expect(r.trace.entities.countries.map((c) => [c.iso2, c.role])).toEqual([
      ['NP', 'origin'],
      ['QA', 'destination'],
    ]);
    expect(r.replies[0]!.text).toMatch(/नेपाल र कतार/);
  });

  it('romanised Nepali is recognised as Nepali, not French', async () => {
    const r = await ask('nepal bata qatar ma kaam garchu pension pauchu ki nai');
    expect(r.trace.language).toBe('ne');
  });

  it('Arabic with an attached preposition: بالسعودية is Saudi Arabia', async () => {
    const r = await ask('أنا من الفلبين وأعمل بالسعودية، هل سأفقد معاشي عند العودة؟');
    expect(r.trace.language).toBe('ar');
    expect(r.trace.entities.countries.map((c) => c.iso2)).toEqual(['PH', 'SA']);
    expect(r.trace.intent).toBe('pension_portability_return');
  });

  it('a one-word greeting sets the language; countries alone are noted, then used', async () => {
    const worker = `worker-${++n}`;
    const hola = await t.say('hola', worker);
    expect(hola.trace.language).toBe('es');
    expect(hola.trace.intent).toBe('greeting');
    const noted = await t.say('filipina', worker);
    expect(noted.replies[0]!.text).toMatch(/Anotado: país de origen: Filipinas/);
    await t.say('España', worker);
    const answer = await t.say('¿pierdo mi pensión si vuelvo a mi país?', worker);
    expect(answer.trace.intent).toBe('pension_portability_return');
    expect(answer.replies[0]!.text).toMatch(/Filipinas/);
    expect(answer.replies[0]!.text).toMatch(/España/);
  });

  it('a Tagalog "mali" (wrong) is not Mali', async () => {
    const r = await ask('mali yung computation ng sss ko');
    expect(r.trace.entities.countries).toEqual([]);
  });

  it('a ratification answer carries its date or says there is no record', async () => {
    const r = await ask('did paraguay ratify c102');
    expect(r.trace.intent).toBe('instrument_ratification');
    expect(r.replies[0]!.text).toMatch(/2021-10-25/);
  });

  it.each([
    'what is the best pizza topping',
    'who won the football match yesterday',
    "what's the weather in london",
  ])('off-topic "%s" is not answered as if it were a rights question', async (question) => {
    const r = await ask(question);
    // Either not understood, or understood as out of scope (an intent marked `scope: out`).
    if (r.trace.intent !== null) expect(outOfScope.has(r.trace.intent)).toBe(true);
    expect(r.trace.handoff).toBe('offered');
  });
});

describe('the scope boundary', () => {
  it.each([
    'how do i renew my passport',
    'cuanto tarda la visa de trabajo para japon',
    'paano mag file ng income tax return',
    'cheapest app to send money to nepal',
  ])('"%s" is out of scope: said so, with a person offered', async (question) => {
    const r = await ask(question);
    expect(outOfScope.has(r.trace.intent ?? '')).toBe(true);
    expect(r.trace.handoff).toBe('offered');
  });

  it.each([
    ['which documents do i need to claim my pension', 'documents_to_claim'],
    ['will claiming benefits affect my residence permit', 'benefits_residence_permit'],
    ['i overstayed my visa do i have any rights', 'undocumented_rights'],
    ['can i get my contributions refunded when i leave', 'contributions_on_return'],
  ])('"%s" stays in scope (%s)', async (question, intent) => {
    const r = await ask(question);
    expect(r.trace.intent).toBe(intent);
  });
});
