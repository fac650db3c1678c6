import { describe, expect, it } from 'vitest';
import { decideTurn, outOfScopeShare, tooClose } from '../src/core/pipeline/decide.ts';
import type { TurnContext } from '../src/core/pipeline/context.ts';
import { asOutcomes, suggestThreshold, suggestThresholds, type Prediction } from '../src/kb/quality.ts';

const isOut = (id: string) => id.startsWith('out_');

describe('out-of-scope share', () => {
  it('adds up the out-of-scope intents against the best in-scope one, in underlying probabilities', () => {
    // p = s^(1/γ) with γ = 0.5: 0.36, 0.25 out of scope against 0.49 in scope.
    const ranked = [
      { intent: 'pension', score: 0.7 },
      { intent: 'out_visa', score: 0.6 },
      { intent: 'out_jobs', score: 0.5 },
    ];
    const { share, best } = outOfScopeShare(ranked, isOut, 0.5);
    expect(share).toBeCloseTo((0.36 + 0.25) / 0.49, 6);
    expect(best?.intent).toBe('out_visa');
  });

  it('is 0 with no out-of-scope intent and infinite with only out-of-scope ones', () => {
    expect(outOfScopeShare([{ intent: 'pension', score: 0.9 }], isOut).share).toBe(0);
    expect(outOfScopeShare([{ intent: 'out_visa', score: 0.9 }], isOut).share).toBe(Infinity);
  });
});

describe('too close to call', () => {
  const policy = { threshold: 0.5, margin: 0.08, closeRatio: 0.6 };
  it('compares underlying probabilities when the matcher says how scores were powered', () => {
    // γ = 0.2: 0.854 vs 0.781 is p2/p1 = (0.781/0.854)^5 ≈ 0.64: close; 0.854 vs 0.70 ≈ 0.37: not.
    expect(tooClose({ intent: 'a', score: 0.854 }, { intent: 'b', score: 0.781 }, policy, 0.2)).toBe(true);
    expect(tooClose({ intent: 'a', score: 0.854 }, { intent: 'b', score: 0.7 }, policy, 0.2)).toBe(false);
  });
  it('falls back to the score margin without a score power', () => {
    expect(tooClose({ intent: 'a', score: 0.85 }, { intent: 'b', score: 0.8 }, policy, undefined)).toBe(true);
    expect(tooClose({ intent: 'a', score: 0.85 }, { intent: 'b', score: 0.7 }, policy, undefined)).toBe(
      false,
    );
  });
});

describe('thresholds per language', () => {
  const pred = (language: string, score: number, right: boolean): Prediction => ({
    text: 'x',
    language,
    expected: 'a',
    predicted: right ? 'a' : 'b',
    score,
    margin: 0,
  });
  it('are chosen per language from its own held-out predictions, only with enough of them', () => {
    // Arabic: right answers from 0.5 up, wrong ones below; Spanish: wrong answers up to 0.7.
    const preds = [
      ...Array.from({ length: 40 }, (_, i) => pred('ar', 0.5 + (i % 10) / 100, true)),
      ...Array.from({ length: 30 }, (_, i) => pred('ar', 0.3 + (i % 10) / 100, false)),
      ...Array.from({ length: 40 }, (_, i) => pred('es', 0.75 + (i % 10) / 100, true)),
      ...Array.from({ length: 30 }, (_, i) => pred('es', 0.6 + (i % 10) / 100, false)),
      ...Array.from({ length: 10 }, () => pred('tl', 0.9, true)),
    ];
    const t = suggestThresholds(preds, 0.5);
    expect(t.ar).toBeGreaterThanOrEqual(0.39);
    expect(t.ar).toBeLessThanOrEqual(0.5);
    expect(t.es).toBeGreaterThanOrEqual(0.69);
    expect(t.es).toBeLessThanOrEqual(0.75);
    expect(t.tl).toBeUndefined();
  });
});

