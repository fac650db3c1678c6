import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLowdbStore, shardOf } from '../src/store/lowdb.ts';
import { loadEnv } from '../src/config/env.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import { runRetention } from '../src/store/retention.ts';
import { sampleSession, sampleTicket, storeContract } from './store.contract.ts';

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

  it('loses nothing acknowledged when the process is killed with SIGKILL at any moment', async () => {
    for (const killAfter of [10, 40, 120]) {
      const dir = await tempDir();
      // node itself runs the writer (the tsx binary would be a parent that SIGKILL leaves orphaned).
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/store-writer.ts', dir], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const acknowledged: number[] = [];
      let buffer = '';
      const exited = new Promise((resolve) => child.on('exit', resolve));
      await new Promise<void>((resolve, reject) => {
        child.on('exit', () => reject(new Error('the writer stopped before it was killed')));
        child.stdout.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const lines = buffer.split('\n');
          buffer = lines.pop()!;
          for (const l of lines) acknowledged.push(Number(l));
          if (acknowledged.length >= killAfter) {
            child.kill('SIGKILL');
            resolve();
          }
        });
      });
      await exited;
      expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);

      const s = await createLowdbStore(dir);
      const due = new Set((await s.due(new Date(Date.now() + 60_000))).map((i) => i.id));
      const unanswered = new Set((await s.listUnanswered()).map((u) => u.text));
      const missing: string[] = [];
      for (const n of acknowledged) {
        const session = await s.getSession(`W-${n}`);
        if (!session || (session.fallbacks !== n && session.fallbacks !== n + 1000))
          missing.push(`session ${n}`);
        if ((await s.getTicket(`T-${n}`))?.question !== `question ${n}`) missing.push(`ticket ${n}`);
        if (!due.has(`o-${n}`)) missing.push(`outbox ${n}`);
        if (!unanswered.has(`q${n}`)) missing.push(`unanswered ${n}`);
        if (await s.markSeen(`W-${n}:m`, `W-${n}`)) missing.push(`key ${n}`);
      }
      expect(missing, `killed after ${acknowledged.length} acknowledged units`).toEqual([]);
      await s.close();
    }
  }, 60_000);
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
