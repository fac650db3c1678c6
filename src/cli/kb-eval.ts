/**
 * `npm run kb -- eval`: how well the matcher understands the content.
 *
 * - Held-out: trains on every intent's `examples`, scores its `tests` (never trained on).
 * - k-fold cross-validation over the examples, per language (stratified by intent).
 * Prints accuracy per language, per-intent precision and recall, the most confused pairs and the
 * failing examples; suggests a fallback threshold from the held-out scores. Exits 1 when a
 * language's held-out accuracy is below `--min` (default 0.9), so CI guards content quality.
 */
import { formatProblem, loadContent, type Content } from '../kb/loader.ts';
import { BOT_MATCHER_OPTIONS, trainingExamples } from '../kb/live.ts';
import { asOutcomes, heldOutTests, predictAll, suggestThreshold, type Prediction } from '../kb/quality.ts';
import { trainMatcher } from '../nlu/matcher.ts';
import type { TrainingExample } from '../nlu/types.ts';
import type { Trace } from '../core/dialogue.ts';
import type { OutboundMessage } from '../core/messages.ts';
import type { ConversationTurn } from '../kb/schema.ts';

export interface EvalReport {
  heldOut: { byLanguage: Record<string, { n: number; accuracy: number }>; overall: number };
  crossValidation: {
    folds: number;
    byLanguage: Record<string, { n: number; accuracy: number }>;
    overall: number;
  };
  perIntent: Record<string, { precision: number; recall: number; support: number }>;
  confused: { expected: string; predicted: string; count: number }[];
  failures: Prediction[];
  suggestedThreshold: number;
}

function predict(train: TrainingExample[], test: TrainingExample[]): Prediction[] {
  return predictAll(trainMatcher(train, BOT_MATCHER_OPTIONS), test);
}

function accuracyByLanguage(preds: Prediction[], isRight = (p: Prediction) => p.predicted === p.expected) {
  const by: Record<string, { n: number; ok: number }> = {};
  for (const p of preds) {
    by[p.language] ??= { n: 0, ok: 0 };
    by[p.language]!.n++;
    if (isRight(p)) by[p.language]!.ok++;
  }
  const byLanguage = Object.fromEntries(
    Object.entries(by).map(([l, v]) => [l, { n: v.n, accuracy: v.ok / v.n }]),
  );
  const overall = preds.length ? preds.filter(isRight).length / preds.length : 0;
  return { byLanguage, overall };
}

/** Stratified k folds: every intent's examples in a language spread over the folds. */
function folds(examples: TrainingExample[], k: number): number[] {
  const fold = new Array<number>(examples.length);
  const counters = new Map<string, number>();
  examples.forEach((ex, i) => {
    const key = `${ex.intent}|${ex.language}`;
    const c = counters.get(key) ?? 0;
    counters.set(key, c + 1);
    fold[i] = c % k;
  });
  return fold;
}