describe('threshold choice', () => {
  const pred = (score: number, right: boolean): Prediction => ({
    text: 'x',
    language: 'id',
    expected: 'a',
    predicted: right ? 'a' : 'b',
    score,
    margin: 0,
  });
  it('does not go below the lowest held-out score when every test is answered right', () => {
    const preds = Array.from({ length: 30 }, (_, i) => pred(0.667 + i / 100, true));
    expect(suggestThreshold(preds)).toBe(0.66);
  });
  it('answers lower when that gains more than it costs, and not where it does not', () => {
    // Above 0.4: one wrong answer (−2) and four more right ones (+4); below it, one more wrong.
    const preds = [
      ...Array.from({ length: 20 }, (_, i) => pred(0.61 + i / 100, true)),
      pred(0.3, false),
      pred(0.4, false),
      pred(0.45, true),
      pred(0.5, true),
      pred(0.52, true),
      pred(0.55, false),
      pred(0.58, true),
    ];
    expect(suggestThreshold(preds)).toBe(0.41);
  });
  it('counts an out-of-scope test matched to another out-of-scope intent as right (the bot says so either way)', () => {
    const out = (expected: string, predicted: string, score: number): Prediction => ({
      text: 'x',
      language: 'pt',
      expected,
      predicted,
      score,
      margin: 0,
    });
    const preds = [
      ...Array.from({ length: 20 }, (_, i) => pred(0.81 + i / 200, true)),
      // In-scope questions answered right between 0.7 and 0.8…
      ...Array.from({ length: 4 }, (_, i) => pred(0.7 + i / 50, true)),
      // …and out-of-scope ones matched to a neighbouring out-of-scope intent, about as sure.
      out('out_taxes', 'out_money_banking', 0.71),
      out('out_passport_id', 'out_immigration', 0.73),
      out('out_jobs', 'out_immigration', 0.76),
      // An out-of-scope question answered as an in-scope topic stays wrong.
      out('out_jobs', 'a', 0.6),
    ];
    expect(suggestThreshold(preds)).toBeGreaterThan(0.73);
    const mapped = asOutcomes(preds, isOut);
    expect(mapped.filter((p) => p.predicted !== p.expected).map((p) => p.predicted)).toEqual(['a']);
    expect(suggestThreshold(mapped)).toBe(0.61);
  });
});

describe('an out-of-scope intent on top, nothing in scope confident', () => {
  /** Just what the decide step reads; the vocabulary knows one word of the text. */
  const ctxFor = (text: string, confidence: number): TurnContext =>
    ({
      text,
      session: {},
      content: {
        intentById: new Map([
          ['out_visa', { id: 'out_visa', scope: 'out' }],
          ['pension', { id: 'pension' }],
        ]),
      },
      nlu: {
        vocabulary: { has: () => false, informative: () => ['x'], coverage: () => 1 },
        matcher: { scorePower: 0.2 },
        policy: { threshold: 0.6, margin: 0.08, closeRatio: 0.8 },
      },
      trace: { language: 'en' },
      services: { detectLanguage: () => ({ language: 'en', confidence }) },
      ranked: [
        { intent: 'out_visa', score: 0.45 },
        { intent: 'pension', score: 0.3 },
      ],
      entities: { countries: [], instruments: [] },
    }) as unknown as TurnContext;

  it('says it is not something it can answer, for words of a language', () => {
    const ctx = ctxFor('visa extension office hours', 0.9);
    decideTurn(ctx);
    expect(ctx.decision?.kind).toBe('answer');
    expect(ctx.decision?.kind === 'answer' && ctx.decision.intent.id).toBe('out_visa');
  });

  it('counts Devanagari words written with vowel signs as words', () => {
    // "do you have any work": काम and कुनै have no two letters in a row, only letters and signs.
    const ctx = ctxFor('तपाईंसँग कुनै काम छ', 1);
    decideTurn(ctx);
    expect(ctx.decision?.kind).toBe('answer');
  });

  it('does not call a random string out of scope: it was not understood', () => {
    const ctx = ctxFor('hjkl asdfg', 0);
    decideTurn(ctx);
    expect(ctx.decision?.kind).not.toBe('answer');
  });
});

describe('a statement only just over the threshold, with words the content does not know', () => {
  /** An in-scope intent scored at `score` (threshold 0.7); the vocabulary knows `coverage` of the words. */
  const ctxFor = (text: string, score: number, coverage: number): TurnContext =>
    ({
      text,
      session: {},
      content: {
        intentById: new Map([
          ['employer', { id: 'employer', choices: [] }],
          ['other', { id: 'other', choices: [] }],
        ]),
      },
      nlu: {
        vocabulary: { has: () => false, informative: () => ['boss'], coverage: () => coverage },
        matcher: { scorePower: 0.2 },
        policy: { threshold: 0.7, margin: 0.08, closeRatio: 0.8 },
      },
      trace: { language: 'en' },
      services: { detectLanguage: () => ({ language: 'en', confidence: 0.9 }) },
      ranked: [
        { intent: 'employer', score },
        { intent: 'other', score: 0.3 },
      ],
      entities: { countries: [], instruments: [] },
    }) as unknown as TurnContext;

  it('is asked about ("did you mean…?"), not answered', () => {
    // "my boss locks the shop at 9": one word of three unknown, just over the threshold.
    const ctx = ctxFor('my boss locks the shop at 9', 0.72, 0.67);
    decideTurn(ctx);
    expect(ctx.decision?.kind).toBe('ask-which');
  });

  it('is answered when clearly over the threshold, when its words are known, or when it is a question', () => {
    for (const ctx of [
      ctxFor('my boss locks the shop at 9', 0.8, 0.67),
      ctxFor('my boss does not pay my contributions', 0.72, 1),
      ctxFor('my boss locks the shop at 9?', 0.72, 0.67),
    ]) {
      decideTurn(ctx);
      expect(ctx.decision?.kind).toBe('answer');
    }
  });
});
