/**
 * The effect of an edit, per language: every held-out test (never trained on) asked through the whole
 * bot — the same steps a worker's message takes, with the content and matcher the bot runs on — and
 * counted as answered right, asked back ("did you mean…?" or which country), fell back, or answered
 * wrong. Out-of-scope intents' tests are left out (they are meant to be declined).
 *
 * It reuses the running bot's trained matcher (no training here), so it costs one dialogue turn per
 * test: a few seconds for the real content. Reports are kept per content hash, so "before" is the
 * report of the content that was live before an edit and "after" the one of the content after the
 * reload (see {@link EvalRuns}).
 */
import { Core } from '../../core/dialogue.ts';
import { LocalDesk } from '../../core/local-desk.ts';
import { Outbox } from '../../core/outbox.ts';
import { createPseudonymizer } from '../../core/pseudonym.ts';
import { KeyedLock, TicketService } from '../../core/tickets.ts';
import type { NluState } from '../../kb/live.ts';
import { heldOutTests } from '../../kb/quality.ts';
import { detectLanguage } from '../../nlu/language.ts';
import type { SafetyContent } from '../../safety/load.ts';
import { SafetyStep } from '../../safety/step.ts';
import { createMemoryStore } from '../../store/memory.ts';

export interface LanguageCounts {
  n: number;
  right: number;
  asked: number;
  fellBack: number;
  wrong: number;
}

export interface EvalReport {
  contentHash: string;
  byLanguage: Record<string, LanguageCounts>;
  all: LanguageCounts;
  ms: number;
}

const zero = (): LanguageCounts => ({ n: 0, right: 0, asked: 0, fellBack: 0, wrong: 0 });

/** Asks every in-scope held-out test of `state`'s content through a throwaway bot built on `state`. */
export async function evaluateThroughBot(state: NluState, safety?: SafetyContent): Promise<EvalReport> {
  const started = performance.now();
  const store = createMemoryStore();
  const lock = new KeyedLock();
  const outbox = new Outbox({ store });
  const tickets = new TicketService({ store, desk: new LocalDesk(), outbox, lock });
  const core = new Core({
    nlu: () => state,
    // As the bot does (src/app.ts): the content's own guesser first, the generic detector as a help.
    detectLanguage: (text) => {
      const fromContent = state.guessLanguage(text);
      if (fromContent.confidence >= 0.6) return fromContent;
      const generic = detectLanguage(text);
      return generic.confidence > fromContent.confidence ? generic : fromContent;
    },
    store,
    tickets,
    lock,
    pseudonymize: createPseudonymizer('editor-evaluation-only-0123456789'),
    safety: safety ? new SafetyStep({ safety: () => safety, tickets }) : undefined,
  });
  const byLanguage: Record<string, LanguageCounts> = {};
  const all = zero();
  let n = 0;
  for (const test of heldOutTests(state.content)) {
    if (state.content.intentById.get(test.intent)?.scope === 'out') continue;
    const r = await core.handleDetailed({
      address: { channel: 'test', userId: `eval-${++n}` },
      messageId: `eval-${n}`,
      text: test.text,
    });
    // Classified as `kb eval --dialogue` does (src/cli/kb-eval.ts).
    const choices = r.replies.flatMap((m) => m.choices ?? []).map((c) => c.value);
    const outcome: keyof Omit<LanguageCounts, 'n'> =
      r.trace.intent === test.intent
        ? 'right'
        : r.trace.intent
          ? 'wrong'
          : choices.includes(`intent:${test.intent}`) ||
              (choices.includes('cmd:human') &&
                test.intent === 'talk_to_person' &&
                r.trace.handoff === 'offered') ||
              r.replies[0]?.choices?.some((c) => c.value === 'none')
            ? 'asked'
            : 'fellBack';
    const c = (byLanguage[test.language ?? '?'] ??= zero());
    for (const x of [c, all]) {
      x.n++;
      x[outcome]++;
    }
    // Every question is a fresh worker: nothing is kept between them.
    if (n % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return { contentHash: state.content.hash, byLanguage, all, ms: Math.round(performance.now() - started) };
}

/** Evaluations by content hash, run one at a time in the background; a page polls {@link get}. */
export class EvalRuns {
  private readonly reports = new Map<string, EvalReport>();
  private readonly running = new Map<string, Promise<EvalReport>>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly run: (state: NluState) => Promise<EvalReport>,
    private readonly keep = 20,
  ) {}

  /** The report for this content, if done. */
  get(hash: string): EvalReport | undefined {
    return this.reports.get(hash);
  }

  /** Starts the evaluation of `state` unless it is done or under way; resolves when it is done. */
  ensure(state: NluState): Promise<EvalReport> {
    const hash = state.content.hash;
    const done = this.reports.get(hash);
    if (done) return Promise.resolve(done);
    let p = this.running.get(hash);
    if (!p) {
      p = this.queue.then(() => this.run(state));
      this.running.set(hash, p);
      this.queue = p.catch(() => undefined);
      p.then(
        (report) => {
          this.reports.set(hash, report);
          this.running.delete(hash);
          while (this.reports.size > this.keep) this.reports.delete(this.reports.keys().next().value!);
        },
        () => this.running.delete(hash),
      );
    }
    return p;
  }

  pending(hash: string): boolean {
    return this.running.has(hash);
  }
}

/** After minus before, per language and overall (right, asked, fell back, wrong). */
export function delta(before: EvalReport, after: EvalReport): Record<string, LanguageCounts> {
  const out: Record<string, LanguageCounts> = {};
  const langs = new Set([...Object.keys(before.byLanguage), ...Object.keys(after.byLanguage)]);
  for (const lang of [...langs, 'all']) {
    const a = lang === 'all' ? after.all : (after.byLanguage[lang] ?? zero());
    const b = lang === 'all' ? before.all : (before.byLanguage[lang] ?? zero());
    out[lang] = {
      n: a.n - b.n,
      right: a.right - b.right,
      asked: a.asked - b.asked,
      fellBack: a.fellBack - b.fellBack,
      wrong: a.wrong - b.wrong,
    };
  }
  return out;
}
