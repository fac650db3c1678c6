/**
 * Editing content from the console (src/kb/edit.ts): the diff is only the added lines on every real
 * intents and topics file (comments, folded lines and flow lists untouched, prettier still happy);
 * bad edits are refused with the validator's file, line and field before anything is written; a
 * good edit is written atomically, shows in `git diff`, and the running bot answers with it after
 * the hot reload — asked through the real dialogue.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as prettier from 'prettier';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { addedLines, appendToSequence, ContentEditor, type EditResult } from '../src/kb/edit.ts';
import { loadContent, formatProblem } from '../src/kb/loader.ts';
import { FIXTURE_CONTENT, makeTestApp } from './helpers/app.ts';

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, '..');
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function prettierOk(file: string, text: string): Promise<boolean> {
  const options = (await prettier.resolveConfig(path.join(REPO, file))) ?? {};
  return prettier.check(text, { ...options, filepath: path.join(REPO, file) });
}

/** A copy of the fixture content in a git repository, so `git diff` can be asked. */
async function contentRepo(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mrb-edit-'));
  dirs.push(dir);
  await cp(FIXTURE_CONTENT, dir, { recursive: true });
  await run('git', ['init', '-q'], { cwd: dir });
  await run('git', ['add', '-A'], { cwd: dir });
  await run('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', 'commit', '-qm', 'content'], {
    cwd: dir,
  });
  return dir;
}

async function editorFor(root: string) {
  let content = (await loadContent(root)).content;
  return new ContentEditor({
    root,
    current: () => content,
    reload: async () => {
      content = (await loadContent(root)).content;
      return { ok: true };
    },
  });
}

function refused(result: EditResult) {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems;
}

