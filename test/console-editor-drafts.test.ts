/**
 * Staff answers as drafts for editors (src/console/editor/drafts.ts) and the held-out evaluation
 * through the bot (eval.ts): drafts come from answered tickets, masked; they leave the list when an
 * editor used them or when the question is in the content; /forget erases them with the ticket. The
 * evaluation counts the same outcomes as `kb eval --dialogue` and shows an edit's effect.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dialogueEval } from '../src/cli/kb-eval.ts';
import { draftId, handledDrafts, listDrafts, findDraft } from '../src/console/editor/drafts.ts';
import { delta, evaluateThroughBot, EvalRuns } from '../src/console/editor/eval.ts';
import { ContentEditor } from '../src/kb/edit.ts';
import { FIXTURE_CONTENT, makeTestApp } from './helpers/app.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function copyFixture() {
  const dir = await mkdtemp(path.join(tmpdir(), 'mrb-drafts-'));
  dirs.push(dir);
  await cp(FIXTURE_CONTENT, dir, { recursive: true });
  return dir;
}

describe('staff answers become drafts', () => {
  it('offers the question and the reply, masked, until an editor used them; /forget erases them', async () => {
    const t = await makeTestApp();
    try {
      await t.say('my name is Rosa Lima and my boss took the dental bill from my wages 0917 555 0134', 'w1');
      await t.say('/human', 'w1');
      await t.settle();
      const [ticket] = await t.app.tickets.openTickets();
      expect(ticket).toBeDefined();
      // Not answered yet: no draft.
      expect(await listDrafts(t.app.store)).toEqual([]);
      await t.desk.reply(
        ticket!.id,
        { id: 'S1', name: 'Ana Staff' },
        'Hi Rosa, Ana here: a wage deduction needs your written consent. Write to ana@union.example',
      );
      await t.settle();
      const drafts = await listDrafts(t.app.store, { matcher: t.app.live.current().matcher });
      expect(drafts).toHaveLength(1);
      const [draft] = drafts;
      expect(draft!.id).toBe(draftId(ticket!.id));
      expect(draft!.id).not.toContain(ticket!.id);
      expect(draft!.language).toBe('en');
      expect(draft!.question).toContain('my boss took the dental bill');
      expect(draft!.reply).toContain('a wage deduction needs your written consent');
      expect(draft!.nearest?.intent).toBeTruthy();
      const shown = JSON.stringify(drafts);
      for (const secret of [
        'Rosa',
        'Lima',
        '0917',
        '0134',
        'Ana',
        'ana@union',
        ticket!.id,
        ticket!.workerRef,
        'w1',
      ])
        expect(shown, secret).not.toContain(secret);
      expect(await findDraft(t.app.store, draft!.id)).toEqual({ ...draft, nearest: undefined });

      // An editor set it aside (an audit entry names the draft id only): it leaves the list.
      const handled = handledDrafts([{ action: 'editor.draft.dismiss', detail: { draft: draft!.id } }]);
      expect(await listDrafts(t.app.store, { handled })).toEqual([]);
      // The question became an example: it leaves the list too.
      const content = t.app.live.current().content;
      const withQuestion = {
        ...content,
        intents: [{ ...content.intents[0]!, examples: { en: [draft!.question] } }],
      } as typeof content;
      expect(await listDrafts(t.app.store, { content: withQuestion })).toEqual([]);

      // The worker erases their data: the draft goes with the ticket.
      await t.say('/forget', 'w1');
      await t.settle();
      expect(await listDrafts(t.app.store)).toEqual([]);
      expect(await findDraft(t.app.store, draft!.id)).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

describe('held-out evaluation through the bot', { timeout: 120_000 }, () => {
  it('counts what kb eval --dialogue counts, per language', async () => {
    const root = await copyFixture();
    const t = await makeTestApp({ content: root });
    try {
      const mine = await evaluateThroughBot(t.app.live.current());
      const theirs = await dialogueEval(root);
      for (const [lang, counts] of Object.entries(theirs.heldOut)) {
        const m = mine.byLanguage[lang]!;
        expect(m.right, lang).toBe(counts.right ?? 0);
        expect(m.wrong, lang).toBe(counts.wrong ?? 0);
        expect(m.asked, lang).toBe(
          (counts['asked (right option offered)'] ?? 0) + (counts['asked (right option missing)'] ?? 0),
        );
        expect(m.fellBack, lang).toBe(counts['fell back'] ?? 0);
        expect(m.n).toBe(m.right + m.wrong + m.asked + m.fellBack);
      }
      expect(mine.all.n).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('shows an edit’s effect: before, after and the difference', async () => {
    const root = await copyFixture();
    const t = await makeTestApp({ content: root });
    try {
      const runs = new EvalRuns((state) => evaluateThroughBot(state));
      const beforeState = t.app.live.current();
      const before = await runs.ensure(beforeState);
      expect(runs.get(beforeState.content.hash)).toBe(before);
      const editor = new ContentEditor({
        root,
        current: () => t.app.live.current().content,
        reload: () => t.app.live.reload(),
      });
      // A new held-out test the bot cannot answer yet: one more question, not answered right.
      const result = await editor.apply({
        kind: 'add-phrase',
        intent: 'health_care',
        list: 'tests',
        language: 'en',
        text: 'who pays when my molar is pulled out',
      });
      expect(result.ok).toBe(true);
      if (result.ok) await result.live;
      const afterState = t.app.live.current();
      expect(afterState.content.hash).not.toBe(beforeState.content.hash);
      const after = await runs.ensure(afterState);
      const d = delta(before, after);
      expect(d.en!.n).toBe(1);
      expect(d.all!.n).toBe(1);
      expect(d.es!.n).toBe(0);
      expect(d.en!.right + d.en!.asked + d.en!.fellBack + d.en!.wrong).toBe(1);
    } finally {
      await t.close();
    }
  });
});
