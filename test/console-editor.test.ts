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
import { writeFile } from 'node:fs/promises';
import { groupUnanswered } from '../src/console/editor/unanswered.ts';
import { FIXTURE_CONTENT, makeTestApp } from './helpers/app.ts';
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
    // Not answered: asked back ("did you mean") or not understood, either way on the editors' list.
    expect(['asked', 'fallback']).toContain(first.trace.outcome);
    // Another worker asks with a name and a number: grouped with it, the name and the number masked
    // (more forms in console-editor-unanswered.test.ts).
    await c.test.say(`Rosa here receptionist wants paperwork stamped 0917 555 0134`, 'w-rosa');
    const editor = await c.signIn('editor');
    const list = await editor.get('/console/editor');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`<li lang="en">${QUESTION}</li>`);
    expect(list.text).toContain('<span class="n">2×</span>');
    expect(list.text).not.toContain('0134');
    expect(list.text).not.toContain('Rosa');

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

  it('lists what the bot said it cannot answer as out of scope, masked, and filters the list by kind', async () => {
    const asked = await c.test.say('Fatima here, how do i fix my bicycle chain 0917 555 0134', 'w-bike');
    expect(asked.trace.outcome).toBe('out-of-scope');
    expect(asked.trace.intent).toBeNull();
    const recorded = (await c.test.app.store.listUnanswered()).filter((u) => u.text.includes('bicycle'));
    expect(recorded.map((u) => u.reason)).toEqual(['out_of_scope']);

    const editor = await c.signIn('editor');
    const all = await editor.get('/console/editor');
    expect(all.text).toContain('fix my bicycle chain');
    expect(all.text).toMatch(/data-kind="out_of_scope"\s*>out of scope 1</);
    const only = await editor.get('/console/editor?kind=out_of_scope');
    expect(only.text).toContain('[name] here, how do i fix my bicycle chain [number]');
    expect(only.text).toMatch(/aria-current="page"\s+class="kind kind-out_of_scope"/);
    expect(only.text).not.toContain('receptionist');
    const fallbacks = await editor.get('/console/editor?kind=fallback');
    expect(fallbacks.status).toBe(200);
    expect(fallbacks.text).not.toContain('bicycle');
    for (const page of [all, only])
      for (const secret of ['Fatima', '0134', 'w-bike']) expect(page.text, secret).not.toContain(secret);
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

  it('adds the editor’s own wording from a draft, and refuses a phone number or e-mail in it', async () => {
    await c.test.say('Rosa here, can the agency keep my first salary as a fee', 'w-fee');
    await c.test.say('/human', 'w-fee');
    await c.test.settle();
    const ticket = (await c.test.app.tickets.openTickets()).find((t) => t.question.includes('agency'))!;
    await c.test.desk.reply(ticket.id, { id: 'S1', name: 'Ana Staff' }, 'Recruitment fees are not allowed.');
    await c.test.settle();
    const editor = await c.signIn('editor');
    const list = await editor.get('/console/editor');
    const links = [...list.text.matchAll(/href="(\/console\/editor\/drafts\/[0-9a-f]+)"/g)].map((m) => m[1]!);
    let link: string | undefined;
    let draft = { text: '' };
    for (const l of links) {
      draft = await editor.get(l);
      if (draft.text.includes('agency')) {
        link = l;
        break;
      }
    }
    expect(link).toBeDefined();
    // The field the editor edits starts with the masked question, and the page says what it becomes.
    expect(draft.text).toMatch(
      /<input\s+name="text"\s+required\s+aria-describedby="example-hint"\s+value="\[name\] here, can the agency keep my first salary as a fee"/,
    );
    expect(draft.text).toMatch(/it becomes content that\s+every editor reads and git keeps/);
    expect(draft.text).not.toContain('Rosa');

    const file = path.join(root, 'intents/health_care.yaml');
    const before = await readFile(file, 'utf8');
    for (const [text, what] of [
      ['can the agency keep my salary call me 0917 555 0134', 'a phone number'],
      ['can the agency keep my salary write to rosa.l@example.com', 'an e-mail address'],
    ] as const) {
      const refused = await editor.post(`${link}/example`, { text, intent: 'health_care', language: 'en' });
      expect(refused.status).toBe(422);
      expect(refused.text).toMatch(
        new RegExp(
          `intents/health_care\\.yaml:\\d+ \\[examples\\.en\\.\\d+\\]: this phrase holds what looks like ${what}: examples and tests are content every editor reads and git keeps, so they must not identify anyone`,
        ),
      );
      expect(refused.text).toContain('nothing was written');
      expect(await readFile(file, 'utf8')).toBe(before);
    }
    // The editor's rewording is what is written, not the worker's question.
    const added = await editor.post(`${link}/example`, {
      text: 'may a recruitment agency keep my first wages as its fee',
      intent: 'health_care',
      language: 'en',
    });
    expect(added.status).toBe(303);
    // Let the reload and the evaluation it starts finish before the next test (and the clean-up).
    let page = await editor.get(added.location!);
    for (let i = 0; i < 100 && !/Right after/.test(page.text); i++) {
      await new Promise((r) => setTimeout(r, 200));
      page = await editor.get(added.location!);
    }
    const after = await readFile(file, 'utf8');
    expect(after).toContain('may a recruitment agency keep my first wages as its fee');
    expect(after).not.toContain('can the agency keep my first salary');
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

/** An intent the bot does not answer (its reply says who can help), added to a copy of the fixture. */
const OUT_VISAS = `id: out_visas
description: Visas and residence permits, which the bot does not answer.
scope: out
title: { en: Visas, es: Visados }
examples:
  en: [how do i renew my visa, visa renewal help, my residence permit expires, how to extend my visa,
    visa application question, can i change my visa type, tourist visa to work visa, when does my visa expire,
    residence card renewal, permit to stay extension, visa office appointment, immigration visa papers]
  es: [cómo renuevo mi visado, ayuda con la renovación del visado, mi permiso de residencia caduca,
    cómo prorrogar mi visado, pregunta sobre la solicitud de visado, puedo cambiar el tipo de visado,
    de visado de turista a visado de trabajo, cuándo caduca mi visado, renovar la tarjeta de residencia,
    prórroga del permiso de estancia, cita en la oficina de visados, papeles de visado de inmigración]
tests:
  en: [i need a new visa]
  es: [necesito un visado nuevo]
answer:
  en: 'Visas are not something I can answer: ask the immigration office.'
  es: 'Los visados no son algo que yo pueda responder: pregunta en la oficina de inmigración.'
`;

describe('out-of-scope intents in the editors’ list', { timeout: 120_000 }, () => {
  it('records a question an out-of-scope intent answered as out_of_scope, with that intent as nearest', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'mrb-console-editor-out-'));
    await cp(FIXTURE_CONTENT, root, { recursive: true });
    await writeFile(path.join(root, 'intents/out_visas.yaml'), OUT_VISAS);
    const t = await makeTestApp({ content: root });
    try {
      const r = await t.say('my name is maria how do i renew my visa', 'w-visa');
      expect(r.trace.intent).toBe('out_visas');
      expect(r.trace.outcome).toBe('out-of-scope');
      const records = await t.app.store.listUnanswered();
      expect(records.map((u) => [u.reason, u.topIntent])).toEqual([['out_of_scope', 'out_visas']]);
      const [group] = groupUnanswered(records, {
        kind: 'out_of_scope',
        content: t.app.live.current().content,
      });
      expect(group!.examples[0]!.text).toBe('my name is [name] how do i renew my visa');
      expect(group!.reasons).toEqual({ out_of_scope: 1 });
      expect(groupUnanswered(records, { kind: 'fallback' })).toEqual([]);
      // A button press for the intent is not a question: nothing more is recorded.
      await t.press('intent:out_visas', 'w-visa');
      expect(await t.app.store.listUnanswered()).toHaveLength(1);
    } finally {
      await t.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
