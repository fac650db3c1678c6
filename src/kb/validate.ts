/**
 * What `npm run kb -- validate` checks, as a function: the content (knowledge/, intents/,
 * conversations/, with cross-references), the safeguarding content (safety/) and the bot's own texts
 * for every claimed language (locales/). The editors' console validates an edit with exactly this
 * before it writes anything (src/kb/edit.ts).
 */
import { checkLocales } from '../core/strings.ts';
import { loadContent, type LoadResult, type Problem } from './loader.ts';

export interface ValidateOptions {
  maxReviewAgeDays?: number;
  /** Where safety/ is read from, when not under `root` (an overlay copy of the content). */
  safetyRoot?: string;
}

export async function validateContent(root: string, options: ValidateOptions = {}): Promise<LoadResult> {
  const result = await loadContent(root, { maxReviewAgeDays: options.maxReviewAgeDays });
  const { loadSafety, safetyRoot } = await import('../safety/load.ts');
  const safety = await loadSafety(options.safetyRoot ?? safetyRoot(root));
  result.errors.push(...safety.errors);
  // The bot's own texts: every claimed language has every message, with the same placeholders.
  for (const p of checkLocales(undefined, result.content.languages))
    result.errors.push({ file: p.file, field: p.key, message: p.message } satisfies Problem);
  return result;
}
