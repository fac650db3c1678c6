/**
 * `npm run bench:instances`: two real bot processes on one PostgreSQL database (DATABASE_URL), Telegram
 * in webhook mode (a route on each instance's one HTTP port) against a fake Bot API on 127.0.0.1,
 * updates spread over both instances as a load balancer would.
 *
 * 1. Saturation: many workers write at once, each one message after another as fast as the webhook
 *    acknowledges (as Telegram sends a chat's updates); messages/s counts replies that reached the fake
 *    API, from the first update posted to the last reply. This is the most the pair can do.
 * 2. Offered load: updates arrive at a steady rate below saturation (BENCH_RATE, default 70 % of the
 *    saturation rate), spread over the workers; latency is from the moment an update was due to be
 *    posted to its reply arriving (so queueing counts), reported as p50/p99.
 * 3. Kill: the same steady load, and one instance is killed with SIGKILL halfway; its unanswered updates
 *    are posted again to the survivor (as Telegram retries), and replies are counted: lost (a message
 *    never answered) and duplicate (answered twice). A duplicate whose first copy the fake API accepted
 *    from the killed instance just before the kill is one the instance could not have recorded (it died
 *    between the API accepting the message and the done-mark): the output says how many, and how close.
 *
 * CPU: each phase also reports CPU time per message of the two bot processes, of the database backends
 * serving them, and of this bench (fake API and load generator) — figures that do not depend on what
 * else the machine runs.
 *
 * Content: the test fixture content (every reply is one Telegram message, so replies can be counted).
 * Options (environment): BENCH_WORKERS (default 100), BENCH_MESSAGES (default 4000 per phase),
 * BENCH_RATE (messages/s offered in phases 2 and 3), BENCH_PHASES (default
 * saturation,offered,kill), BENCH_PROFILE=<folder> (each bot writes a .cpuprofile there when it stops;
 * `npx tsx bench/profile-summary.ts <folder>` prints where the time went).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  cpuMs,
  deliverUpdate,
  freshDatabase,
  launchBot,
  REPO,
  startInstancesTelegram,
  textUpdate,
  waitFor,
  whenReady,
  type BotProcess,
  type Sent,
} from '../test/helpers/instances.ts';

const DATABASE_URL = process.env.DATABASE_URL || undefined;
if (!DATABASE_URL) {
  console.log('bench:instances needs DATABASE_URL (a PostgreSQL server); skipped.');
  process.exit(0);
}
const WORKERS = Number(process.env.BENCH_WORKERS ?? 100);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 4000);
const TEXTS = ['can i see a doctor', '/help', 'hello', '/start'];
const PHASES = new Set((process.env.BENCH_PHASES ?? 'saturation,offered,kill').split(','));
const PROFILE = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : undefined;

const db = await freshDatabase(DATABASE_URL, 'mrb_bench_instances');
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mrb-bench-instances-'));
const telegram = await startInstancesTelegram();
const bots: BotProcess[] = [];
let nextUpdate = 1;
let nextChat = 800_000;

interface Result {
  phase: string;
  messages: number;
  workers: number;
  offered: number | undefined;
  rate: number;
  p50: number;
  p99: number;
  lost: number;
  duplicate: number;
  /** Duplicates first accepted from the killed instance, and the latest of those before the kill. */
  unknowable?: { count: number; maxBeforeKillMs: number };
  cpu: { bots: number; database: number; bench: number };
}

