/**
 * The real content in knowledge/ and intents/: valid, complete in every claimed language, every
 * answer sourced, and understood well enough (held-out accuracy per language).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/app.ts';
import { evaluate } from '../src/cli/kb-eval.ts';
import { renderAnswer, renderCitations } from '../src/core/render.ts';
import { formatProblem, loadContent, type Content } from '../src/kb/loader.ts';

let content: Content;
let errors: string[];
beforeAll(async () => {
  const r = await loadContent(REPO_ROOT, { maxReviewAgeDays: 730 });
  content = r.content;
  errors = r.errors.map(formatProblem);
});

describe('the real content', () => {
  it('validates with no error', () => {
    expect(errors).toEqual([]);
  });

  it('refuses an intent that has no title in a language and no choice that labels it', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'mrb-title-'));
    try {
      for (const dir of ['knowledge', 'intents', 'conversations'])
        await cp(path.join(REPO_ROOT, dir), path.join(root, dir), { recursive: true });
      const file = path.join(root, 'intents/greeting.yaml');
      const yaml = await readFile(file, 'utf8');
      // Its Nepali title gone, and no topic whose title could stand in for it.
      const edited = yaml
        .replace(/^ {2}ne: .*\n/m, (line) => (line.includes('नमस्ते') ? '' : line))
        .replace(/^knowledge: .*$/m, 'knowledge: []');
      await writeFile(file, edited);
      const r = await loadContent(root, { maxReviewAgeDays: 730 });
      const problems = r.errors.map(formatProblem).filter((p) => p.includes('intents/greeting.yaml'));
      expect(problems.join('\n')).toMatch(/title.*no title in "ne"/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('claims the six languages and covers the field with at least 35 intents', () => {
    expect(content.languages).toEqual(expect.arrayContaining(['en', 'es', 'fr', 'pt', 'id', 'tl']));
    expect(content.intents.length).toBeGreaterThanOrEqual(35);
  });

  it('has at least 12 examples and 3 held-out tests per intent and claimed language', () => {
    const short: string[] = [];
    for (const intent of content.intents)
      for (const lang of content.languages) {
        if ((intent.examples[lang]?.length ?? 0) < 12) short.push(`${intent.id} examples.${lang}`);
        if ((intent.tests[lang]?.length ?? 0) < 3) short.push(`${intent.id} tests.${lang}`);
      }
    expect(short).toEqual([]);
  });

  it('every knowledge entry has a source and a reviewed date', () => {
    for (const e of content.kb.byId.values()) {
      expect(e.sources.length, e.id).toBeGreaterThan(0);
      expect(e.reviewed, e.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('every answer, in every claimed language, cites a source with its reviewed date and leaves no placeholder', () => {
    const problems: string[] = [];
    for (const intent of content.intents)
      for (const language of content.languages) {
        const r = renderAnswer(content, intent, {
          language,
          origin: 'PH',
          destination: 'ES',
          instrument: 'c102',
        });
        const citations = renderCitations(r.cited, language);
        // Only the bot's own small talk may rest on project documents alone (and so cite nothing).
        const factual = r.cited.some((e) =>
          e.sources.some((s) => s.url !== undefined || s.seed !== undefined),
        );
        if (!factual && !['greeting', 'thanks_bye', 'talk_to_person', 'out_small_talk'].includes(intent.id))
          problems.push(`${intent.id}/${language}: rests on no external source`);
        if (factual && !/\d{4}-\d{2}-\d{2}/.test(citations))
          problems.push(`${intent.id}/${language}: no citation`);
        if (/\{\{|\}\}/.test(r.text)) problems.push(`${intent.id}/${language}: unresolved placeholder`);
        if (r.text.trim().length === 0) problems.push(`${intent.id}/${language}: empty answer`);
      }
    expect(problems).toEqual([]);
  });

  it('reaches at least 90% held-out accuracy in every claimed language', () => {
    const report = evaluate(content, 0);
    const below = Object.entries(report.heldOut.byLanguage).filter(([, v]) => v.accuracy < 0.9);
    expect(below).toEqual([]);
  }, 300_000);
});
