import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLowdbStore, shardOf } from '../src/store/lowdb.ts';
import { loadEnv } from '../src/config/env.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import { runRetention } from '../src/store/retention.ts';
import { secretFingerprint } from '../src/store/secret-check.ts';
import { makeTestApp } from './helpers/app.ts';
import { sampleSession, sampleTicket, storeContract } from './store.contract.ts';

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await allFiles(p)));
    else out.push(p);
  }
  return out;
}

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
  'lowdb (documents and journal on disk)',
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

describe('lowdb store files', () => {
  it('keeps one small document per session, ticket and outbox item, in sharded folders', async () => {
    const dir = await tempDir();
    const s = await createLowdbStore(dir);
    await s.putSession(sampleSession('W-file'));
    await s.putTicket(sampleTicket('T-1', 'W-file'));
    await s.close();
    const session = JSON.parse(
      await readFile(path.join(dir, 'store', 'sessions', shardOf('W-file'), 'W-file.json'), 'utf8'),
    );
    expect(session.ref).toBe('W-file');
    const ticket = JSON.parse(
      await readFile(path.join(dir, 'store', 'tickets', shardOf('T-1'), 'T-1.json'), 'utf8'),
    );
    expect(ticket.workerRef).toBe('W-file');
    // A clean close leaves no journal behind.
    expect((await readdir(path.join(dir, 'store'))).filter((f) => f.startsWith('journal'))).toEqual([]);
  });

  it('loses no write when many happen at once', async () => {
    const dir = await tempDir();
    const s = await createLowdbStore(dir);
    await Promise.all(Array.from({ length: 50 }, (_, i) => s.putSession(sampleSession(`W-${i}`))));
    await s.close();
    const again = await createLowdbStore(dir);
    for (let i = 0; i < 50; i++) expect(await again.getSession(`W-${i}`)).toBeDefined();
    await again.close();
  });

  it('replays the journal when the process ended without a checkpoint', async () => {
    const dir = await tempDir();
    const s = await createLowdbStore(dir, { checkpointEveryMs: 3_600_000 });
    await s.putSession(sampleSession('W-j'));
    expect(await s.markSeen('W-j:1', 'W-j')).toBe(true);
    // No close: as if the process had died. A second store may open the folder of a dead process
    // only; here the same process reopens it.
    const again = await createLowdbStore(dir);
    expect((await again.getSession('W-j'))?.ref).toBe('W-j');
    expect(await again.markSeen('W-j:1', 'W-j')).toBe(false);
    await again.close();
  });

  it('keeps the journal after documents are written until a sync makes them durable', async () => {
    const dir = await tempDir();
    const s = await createLowdbStore(dir, { checkpointEveryMs: 3_600_000, syncEveryMs: 3_600_000 });
    await s.putSession(sampleSession('W-w'));
    await s.checkpoint(false);
    const journals = async () =>
      (await readdir(path.join(dir, 'store'))).filter((f) => /^journal-\d+\.log$/.test(f));
    // The document is written, and the journal that holds it is still there.
    const doc = path.join(dir, 'store', 'sessions', shardOf('W-w'), 'W-w.json');
    expect(JSON.parse(await readFile(doc, 'utf8')).ref).toBe('W-w');
    const before = await journals();
    let replayable = '';
    for (const f of before) replayable += await readFile(path.join(dir, 'store', f), 'utf8');
    expect(replayable).toContain('W-w');
    await s.checkpoint();
    let left = '';
    for (const f of await journals()) left += await readFile(path.join(dir, 'store', f), 'utf8');
    expect(left).not.toContain('W-w');
    await s.close();
  });

  it('/forget rewrites only the hourly message-key files that held the worker’s keys', async () => {
    const dir = await tempDir();
    let clock = Date.UTC(2026, 5, 1, 10, 15);
    const s = await createLowdbStore(dir, { now: () => clock, checkpointEveryMs: 3_600_000 });
    expect(await s.markSeen('W-a:1', 'W-a')).toBe(true);
    expect(await s.markSeen('W-b:1', 'W-b')).toBe(true);
    clock += 3 * 3600_000;
    expect(await s.markSeen('W-b:2', 'W-b')).toBe(true);
    await s.checkpoint();
    const seenDir = path.join(dir, 'store', 'seen');
    const files = (await readdir(seenDir)).sort();
    expect(files).toEqual(['2026060110.jsonl', '2026060113.jsonl']);
    const later = await stat(path.join(seenDir, files[1]!));
    const earlier = await stat(path.join(seenDir, files[0]!));
    expect((await s.forgetWorker('W-a')).seen).toBe(1);
    await s.checkpoint();
    expect(await readFile(path.join(seenDir, files[0]!), 'utf8')).not.toContain('W-a');
    expect(await readFile(path.join(seenDir, files[0]!), 'utf8')).toContain('W-b:1');
    // That hour was rewritten (a new file through a rename); the other one was not touched.
    expect((await stat(path.join(seenDir, files[0]!))).ino).not.toBe(earlier.ino);
    expect((await stat(path.join(seenDir, files[1]!))).ino).toBe(later.ino);
    expect((await stat(path.join(seenDir, files[1]!))).mtimeMs).toBe(later.mtimeMs);
    await s.close();
    const again = await createLowdbStore(dir, { now: () => clock });
    expect(await again.markSeen('W-a:1', 'W-a')).toBe(true);
    expect(await again.markSeen('W-b:1', 'W-b')).toBe(false);
    await again.close();
  });

  it('imports the old single-file layout (bot.json) and then deletes it', async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'bot.json'),
      JSON.stringify({
        sessions: { 'W-old': sampleSession('W-old') },
        tickets: { 'T-1': sampleTicket('T-1', 'W-old') },
        unanswered: [
          { text: 'old question', language: 'en', reason: 'fallback', at: '2026-01-01T00:00:00Z' },
        ],
        seen: { 'telegram:12345:1': Date.now() },
        outbox: {},
      }),
    );
    const s = await createLowdbStore(dir);
    expect((await s.getSession('W-old'))?.ref).toBe('W-old');
    expect((await s.getTicket('T-1'))?.workerRef).toBe('W-old');
    expect((await s.listUnanswered()).map((u) => u.text)).toEqual(['old question']);
    await s.close();
    await expect(readFile(path.join(dir, 'bot.json'))).rejects.toThrow(/ENOENT/);
    const again = await createLowdbStore(dir);
    expect((await again.getSession('W-old'))?.ref).toBe('W-old');
    await again.close();
  });

  it('refuses a second process on the same folder, and reads beside it when opened read-only', async () => {
    const dir = await tempDir();
    const s = await createLowdbStore(dir);
    await s.addUnanswered({
      text: 'where is the embassy',
      language: 'en',
      reason: 'fallback',
      at: '2026-01-01T00:00:00Z',
    });
    await mkdir(path.join(dir, 'store'), { recursive: true });
    // A live process other than this one holds the lock (the parent of the test runner).
    await writeFile(path.join(dir, 'store', 'LOCK'), `${process.ppid}\n`);
    await expect(createLowdbStore(dir)).rejects.toThrow(/another bot process/);
    const reader = await createLowdbStore(dir, { readOnly: true });
    expect((await reader.listUnanswered()).map((u) => u.text)).toEqual(['where is the embassy']);
    await expect(reader.putSession(sampleSession())).rejects.toThrow(/read-only/);
    await reader.close();
    await writeFile(path.join(dir, 'store', 'LOCK'), `${process.pid}\n`);
    await s.close();
  });

  it('loses nothing acknowledged and keeps nothing of failed or erased units when the process is killed with SIGKILL at any moment', async () => {
    let erasures = 0;
    for (const killAfter of [10, 40, 120]) {
      const dir = await tempDir();
      // node itself runs the writer (the tsx binary would be a parent that SIGKILL leaves orphaned).
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/store-writer.ts', dir], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const acknowledged: number[] = [];
      const failed: number[] = [];
      const erased = new Set<number>();
      const erasing = new Set<number>();
      let buffer = '';
      const exited = new Promise((resolve) => child.on('exit', resolve));
      await new Promise<void>((resolve, reject) => {
        child.on('exit', () => reject(new Error('the writer stopped before it was killed')));
        child.stdout.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const lines = buffer.split('\n');
          buffer = lines.pop()!;
          for (const l of lines) {
            const [n, erasedWord, m] = l.split(' ');
            if (n === 'failed') failed.push(Number(erasedWord));
            else if (n === 'erasing') erasing.add(Number(erasedWord));
            else acknowledged.push(Number(n));
            if (erasedWord === 'erased') erased.add(Number(m));
          }
          if (acknowledged.length >= killAfter) {
            child.kill('SIGKILL');
            resolve();
          }
        });
      });
      await exited;
      expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);
      expect(failed.length).toBeGreaterThan(0);

      const s = await createLowdbStore(dir);
      const due = new Set((await s.due(new Date(Date.now() + 60_000))).map((i) => i.id));
      const unanswered = new Set((await s.listUnanswered()).map((u) => u.text));
      const missing: string[] = [];
      for (const n of acknowledged) {
        if (erased.has(n)) {
          // Erased by a later acknowledged unit: nothing of the worker is left.
          if (await s.getSession(`W-${n}`)) missing.push(`erased session ${n} is back`);
          if (await s.getTicket(`T-${n}`)) missing.push(`erased ticket ${n} is back`);
          if (due.has(`o-${n}`)) missing.push(`erased outbox ${n} is back`);
          if (!(await s.markSeen(`W-${n}:m`, `W-${n}`))) missing.push(`erased key ${n} is back`);
          continue;
        }
        const session = await s.getSession(`W-${n}`);
        // Being erased when the process died: all gone (the erasing unit committed) or all there.
        if (erasing.has(n) && !session) {
          if (await s.getTicket(`T-${n}`)) missing.push(`half-erased ${n}: ticket`);
          if (due.has(`o-${n}`)) missing.push(`half-erased ${n}: outbox`);
          continue;
        }
        if (!session || (session.fallbacks !== n && session.fallbacks !== n + 1000))
          missing.push(`session ${n}`);
        if ((await s.getTicket(`T-${n}`))?.question !== `question ${n}`) missing.push(`ticket ${n}`);
        if (!due.has(`o-${n}`)) missing.push(`outbox ${n}`);
        if (!unanswered.has(`q${n}`)) missing.push(`unanswered ${n}`);
        if (await s.markSeen(`W-${n}:m`, `W-${n}`)) missing.push(`key ${n}`);
      }
      // A unit that failed left nothing, also across the crash.
      for (const n of failed) {
        if (await s.getTicket(`T-${n}`)) missing.push(`failed unit ${n} left its ticket`);
        if (due.has(`o-${n}`)) missing.push(`failed unit ${n} left its outbox item`);
        if (unanswered.has(`q${n}`)) missing.push(`failed unit ${n} left its question`);
        if (await s.getSession(`W-${n}`)) missing.push(`failed unit ${n} left its session`);
      }
      expect(missing, `killed after ${acknowledged.length} acknowledged units`).toEqual([]);
      erasures += erased.size;
      await s.close();
    }
    expect(erasures, 'acknowledged workers were erased before a kill').toBeGreaterThan(0);
  }, 300_000);
});

