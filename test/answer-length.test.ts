/**
 * Answers fit a phone screen: every intent's answer, rendered through the real renderer in every
 * claimed language (without countries, and with many pairs of countries where the answer uses them),
 * has at most 600 characters of main text (before the source line and the choices). The longer
 * explanation is kept in the intent's `detail`, shown on "More detail".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/app.ts';
import { renderAnswer } from '../src/core/render.ts';
import { lengthStats, MAX_MAIN_TEXT, measureAnswers, type MeasuredAnswer } from '../src/kb/answer-length.ts';
import { loadContent, type Content } from '../src/kb/loader.ts';

/** Intents whose answer is not yet shortened. This list only ever shrinks. */
const NOT_YET_SHORT = new Set([
  'benefits_residence_permit',
  'certificate_of_coverage',
  'climate_migrants',
  'consular_services',
  'contributions_on_return',
  'documents_to_claim',
  'find_union',
  'instrument_ratification',
  'justice_complaints',
  'key_terms',
  'language_barriers',
  'refugee_right_to_work',
  'refugees_asylum',
  'regional_frameworks',
  'skills_discrimination',
  'temporary_informal_work',
  'union_role_and_practices',
  'voluntary_contributions_abroad',
]);

let content: Content;
let measured: MeasuredAnswer[];
beforeAll(async () => {
  content = (await loadContent(REPO_ROOT, { maxReviewAgeDays: 730 })).content;
  measured = measureAnswers(content);
}, 300_000);

describe('answer length', () => {
  it(`every answer's main text is at most ${MAX_MAIN_TEXT} characters, in every language and country context`, () => {
    expect(measured.length).toBeGreaterThan(content.intents.length * content.languages.length);
    const tooLong = measured
      .filter((m) => !NOT_YET_SHORT.has(m.intent) && m.length > MAX_MAIN_TEXT)
      .map((m) => `${m.intent} ${m.language}${m.origin ? ` ${m.origin}→${m.destination}` : ''}: ${m.length}`);
    expect([...new Set(tooLong)].slice(0, 20)).toEqual([]);
  });

  it('the list of intents still too long only names intents that really are', () => {
    const stillLong = new Set(measured.filter((m) => m.length > MAX_MAIN_TEXT).map((m) => m.intent));
    const shortNow = [...NOT_YET_SHORT].filter((id) => !stillLong.has(id));
    expect(shortNow, 'these are short now: take them off NOT_YET_SHORT').toEqual([]);
  });

  it('reports median, p90 and max per language', () => {
    const stats = lengthStats(measured);
    expect(Object.keys(stats).sort()).toEqual([...content.languages].sort());
    for (const s of Object.values(stats)) {
      expect(s.n).toBe(content.intents.filter((i) => i.action !== 'human').length);
      expect(s.median).toBeLessThanOrEqual(s.p90);
      expect(s.p90).toBeLessThanOrEqual(s.max);
    }
  });

  it('a shortened answer keeps the long explanation as its detail, sourced like the answer', () => {
    for (const intent of content.intents) {
      if (!intent.detail) continue;
      for (const language of content.languages) {
        const short = renderAnswer(content, intent, { language }, 'answer');
        const long = renderAnswer(content, intent, { language }, 'detail');
        expect(long.text.length, `${intent.id} ${language}`).toBeGreaterThan(0);
        expect(long.text, `${intent.id} ${language}`).not.toMatch(/\{\{|\}\}/);
        expect(long.cited.length, `${intent.id} ${language}: detail cites its sources`).toBeGreaterThan(0);
        expect(short.text, `${intent.id} ${language}`).not.toMatch(/\{\{|\}\}/);
      }
    }
  });

  it('{{k:ID.summary}} renders the topic summary, and is cited like the full text', () => {
    const topic = content.kb.topics.find((x) => x.summary);
    expect(topic, 'at least one topic has a summary').toBeDefined();
    const intent = {
      ...content.intents[0]!,
      answer: { en: `{{k:${topic!.id}.summary}}` },
      detail: { en: `{{k:${topic!.id}}}` },
      knowledge: [],
    };
    const short = renderAnswer(content, intent, { language: 'en' });
    expect(short.text).toBe(topic!.summary!.en);
    expect(short.cited.map((e) => e.id)).toEqual([topic!.id]);
    expect(renderAnswer(content, intent, { language: 'en' }, 'detail').text).toBe(topic!.text.en);
  });
});
