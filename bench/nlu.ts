/**
 * Intent-matching benchmark: `npm run bench:nlu`.
 *
 * One process runs, for this project's matcher and for natural's BayesClassifier (the in-process
 * baseline), on the public data in ../shared/benchmarks/:
 *  - BANKING77: train on train.csv, accuracy on test.csv;
 *  - CLINC150 (full): train on `train`, choose one confidence threshold on `val` + `oos_val`
 *    (maximising in-scope accuracy + out-of-scope recall), report both on `test` + `oos_test`;
 *  - for our matcher, CLINC150 again in the paper's "oos-train" setting: `oos_train` (100 texts) is
 *    added as one more class, `oos`; a query whose best intent is `oos` is rejected, the rest go
 *    through the threshold as above. A separate row: it uses out-of-scope training data.
 * Our matcher runs twice: with its defaults and with OUT_OF_SCOPE_OPTIONS (the bot's settings,
 * BOT_MATCHER_OPTIONS in src/kb/live.ts).
 * It prints progress and a table and writes bench/results/nlu.json (training seconds, µs per rank
 * call, peak RSS, and a reliability table with the expected calibration error).
 *
 * Our matcher runs first; its peak RSS is read before natural is even imported. The peak RSS given
 * for the baseline is cumulative (it includes everything before it).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type NaturalModule from 'natural';
import { OUT_OF_SCOPE_OPTIONS, trainMatcher } from '../src/nlu/matcher.ts';
import type { Matcher, TrainingExample } from '../src/nlu/types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.NLU_BENCH_DATA ?? join(here, '..', '..', 'shared', 'benchmarks');
const OUT = join(here, 'results', 'nlu.json');
// "ours" (both runs of our matcher), "default", "oos" (OUT_OF_SCOPE_OPTIONS alone, for its own
// peak RSS) or "bayes", for quick runs; results are written only when everything runs.
const ONLY = process.env.NLU_BENCH_ONLY;

type Example = { text: string; intent: string };

/** RFC 4180 CSV (quoted fields may hold commas, quotes and newlines). */
function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function loadBanking(file: string): Example[] {
  const rows = parseCsv(readFileSync(join(DATA, 'banking77', file), 'utf8'));
  const header = rows.shift();
  if (header?.[0] !== 'text' || header[1] !== 'category') throw new Error(`unexpected header in ${file}`);
  return rows
    .filter((r) => r.length === 2 && r[0] !== '')
    .map(([text, intent]) => ({ text: text!, intent: intent! }));
}

interface Clinc {
  train: Example[];
  val: Example[];
  test: Example[];
  oos_val: Example[];
  oos_test: Example[];
  oos_train: Example[];
}