export function evaluate(content: Content, k = 5): EvalReport {
  const train = trainingExamples(content);
  const tests = heldOutTests(content);
  const held = predict(train, tests);

  const fold = folds(train, k);
  const cv: Prediction[] = [];
  // k = 0 skips cross-validation (quick checks).
  for (let f = 0; f < k; f++) {
    cv.push(
      ...predict(
        train.filter((_, i) => fold[i] !== f),
        train.filter((_, i) => fold[i] === f),
      ),
    );
  }

  const perIntent: EvalReport['perIntent'] = {};
  for (const intent of content.intents) {
    const tp = held.filter((p) => p.expected === intent.id && p.predicted === intent.id).length;
    const predicted = held.filter((p) => p.predicted === intent.id).length;
    const support = held.filter((p) => p.expected === intent.id).length;
    perIntent[intent.id] = {
      precision: predicted ? tp / predicted : 0,
      recall: support ? tp / support : 0,
      support,
    };
  }
  const pairs = new Map<string, number>();
  for (const p of [...held, ...cv]) {
    if (p.predicted === p.expected) continue;
    const key = `${p.expected} → ${p.predicted}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
  }
  const confused = [...pairs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([key, count]) => {
      const [expected, predicted] = key.split(' → ') as [string, string];
      return { expected, predicted, count };
    });

  // An out-of-scope test matched to another out-of-scope intent is right: either way the bot says
  // it cannot answer that (only the "who can help" line differs).
  const isOut = (id: string) => content.intentById.get(id)?.scope === 'out';
  const right = (p: Prediction) => p.predicted === p.expected || (isOut(p.expected) && isOut(p.predicted));
  return {
    heldOut: accuracyByLanguage(held, right),
    crossValidation: { folds: k, ...accuracyByLanguage(cv) },
    perIntent,
    confused,
    failures: held.filter((p) => p.predicted !== p.expected),
    suggestedThreshold: suggestThreshold(asOutcomes(held, isOut)),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export async function runEval(root: string, args: string[]): Promise<number> {
  const min = Number(args[args.indexOf('--min') + 1] ?? NaN);
  const threshold = args.includes('--min') && Number.isFinite(min) ? min : 0.9;
  const kArg = Number(args[args.indexOf('--folds') + 1] ?? NaN);
  const k = args.includes('--folds') && Number.isFinite(kArg) ? kArg : 5;
  if (args.includes('--dialogue')) {
    const extraAt = args.indexOf('--heldout2');
    const extra = extraAt >= 0 ? args[extraAt + 1] : undefined;
    const report = await dialogueEval(root, { extraTests: extra });
    if (args.includes('--json')) console.log(JSON.stringify(report, null, 2));
    else printDialogueReport(report);
    return 0;
  }
  const { content, errors } = await loadContent(root);
  if (errors.length > 0) {
    for (const e of errors) console.log(`error   ${formatProblem(e)}`);
    console.log('Fix the content errors first (npm run kb -- validate).');
    return 1;
  }
  const { loadSafety, safetyRoot } = await import('../safety/load.ts');
  const { evaluateSafety, formatSafetyReport } = await import('../safety/evaluate.ts');
  const safety = await loadSafety(safetyRoot(root));
  if (!safety.content) {
    for (const e of safety.errors) console.log(`error   ${formatProblem(e)}`);
    return 1;
  }
  const safeguarding = evaluateSafety(safety.content, content);
  const safetyText = formatSafetyReport(safeguarding);
  if (args.includes('--safety')) {
    if (args.includes('--json')) console.log(JSON.stringify(safeguarding, null, 2));
    else console.log(safetyText.lines.join('\n'));
    return safetyText.ok ? 0 : 1;
  }
  const report = evaluate(content, k);
  if (args.includes('--json')) {
    console.log(JSON.stringify({ ...report, safeguarding }, null, 2));
  } else {
    console.log(`Intents: ${content.intents.length}; languages claimed: ${content.languages.join(', ')}\n`);
    console.log('language   held-out (n)        cross-validation (n)');
    const langs = Object.keys(report.heldOut.byLanguage).sort();
    for (const l of langs) {
      const h = report.heldOut.byLanguage[l]!;
      const c = report.crossValidation.byLanguage[l];
      console.log(
        `${l.padEnd(10)} ${pct(h.accuracy).padStart(6)} (${String(h.n).padStart(4)})      ${c ? `${pct(c.accuracy).padStart(6)} (${String(c.n).padStart(4)})` : '—'}`,
      );
    }
    console.log(
      `${'all'.padEnd(10)} ${pct(report.heldOut.overall).padStart(6)}             ${pct(report.crossValidation.overall).padStart(6)}  (${k}-fold)\n`,
    );
    console.log('Weakest intents (held-out recall / precision):');
    const weak = Object.entries(report.perIntent)
      .sort((a, b) => a[1].recall + a[1].precision - (b[1].recall + b[1].precision))
      .slice(0, 8);
    for (const [id, m] of weak)
      console.log(
        `  ${id.padEnd(32)} recall ${pct(m.recall)}  precision ${pct(m.precision)}  (n=${m.support})`,
      );
    console.log('\nMost confused (expected → predicted, held-out + cross-validation):');
    for (const c of report.confused) console.log(`  ${c.count}× ${c.expected} → ${c.predicted}`);
    console.log(`\nFailing held-out tests (${report.failures.length}):`);
    for (const f of report.failures.slice(0, 40))
      console.log(
        `  [${f.language}] "${f.text}" expected ${f.expected}, got ${f.predicted} (${f.score.toFixed(2)})`,
      );
    console.log(`\nSuggested fallback threshold from held-out scores: ${report.suggestedThreshold}`);
    console.log(`\n${safetyText.lines.join('\n')}`);
  }
  if (!safetyText.ok) {
    console.log('\nFAIL: the safeguarding detector is below target (npm run kb -- eval --safety).');
    return 1;
  }
  const below = Object.entries(report.heldOut.byLanguage).filter(([, v]) => v.accuracy < threshold);
  if (below.length > 0) {
    console.log(
      `\nFAIL: held-out accuracy below ${pct(threshold)} in: ${below.map(([l, v]) => `${l} ${pct(v.accuracy)}`).join(', ')}`,
    );
    return 1;
  }
  console.log(`\nPASS: every language at or above ${pct(threshold)} held-out accuracy.`);
  return 0;
}

export const HELD_OUT_OUTCOMES = [
  'right',
  'asked (right option offered)',
  'asked (right option missing)',
  'fell back',
  'wrong',
] as const;
export type HeldOutOutcome = (typeof HELD_OUT_OUTCOMES)[number];

export interface ConversationFailure {
  language: string;
  id: string;
  turn: number;
  say: string;
  problems: string[];
}

export type OutOfScopeCounts = { n: number; outOfScope: number; fellBack: number; answered: number };

/** A held-out test the bot did not get right (answered wrongly, asked, fell back, or answered out of scope). */
export interface HeldOutMiss {
  language: string;
  text: string;
  expected: string;
  outcome: HeldOutOutcome | 'not out of scope';
  got: string | null;
  score: number;
}

export interface DialogueReport {
  /** In-scope held-out tests through the whole bot, a fresh worker each: counts per outcome. */
  heldOut: Record<string, Partial<Record<HeldOutOutcome, number>>>;
  /** Held-out tests of out-of-scope intents: said so, fell back, or answered as if in scope. */
  outOfScope: Record<string, OutOfScopeCounts>;
  /** The content's held-out tests that did not come out right. */
  misses: HeldOutMiss[];
  /**
   * The same measures on a second, independent held-out file (`--heldout2 file.yaml`), when given.
   * Only aggregates are reported: looking at its items while editing content would spoil it.
   */
  heldOut2?: {
    file: string;
    heldOut: Record<string, Partial<Record<HeldOutOutcome, number>>>;
    outOfScope: Record<string, OutOfScopeCounts>;
  };
  /** Conversation tests (conversations/<lang>.yaml). */
  conversations: Record<
    string,
    { conversations: number; fullyRight: number; turns: number; turnsRight: number }
  >;
  conversationFailures: ConversationFailure[];
  /** Characters of answers' main text (held-out answers and conversation answers). */
  mainText: Record<string, { n: number; median: number; p90: number; max: number; over600: number }>;
}

/** In a second held-out file, `intent: out` means "anything the bot calls out of scope". */
const OUT = 'out';

/**
 * Reads a second held-out file: per language, a list of `{ q, intent }` (see
 * test/fixtures/heldout2.yaml). An intent the content does not have is an error, not a silent miss.
 */
export async function loadExtraTests(
  file: string,
  content: Content,
): Promise<{ text: string; intent: string; language: string }[]> {
  const { readFile } = await import('node:fs/promises');
  const { parse } = await import('yaml');
  const data = parse(await readFile(file, 'utf8')) as Record<string, { q: string; intent: string }[]>;
  return Object.entries(data).flatMap(([language, list]) =>
    list.map(({ q, intent }) => {
      if (intent !== OUT && !content.intentById.has(intent))
        throw new Error(`${file}: unknown intent "${intent}" (${language}: ${q})`);
      return { text: String(q), intent, language };
    }),
  );
}

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

/** Checks one turn of a conversation test against the bot's reply; returns what did not hold. */
export function checkTurn(
  turn: ConversationTurn,
  result: { replies: OutboundMessage[]; trace: Trace },
): string[] {
  const problems: string[] = [];
  const { trace } = result;
  const text = result.replies.map((r) => r.text).join('\n');
  const lower = text.toLowerCase();
  if (turn.intent && trace.intent !== turn.intent)
    problems.push(`intent ${trace.intent ?? 'none'} (expected ${turn.intent})`);
  if (turn.outcome && trace.outcome !== turn.outcome)
    problems.push(`outcome ${trace.outcome} (expected ${turn.outcome})`);
  if (turn.origin && trace.origin !== turn.origin)
    problems.push(`origin ${trace.origin ?? 'none'} (expected ${turn.origin})`);
  if (turn.destination && trace.destination !== turn.destination)
    problems.push(`destination ${trace.destination ?? 'none'} (expected ${turn.destination})`);
  for (const c of turn.contains) if (!lower.includes(c.toLowerCase())) problems.push(`reply lacks "${c}"`);
  for (const c of turn.notContains)
    if (lower.includes(c.toLowerCase())) problems.push(`reply contains "${c}"`);
  return problems;
}

/**
 * What a worker would experience, through the whole bot: every held-out test (a fresh worker each
 * time) counted as answered right, answered wrong, asked "did you mean…?" (with or without the
 * right intent among the options) or fell back; out-of-scope tests counted apart; every
 * conversation test run turn by turn; the length of answers' main text.
 */
export async function dialogueEval(
  root: string,
  options: { extraTests?: string } = {},
): Promise<DialogueReport> {
  const { createApp } = await import('../app.ts');
  const { createMemoryStore } = await import('../store/memory.ts');
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mrb-eval-'));
  const app = await createApp({
    env: {
      DATA_DIR: dataDir,
      CONTENT_DIR: root,
      PSEUDONYM_SECRET: 'evaluation-only-secret-0123456789',
      OFFICE_TZ: 'UTC',
    },
    store: createMemoryStore(),
  });
  const content = app.live.current().content;
  const report: DialogueReport = {
    heldOut: {},
    outOfScope: {},
    misses: [],
    conversations: {},
    conversationFailures: [],
    mainText: {},
  };
  const lengths: Record<string, number[]> = {};
  const noteLength = (lang: string, r: { trace: Trace }) => {
    if (r.trace.outcome === 'answered' && r.trace.mainChars !== undefined)
      (lengths[lang] ??= []).push(r.trace.mainChars);
  };
  let n = 0;
  const say = (userId: string, text: string) =>
    app.core.handleDetailed({ address: { channel: 'test', userId }, messageId: `eval-${++n}`, text });

  /** Runs one held-out question through the bot as a fresh worker and counts what it came to. */
  const runHeldOut = async (
    test: { text: string; intent: string; language?: string },
    into: { heldOut: DialogueReport['heldOut']; outOfScope: DialogueReport['outOfScope'] },
    misses?: HeldOutMiss[],
  ) => {
    const lang = test.language ?? '?';
    const r = await say(`eval-${n}`, test.text);
    // Answer lengths are measured on the content's own tests only, comparable from run to run.
    if (misses) noteLength(lang, r);
    const miss = (outcome: HeldOutMiss['outcome']) =>
      misses?.push({
        language: lang,
        text: test.text,
        expected: test.intent,
        outcome,
        got: r.trace.intent ?? r.trace.outcome ?? null,
        score: Number((r.trace.confidence ?? 0).toFixed(3)),
      });
    if (test.intent === OUT || content.intentById.get(test.intent)?.scope === 'out') {
      const o = (into.outOfScope[lang] ??= { n: 0, outOfScope: 0, fellBack: 0, answered: 0 });
      o.n++;
      if (r.trace.outcome === 'out-of-scope') o.outOfScope++;
      else if (r.trace.outcome === 'answered') o.answered++;
      else o.fellBack++;
      if (r.trace.outcome !== 'out-of-scope') miss('not out of scope');
      return;
    }
    const choices = r.replies.flatMap((m) => m.choices ?? []).map((c) => c.value);
    const outcome: HeldOutOutcome =
      r.trace.intent === test.intent
        ? 'right'
        : r.trace.intent
          ? 'wrong'
          : choices.includes(`intent:${test.intent}`) ||
              (choices.includes('cmd:human') &&
                test.intent === 'talk_to_person' &&
                r.trace.handoff === 'offered')
            ? 'asked (right option offered)'
            : r.replies[0]?.choices?.some((c) => c.value === 'none')
              ? 'asked (right option missing)'
              : 'fell back';
    const counts = (into.heldOut[lang] ??= {});
    counts[outcome] = (counts[outcome] ?? 0) + 1;
    if (outcome !== 'right') miss(outcome);
  };

  for (const test of heldOutTests(content)) await runHeldOut(test, report, report.misses);
  if (options.extraTests) {
    const extra = { file: options.extraTests, heldOut: {}, outOfScope: {} };
    for (const test of await loadExtraTests(options.extraTests, content)) await runHeldOut(test, extra);
    report.heldOut2 = extra;
  }

  for (const { language, conversation } of content.conversations) {
    const c = (report.conversations[language] ??= {
      conversations: 0,
      fullyRight: 0,
      turns: 0,
      turnsRight: 0,
    });
    c.conversations++;
    const userId = `conversation-${language}-${conversation.id}-${++n}`;
    let allRight = true;
    for (const [i, turn] of conversation.turns.entries()) {
      const r = await say(userId, turn.say);
      noteLength(language, r);
      const problems = checkTurn(turn, r);
      c.turns++;
      if (problems.length === 0) c.turnsRight++;
      else {
        allRight = false;
        report.conversationFailures.push({
          language,
          id: conversation.id,
          turn: i + 1,
          say: turn.say,
          problems,
        });
      }
    }
    if (allRight) c.fullyRight++;
  }

  for (const [lang, list] of Object.entries(lengths)) {
    const sorted = [...list].sort((a, b) => a - b);
    report.mainText[lang] = {
      n: sorted.length,
      median: quantile(sorted, 0.5),
      p90: quantile(sorted, 0.9),
      max: sorted.at(-1) ?? 0,
      over600: sorted.filter((x) => x > 600).length,
    };
  }
  await app.stop();
  await rm(dataDir, { recursive: true, force: true });
  return report;
}

function printHeldOut(
  title: string,
  langs: string[],
  report: Pick<DialogueReport, 'heldOut' | 'outOfScope'>,
): void {
  console.log(title);
  console.log(`language  ${HELD_OUT_OUTCOMES.map((o) => o.padStart(14)).join(' ')}`);
  const total = (counts: Partial<Record<string, number>>) =>
    Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);
  const all: Partial<Record<string, number>> = {};
  for (const lang of langs) {
    const counts = report.heldOut[lang] ?? {};
    const n = total(counts);
    for (const [k, v] of Object.entries(counts)) all[k] = (all[k] ?? 0) + (v ?? 0);
    if (n === 0) continue;
    console.log(
      `${lang.padEnd(9)} ${HELD_OUT_OUTCOMES.map((o) => pct((counts[o] ?? 0) / n).padStart(14)).join(' ')}   (n=${n})`,
    );
  }
  const nAll = total(all);
  if (nAll > 0)
    console.log(
      `${'all'.padEnd(9)} ${HELD_OUT_OUTCOMES.map((o) => pct((all[o] ?? 0) / nAll).padStart(14)).join(' ')}   (n=${nAll})`,
    );
  console.log(
    '\nOut-of-scope held-out tests: said "not something I can answer" / fell back / answered a topic:',
  );
  for (const lang of langs) {
    const o = report.outOfScope[lang];
    if (!o) continue;
    console.log(
      `${lang.padEnd(9)} ${pct(o.outOfScope / o.n).padStart(7)} ${pct(o.fellBack / o.n).padStart(7)} ${pct(o.answered / o.n).padStart(7)}   (n=${o.n})`,
    );
  }
}

export function printDialogueReport(report: DialogueReport): void {
  const langs = [
    ...new Set([
      ...Object.keys(report.heldOut),
      ...Object.keys(report.outOfScope),
      ...Object.keys(report.conversations),
    ]),
  ].sort();
  printHeldOut('Held-out tests through the whole bot (a fresh worker each):', langs, report);
  if (report.misses.length > 0) {
    console.log(`\nHeld-out tests not answered right (${report.misses.length}):`);
    for (const m of report.misses.slice(0, 80))
      console.log(
        `  [${m.language}] "${m.text}" expected ${m.expected}: ${m.outcome} (${m.got ?? 'none'}, ${m.score})`,
      );
  }
  if (report.heldOut2)
    printHeldOut(`\nSecond held-out set ${report.heldOut2.file} (aggregates only):`, langs, report.heldOut2);

  console.log('\nConversation tests: turns right, conversations fully right:');
  for (const lang of langs) {
    const c = report.conversations[lang];
    if (!c) continue;
    console.log(
      `${lang.padEnd(9)} turns ${pct(c.turnsRight / c.turns).padStart(7)} (${c.turnsRight}/${c.turns})   conversations ${pct(c.fullyRight / c.conversations).padStart(7)} (${c.fullyRight}/${c.conversations})`,
    );
  }
  if (report.conversationFailures.length > 0) {
    console.log(`\nFailing conversation turns (${report.conversationFailures.length}):`);
    for (const f of report.conversationFailures.slice(0, 60))
      console.log(`  [${f.language}] ${f.id} turn ${f.turn} "${f.say}": ${f.problems.join('; ')}`);
  }

  console.log(
    '\nMain text of answers (characters before the source line): median / p90 / max, answers over 600:',
  );
  for (const lang of langs) {
    const m = report.mainText[lang];
    if (!m) continue;
    console.log(
      `${lang.padEnd(9)} ${String(m.median).padStart(5)} ${String(m.p90).padStart(5)} ${String(m.max).padStart(5)}   over 600: ${m.over600}   (n=${m.n})`,
    );
  }
}
