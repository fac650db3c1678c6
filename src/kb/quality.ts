/**
 * Measuring the matcher on the content's own held-out tests, and choosing the fallback
 * threshold from those measurements instead of guessing it.
 */
import type { Matcher, TrainingExample } from '../nlu/types.ts';
import type { Content } from './loader.ts';

export interface Prediction {
  text: string;
  language: string;
  expected: string;
  predicted: string;
  score: number;
  margin: number;
}

/** Every intent's held-out `tests`, never trained on. */
export function heldOutTests(content: Content): TrainingExample[] {
  return content.intents.flatMap((intent) =>
    Object.entries(intent.tests).flatMap(([language, list]) =>
      (list ?? []).map((text) => ({ text, intent: intent.id, language })),
    ),
  );
}

export function predictAll(matcher: Matcher, tests: TrainingExample[]): Prediction[] {
  return tests.map((ex) => {
    const [top, second] = matcher.rank(ex.text, { language: ex.language });
    return {
      text: ex.text,
      language: ex.language ?? '?',
      expected: ex.intent,
      predicted: top?.intent ?? '',
      score: top?.score ?? 0,
      margin: (top?.score ?? 0) - (second?.score ?? 0),
    };
  });
}

/**
 * Predictions as the bot's outcome sees them: an out-of-scope test matched to another out-of-scope
 * intent is right, since the bot says it cannot answer that either way (only the "who can help" line
 * differs). `kb eval` counts it so; the threshold choice must too, or such a match (a question about
 * a tax on wages taken for one about a bank transfer) counts as a wrong answer and pushes a language's
 * threshold up, so that the bot asks "did you mean…?" where it knew.
 */
export function asOutcomes(preds: Prediction[], isOut: (intent: string) => boolean): Prediction[] {
  return preds.map((p) =>
    p.predicted !== p.expected && isOut(p.expected) && isOut(p.predicted)
      ? { ...p, predicted: p.expected }
      : p,
  );
}

/**
 * The threshold that maximises (right answers given) − 2 × (wrong answers given) over held-out
 * predictions: a wrong answer costs a worker more than an honest "I am not sure". Never below the
 * lowest held-out score: under it there is no evidence either way, yet the lowest of equal values
 * went there (0.05, so that the bot answered anything in Indonesian) whenever a language's
 * lowest-scored tests were all answered right.
 */
export function suggestThreshold(preds: Prediction[], fallback = 0.35): number {
  if (preds.length === 0) return fallback;
  const lowest = Math.min(...preds.map((p) => p.score));
  let best = { t: fallback, value: -Infinity };
  for (let i = Math.max(5, Math.floor(lowest * 100)); i <= 90; i++) {
    const t = i / 100;
    let value = 0;
    for (const p of preds) if (p.score >= t) value += p.predicted === p.expected ? 1 : -2;
    if (value > best.value) best = { t, value };
  }
  return Number(best.t.toFixed(2));
}

/**
 * A threshold per language, chosen like {@link suggestThreshold} on that language's held-out
 * predictions, for languages with at least `minTests` of them (fewer would make the choice noise).
 * Scores are not equally sure in every language: the same accuracy comes at lower scores in
 * Arabic than in Spanish, so one threshold for all makes the bot ask where it knows.
 */
export function suggestThresholds(
  preds: Prediction[],
  fallback: number,
  minTests = 60,
): Record<string, number> {
  const byLanguage = new Map<string, Prediction[]>();
  for (const p of preds) byLanguage.set(p.language, [...(byLanguage.get(p.language) ?? []), p]);
  const out: Record<string, number> = {};
  for (const [language, list] of byLanguage)
    if (list.length >= minTests) out[language] = suggestThreshold(list, fallback);
  return out;
}
