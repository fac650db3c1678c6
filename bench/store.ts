/**
 * `npm run bench:store`: messages per second, p50/p99 latency and start-up time through the whole
 * core (dedupe → match → render → persist) with 1,000 / 10,000 / 100,000 workers already stored,
 * for the embedded store, the in-memory store (the ceiling, same run) and PostgreSQL when
 * DATABASE_URL is set. Results go to bench/results/store.json.
 *
 * Two measurements per store and size, labelled apart because they answer different questions:
 * - concurrent: messages from many workers at once (BENCH_CONCURRENCY, default 16; each worker's
 *   messages one at a time, as the per-worker lock has it) — the throughput (messages/s). Its
 *   latency includes waiting behind the other workers' messages on the 2 CPUs (queueing).
 * - sequential: one message after another (BENCH_SEQUENTIAL messages) — the cost of one message,
 *   with nothing else running: its p50/p99 is the per-message latency.
 * Every message is durable (flushed to disk, or committed) before it counts as handled. CPU ms per
 * message (process.cpuUsage) is printed too: it moves less than wall time when the machine is
 * shared. The fsync line is the disk's own floor for a durable write, measured in the same run.
 *
 * Options (environment): BENCH_SIZES=1000,10000,100000  BENCH_MESSAGES=3000  BENCH_SEQUENTIAL=1000
 * BENCH_CONCURRENCY=16  BENCH_STORES=memory,lowdb,postgres  BENCH_PROFILE=<folder> (writes a
 * .cpuprofile of each measured phase, for Chrome DevTools or `npx speedscope`)
 */
import '../src/quiet.ts';
import { randomUUID } from 'node:crypto';
import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Session as Inspector } from 'node:inspector/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createApp, REPO_ROOT } from '../src/app.ts';
import { LocalDesk } from '../src/core/local-desk.ts';
import { createPseudonymizer } from '../src/core/pseudonym.ts';
import { cachedIn } from '../src/kb/live.ts';
import { createLowdbStore } from '../src/store/lowdb.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import type { Session, Store, Ticket } from '../src/store/port.ts';
import { createPostgresStore } from '../src/store/postgres.ts';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 3000);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PROFILE = process.env.BENCH_PROFILE || undefined;
const DATABASE_URL = process.env.DATABASE_URL || undefined;
const STORES = (process.env.BENCH_STORES ?? 'memory,lowdb,postgres')
  .split(',')
  .filter((s) => s !== 'postgres' || DATABASE_URL);
const SECRET = 'bench-secret-bench-secret-bench-secret';
const pseudonymize = createPseudonymizer(SECRET);

/** What workers write: questions the content answers, some it cannot, greetings, choices. */
const TEXTS = [
  'can I get my pension if I go back to my country',
  'my employer does not pay my wages what can I do',
  'can I see a doctor without papers',
  '¿puedo cobrar mi pensión si vuelvo a mi país?',
  'mi jefe no me paga el salario',
  'est-ce que je peux voir un médecin sans papiers',
  'how do I join a union',
  'hello',
  'thanks',
  'do I have rights as a domestic worker',
  'what documents do I need to claim my pension',
  'the weather is nice today in the park',
  '2',
  'posso receber a minha reforma se voltar para o meu país',
  'I worked in Spain and Morocco, do the years count together',
];

interface Phase {
  messages: number;
  messagesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time of the process (user + system) per message. */
  cpuMsPerMessage: number;
}

interface Row {
  store: string;
  workers: number;
  startupMs: number | null;
  /** BENCH_CONCURRENCY workers writing at once: throughput; latency includes queueing. */
  concurrent: Phase & { concurrency: number };
  /** One message after another: per-message latency. */
  sequential: Phase;
}

const userIdOf = (i: number) => `bench-${i}`;

function sessionFor(i: number, at: string): Session {
  const address = { channel: 'console' as const, userId: userIdOf(i) };
  return {
    ref: pseudonymize(address),
    address,
    language: 'en',
    origin: 'NP',
    destination: 'ES',
    fallbacks: 0,
    transcript: [
      { from: 'worker', text: 'can I get my pension if I go back', at },
      { from: 'bot', text: 'An earlier answer about pensions, with its sources.', at },
    ],
    lastOutcome: 'answered',
    updatedAt: at,
  };
}

function ticketFor(i: number, s: Session, at: string): Ticket {
  return {
    id: `T-b${i}`,
    status: 'closed',
    workerRef: s.ref,
    address: s.address,
    language: 'en',
    question: 'a question for staff',
    reason: 'asked',
    transcript: s.transcript,
    answeredBy: [{ id: 'S1', name: 'Staff' }],
    createdAt: at,
    updatedAt: at,
    closedAt: at,
    closedBy: 'staff',
  };
}

