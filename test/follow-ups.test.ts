/**
 * Follow-ups on the subject already discussed (issue 10), on the real content: "does it cover
 * unemployment?" and "and my wife?" answered yes / no / "it depends" from the agreement records of
 * the worker's two countries; "how do I claim it?" answered with where and how to claim; a new
 * question is not taken for a follow-up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/app.ts';
import { findAspect } from '../src/core/pipeline/aspects.ts';
import { renderCoverage } from '../src/core/render-agreements.ts';
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

describe('findAspect', () => {
  it.each([
    ['does it cover unemployment?', 'unemployment'],
    ['¿y el paro?', 'unemployment'],
    ['et pour le chômage ?', 'unemployment'],
    ['rumah sakit?', 'medical-care'],
    ['सुत्केरी भत्ता पनि?', 'maternity'],
    ['والتقاعد؟', 'old-age'],
  ])('%s → a benefit (%s)', (text, branch) => {
    expect(findAspect(text)).toMatchObject({ kind: 'branch', branch });
  });
  it.each(['and my husband?', 'e os meus filhos?', 'paano ang asawa ko'])('%s → family', (text) => {
    expect(findAspect(text)?.kind).toBe('family');
  });
  it.each(['where do I send the application', '¿cómo lo solicito?', 'cara klaim nya'])(
    '%s → claim',
    (text) => {
      expect(findAspect(text)?.kind).toBe('claim');
    },
  );
  it('says whether "cover" or "include" is asked', () => {
    expect(findAspect('is sickness included')).toMatchObject({ cue: true });
    expect(findAspect('sickness?')).toMatchObject({ cue: false });
  });
  it('finds nothing in a message about something else', () => {
    expect(findAspect('what about germany')).toBeUndefined();
    expect(findAspect('thank you')).toBeUndefined();
  });
});

describe('renderCoverage (records only, never a guess)', () => {
  const cover = (a: string, b: string, asked: Parameters<typeof renderCoverage>[2], lang = 'en' as const) => {
    const cited: KnowledgeEntry[] = [];
    const text = renderCoverage(content, { language: lang, origin: a, destination: b }, asked, (e) =>
      cited.push(e),
    );
    return { text: text ?? '', cited: cited.map((e) => e.id) };
  };
  it('yes when the record lists the benefit, citing the record', () => {
    const r = cover('PH', 'SE', 'employment-injury');
    expect(r.text).toMatch(/^Yes: /);
    expect(r.cited).toContain('ssa-ph-se');
  });
  it('no when the record lists benefits without it', () => {
    expect(cover('PH', 'SE', 'unemployment').text).toMatch(/^No: .*old-age pensions/);
  });
  it('no for a short-term benefit under a long-term-only agreement', () => {
    expect(cover('MA', 'CA', 'sickness').text).toMatch(/^No: .*long-term/);
  });
  it('it depends when the record does not describe its scope', () => {
    const r = cover('MA', 'FR', 'unemployment');
    expect(r.text).toMatch(/^It depends: .*Morocco–France/);
    expect(r.text).toContain('Caisse Nationale de Sécurité Sociale');
  });
  it('the EU rules between two member states, from their entry', () => {
    const r = cover('ES', 'FR', 'unemployment', 'es' as 'en');
    expect(r.text).toMatch(/^Sí: /);
    expect(r.cited).toContain('eu-coordination');
  });
  it('family members: what the record says, else it depends', () => {
    expect(cover('ES', 'FR', 'family').text).toMatch(/^Yes: /);
    expect(cover('TN', 'BE', 'family').text).toMatch(/^It depends: /);
  });
  it('no agreement on record: it depends on each country’s law', () => {
    expect(cover('NP', 'QA', 'unemployment').text).toMatch(
      /^It depends: I hold no agreement in force between Nepal and Qatar, so for unemployment benefits/,
    );
  });
  it('needs both countries', () => {
    expect(renderCoverage(content, { language: 'en', origin: 'PH' }, 'sickness', () => {})).toBeUndefined();
  });
});

describe('follow-ups through the whole bot', () => {
  const conversation = async (...texts: string[]) => {
    const user = `follow-up-${++n}`;
    const out = [];
    for (const text of texts) out.push(await t.say(text, user));
    return out;
  };

  it('"does it cover …?" after an agreement answer is answered from the records, not the general topic', async () => {
    const [, r] = await conversation(
      'is there a social security agreement between sweden and the philippines',
      'does it cover work accidents?',
    );
    expect(r!.trace.outcome).toBe('answered');
    expect(r!.trace.intent).toBe('agreement_between_countries');
    expect(textOf(r!.replies)).toMatch(/^Yes: /);
    expect(textOf(r!.replies)).toMatch(/checked \d{4}-\d{2}-\d{2}/);
  });

  it('"and my wife?" in Nepali keeps the countries and says what the record says', async () => {
    const [, r] = await conversation('म भारतीय हुँ जर्मनीमा काम गर्छु, सम्झौता छ?', 'अनि मेरी श्रीमतीको नि?');
    expect(r!.trace.origin).toBe('IN');
    expect(r!.trace.destination).toBe('DE');
    expect(textOf(r!.replies)).toMatch(/^भर पर्छ: /);
  });

  it('"how do I claim it?" after a pension answer says where to claim on each side', async () => {
    const [, r] = await conversation(
      'soy filipina, trabajé 12 años en españa, ¿pierdo la pensión si vuelvo?',
      '¿y dónde la solicito?',
    );
    expect(r!.trace.outcome).toBe('answered');
    expect(r!.trace.intent).toBe('documents_to_claim');
    expect(textOf(r!.replies)).toContain('Social Security System (SSS), Philippines');
  });

  it('a new question with a benefit word changes the subject', async () => {
    const [, r] = await conversation(
      'agreement between morocco and france',
      'my employer did not pay my sick leave, who can help me?',
    );
    expect(r!.trace.intent).not.toBe('agreement_between_countries');
  });

  it('"eh sa Germany?" after an answer is the same subject for Germany, not job search', async () => {
    const [, r] = await conversation('may kasunduan ba ang pilipinas at spain', 'eh sa germany?');
    expect(r!.trace.outcome).toBe('answered');
    expect(r!.trace.destination).toBe('DE');
    expect(textOf(r!.replies)).toContain('2018');
  });
});