describe('PSEUDONYM_SECRET on a store', () => {
  it('an instance with another PSEUDONYM_SECRET refuses to start on the same data folder; the secret is never stored', async () => {
    const dir = await tempDir();
    const first = 'first-secret-first-secret-first-secret';
    let store = await createLowdbStore(dir);
    const a = await makeTestApp({ store, dataDir: dir, env: { PSEUDONYM_SECRET: first } });
    await a.say('hello');
    await a.close();

    store = await createLowdbStore(dir);
    await expect(
      makeTestApp({ store, dataDir: dir, env: { PSEUDONYM_SECRET: 'other-secret-other-secret-other' } }),
    ).rejects.toThrow(/PSEUDONYM_SECRET/);
    await store.close();
    // The same secret starts.
    store = await createLowdbStore(dir);
    const again = await makeTestApp({ store, dataDir: dir, env: { PSEUDONYM_SECRET: first } });
    await again.close();

    const meta = await readFile(path.join(dir, 'store', 'meta.json'), 'utf8');
    expect(meta).toContain(secretFingerprint(first));
    for (const file of await allFiles(dir)) expect(await readFile(file, 'utf8'), file).not.toContain(first);
  });

  it('the fingerprint is keyed: it differs between secrets and does not contain the secret', () => {
    const s = 'some-secret-some-secret-some-secret';
    expect(secretFingerprint(s)).toBe(secretFingerprint(s));
    expect(secretFingerprint(s)).not.toBe(secretFingerprint(s + 'x'));
    expect(secretFingerprint(s)).not.toContain(s);
  });
});