function loadClinc(): Clinc {
  const d = JSON.parse(readFileSync(join(DATA, 'clinc150', 'data_full.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  const conv = (k: string): Example[] => (d[k] ?? []).map(([text, intent]) => ({ text, intent }));
  return {
    train: conv('train'),
    val: conv('val'),
    test: conv('test'),
    oos_val: conv('oos_val'),
    oos_test: conv('oos_test'),
    oos_train: conv('oos_train'),
  };
}

type Natural = typeof NaturalModule;

/** natural's BayesClassifier behind the Matcher interface (scores normalised to sum to 1). */
function trainBayes(natural: Natural, examples: readonly TrainingExample[]): Matcher {
  const c = new natural.BayesClassifier();
  for (const e of examples) c.addDocument(e.text, e.intent);
  c.train();
  const intents = [...new Set(examples.map((e) => e.intent))].sort();
  return {
    intents,
    rank(text: string) {
      const cls = c.getClassifications(text);
      const sum = cls.reduce((s, x) => s + x.value, 0);
      return cls
        .map((x) => ({ intent: x.label, score: sum > 0 ? x.value / sum : 1 / cls.length }))
        .sort((a, b) => b.score - a.score);
    },
    serialize: () => JSON.parse(JSON.stringify(c)) as unknown,
  };
}

interface Scored {
  intent: string;
  top: string;
  score: number;
  /** Rejected whatever the threshold (the best intent is the explicit `oos` class). */
  rejected?: boolean;
}

/** The intent of the explicit out-of-scope class in the oos-train setting. */
const OOS = 'oos';

function progress(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

/** Rank every example, timing each call. */
function score(m: Matcher, data: Example[], label: string, times: number[]): Scored[] {
  const out: Scored[] = [];
  const step = Math.max(1, Math.floor(data.length / 4));
  for (let i = 0; i < data.length; i++) {
    const e = data[i]!;
    const t0 = process.hrtime.bigint();
    const r = m.rank(e.text);
    times.push(Number(process.hrtime.bigint() - t0) / 1000);
    const top = r[0]?.intent ?? '';
    out.push({ intent: e.intent, top, score: r[0]?.score ?? 0, rejected: top === OOS });
    if ((i + 1) % step === 0) progress(`  ${label}: scored ${i + 1}/${data.length}`);
  }
  return out;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

interface Bin {
  from: number;
  to: number;
  count: number;
  meanScore: number;
  accuracy: number;
}

/** Reliability of the top score: 10 equal-width bins and the expected calibration error. */
function calibration(rows: { score: number; correct: boolean }[]): { bins: Bin[]; ece: number } {
  const bins: Bin[] = [];
  let ece = 0;
  for (let b = 0; b < 10; b++) {
    const from = b / 10;
    const to = (b + 1) / 10;
    const inBin = rows.filter((r) => r.score >= from && (b === 9 ? r.score <= to : r.score < to));
    const count = inBin.length;
    const meanScore = count > 0 ? inBin.reduce((s, r) => s + r.score, 0) / count : 0;
    const accuracy = count > 0 ? inBin.filter((r) => r.correct).length / count : 0;
    ece += (count / Math.max(1, rows.length)) * Math.abs(accuracy - meanScore);
    bins.push({ from, to, count, meanScore: round(meanScore, 4), accuracy: round(accuracy, 4) });
  }
  return { bins, ece: round(ece, 4) };
}

function round(x: number, d = 2): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

/** Threshold maximising in-scope accuracy (accepted and right) + OOS recall (rejected). */
function chooseThreshold(inScope: Scored[], oos: Scored[]): number {
  const cands = [...new Set([...inScope, ...oos].map((s) => s.score))].sort((a, b) => a - b);
  let best = -1;
  let bestT = 0;
  for (const t of [0, ...cands]) {
    const j = rates(inScope, oos, t);
    const v = j.inScopeAccuracy + j.oosRecall;
    if (v > best) {
      best = v;
      bestT = t;
    }
  }
  return bestT;
}

/** Highest threshold whose validation in-scope accuracy stays at or above `floor`. */
function chooseThresholdForInScope(inScope: Scored[], oos: Scored[], floor: number): number {
  const cands = [...new Set(inScope.map((s) => s.score))].sort((a, b) => b - a);
  for (const t of cands) if (rates(inScope, oos, t).inScopeAccuracy >= floor) return t;
  return 0;
}

function rates(inScope: Scored[], oos: Scored[], t: number): { inScopeAccuracy: number; oosRecall: number } {
  return {
    inScopeAccuracy:
      inScope.filter((s) => !s.rejected && s.score >= t && s.top === s.intent).length / inScope.length,
    oosRecall: oos.filter((s) => s.rejected || s.score < t).length / oos.length,
  };
}

type Trainer = (examples: Example[], onProgress: (done: number, total: number) => void) => Matcher;

interface SystemResult {
  banking77: Record<string, unknown>;
  clinc150: Record<string, unknown>;
  /** CLINC150 with `oos_train` as an extra class (the paper's "oos-train" setting). */
  clinc150OosTrain?: Record<string, unknown>;
  peakRssMB: number;
}

function runSystem(
  name: string,
  train: Trainer,
  banking: { train: Example[]; test: Example[] },
  clinc: Clinc,
  oosTrain = false,
): SystemResult {
  const onProgress =
    (label: string) =>
    (done: number, total: number): void =>
      progress(`  ${name} ${label}: training ${done}/${total}`);

  const banking77 = runBanking(name, train, banking, onProgress('banking77'));
  const clinc150 = runClinc(name, train, clinc, onProgress('clinc150'));
  // Read before the oos-train run: the targets are per data set, and a third large model in the
  // same process only measures how lazily V8 collects the previous one.
  const peakRssMB = round(process.resourceUsage().maxRSS / 1024, 1);
  return {
    banking77,
    clinc150,
    peakRssMB,
    ...(oosTrain
      ? {
          clinc150OosTrain: runClinc(name, train, clinc, onProgress('clinc150 oos-train'), [
            ...clinc.train,
            ...clinc.oos_train.map((e) => ({ text: e.text, intent: OOS })),
          ]),
        }
      : {}),
  };
}

/** Wall-clock and CPU seconds of `f` (the machine may be shared: CPU time is the steadier figure). */
function timed<T>(f: () => T): { value: T; seconds: number; cpuSeconds: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const cpu = process.cpuUsage(c0);
  return { value, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

function runBanking(
  name: string,
  train: Trainer,
  banking: { train: Example[]; test: Example[] },
  onProgress: (done: number, total: number) => void,
): Record<string, unknown> {
  progress(`${name}: BANKING77 — training on ${banking.train.length} examples`);
  const t = timed(() => train(banking.train, onProgress));
  const mb = t.value;
  const bTimes: number[] = [];
  const bScored = score(mb, banking.test, `${name} banking77 test`, bTimes);
  const bAcc = bScored.filter((s) => s.top === s.intent).length / bScored.length;
  const bCal = calibration(bScored.map((s) => ({ score: s.score, correct: s.top === s.intent })));

  return {
    accuracy: round(bAcc * 100),
    trainSeconds: round(t.seconds),
    trainCpuSeconds: round(t.cpuSeconds),
    trainExamples: banking.train.length,
    rankMedianMicros: round(quantile(bTimes, 0.5), 1),
    rankP95Micros: round(quantile(bTimes, 0.95), 1),
    calibration: bCal,
    peakRssMBSoFar: round(process.resourceUsage().maxRSS / 1024, 1),
  };
}

function runClinc(
  name: string,
  train: Trainer,
  clinc: Clinc,
  onProgress: (done: number, total: number) => void,
  trainSet: Example[] = clinc.train,
): Record<string, unknown> {
  progress(`${name}: CLINC150 — training on ${trainSet.length} examples`);
  const t = timed(() => train(trainSet, onProgress));
  const mc = t.value;
  const cTimes: number[] = [];
  const val = score(mc, clinc.val, `${name} clinc150 val`, cTimes);
  const oosVal = score(mc, clinc.oos_val, `${name} clinc150 oos_val`, cTimes);
  const threshold = chooseThreshold(val, oosVal);
  const test = score(mc, clinc.test, `${name} clinc150 test`, cTimes);
  const oosTest = score(mc, clinc.oos_test, `${name} clinc150 oos_test`, cTimes);
  const atT = rates(test, oosTest, threshold);
  const valAtT = rates(val, oosVal, threshold);
  const cCal = calibration(test.map((s) => ({ score: s.score, correct: s.top === s.intent })));

  // A second threshold rule, for the bot's use: the highest OOS recall that keeps validation
  // in-scope accuracy at or above 90%.
  const t90 = chooseThresholdForInScope(val, oosVal, 0.9);
  const at90 = rates(test, oosTest, t90);
  return {
    inScopeAccuracy: round(atT.inScopeAccuracy * 100),
    oosRecall: round(atT.oosRecall * 100),
    threshold: round(threshold, 4),
    validation: {
      inScopeAccuracy: round(valAtT.inScopeAccuracy * 100),
      oosRecall: round(valAtT.oosRecall * 100),
    },
    inScopeAccuracyNoThreshold: round((test.filter((s) => s.top === s.intent).length / test.length) * 100),
    atValInScope90: {
      threshold: round(t90, 4),
      inScopeAccuracy: round(at90.inScopeAccuracy * 100),
      oosRecall: round(at90.oosRecall * 100),
    },
    trainSeconds: round(t.seconds),
    trainCpuSeconds: round(t.cpuSeconds),
    trainExamples: trainSet.length,
    rankMedianMicros: round(quantile(cTimes, 0.5), 1),
    rankP95Micros: round(quantile(cTimes, 0.95), 1),
    calibrationInScope: cCal,
    peakRssMBSoFar: round(process.resourceUsage().maxRSS / 1024, 1),
  };
}

async function main(): Promise<void> {
  progress(`loading data from ${DATA}`);
  const banking = { train: loadBanking('train.csv'), test: loadBanking('test.csv') };
  const clinc = loadClinc();
  const systems: Record<string, SystemResult> = {};
  if (ONLY === undefined || ONLY === 'ours' || ONLY === 'default') {
    systems['matcher'] = runSystem(
      'matcher',
      (ex, onProgress) => trainMatcher(ex, { onProgress }),
      banking,
      clinc,
      true,
    );
  }
  if (ONLY === undefined || ONLY === 'ours' || ONLY === 'oos') {
    systems['matcher, OUT_OF_SCOPE_OPTIONS'] = runSystem(
      'matcher, OUT_OF_SCOPE_OPTIONS',
      (ex, onProgress) => trainMatcher(ex, { ...OUT_OF_SCOPE_OPTIONS, onProgress }),
      banking,
      clinc,
      true,
    );
  }
  if (ONLY === undefined || ONLY === 'bayes') {
    // Loaded only now, so that the matcher's peak RSS above does not include natural (~100 MB).
    const natural = ((await import('natural')) as { default: Natural }).default;
    systems['natural BayesClassifier'] = runSystem(
      'natural BayesClassifier',
      (ex) => trainBayes(natural, ex),
      banking,
      clinc,
    );
  }

  type ClincRow = Record<string, number> & {
    atValInScope90: Record<string, number>;
    calibrationInScope: { ece: number };
  };
  const rows = Object.entries(systems).flatMap(([name, r]) => {
    const b = r.banking77 as Record<string, number> & { calibration: { ece: number } };
    const c = r.clinc150 as ClincRow;
    const o = r.clinc150OosTrain as ClincRow | undefined;
    const oosRow =
      o === undefined
        ? []
        : [
            [
              `${name}, CLINC150 oos-train setting (oos_train as a class)`,
              '—',
              `${o.inScopeAccuracy}% / ${o.oosRecall}%`,
              `${o.atValInScope90.inScopeAccuracy}% / ${o.atValInScope90.oosRecall}%`,
              `— / ${o.rankMedianMicros}`,
              `— / ${o.rankP95Micros}`,
              `— / ${o.trainSeconds} (${o.trainCpuSeconds} cpu)`,
              `— / ${o.calibrationInScope.ece}`,
              '',
            ],
          ];
    const main = [
      name,
      `${b.accuracy}%`,
      `${c.inScopeAccuracy}% / ${c.oosRecall}%`,
      `${c.atValInScope90.inScopeAccuracy}% / ${c.atValInScope90.oosRecall}%`,
      `${b.rankMedianMicros} / ${c.rankMedianMicros}`,
      `${b.rankP95Micros} / ${c.rankP95Micros}`,
      `${b.trainSeconds} (${b.trainCpuSeconds} cpu) / ${c.trainSeconds} (${c.trainCpuSeconds} cpu)`,
      `${b.calibration.ece} / ${c.calibrationInScope.ece}`,
      `${r.peakRssMB}`,
    ];
    return [main, ...oosRow];
  });
  const head = [
    'system',
    'BANKING77 acc',
    'CLINC in-scope / OOS recall (balanced threshold)',
    'CLINC in-scope / OOS recall (threshold for val in-scope ≥ 90%)',
    'median µs per rank (B / C)',
    'p95 µs (B / C)',
    'train s (B / C)',
    'ECE (B / C in-scope)',
    'peak RSS MB (cumulative)',
  ];
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);

  mkdirSync(dirname(OUT), { recursive: true });
  const result = {
    command: 'npm run bench:nlu',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
    protocol: {
      banking77: 'train.csv → test.csv, top-1 accuracy',
      clinc150:
        'train → threshold on val + oos_val maximising in-scope accuracy + OOS recall → test + oos_test; a rejected in-scope query counts as an error',
      clinc150OosTrain:
        'as clinc150, but trained on train + oos_train with oos_train as one more class (oos); a query whose best intent is oos is rejected',
      peakRss:
        'process maxRSS after each system; systems run in order in one process, so later figures include earlier ones',
    },
    systems,
  };
  if (ONLY === undefined) writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
  else progress(`NLU_BENCH_ONLY=${ONLY}: results not written`);
}

await main();
