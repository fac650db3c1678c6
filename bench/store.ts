/**
 * `npm run bench:store`: messages per second, p50/p99 latency and start-up time through the whole
 * core (dedupe → match → render → persist) with 1,000 / 10,000 / 100,000 workers already stored,
 * for the embedded store, the in-memory store (the ceiling, same run) and PostgreSQL when
 * DATABASE_URL is set. Results go to bench/results/store.json.
 *
 * Messages come from many workers at once (BENCH_CONCURRENCY, default 16, each worker's messages
 * one at a time, as the per-worker lock has it), like a bot with many workers writing; every
 * message is durable (flushed to disk, or committed) before it counts as handled.
 *
 * Options (environment): BENCH_SIZES=1000,10000,100000  BENCH_MESSAGES=3000  BENCH_CONCURRENCY=16
 * BENCH_STORES=memory,lowdb,postgres
 */
import '../src/quiet.ts';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
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

interface Row {
  store: string;
  workers: number;
  startupMs: number | null;
  messagesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  messages: number;
  concurrency: number;
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

async function drive(store: Store, n: number, cacheDir: string, dataDir: string) {
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
  const run = async (count: number) => {
    const latencies: number[] = [];
    let left = count;
    const lane = async () => {
      while (left-- > 0) latencies.push(await one());
    };
    const t = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    return { latencies, ms: performance.now() - t };
  };
  await run(Math.min(300, MESSAGES)); // warm-up: JIT, caches
  const { latencies, ms } = await run(MESSAGES);
  await app.stop();
  latencies.sort((a, b) => a - b);
  return {
    messagesPerSecond: Math.round((MESSAGES / ms) * 1000),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p99Ms: Number(percentile(latencies, 99).toFixed(2)),
  };
}

const work = await mkdtemp(path.join(tmpdir(), 'mrb-bench-store-'));
const cacheDir = path.join(tmpdir(), 'mrb-bench-store-model');
await mkdir(cacheDir, { recursive: true });
const rows: Row[] = [];
const print = (r: Row) =>
  console.log(
    `${r.store.padEnd(9)} ${String(r.workers).padStart(7)}  ${String(r.messagesPerSecond).padStart(6)} msg/s  p50 ${r.p50Ms.toFixed(2).padStart(6)} ms  p99 ${r.p99Ms.toFixed(2).padStart(7)} ms  start-up ${r.startupMs === null ? '     —' : `${String(r.startupMs).padStart(5)} ms`}`,
  );
console.log(
  `${MESSAGES} messages per run, ${CONCURRENCY} workers writing at once; ${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
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
      const result = await drive(store, n, cacheDir, dataDir);
      const row: Row = {
        store: kind,
        workers: n,
        startupMs,
        ...result,
        messages: MESSAGES,
        concurrency: CONCURRENCY,
      };
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
    `\nembedded store at 100,000 workers: ${lowdb.messagesPerSecond} msg/s (target ≥ 1000), ${Math.round(
      (100 * lowdb.messagesPerSecond) / memory.messagesPerSecond,
    )}% of in-memory (target ≥ 50%), p99 ${lowdb.p99Ms} ms (target ≤ 20), start-up ${lowdb.startupMs} ms (target < 2000)`,
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
  ...(earlier.rows ?? []).filter((r) => !rows.some((x) => x.store === r.store && x.workers === r.workers)),
  ...rows.map((r) => ({ ...r, date, loadAverage })),
].sort((a, b) => a.workers - b.workers || a.store.localeCompare(b.store));
await writeFile(
  resultFile,
  JSON.stringify({ command: 'npm run bench:store', cpus: os.cpus().length, rows: merged }, null, 2) + '\n',
);
console.log('written to bench/results/store.json');
