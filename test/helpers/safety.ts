/** The repository's real safeguarding content and knowledge, loaded and checked for errors. */
import { expect } from 'vitest';
import { REPO_ROOT } from '../../src/app.ts';
import { loadContent, type Content } from '../../src/kb/loader.ts';
import { loadSafety, type SafetyContent } from '../../src/safety/load.ts';

export async function loadRealSafety(): Promise<{ safety: SafetyContent; content: Content }> {
  const loaded = await loadSafety(REPO_ROOT);
  expect(loaded.errors).toEqual([]);
  const kb = await loadContent(REPO_ROOT);
  expect(kb.errors).toEqual([]);
  return { safety: loaded.content!, content: kb.content };
}
