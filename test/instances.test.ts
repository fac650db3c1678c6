/**
 * Two real bot processes (`node --import tsx src/main.ts`) on one fresh PostgreSQL database, Telegram in
 * webhook mode against a fake Bot API and the Slack desk over HTTP against a fake Web API, all on
 * 127.0.0.1. Updates go to the instances alternately, some to both at once (a redelivery); one instance
 * is killed with SIGKILL in the middle of the run, with deliveries of its own in flight that the fake API
 * had not yet accepted. Every worker message must be answered exactly once, in order per worker; every
 * staff reply must reach its worker exactly once; nothing may be left in the outbox.
 *
 * Runs when DATABASE_URL is set (CI sets it); skipped, saying so, when it is not.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_CONTENT } from './helpers/app.ts';
import { eventEnvelope, FakeSlack, sendEvent, threadMessage } from './helpers/fake-slack.ts';
import {
  deliverUpdate,
  freshDatabase,
  launchBot,
  startInstancesTelegram,
  textUpdate,
  waitFor,
  whenReady,
  type BotProcess,
} from './helpers/instances.ts';

const DATABASE_URL = process.env.DATABASE_URL || undefined;
if (!DATABASE_URL) console.warn('skipped: two-instance test (DATABASE_URL is not set)');

const SIGNING_SECRET = 'two-instances-signing-secret-0123';
const CHANNEL = 'CSTAFF777';
const STAFF = 'USTAFF777';

/** What the worker sends, and a line that only the bot's reply to it contains. */
const MESSAGES = {
  D: { text: 'can i see a doctor', reply: 'Fixture fact about health care.' },
  H: { text: '/help', reply: 'Ask me a question in your own words' },
  S: { text: '/start', reply: 'Hello! I answer questions' },
  G: { text: 'hello', reply: 'Fixture text about what the bot does.' },
} as const;
type Kind = keyof typeof MESSAGES;
const KINDS = Object.keys(MESSAGES) as Kind[];
const kindOf = (text: string): string =>
  KINDS.find((k) => text.includes(MESSAGES[k].reply)) ?? `other:${text.slice(0, 40)}`;

const WORKERS = 16;
const PER_WORKER = 10;
const STAFF_WORKERS = 4;