/** Stores `n` workers (every 20th with a closed ticket), in batches. */
async function seed(store: Store, n: number) {
  const at = new Date().toISOString();
  for (let start = 0; start < n; start += 2000) {
    await store.atomically(async () => {
      for (let i = start; i < Math.min(n, start + 2000); i++) {
        const s = sessionFor(i, at);
        await store.putSession(s);
        if (i % 20 === 0) await store.putTicket(ticketFor(i, s, at));
      }
    });
  }
}

/** PostgreSQL: the same rows through one statement per batch (seeding through the port takes minutes). */
async function seedPostgres(url: string, schema: string, n: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const at = new Date().toISOString();
    for (let start = 0; start < n; start += 5000) {
      const sessions: Session[] = [];
      const tickets: Ticket[] = [];
      for (let i = start; i < Math.min(n, start + 5000); i++) {
        const s = sessionFor(i, at);
        sessions.push(s);
        if (i % 20 === 0) tickets.push(ticketFor(i, s, at));
      }
      await client.query(
        `INSERT INTO ${schema}.sessions (ref, doc, updated_at)
         SELECT d->>'ref', d, (d->>'updatedAt')::timestamptz FROM jsonb_array_elements($1::jsonb) d`,
        [JSON.stringify(sessions)],
      );
      await client.query(
        `INSERT INTO ${schema}.tickets (id, worker_ref, status, created_at, closed_at, doc)
         SELECT d->>'id', d->>'workerRef', d->>'status', d->>'createdAt', (d->>'closedAt')::timestamptz, d
         FROM jsonb_array_elements($1::jsonb) d`,
        [JSON.stringify(tickets)],
      );
    }
    await client.query(`ANALYZE ${schema}.sessions; ANALYZE ${schema}.tickets`);
  } finally {
    await client.end();
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function drive(store: Store, n: number, cacheDir: string, dataDir: string, label: string) {
  const app = await createApp({
    env: {
      DATA_DIR: dataDir,
      PSEUDONYM_SECRET: SECRET,
      OFFICE_TZ: 'UTC',
      OFFICE_HOURS: undefined,
      OFFICE_DAYS: undefined,
      CONTENT_DIR: REPO_ROOT,
    },
    store,
    desk: new LocalDesk(),
    matcherFactory: cachedIn(cacheDir),
  });
  app.registerChannel('console', async () => {});
  await app.start({ outboxIntervalMs: 1000 });
  const busy = new Set<number>();
  let seq = 0;
  const pick = () => {
    for (;;) {
      const i = Math.floor(Math.random() * n);
      if (!busy.has(i)) return i;
    }
  };
  const one = async () => {
    const i = pick();
    busy.add(i);
    const text = TEXTS[seq++ % TEXTS.length]!;
    const t = performance.now();
    await app.core.handle({
      address: { channel: 'console', userId: userIdOf(i) },
      messageId: randomUUID(),
      text,
    });
    busy.delete(i);
    return performance.now() - t;
  };
  const run = async (count: number, lanes: number): Promise<Phase> => {
    const latencies: number[] = [];
    let left = count;
    const lane = async () => {
      while (left-- > 0) latencies.push(await one());
    };
    const cpu = process.cpuUsage();
    const t = performance.now();
    await Promise.all(Array.from({ length: lanes }, lane));
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    latencies.sort((a, b) => a - b);
    return {
      messages: count,
      messagesPerSecond: Math.round((count / ms) * 1000),
      p50Ms: Number(percentile(latencies, 50).toFixed(2)),
      p99Ms: Number(percentile(latencies, 99).toFixed(2)),
      cpuMsPerMessage: Number(((used.user + used.system) / 1000 / count).toFixed(2)),
    };
  };
  const profiled = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    if (!PROFILE) return fn();
    const session = new Inspector();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    try {
      return await fn();
    } finally {
      const { profile } = await session.post('Profiler.stop');
      await mkdir(PROFILE, { recursive: true });
      await writeFile(path.join(PROFILE, `${name}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    }
  };
  await run(Math.min(300, MESSAGES), CONCURRENCY); // warm-up: JIT, caches
  const concurrent = await profiled(`${label}-concurrent`, () => run(MESSAGES, CONCURRENCY));
  const sequential = await profiled(`${label}-sequential`, () => run(SEQUENTIAL, 1));
  await app.stop();
  return { concurrent: { ...concurrent, concurrency: CONCURRENCY }, sequential };
}

/** The disk's floor for one durable write: append 2 KB and fdatasync, one after another. */
function fsyncFloor(dir: string) {
  const file = path.join(dir, 'fsync-probe');
  const fd = openSync(file, 'a');
  const times: number[] = [];
  const buf = Buffer.alloc(2048, 120);
  try {
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      writeSync(fd, buf);
      fdatasyncSync(fd);
      times.push(performance.now() - t);
    }
  } finally {
    closeSync(fd);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const work = await mkdtemp(path.join(tmpdir(), 'mrb-bench-store-'));
const cacheDir = path.join(tmpdir(), 'mrb-bench-store-model');
await mkdir(cacheDir, { recursive: true });
const rows: Row[] = [];
const fmtPhase = (p: Phase) =>
  `${String(p.messagesPerSecond).padStart(6)} msg/s  p50 ${p.p50Ms.toFixed(2).padStart(6)} ms  p99 ${p.p99Ms
    .toFixed(2)
    .padStart(7)} ms  cpu ${p.cpuMsPerMessage.toFixed(2).padStart(5)} ms/msg`;
const print = (r: Row) => {
  const start = r.startupMs === null ? '      —' : `${String(r.startupMs).padStart(5)} ms`;
  console.log(
    `${r.store.padEnd(9)} ${String(r.workers).padStart(7)}  concurrent (${r.concurrent.concurrency} at once) ${fmtPhase(r.concurrent)}  start-up ${start}`,
  );
  console.log(`${''.padEnd(9)} ${''.padStart(7)}  sequential (one at a time) ${fmtPhase(r.sequential)}`);
};
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const floor = fsyncFloor(work);
console.log(
  `${MESSAGES} concurrent messages (${CONCURRENCY} workers writing at once) and ${SEQUENTIAL} sequential ones per run; ${os.cpus().length} CPUs, load average ${load()}`,
);
console.log(
  `disk floor for one durable write (2 KB append + fdatasync, sequential): p50 ${floor.p50.toFixed(2)} ms, p99 ${floor.p99.toFixed(2)} ms`,
);
try {
  for (const n of SIZES) {
    for (const kind of STORES) {
      const dataDir = path.join(work, `${kind}-${n}`);
      await mkdir(dataDir, { recursive: true });
      let store: Store;
      let startupMs: number | null = null;
      let cleanup = async () => {};
      if (kind === 'memory') {
        store = createMemoryStore();
        await seed(store, n);
      } else if (kind === 'lowdb') {
        const first = await createLowdbStore(dataDir);
        await seed(first, n);
        await first.close();
        const t = performance.now();
        store = await createLowdbStore(dataDir);
        startupMs = Math.round(performance.now() - t);
      } else {
        const schema = `bench_${process.pid}_${n}`;
        const first = await createPostgresStore({ connectionString: DATABASE_URL!, schema });
        await first.close();
        await seedPostgres(DATABASE_URL!, schema, n);
        const t = performance.now();
        store = await createPostgresStore({ connectionString: DATABASE_URL!, schema });
        startupMs = Math.round(performance.now() - t);
        cleanup = async () => {
          const c = new pg.Client({ connectionString: DATABASE_URL });
          await c.connect();
          await c.query(`DROP SCHEMA ${schema} CASCADE`);
          await c.end();
        };
      }
      const result = await drive(store, n, cacheDir, dataDir, `${kind}-${n}`);
      const row: Row = { store: kind, workers: n, startupMs, ...result };
      rows.push(row);
      print(row);
      await cleanup();
      await rm(dataDir, { recursive: true, force: true });
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

const at100k = (store: string) => rows.find((r) => r.store === store && r.workers === 100_000);
const lowdb = at100k('lowdb');
const memory = at100k('memory');
if (lowdb && memory) {
  console.log(
    `\nembedded store at 100,000 workers: ${lowdb.concurrent.messagesPerSecond} msg/s concurrent (target ≥ 1000), ${Math.round(
      (100 * lowdb.concurrent.messagesPerSecond) / memory.concurrent.messagesPerSecond,
    )}% of in-memory (target ≥ 50%), p99 ${lowdb.sequential.p99Ms} ms one message at a time (target ≤ 20; ${
      lowdb.concurrent.p99Ms
    } ms with ${CONCURRENCY} at once, queueing included), start-up ${lowdb.startupMs} ms (target < 2000); load average ${load()}`,
  );
}
// Rows of earlier runs are kept unless this run measured the same store and size again.
const resultFile = path.join(REPO_ROOT, 'bench', 'results', 'store.json');
await mkdir(path.dirname(resultFile), { recursive: true });
const earlier = JSON.parse(await readFile(resultFile, 'utf8').catch(() => '{"rows":[]}')) as {
  rows?: (Row & { date?: string })[];
};
const date = new Date().toISOString();
const loadAverage = os.loadavg().map((x) => Number(x.toFixed(2)));
const merged = [
  // Rows in the layout of earlier versions (no sequential phase) are not kept.
  ...(earlier.rows ?? []).filter(
    (r) => r.sequential && !rows.some((x) => x.store === r.store && x.workers === r.workers),
  ),
  ...rows.map((r) => ({ ...r, date, loadAverage, fsyncFloorMs: { p50: floor.p50, p99: floor.p99 } })),
].sort((a, b) => a.workers - b.workers || a.store.localeCompare(b.store));
await writeFile(
  resultFile,
  JSON.stringify(
    {
      command: 'npm run bench:store',
      cpus: os.cpus().length,
      note: 'concurrent: BENCH_CONCURRENCY workers at once (throughput; latency includes queueing); sequential: one message at a time (per-message latency)',
      rows: merged,
    },
    null,
    2,
  ) + '\n',
);
console.log('written to bench/results/store.json');