try {
  for (const name of ['a', 'b']) bots.push(await launch(name));
  await Promise.all(bots.map((b) => whenReady(b)));
  // Warm both up (JIT, connection pools, prepared statements) before measuring.
  await run('warm-up', 20, 400, { killOne: false });
  const saturation = await run('saturation', WORKERS, MESSAGES, { killOne: false });
  const rate = Number(process.env.BENCH_RATE ?? Math.max(10, Math.round(saturation.rate * 0.7)));
  const steady = PHASES.has('offered')
    ? await run('offered load', WORKERS, MESSAGES, { killOne: false, rate })
    : undefined;
  const kill = PHASES.has('kill') ? await run('kill', WORKERS, MESSAGES, { killOne: true, rate }) : undefined;
  console.log('');
  console.log(
    '| phase | messages | workers | offered/s | messages/s | p50 ms | p99 ms | lost | duplicate | CPU ms/message: bots + database + bench |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of [saturation, steady, kill]) {
    if (!r) continue;
    console.log(
      `| ${r.phase} | ${r.messages} | ${r.workers} | ${r.offered ?? 'as fast as acknowledged'} | ${r.rate.toFixed(0)} | ${r.p50.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.lost} | ${r.duplicate} | ${r.cpu.bots.toFixed(2)} + ${r.cpu.database.toFixed(2)} + ${r.cpu.bench.toFixed(2)} |`,
    );
  }
  const cpus = os.cpus().length;
  const perMessage = saturation.cpu.bots + saturation.cpu.database + saturation.cpu.bench;
  console.log(
    `\n${cpus} CPUs, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(
        ' ',
      )}; two instances, one PostgreSQL database; kill: SIGKILL of one instance halfway.\nCPU per message at saturation, everything on this machine counted: ${perMessage.toFixed(2)} ms, i.e. at most ${((cpus * 1000) / perMessage).toFixed(0)} messages/s on ${cpus} otherwise idle CPUs (the bots alone: ${((cpus * 1000) / (saturation.cpu.bots + saturation.cpu.database)).toFixed(0)}).`,
  );
  if (kill?.unknowable && kill.duplicate > 0)
    console.log(
      `kill: ${kill.unknowable.count} of ${kill.duplicate} duplicates were first accepted by the API from the killed instance at most ${kill.unknowable.maxBeforeKillMs} ms before SIGKILL: it died between the API accepting the message and marking it done, so no instance could know it went out (Telegram has no idempotency key). The rest: ${kill.duplicate - kill.unknowable.count}.`,
    );
} finally {
  // A profiled bot must stop on its own (SIGTERM, graceful) to write its profile.
  for (const b of bots) if (b.alive) b.child.kill(PROFILE ? 'SIGTERM' : 'SIGKILL');
  await Promise.all(bots.map((b) => b.exited));
  await telegram.close();
  await rm(dataDir, { recursive: true, force: true });
  await db.drop().catch(() => {});
}

function launch(name: string): Promise<BotProcess> {
  return launchBot(
    name,
    {
      DATA_DIR: path.join(dataDir, name),
      CONTENT_DIR: path.join(REPO, 'test/fixtures/content'),
      PSEUDONYM_SECRET: 'bench-instances-pseudonym-secret-0123456789',
      DATABASE_URL: db.url,
      OUTBOX_LEASE_SECONDS: '3',
    },
    {
      telegramRoot: telegram.root(name),
      ...(PROFILE ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] } : {}),
    },
  );
}

/** CPU used so far by the bots, the database backends serving this database, and this process. */
async function cpuNow() {
  const backends = await db
    .query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)
    .then((r) => r.rows.map((row) => row.pid))
    .catch(() => [] as number[]);
  const own = process.cpuUsage();
  return {
    bots: new Map(
      await Promise.all(
        bots.filter((b) => b.alive).map(async (b) => [b.child.pid!, await cpuMs(b.child.pid!)] as const),
      ),
    ),
    backends: new Map(await Promise.all(backends.map(async (pid) => [pid, await cpuMs(pid)] as const))),
    bench: (own.user + own.system) / 1000,
  };
}