describe('retention and configuration', () => {
  it('RETENTION_DAYS: closed tickets and idle sessions older than the setting are deleted, newer kept', async () => {
    const s = createMemoryStore();
    const now = new Date('2026-12-01T00:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
    await s.putTicket({ ...sampleTicket('T-1', 'W-1'), status: 'closed', closedAt: daysAgo(200) });
    await s.putTicket({ ...sampleTicket('T-2', 'W-2'), status: 'closed', closedAt: daysAgo(10) });
    await s.putSession({ ...sampleSession('W-1'), updatedAt: daysAgo(181) });
    await s.putSession({ ...sampleSession('W-2'), updatedAt: daysAgo(179) });
    expect(await runRetention(s, { days: 180, now })).toEqual({ tickets: 1, sessions: 1, unanswered: 0 });
    expect((await s.listTickets()).map((t) => t.id)).toEqual(['T-2']);
    expect(await s.getSession('W-2')).toBeDefined();
    expect(await runRetention(s, { days: 5, now })).toEqual({ tickets: 1, sessions: 1, unanswered: 0 });
  });

  it('validates DATABASE_URL and RETENTION_DAYS, naming the variable', () => {
    expect(loadEnv({}).RETENTION_DAYS).toBe(180);
    expect(loadEnv({ DATABASE_URL: 'postgres://u@h:5432/db' }).DATABASE_URL).toBe('postgres://u@h:5432/db');
    expect(() => loadEnv({ DATABASE_URL: 'mysql://u@h/db' })).toThrow(/DATABASE_URL/);
    expect(() => loadEnv({ RETENTION_DAYS: 'forever' })).toThrow(/RETENTION_DAYS/);
  });
});
