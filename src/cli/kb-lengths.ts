/**
 * `npm run kb -- lengths`: the main text of every answer, rendered in every claimed language (with and
 * without countries), per language: median, 90th percentile and maximum length in characters, and how
 * many intents go over the phone-screen bar. `--all` lists every intent's longest rendering; `--detail`
 * measures the "More detail" texts instead.
 */
import { lengthStats, MAX_MAIN_TEXT, measureAnswers } from '../kb/answer-length.ts';
import { formatProblem, loadContent } from '../kb/loader.ts';

export async function runLengths(root: string, args: string[]): Promise<number> {
  const { content, errors } = await loadContent(root);
  if (errors.length > 0) {
    for (const e of errors) console.log(`error   ${formatProblem(e)}`);
    return 1;
  }
  const part = args.includes('--detail') ? 'detail' : 'answer';
  const measured = measureAnswers(content, part);
  const stats = lengthStats(measured);
  console.log(`${part} main text, characters (per intent: its longest rendering); bar ${MAX_MAIN_TEXT}`);
  console.log('language  intents  median     p90     max  over');
  for (const [lang, s] of Object.entries(stats))
    console.log(
      `${lang.padEnd(9)} ${String(s.n).padStart(7)} ${String(s.median).padStart(7)} ${String(s.p90).padStart(7)} ${String(s.max).padStart(7)} ${String(s.over).padStart(5)}`,
    );
  if (args.includes('--all')) {
    const worst = new Map<string, (typeof measured)[number]>();
    for (const m of measured) {
      const key = `${m.intent}|${m.language}`;
      if ((worst.get(key)?.length ?? -1) < m.length) worst.set(key, m);
    }
    for (const m of [...worst.values()].sort((a, b) => b.length - a.length))
      console.log(
        `${String(m.length).padStart(5)}  ${m.language}  ${m.intent}${m.origin ? ` (${m.origin}→${m.destination})` : ''}`,
      );
  }
  return Object.values(stats).some((s) => s.over > 0) ? 1 : 0;
}