describe('splicing into the YAML keeps everything else', { timeout: 180_000 }, () => {
  it('adds one line to every real intents file (examples and tests), nothing else changes', async () => {
    const files = (await readdir(path.join(REPO, 'intents'))).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(20);
    let withComments = 0;
    for (const f of files) {
      const rel = `intents/${f}`;
      const text = await readFile(path.join(REPO, rel), 'utf8');
      if (/^\s*#/m.test(text)) withComments++;
      for (const [list, lang] of [
        ['examples', 'en'],
        ['tests', 'es'],
      ] as const) {
        const after = appendToSequence(text, [list, lang], "a new way: to ask it's here");
        expect(after, `${rel} ${list}.${lang}`).toBeDefined();
        const added = addedLines(text, after!);
        expect(added, rel).toHaveLength(1);
        expect(added![0]).toMatch(/^ +- /);
        const data = parse(after!) as Record<string, Record<string, string[]>>;
        expect(data[list]![lang]!.at(-1)).toBe("a new way: to ask it's here");
        expect(await prettierOk(rel, after!), `${rel} stays prettier-formatted`).toBe(true);
      }
    }
    expect(withComments).toBeGreaterThan(5);
  });

  it('adds an entry to a real knowledge topics file with its header comment kept', async () => {
    const rel = 'knowledge/topics-c.yaml';
    const text = await readFile(path.join(REPO, rel), 'utf8');
    expect(text.startsWith('#')).toBe(true);
    const entry = {
      id: 'e-new',
      title: { en: 'A title' },
      text: { en: 'A text: with a colon.' },
      sources: [{ title: 'A source', url: 'https://example.org/a' }],
      reviewed: '2026-11-30',
    };
    const after = appendToSequence(text, ['entries'], entry)!;
    const added = addedLines(text, after)!;
    expect(added[0]).toMatch(/^ {2}- id: e-new$/);
    expect((parse(after) as { entries: unknown[] }).entries.at(-1)).toEqual(entry);
    expect(await prettierOk(rel, after)).toBe(true);
  });

  it('adds a list for a language an intent lacks, and a line to a flow list written one item a line', () => {
    const text =
      'id: x\n# keep me\nexamples:\n  en:\n    - one # and me\n  es: [uno, dos]\ntests:\n  en: [\n      one test,\n    ]\nanswer: {en: a}\n';
    const fr = appendToSequence(text, ['examples', 'fr'], 'un')!;
    expect(addedLines(text, fr)).toEqual(['  fr:', '    - un']);
    const flow = appendToSequence(text, ['tests', 'en'], 'two, tests')!;
    expect(addedLines(text, flow)).toEqual(["      'two, tests',"]);
    expect((parse(flow) as { tests: { en: string[] } }).tests.en).toEqual(['one test', 'two, tests']);
  });
});

describe('the content editor', () => {
  it('writes a good edit that shows in git diff as one added line', async () => {
    const root = await contentRepo();
    const editor = await editorFor(root);
    const result = await editor.apply({
      kind: 'add-phrase',
      intent: 'health_care',
      list: 'examples',
      language: 'en',
      text: '  my   tooth hurts who pays the dentist ',
    });
    expect(result.ok, result.ok ? '' : result.problems.map(formatProblem).join('\n')).toBe(true);
    if (!result.ok) return;
    expect(result.file).toBe('intents/health_care.yaml');
    await result.live;
    const { stdout } = await run('git', ['diff', '--numstat'], { cwd: root });
    expect(stdout.trim()).toBe('1\t0\tintents/health_care.yaml');
    const { stdout: diff } = await run('git', ['diff', '-U0'], { cwd: root });
    expect(diff).toContain('+      my tooth hurts who pays the dentist,');
    // Nothing left behind but the edited file (the temporary file was renamed over it).
    const { stdout: status } = await run('git', ['status', '--porcelain'], { cwd: root });
    expect(status.trim()).toBe('M intents/health_care.yaml');
  });

  it('refuses bad edits with the validator’s file, line and field, and writes nothing', async () => {
    const root = await contentRepo();
    const editor = await editorFor(root);
    // An example of another intent.
    let problems = refused(
      await editor.apply({
        kind: 'add-phrase',
        intent: 'health_care',
        list: 'examples',
        language: 'en',
        text: 'i want a human',
      }),
    );
    expect(problems[0]).toMatchObject({
      file: 'intents/talk_to_person.yaml',
      field: expect.stringMatching(/^examples\.en\.\d+$/),
    });
    expect(problems[0]!.line).toBeGreaterThan(0);
    expect(formatProblem(problems[0]!)).toMatch(/a phrase must belong to one intent/);
    // A training example that repeats a held-out test.
    problems = refused(
      await editor.apply({
        kind: 'add-phrase',
        intent: 'health_care',
        list: 'examples',
        language: 'en',
        text: 'Where can I see a doctor?',
      }),
    );
    expect(problems[0]).toMatchObject({ file: 'intents/health_care.yaml', field: 'tests.en.0' });
    expect(problems[0]!.message).toMatch(/held-out test .* is also a training example/);
    expect(problems[0]!.line).toBeGreaterThan(0);
    // Empty text.
    problems = refused(
      await editor.apply({
        kind: 'add-phrase',
        intent: 'health_care',
        list: 'tests',
        language: 'es',
        text: '   ',
      }),
    );
    expect(problems[0]).toMatchObject({ file: 'intents/health_care.yaml', field: 'tests.es.2' });
    expect(problems[0]!.line).toBeGreaterThan(0);
    // Unknown intent.
    problems = refused(
      await editor.apply({
        kind: 'add-phrase',
        intent: 'no_such',
        list: 'examples',
        language: 'en',
        text: 'hello',
      }),
    );
    expect(problems[0]).toMatchObject({
      file: 'intents',
      field: 'intent',
      message: 'unknown intent "no_such"',
    });
    // A language the intent does not answer in (the fixture speaks en and es only).
    problems = refused(
      await editor.apply({
        kind: 'add-phrase',
        intent: 'health_care',
        list: 'examples',
        language: 'fr',
        text: 'je suis malade',
      }),
    );
    expect(problems.map(formatProblem).join('\n')).toMatch(
      /intents\/health_care\.yaml:\d+ \[answer\]: examples in "fr" but no answer in "fr"/,
    );
    // Not a language at all.
    problems = refused(
      await editor.apply({
        kind: 'add-phrase',
        intent: 'health_care',
        list: 'examples',
        language: 'xx',
        text: 'hello',
      }),
    );
    expect(problems[0]).toMatchObject({ file: 'intents/health_care.yaml', field: 'examples.xx' });
    // The same phrase twice in one list.
    problems = refused(
      await editor.apply({
        kind: 'add-phrase',
        intent: 'health_care',
        list: 'examples',
        language: 'en',
        text: 'I need a DOCTOR',
      }),
    );
    expect(problems[0]).toMatchObject({
      file: 'intents/health_care.yaml',
      field: expect.stringMatching(/^examples\.en\.\d+$/),
    });
    // A phone number or an e-mail address pasted into the phrase (in any script's digits): it would
    // become content that every editor reads and git keeps, beyond a worker's /forget.
    for (const [text, list, what] of [
      ['my boss took my pay call me on +63 917 555 0134', 'examples', 'a phone number'],
      ['who pays the dentist 0917-555-0134', 'tests', 'a phone number'],
      ['من يدفع للطبيب ٠٥٥١٢٣٤٥٦٧', 'examples', 'a phone number'],
      ['who pays the dentist write to rosa.lima@example.com', 'examples', 'an e-mail address'],
    ] as const) {
      problems = refused(
        await editor.apply({ kind: 'add-phrase', intent: 'health_care', list, language: 'en', text }),
      );
      expect(problems, text).toHaveLength(1);
      expect(problems[0]).toMatchObject({
        file: 'intents/health_care.yaml',
        field: expect.stringMatching(new RegExp(`^${list}\\.en\\.\\d+$`)),
      });
      expect(problems[0]!.line).toBeGreaterThan(0);
      expect(formatProblem(problems[0]!)).toContain(
        `this phrase holds what looks like ${what}: examples and tests are content every editor reads and git keeps, so they must not identify anyone`,
      );
      // The refusal does not repeat the number or the address.
      expect(formatProblem(problems[0]!)).not.toMatch(/0134|٤٥٦٧|rosa\.lima/);
    }
    // A mask left from the masked question: not how a worker writes.
    problems = refused(
      await editor.apply({
        kind: 'add-phrase',
        intent: 'health_care',
        list: 'examples',
        language: 'en',
        text: '[name] here, who pays the dentist',
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe(
      "this phrase holds [name], a mask from a worker's question: write the question as a worker would, with nothing in its place",
    );
    // Amounts, years and form numbers are not phone numbers.
    const ok = await editor.apply({
      kind: 'add-phrase',
      intent: 'health_care',
      list: 'examples',
      language: 'en',
      text: 'the dentist wants 25000 yen since 2019 is that legal',
    });
    expect(ok.ok).toBe(true);
    if (ok.ok) await ok.live;
    const { stdout } = await run('git', ['status', '--porcelain'], { cwd: root });
    expect(stdout.trim()).toBe('M intents/health_care.yaml');
  });

  it('starts a new intent only when it is valid, and publishes a sourced topic', async () => {
    const root = await contentRepo();
    const editor = await editorFor(root);
    // English only: the bot speaks English and Spanish, so it would stop claiming Spanish.
    let problems = refused(
      await editor.apply({
        kind: 'new-intent',
        id: 'dentist',
        description: 'Dental care for migrant workers',
        topic: 't-health',
        examples: { en: ['who pays the dentist'] },
      }),
    );
    expect(problems[0]).toMatchObject({ file: 'intents/dentist.yaml', field: 'examples.es' });
    expect(problems[0]!.message).toMatch(/stop answering in es/);
    // An unknown topic: the loader's message, with the line.
    problems = refused(
      await editor.apply({
        kind: 'new-intent',
        id: 'dentist',
        description: 'Dental care',
        topic: 't-teeth',
        examples: { en: ['who pays the dentist'], es: ['quién paga el dentista'] },
      }),
    );
    expect(problems[0]).toMatchObject({ file: 'intents/dentist.yaml', field: 'knowledge.0' });
    expect(problems[0]!.line).toBeGreaterThan(0);
    // A topic without a source is refused by the schema.
    problems = refused(
      await editor.apply({
        kind: 'new-topic',
        id: 't-teeth',
        title: { en: 'Dental care', es: 'Dentista' },
        text: { en: 'Fixture text about dentists.', es: 'Texto sobre dentistas.' },
        sources: [],
        reviewed: '2026-11-30',
      }),
    );
    expect(formatProblem(problems[0]!)).toMatch(
      /knowledge\/topics-editors\.yaml:\d+ \[entries\.0\.sources\]: every entry needs at least one source/,
    );
    const topic = await editor.apply({
      kind: 'new-topic',
      id: 't-teeth',
      title: { en: 'Dental care', es: 'Dentista' },
      text: { en: 'Fixture text about dentists.', es: 'Texto sobre dentistas.' },
      sources: [{ title: 'A dental source', url: 'https://example.org/teeth' }],
      reviewed: '2026-11-30',
    });
    expect(topic.ok, topic.ok ? '' : topic.problems.map(formatProblem).join('\n')).toBe(true);
    if (topic.ok) await topic.live;
    const created = await editor.apply({
      kind: 'new-intent',
      id: 'dentist',
      description: 'Dental care',
      topic: 't-teeth',
      examples: { en: ['who pays the dentist', 'my tooth hurts'], es: ['quién paga el dentista'] },
      tests: { en: ['dentist costs'] },
    });
    expect(created.ok, created.ok ? '' : created.problems.map(formatProblem).join('\n')).toBe(true);
    const text = await readFile(path.join(root, 'intents/dentist.yaml'), 'utf8');
    expect(text).toMatch(/^# Started in the editors' console/);
    expect(await prettierOk('intents/dentist.yaml', text)).toBe(true);
    expect(
      await prettierOk(
        'knowledge/topics-editors.yaml',
        await readFile(path.join(root, 'knowledge/topics-editors.yaml'), 'utf8'),
      ),
    ).toBe(true);
    const { content, errors } = await loadContent(root);
    expect(errors).toEqual([]);
    expect(content.intentById.get('dentist')?.answer.es).toBe('{{k:t-teeth}}');
    expect(content.languages).toEqual(['en', 'es']);
  });

  it('serialises concurrent edits: both land', async () => {
    const root = await contentRepo();
    const editor = await editorFor(root);
    const results = await Promise.all(
      ['first new wording about doctors', 'second new wording about clinics'].map((text) =>
        editor.apply({ kind: 'add-phrase', intent: 'health_care', list: 'examples', language: 'en', text }),
      ),
    );
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    const { stdout } = await run('git', ['diff', '--numstat'], { cwd: root });
    expect(stdout.trim()).toBe('2\t0\tintents/health_care.yaml');
  });
});

describe('an edit goes live', () => {
  it('the running bot answers the new example after the hot reload (real dialogue)', async () => {
    const root = await contentRepo();
    const t = await makeTestApp({ content: root });
    try {
      const question = 'who pays for my dentist appointment';
      const before = await t.say(question, 'w-before');
      expect(before.trace.intent).not.toBe('health_care');
      const editor = new ContentEditor({
        root,
        current: () => t.app.live.current().content,
        reload: () => t.app.live.reload(),
      });
      const result = await editor.apply({
        kind: 'add-phrase',
        intent: 'health_care',
        list: 'examples',
        language: 'en',
        text: question,
      });
      expect(result.ok).toBe(true);
      if (result.ok) expect(await result.live).toEqual({ ok: true });
      const after = await t.say(question, 'w-after');
      expect(after.trace.intent).toBe('health_care');
      expect(after.trace.outcome).toBe('answered');
      expect(after.replies.map((r) => r.text).join('\n')).toContain('Fixture fact about health care.');
    } finally {
      await t.close();
    }
  });
});

// Keep the fixture itself untouched (tests write to copies only).
it('leaves the fixture content as it was', async () => {
  const { stdout } = await run(
    'git',
    ['status', '--porcelain', '--', 'test/fixtures', 'intents', 'knowledge'],
    { cwd: REPO },
  );
  expect(stdout).toBe('');
  void writeFile;
});