async function run(
  phase: string,
  workers: number,
  messages: number,
  options: { killOne: boolean; rate?: number },
): Promise<Result> {
  const chats = Array.from({ length: workers }, () => nextChat++);
  const perChat = Math.ceil(messages / workers);
  const total = workers * perChat;
  const dueAt = new Map<number, number[]>();
  const got = new Map<number, Sent[]>();
  for (const chat of chats) {
    dueAt.set(chat, []);
    got.set(chat, []);
  }
  telegram.onSent((s) => got.get(s.chat)?.push(s));
  const victim = options.killOne ? bots.find((b) => b.name === 'b' && b.alive) : undefined;
  const victimPid = victim?.child.pid;
  let posted = 0;
  let killing: Promise<void> | undefined;
  let killAt = 0;
  let victimCpu = 0;
  const cpuBefore = await cpuNow();
  const started = Date.now();
  // Message i is due at started + i / rate (or at once without a rate), sent by worker i % workers;
  // a worker posts its next message only once the last was acknowledged (Telegram's order per chat).
  await Promise.all(
    chats.map(async (chat, w) => {
      for (let k = 0; k < perChat; k++) {
        const i = k * workers + w;
        const due = options.rate ? started + (i * 1000) / options.rate : Date.now();
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        dueAt.get(chat)!.push(Math.min(due, Date.now()));
        const update = textUpdate(nextUpdate++, nextUpdate, chat, TEXTS[(w + k) % TEXTS.length]!);
        await deliverUpdate(bots, update, (w + k) % 2);
        posted++;
        if (victim && !killing && posted >= total / 2) {
          killing = Promise.resolve();
          victimCpu = await cpuMs(victimPid!);
          killAt = Date.now();
          victim.child.kill('SIGKILL');
          killing = victim.exited;
        }
      }
    }),
  );
  await waitFor(
    () => chats.every((c) => got.get(c)!.length >= perChat),
    60_000,
    `${phase}: every reply`,
  ).catch(() => undefined);
  const finished = Math.max(
    ...chats.flatMap((c) =>
      got
        .get(c)!
        .slice(0, perChat)
        .map((s) => s.at),
    ),
  );
  const cpuAfter = await cpuNow();
  await killing;
  // Give a dead instance's leased deliveries time to be taken over before counting.
  if (victim) await new Promise((r) => setTimeout(r, 4000));
  await waitFor(
    async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox')).rows[0]!.n === 0,
    30_000,
    'an empty outbox',
  ).catch(() => undefined);
  let lost = 0;
  let duplicate = 0;
  let unknowable = 0;
  let maxBeforeKillMs = 0;
  const latencies: number[] = [];
  for (const chat of chats) {
    const replies = got.get(chat)!;
    lost += Math.max(0, perChat - replies.length);
    const extra = Math.max(0, replies.length - perChat);
    duplicate += extra;
    if (extra > 0 && victim) {
      // The killed instance's last accepted sends to this chat, newest first.
      const fromVictim = replies.filter((s) => s.from === victim.name && s.at <= killAt + 50);
      const close = fromVictim.slice(-extra);
      unknowable += close.length;
      for (const s of close) maxBeforeKillMs = Math.max(maxBeforeKillMs, killAt - s.at);
    }
    const due = dueAt.get(chat)!;
    for (let k = 0; k < Math.min(replies.length, perChat); k++) latencies.push(replies[k]!.at - due[k]!);
  }
  latencies.sort((x, y) => x - y);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  let database = 0;
  for (const [pid, after] of cpuAfter.backends) database += after - (cpuBefore.backends.get(pid) ?? 0);
  // The killed bot's CPU is counted up to the kill.
  let botsCpu = 0;
  for (const [pid, before] of cpuBefore.bots)
    botsCpu += (pid === victimPid ? victimCpu : (cpuAfter.bots.get(pid) ?? before)) - before;
  const answered = total - lost;
  const result: Result = {
    phase,
    messages: total,
    workers,
    offered: options.rate,
    rate: answered / ((finished - started) / 1000),
    p50: pct(0.5),
    p99: pct(0.99),
    lost,
    duplicate,
    ...(victim ? { unknowable: { count: unknowable, maxBeforeKillMs } } : {}),
    cpu: {
      bots: botsCpu / answered,
      database: database / answered,
      bench: (cpuAfter.bench - cpuBefore.bench) / answered,
    },
  };
  console.log(
    `${phase}: ${total} messages from ${workers} workers${options.rate ? ` offered at ${options.rate}/s` : ''}, ${result.rate.toFixed(0)} messages/s, p50 ${result.p50} ms, p99 ${result.p99} ms, lost ${lost}, duplicate ${duplicate}${victim ? ` (${unknowable} accepted from the killed instance at most ${maxBeforeKillMs} ms before SIGKILL)` : ''}; CPU ms/message: bots ${result.cpu.bots.toFixed(2)}, database ${result.cpu.database.toFixed(2)}, bench ${result.cpu.bench.toFixed(2)}`,
  );
  return result;
}
