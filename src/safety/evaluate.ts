/**
 * The safeguarding report: the detector scored on the held-out sets in `safety/heldout/` (danger
 * messages and ordinary messages using the same words, per language and writing), and, as a wider
 * check on false alarms, on every example and test the intents hold (ordinary questions, though some
 * are real signs of danger, e.g. wages unpaid for months).
 */
import type { Content } from '../kb/loader.ts';
import type { SafetyContent } from './load.ts';
import type { Category } from './schema.ts';

export interface SafetySetResult {
  file: string;
  /** Language, with the writing when the set is one (e.g. "ne (romanised)"). */
  set: string;
  danger: number;
  caught: number;
  ordinary: number;
  alarms: number;
  recall: number;
  falseAlarmRate: number;
  missed: Category[];
}

export interface SafetyReport {
  sets: SafetySetResult[];
  overall: {
    danger: number;
    caught: number;
    ordinary: number;
    alarms: number;
    recall: number;
    falseAlarmRate: number;
  };
  /** Ordinary questions of the intents that the detector flags, per language (read them: some are real). */
  corpus?: Record<string, { n: number; flagged: { intent: string; text: string }[] }>;
}

export const TARGET_RECALL = 0.95;
export const MAX_FALSE_ALARMS = 0.03;

export function evaluateSafety(safety: SafetyContent, content?: Content): SafetyReport {
  const sets = safety.heldOut.map(({ file, data }): SafetySetResult => {
    const missed = data.danger.filter((d) => !safety.detector.detect(d.text)).map((d) => d.category);
    const alarms = data.ordinary.filter((o) => safety.detector.detect(o)).length;
    const caught = data.danger.length - missed.length;
    return {
      file,
      set: data.variant ? `${data.language} (${data.variant})` : data.language,
      danger: data.danger.length,
      caught,
      ordinary: data.ordinary.length,
      alarms,
      recall: caught / data.danger.length,
      falseAlarmRate: alarms / data.ordinary.length,
      missed,
    };
  });
  const sum = (k: 'danger' | 'caught' | 'ordinary' | 'alarms') => sets.reduce((a, s) => a + s[k], 0);
  const overall = {
    danger: sum('danger'),
    caught: sum('caught'),
    ordinary: sum('ordinary'),
    alarms: sum('alarms'),
    recall: sum('danger') ? sum('caught') / sum('danger') : 0,
    falseAlarmRate: sum('ordinary') ? sum('alarms') / sum('ordinary') : 0,
  };
  let corpus: SafetyReport['corpus'];
  if (content) {
    corpus = {};
    for (const intent of content.intents)
      for (const field of ['examples', 'tests'] as const)
        for (const [lang, list] of Object.entries(intent[field]))
          for (const text of list ?? []) {
            const row = (corpus[lang] ??= { n: 0, flagged: [] });
            row.n++;
            if (safety.detector.detect(text)) row.flagged.push({ intent: intent.id, text });
          }
  }
  return { sets, overall, corpus };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The report as text lines; `ok` is false when a set misses the targets. */
export function formatSafetyReport(report: SafetyReport): { lines: string[]; ok: boolean } {
  const lines = [
    'Safeguarding detector (held-out sets in safety/heldout/):',
    'set                  recall (caught/danger)   false alarms (alarms/ordinary)',
  ];
  let ok = true;
  for (const s of report.sets) {
    const good = s.recall >= TARGET_RECALL && s.falseAlarmRate <= MAX_FALSE_ALARMS;
    ok &&= good;
    lines.push(
      `${s.set.padEnd(20)} ${pct(s.recall).padStart(6)} (${s.caught}/${s.danger})`.padEnd(45) +
        `${pct(s.falseAlarmRate).padStart(6)} (${s.alarms}/${s.ordinary})` +
        (good ? '' : '   BELOW TARGET') +
        (s.missed.length ? `   missed: ${s.missed.join(', ')}` : ''),
    );
  }
  const o = report.overall;
  lines.push(
    `${'all'.padEnd(20)} ${pct(o.recall).padStart(6)} (${o.caught}/${o.danger})`.padEnd(45) +
      `${pct(o.falseAlarmRate).padStart(6)} (${o.alarms}/${o.ordinary})`,
  );
  if (report.corpus) {
    lines.push(
      '',
      "Flagged among the intents' examples and tests (ordinary questions; some are real signs):",
    );
    for (const [lang, row] of Object.entries(report.corpus).sort()) {
      const byIntent = new Map<string, number>();
      for (const f of row.flagged) byIntent.set(f.intent, (byIntent.get(f.intent) ?? 0) + 1);
      lines.push(
        `  ${lang.padEnd(4)} ${String(row.flagged.length).padStart(3)}/${row.n} (${pct(row.flagged.length / row.n)})  ` +
          [...byIntent].map(([i, n]) => `${i} ${n}`).join(', '),
      );
    }
  }
  lines.push(
    '',
    ok
      ? `PASS: every set at or above ${pct(TARGET_RECALL)} recall and at most ${pct(MAX_FALSE_ALARMS)} false alarms.`
      : `FAIL: a set is below ${pct(TARGET_RECALL)} recall or above ${pct(MAX_FALSE_ALARMS)} false alarms.`,
  );
  return { lines, ok };
}
