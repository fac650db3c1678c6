/**
 * `npm run bench:instances`: two real bot processes on one PostgreSQL database (DATABASE_URL), Telegram
 * in webhook mode against a fake Bot API on 127.0.0.1, updates spread over both instances.
 *
 * 1. Throughput: many workers write at once, each one message after another (as Telegram sends a chat's
 *    updates); messages/s counts messages whose reply reached the fake API, from the first update sent to
 *    the last reply received; latency is from posting the update to its reply arriving.
 * 2. Kill: the same again, and one instance is killed with SIGKILL halfway; its unanswered updates are
 *    sent again to the survivor (as Telegram retries), and the replies are counted: lost (a message never
 *    answered) and duplicate (answered twice).
 *
 * Content: the test fixture content (every reply is one Telegram message, so replies can be counted).
 * Options (environment): BENCH_WORKERS (default 100), BENCH_MESSAGES (default 4000 per phase).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  deliverUpdate,
  freshDatabase,
  launchBot,
  REPO,
  startInstancesTelegram,
  textUpdate,
  waitFor,
  whenReady,
  type BotProcess,
} from '../test/helpers/instances.ts';

const DATABASE_URL = process.env.DATABASE_URL || undefined;
if (!DATABASE_URL) {
  console.log('bench:instances needs DATABASE_URL (a PostgreSQL server); skipped.');
  process.exit(0);
}
const WORKERS = Number(process.env.BENCH_WORKERS ?? 100);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 4000);
const TEXTS = ['can i see a doctor', '/help', 'hello', '/start'];

const db = await freshDatabase(DATABASE_URL, 'mrb_bench_instances');
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mrb-bench-instances-'));
const telegram = await startInstancesTelegram();
const bots: BotProcess[] = [];
let nextUpdate = 1;
let nextChat = 800_000;

try {
  for (const name of ['a', 'b'])
    bots.push(
      await launchBot(
        name,
        {
          DATA_DIR: path.join(dataDir, name),
          CONTENT_DIR: path.join(REPO, 'test/fixtures/content'),
          PSEUDONYM_SECRET: 'bench-instances-pseudonym-secret-0123456789',
          DATABASE_URL: db.url,
          OUTBOX_LEASE_SECONDS: '3',
        },
        { telegramRoot: telegram.root(name) },
      ),
    );
  await Promise.all(bots.map((b) => whenReady(b)));
  // Warm both up (JIT, connection pools) before measuring.
  await run('warm-up', 20, 200, false);
  const throughput = await run('throughput', WORKERS, MESSAGES, false);
  const kill = await run('kill', WORKERS, MESSAGES, true);
  console.log('');
  console.log('| phase | messages | workers | messages/s | p50 ms | p99 ms | lost | duplicate |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of [throughput, kill])
    console.log(
      `| ${r.phase} | ${r.messages} | ${r.workers} | ${r.rate.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.lost} | ${r.duplicate} |`,
    );
  console.log(
    `\n${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}; two instances, one PostgreSQL database; kill: SIGKILL of one instance halfway.`,
  );
} finally {
  for (const b of bots) if (b.alive) b.child.kill('SIGKILL');
  await Promise.all(bots.map((b) => b.exited));
  await telegram.close();
  await rm(dataDir, { recursive: true, force: true });
  await db.drop().catch(() => {});
}

async function run(phase: string, workers: number, messages: number, killOne: boolean) {
  const chats = Array.from({ length: workers }, () => nextChat++);
  const perChat = Math.ceil(messages / workers);
  const sentAt = new Map<number, number[]>();
  const gotAt = new Map<number, number[]>();
  for (const chat of chats) {
    sentAt.set(chat, []);
    gotAt.set(chat, []);
  }
  const before = telegram.sent.length;
  telegram.onSent((s) => gotAt.get(s.chat)?.push(s.at));
  let posted = 0;
  let killing: Promise<void> | undefined;
  const started = Date.now();
  await Promise.all(
    chats.map(async (chat, w) => {
      for (let k = 0; k < perChat; k++) {
        const update = textUpdate(nextUpdate++, nextUpdate, chat, TEXTS[(w + k) % TEXTS.length]!);
        sentAt.get(chat)!.push(Date.now());
        await deliverUpdate(bots, update, (w + k) % 2);
        posted++;
        if (killOne && !killing && posted >= (workers * perChat) / 2) {
          const victim = bots.find((b) => b.name === 'b' && b.alive)!;
          victim.child.kill('SIGKILL');
          killing = victim.exited;
        }
      }
    }),
  );
  const total = workers * perChat;
  await waitFor(
    () => chats.every((c) => gotAt.get(c)!.length >= perChat),
    60_000,
    `${phase}: every reply`,
  ).catch(() => undefined);
  const finished = Math.max(...chats.flatMap((c) => gotAt.get(c)!.slice(0, perChat)));
  await killing;
  // Give a dead instance's leased deliveries time to be retried before counting.
  if (killOne) await new Promise((r) => setTimeout(r, 4000));
  await waitFor(
    async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox')).rows[0]!.n === 0,
    30_000,
    'an empty outbox',
  ).catch(() => undefined);
  let lost = 0;
  let duplicate = 0;
  const latencies: number[] = [];
  for (const chat of chats) {
    const got = gotAt.get(chat)!;
    lost += Math.max(0, perChat - got.length);
    duplicate += Math.max(0, got.length - perChat);
    const sent = sentAt.get(chat)!;
    for (let k = 0; k < Math.min(got.length, perChat); k++) latencies.push(got[k]! - sent[k]!);
  }
  latencies.sort((x, y) => x - y);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  const result = {
    phase,
    messages: total,
    workers,
    rate: (total - lost) / ((finished - started) / 1000),
    p50: pct(0.5),
    p99: pct(0.99),
    lost,
    duplicate,
    sent: telegram.sent.length - before,
  };
  console.log(
    `${phase}: ${total} messages from ${workers} workers, ${result.rate.toFixed(0)} messages/s, p50 ${result.p50} ms, p99 ${result.p99} ms, lost ${lost}, duplicate ${duplicate}`,
  );
  if (killOne) {
    // The killed instance is started again for later runs.
    const name = 'b';
    const index = bots.findIndex((b) => b.name === name);
    bots.splice(index, 1);
  }
  return result;
}
