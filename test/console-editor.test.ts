/**
 * The editors' console pages over HTTP (src/console/editor/section.ts) with the real bot over a
 * temporary copy of the fixture content: a question the bot could not answer (asked through the real
 * dialogue) is listed, masked; adding it as an example is audited, shows the added line and the
 * evaluation before and after, and the bot answers it after the reload; a bad edit is refused with
 * file, line and field and writes nothing; staff answers become drafts an editor can use, publish as a
 * sourced topic or set aside; a staff account gets 403 on every editor page and form.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_CONTENT } from './helpers/app.ts';
import { startConsole, type RunningConsole } from './helpers/console.ts';

// Ambiguous between two intents in the fixture ("did you mean…?"), so it is recorded for editors.
const QUESTION = 'receptionist wants paperwork stamped';

describe('editors’ console', { timeout: 180_000 }, () => {
  let root: string;
  let c: RunningConsole;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'mrb-console-editor-'));
    await cp(FIXTURE_CONTENT, root, { recursive: true });
    c = await startConsole({ content: root });
  });
  afterAll(async () => {
    await c?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('lists an unanswered question, adds it as an example, and the bot answers it after the reload', async () => {
    const first = await c.test.say(QUESTION, 'w-doctor');
    expect(first.trace.outcome).toBe('asked');
    // Another worker asks with a name and a number: grouped with it, the number masked (names after
    // "my name is" are masked too: see console-editor-unanswered.test.ts; a bare name is not recognised).
    await c.test.say(`Rosa here receptionist wants paperwork stamped 0917 555 0134`, 'w-rosa');
    const editor = await c.signIn('editor');
    const list = await editor.get('/console/editor');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`<li lang="en">${QUESTION}</li>`);
    expect(list.text).toContain('<span class="n">2×</span>');
    expect(list.text).not.toContain('0134');

    const added = await editor.post('/console/editor/add', {
      text: QUESTION,
      intent: 'health_care',
      list: 'examples',
      language: 'en',
    });
    expect(added.status).toBe(303);
    expect(added.location).toMatch(/^\/console\/editor\/edits\/\d+$/);
    let page = await editor.get(added.location!);
    for (let i = 0; i < 100 && !/Right after/.test(page.text); i++) {
      await new Promise((r) => setTimeout(r, 200));
      page = await editor.get(added.location!);
    }
    expect(page.text).toContain(`+       ${QUESTION},`);
    expect(page.text).toContain('The bot answers with this edit now.');
    expect(page.text).toMatch(/<td>en<\/td>/);
    expect(page.text).toMatch(/<td>all<\/td>/);

    const after = await c.test.say(QUESTION, 'w-other');
    expect(after.trace.intent).toBe('health_care');
    expect(after.trace.outcome).toBe('answered');
    // Written to the content copy (never to the repository's intents/).
    expect(await readFile(path.join(root, 'intents/health_care.yaml'), 'utf8')).toContain(QUESTION);
    // The list no longer shows what an editor already added.
    expect((await editor.get('/console/editor')).text).not.toContain(`<li lang="en">${QUESTION}</li>`);

    const audit = await c.accounts.listAudit();
    const entry = audit.find((a) => a.action === 'editor.example.add');
    expect(entry).toMatchObject({
      actor: editor.email,
      detail: { intent: 'health_care', language: 'en', list: 'examples', file: 'intents/health_care.yaml' },
    });
    expect(JSON.stringify(audit)).not.toContain('papers');
  });

  it('refuses a bad edit with file, line and field on the page and writes nothing', async () => {
    const editor = await c.signIn('editor');
    const before = await readFile(path.join(root, 'intents/health_care.yaml'), 'utf8');
    const res = await editor.post('/console/editor/add', {
      text: 'i want a human',
      intent: 'health_care',
      list: 'examples',
      language: 'en',
    });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(
      /intents\/talk_to_person\.yaml:\d+ \[examples\.en\.\d+\]: .*a phrase must belong to one intent/,
    );
    expect(res.text).toContain('nothing was written');
    expect(await readFile(path.join(root, 'intents/health_care.yaml'), 'utf8')).toBe(before);
    const unknown = await editor.post('/console/editor/add', {
      text: 'x y z',
      intent: 'nope',
      list: 'tests',
      language: 'en',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('intents [intent]: unknown intent &quot;nope&quot;');
  });

  it('turns a staff answer into a draft: add the question, publish a sourced topic, or set it aside', async () => {
    await c.test.say('can my employer take money for a uniform from my wages', 'w-uniform');
    await c.test.say('/human', 'w-uniform');
    await c.test.settle();
    const ticket = (await c.test.app.tickets.openTickets()).find((t) => t.question.includes('uniform'))!;
    await c.test.desk.reply(
      ticket.id,
      { id: 'S1', name: 'Ana Staff' },
      'Hi Maria, deductions need your written consent.',
    );
    await c.test.settle();

    const editor = await c.signIn('editor');
    const list = await editor.get('/console/editor');
    const link = /href="(\/console\/editor\/drafts\/[0-9a-f]+)"/.exec(list.text)?.[1];
    expect(link).toBeDefined();
    expect(link).not.toContain(ticket.id);
    const draft = await editor.get(link!);
    expect(draft.text).toContain('can my employer take money for a uniform');
    expect(draft.text).toContain('deductions need your written consent');
    expect(draft.text).not.toContain('Maria');
    expect(draft.text).not.toContain('Ana Staff');

    // A topic needs a source: refused with the validator's message.
    const noSource = await editor.post(`${link}/topic`, {
      id: 't-uniform',
      title_en: 'Deductions for uniforms',
      text_en: 'An employer may only deduct from wages what the law or your written consent allows.',
      reviewed: '2026-11-30',
    });
    expect(noSource.status).toBe(422);
    expect(noSource.text).toMatch(
      /knowledge\/topics-editors\.yaml:\d+ \[entries\.0\.sources\]: every entry needs at least one source/,
    );
    const published = await editor.post(`${link}/topic`, {
      id: 't-uniform',
      title_en: 'Deductions for uniforms',
      text_en: 'An employer may only deduct from wages what the law or your written consent allows.',
      source_title: 'A test source',
      source_url: 'https://example.org/wages',
      reviewed: '2026-11-30',
    });
    expect(published.status).toBe(303);
    const topics = await readFile(path.join(root, 'knowledge/topics-editors.yaml'), 'utf8');
    expect(topics).toContain('id: t-uniform');
    expect(topics).not.toContain('Maria');
    // Used: it leaves the list.
    expect((await editor.get('/console/editor')).text).not.toContain(link!);
    const audit = await c.accounts.listAudit();
    expect(audit.find((a) => a.action === 'editor.draft.topic')?.detail).toMatchObject({
      draft: link!.split('/').at(-1),
      topic: 't-uniform',
    });
  });

  it('keeps a staff account out of every editor page and form (403), and writes nothing', async () => {
    const staff = await c.signIn('staff');
    const before = await readFile(path.join(root, 'intents/health_care.yaml'), 'utf8');
    expect((await staff.get('/console/editor')).status).toBe(403);
    expect((await staff.get('/console/editor/new-intent')).status).toBe(403);
    const res = await staff.post('/console/editor/add', {
      text: 'staff trying to edit',
      intent: 'health_care',
      list: 'examples',
      language: 'en',
    });
    expect(res.status).toBe(403);
    expect((await staff.post('/console/editor/new-intent', { id: 'x_y', description: 'xyz' })).status).toBe(
      403,
    );
    expect(await readFile(path.join(root, 'intents/health_care.yaml'), 'utf8')).toBe(before);
    const anonymous = c.client();
    const page = await anonymous.get('/console/editor');
    expect([303, 401]).toContain(page.status);
  });
});
