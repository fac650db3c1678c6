import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveNlu } from '../src/kb/live.ts';
import { FIXTURE_CONTENT } from './helpers/app.ts';

let root: string | undefined;
let live: LiveNlu | undefined;
afterEach(async () => {
  live?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

async function copyFixture() {
  root = await mkdtemp(path.join(tmpdir(), 'mrb-live-'));
  await cp(FIXTURE_CONTENT, root, { recursive: true });
  return root;
}

describe('hot reload', () => {
  it('picks up a good edit', async () => {
    const dir = await copyFixture();
    live = await LiveNlu.load({ root: dir });
    const file = path.join(dir, 'knowledge/topics.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('Fixture fact about health care.', 'Edited health fact.'),
    );
    expect(await live.reload()).toEqual({ ok: true });
    const topic = live.current().content.kb.topics.find((x) => x.id === 't-health');
    expect(topic!.text.en).toBe('Edited health fact.');
  });

  it('rejects a bad edit with the validation message and keeps the last good content live', async () => {
    const dir = await copyFixture();
    live = await LiveNlu.load({ root: dir });
    const before = live.current();
    const file = path.join(dir, 'intents/health_care.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('{{k:t-health}}', '{{k:t-missing}}'));
    const result = await live.reload();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ file: 'intents/health_care.yaml', field: 'answer.en' });
    expect(result.problems[0]!.line).toBeGreaterThan(0);
    expect(live.current()).toBe(before);
  });

  it('reloads by itself when a watched file changes', async () => {
    const dir = await copyFixture();
    live = await LiveNlu.load({ root: dir });
    live.watch(20);
    const file = path.join(dir, 'knowledge/topics.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('Fixture fact about health care.', 'Watched edit.'),
    );
    await expect
      .poll(() => live!.current().content.kb.topics.find((x) => x.id === 't-health')!.text.en, {
        timeout: 10_000,
      })
      .toBe('Watched edit.');
  });
});