describe.skipIf(!DATABASE_URL)('two instances on one PostgreSQL database', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let dataDir: string;
  let telegram: Awaited<ReturnType<typeof startInstancesTelegram>>;
  let slack: FakeSlack;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    db = await freshDatabase(DATABASE_URL!);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'mrb-instances-'));
    telegram = await startInstancesTelegram();
    slack = new FakeSlack();
    slack.users.set(STAFF, 'Ana Pérez');
    await slack.up();
    for (const name of ['a', 'b'])
      bots.push(
        await launchBot(
          name,
          {
            LOG_LEVEL: process.env.INSTANCES_LOG_LEVEL ?? 'warn',
            DATA_DIR: path.join(dataDir, name),
            CONTENT_DIR: FIXTURE_CONTENT,
            PSEUDONYM_SECRET: 'two-instances-pseudonym-secret-0123456789',
            DATABASE_URL: db.url,
            OUTBOX_LEASE_SECONDS: '4',
            SLACK_BOT_TOKEN: slack.token,
            SLACK_SIGNING_SECRET: SIGNING_SECRET,
            SLACK_STAFF_CHANNEL: CHANNEL,
            SLACK_STAFF_USERS: STAFF,
            SLACK_API_URL: slack.url,
          },
          { telegramRoot: telegram.root(name) },
        ),
      );
    // Both start at once against the same new database: one applies the migrations, the other waits.
    await Promise.all(bots.map((b) => whenReady(b)));
  }, 120_000);

  afterAll(async () => {
    for (const b of bots) if (b.alive) b.child.kill('SIGKILL');
    await Promise.all(bots.map((b) => b.exited));
    await slack?.down();
    await telegram?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    await db?.drop().catch(() => {});
  });

  let nextUpdate = 5000;
  let nextMessage = 1;
  const update = (chat: number, text: string) => textUpdate(nextUpdate++, nextMessage++, chat, text);

  it('answers every message exactly once, in order per worker, and relays every staff reply once, with one instance killed mid-run', async () => {
    const [a, b] = bots as [BotProcess, BotProcess];
    const chats = Array.from({ length: WORKERS }, (_, i) => 700_100 + i);
    const staffChats = Array.from({ length: STAFF_WORKERS }, (_, i) => 700_900 + i);
    const plan = new Map(
      chats.map((chat, w) => [
        chat,
        Array.from({ length: PER_WORKER }, (_, k) => KINDS[(w * 7 + k * k + k) % KINDS.length]!),
      ]),
    );
    const total = WORKERS * PER_WORKER;
    let accepted = 0;
    let killed: Promise<void> | undefined;

    const killB = async () => {
      // B's deliveries stall (held by the fake API, never accepted); B goes on taking updates and
      // claiming their replies for a moment, then dies with those deliveries in flight.
      telegram.frozen.add('b');
      await new Promise((r) => setTimeout(r, 1000));
      b.child.kill('SIGKILL');
      await b.exited;
    };

    // Staff workers ask for a person first; their tickets reach Slack.
    await Promise.all(staffChats.map((chat, i) => deliverUpdate(bots, update(chat, '/human'), i)));

    // Workers write one message after another (Telegram sends a chat's next update once the last was
    // answered); workers run side by side. Some updates also go to the other instance at the same time.
    const worker = async (chat: number, w: number) => {
      for (const [k, kind] of plan.get(chat)!.entries()) {
        const body = update(chat, MESSAGES[kind].text);
        const first = (w + k) % 2;
        const copies = [deliverUpdate(bots, body, first)];
        if ((w + k) % 3 === 0) copies.push(deliverUpdate(bots, body, first + 1));
        await Promise.all(copies);
        accepted++;
        if (!killed && accepted >= total * 0.4) killed = killB();
      }
    };
    const workers = Promise.all(chats.map((chat, w) => worker(chat, w)));

    // Staff reply in each thread: once while both run (sent to both, as a Slack retry landing on the
    // other instance would be), once after the kill.
    const roots = await waitFor(
      () => {
        const posted = slack.channelMessages(CHANNEL);
        return posted.length >= STAFF_WORKERS ? posted : undefined;
      },
      30_000,
      'the tickets in Slack',
    );
    const staffReply = async (rootTs: string, text: string) => {
      const envelope = eventEnvelope(
        threadMessage({ channel: CHANNEL, threadTs: rootTs, user: STAFF, text }),
      );
      await Promise.all(
        bots.filter((x) => x.alive).map((x) => sendEvent(x.events, SIGNING_SECRET, envelope).catch(() => {})),
      );
    };
    await Promise.all(roots.map((root, i) => staffReply(root.ts, `First answer ${i}`)));
    await workers;
    await killed;
    expect(b.alive).toBe(false);
    await Promise.all(roots.map((root, i) => staffReply(root.ts, `Second answer ${i}`)));

    // Everything reaches the workers, then the outbox is empty.
    await waitFor(
      () =>
        chats.every((c) => telegram.textsTo(c).length >= plan.get(c)!.length) &&
        roots.every((_, i) =>
          staffChats.some((c) => telegram.textsTo(c).some((t) => t.includes(`Second answer ${i}`))),
        ),
      30_000,
      'every reply',
    );
    await waitFor(
      async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox')).rows[0]!.n === 0,
      15_000,
      'an empty outbox',
    );

    for (const chat of chats) {
      const got = telegram.sent.filter((x) => x.chat === chat);
      expect(
        got.map((x) => kindOf(x.text)),
        `worker ${chat}: ${got.map((x) => `${kindOf(x.text)}@${x.from}`).join(' ')}`,
      ).toEqual(plan.get(chat));
    }
    for (const [i] of roots.entries()) {
      for (const text of [`First answer ${i}`, `Second answer ${i}`]) {
        const got = staffChats.flatMap((c) => telegram.textsTo(c)).filter((t) => t.includes(text));
        expect(got, text).toHaveLength(1);
      }
    }
    for (const chat of staffChats) {
      const texts = telegram.textsTo(chat);
      expect(texts.filter((t) => t.includes('passed your question to union staff'))).toHaveLength(1);
      expect(texts).toHaveLength(3);
    }
    // Both instances answered before the kill; the survivor delivered what the dead one held.
    expect(telegram.sent.some((s) => s.from === 'b')).toBe(true);
    expect(telegram.sent.some((s) => s.from === 'a')).toBe(true);
    expect(a.alive).toBe(true);
    const unknown = telegram.sent.filter((s) => !chats.includes(s.chat) && !staffChats.includes(s.chat));
    expect(unknown).toEqual([]);
    // One ticket per staff worker in Slack, each posted once.
    expect(slack.channelMessages(CHANNEL)).toHaveLength(STAFF_WORKERS);
  }, 120_000);
});
