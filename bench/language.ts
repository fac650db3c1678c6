/**
 * `npm run bench:language`: how often the generic language guesser (src/nlu/language.ts: franc-min
 * plus the project's cues) names the right language of the content's own phrases — the held-out tests
 * and the training examples of every intent — and how often it is right with confidence ≥ 0.5.
 */
import '../src/quiet.ts';
import { loadContent } from '../src/kb/loader.ts';
import { detectLanguage } from '../src/nlu/language.ts';
import { REPO_ROOT } from '../src/app.ts';

const { content } = await loadContent(REPO_ROOT);
if (!content) throw new Error('content did not load');
for (const set of ['tests', 'examples'] as const) {
  const rows: Record<string, { n: number; right: number; confident: number }> = {};
  for (const intent of content.intents)
    for (const [language, phrases] of Object.entries(intent[set] ?? {}))
      for (const text of phrases ?? []) {
        const row = (rows[language] ??= { n: 0, right: 0, confident: 0 });
        const guess = detectLanguage(text);
        row.n++;
        if (guess.language === language) {
          row.right++;
          if (guess.confidence >= 0.5) row.confident++;
        }
      }
  console.log(`\n${set}: language | phrases | right % | right with confidence >= 0.5 %`);
  for (const [language, r] of Object.entries(rows))
    console.log(
      `${language.padEnd(3)} ${String(r.n).padStart(6)} ${((100 * r.right) / r.n).toFixed(1).padStart(6)} ${((100 * r.confident) / r.n).toFixed(1).padStart(6)}`,
    );
}
