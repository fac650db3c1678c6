import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLowdbStore } from '../src/store/lowdb.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import { sampleSession, storeContract } from './store.contract.ts';

const dirs: string[] = [];
const tempDir = async () => {
  const d = await mkdtemp(path.join(tmpdir(), 'mrb-store-'));
  dirs.push(d);
  return d;
};
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

storeContract('memory', async () => createMemoryStore());

const storeDirs = new WeakMap<object, string>();
storeContract(
  'lowdb (real JSON file)',
  async () => {
    const dir = await tempDir();
    const s = await createLowdbStore(dir);
    storeDirs.set(s, dir);
    return s;
  },
  async (s) => {
    await s.close();
    return createLowdbStore(storeDirs.get(s)!);
  },
);

describe('lowdb store file', () => {
  it('writes a real file on disk, also under NODE_ENV=test', async () => {
    const dir = await tempDir();
    const s = await createLowdbStore(dir);
    await s.putSession(sampleSession('W-file'));
    await s.close();
    const json = JSON.parse(await readFile(path.join(dir, 'bot.json'), 'utf8'));
    expect(Object.keys(json.sessions)).toEqual(['W-file']);
  });

  it('loses no write when many happen at once', async () => {
    const dir = await tempDir();
    const s = await createLowdbStore(dir);
    await Promise.all(Array.from({ length: 50 }, (_, i) => s.putSession(sampleSession(`W-${i}`))));
    await s.close();
    const again = await createLowdbStore(dir);
    for (let i = 0; i < 50; i++) expect(await again.getSession(`W-${i}`)).toBeDefined();
  });
});
