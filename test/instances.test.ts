/**
 * Two real bot processes (`node --import tsx src/main.ts`) on one fresh PostgreSQL database, Telegram in
 * webhook mode against a fake Bot API and the Slack desk over HTTP against a fake Web API, all on
 * 127.0.0.1. Updates go to the instances alternately, some to both at once (a redelivery); one instance
 * is killed with SIGKILL in the middle of the run, with deliveries of its own in flight that the fake API
 * had not yet accepted. Every worker message must be answered exactly once, in order per worker; every
 * staff reply must reach its worker exactly once; nothing may be left in the outbox.
 *
 * Then, with the killed instance started again, the events a platform hands over before the bot has
 * handled them: a WhatsApp Cloud webhook message that one instance acknowledged (written to the inbox)
 * and a Slack staff reply it was handling, both held up by the worker's lock, when that instance is
 * killed — the survivor answers the WhatsApp message once and relays the staff reply once.
 *
 * Runs when DATABASE_URL is set (CI sets it); skipped, saying so, when it is not.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappRef } from '../adapters/whatsapp/pseudonyms.ts';
import type { Address } from '../src/core/messages.ts';
import { createPseudonymizer } from '../src/core/pseudonym.ts';
import { lockKey } from '../src/instances/postgres.ts';
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

const PSEUDONYM_SECRET = 'two-instances-pseudonym-secret-0123456789';
const WA_APP_SECRET = 'two-instances-meta-app-secret';
const WA_PHONE_ID = '1098765432';

/** A fake Graph API: records the WhatsApp messages the instances send. */
async function startFakeGraph() {
  const sent: { to: string; text: string }[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== `/v23.0/${WA_PHONE_ID}/messages`)
        return void res.writeHead(404).end('{}');
      const body = JSON.parse(raw) as {
        to: string;
        text?: { body: string };
        interactive?: { body: { text: string } };
      };
      sent.push({ to: body.to, text: body.text?.body ?? body.interactive?.body.text ?? '' });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ messages: [{ id: `wamid.out${++n}` }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v23.0`,
    sent,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A WhatsApp Cloud webhook delivery with one text message, as Meta posts it. */
function whatsappDelivery(from: string, id: string, text: string): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: WA_PHONE_ID },
              messages: [{ from, id, timestamp: '1700000000', type: 'text', text: { body: text } }],
            },
          },
        ],
      },
    ],
  });
}

const WORKERS = 16;
const PER_WORKER = 10;
const STAFF_WORKERS = 4;

describe.skipIf(!DATABASE_URL)('two instances on one PostgreSQL database', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let dataDir: string;
  let telegram: Awaited<ReturnType<typeof startInstancesTelegram>>;
  let slack: FakeSlack;
  let graph: Awaited<ReturnType<typeof startFakeGraph>>;
  const bots: BotProcess[] = [];
  const envFor = (name: string) => ({
    LOG_LEVEL: process.env.INSTANCES_LOG_LEVEL ?? 'warn',
    DATA_DIR: path.join(dataDir, name),
    CONTENT_DIR: FIXTURE_CONTENT,
    PSEUDONYM_SECRET,
    DATABASE_URL: db.url,
    OUTBOX_LEASE_SECONDS: '4',
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_STAFF_CHANNEL: CHANNEL,
    SLACK_STAFF_USERS: STAFF,
    SLACK_API_URL: slack.url,
    WHATSAPP_CLOUD_TOKEN: 'test-token',
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: WA_PHONE_ID,
    WHATSAPP_CLOUD_APP_SECRET: WA_APP_SECRET,
    WHATSAPP_CLOUD_VERIFY_TOKEN: 'verify-me',
    WHATSAPP_CLOUD_API_URL: graph.url,
  });

  beforeAll(async () => {
    db = await freshDatabase(DATABASE_URL!);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'mrb-instances-'));
    telegram = await startInstancesTelegram();
    slack = new FakeSlack();
    slack.users.set(STAFF, 'Ana Pérez');
    await slack.up();
    graph = await startFakeGraph();
    for (const name of ['a', 'b'])
      bots.push(await launchBot(name, envFor(name), { telegramRoot: telegram.root(name) }));
    // Both start at once against the same new database: one applies the migrations, the other waits.
    await Promise.all(bots.map((b) => whenReady(b)));
  }, 300_000);

  afterAll(async () => {
    for (const b of bots) if (b.alive) b.child.kill('SIGKILL');
    await Promise.all(bots.map((b) => b.exited));
    await slack?.down();
    await graph?.close();
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
  }, 300_000);

  it('an instance killed after acknowledging a WhatsApp Cloud message, or while handling a Slack staff reply, loses neither: the survivor answers each once', async () => {
    const a = bots[0]!;
    // The instance killed in the first test, started again.
    const b = await launchBot('b', envFor('b'), { telegramRoot: telegram.root('b') });
    bots[1] = b;
    await whenReady(b);
    const pseudonymize = createPseudonymizer(PSEUDONYM_SECRET);
    const workerLock = (address: Address) => [lockKey('mrb:public:worker'), lockKey(pseudonymize(address))];
    const phone = '34600777888';
    // A staff worker's ticket thread, from the first test.
    const root = slack.channelMessages(CHANNEL)[0]!;
    const staffChat = Array.from({ length: STAFF_WORKERS }, (_, i) => 700_900 + i).find((c) =>
      telegram.textsTo(c).some((t) => t.includes('First answer 0')),
    )!;
    let staffEvent: unknown;
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      // Hold both workers' locks, as a long message of theirs would: B can take the events but not
      // finish handling them.
      for (const key of [
        workerLock({ channel: 'whatsapp-cloud', userId: whatsappRef(PSEUDONYM_SECRET, phone) }),
        workerLock({ channel: 'telegram', userId: String(staffChat) }),
      ])
        await holder.query('SELECT pg_advisory_lock($1, $2)', key);

      // Meta posts the worker's message to B: B writes it to the inbox and answers 200.
      const body = whatsappDelivery(phone, 'wamid.in-two-instances-1', 'hello');
      const signature = 'sha256=' + createHmac('sha256', WA_APP_SECRET).update(body).digest('hex');
      const acked = await fetch(`${b.web}/whatsapp/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        body,
      });
      expect(acked.status).toBe(200);
      const inbox = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM inbox');
      expect(inbox.rows[0]!.n).toBe(1);

      // Slack posts a staff reply to B, which is handling it (Slack gets its 200 only afterwards).
      const envelope = eventEnvelope(
        threadMessage({ channel: CHANNEL, threadTs: root.ts, user: STAFF, text: 'Third answer' }),
      );
      staffEvent = envelope;
      const toB = sendEvent(b.events, SIGNING_SECRET, envelope).then(
        (r) => r.status,
        () => 'no answer' as const,
      );
      await new Promise((r) => setTimeout(r, 1000));

      b.child.kill('SIGKILL');
      await b.exited;
      // B never answered Slack, so Slack delivers the event again: to the survivor.
      expect(await toB).toBe('no answer');
    } finally {
      await holder.end();
    }
    const retried = await sendEvent(a.events, SIGNING_SECRET, staffEvent);
    expect(retried.status).toBe(200);

    await waitFor(
      () =>
        graph.sent.some((s) => s.to === phone) &&
        telegram.textsTo(staffChat).some((t) => t.includes('Third answer')),
      30_000,
      'the WhatsApp answer and the staff reply',
    );
    await waitFor(
      async () =>
        (
          await db.query<{ n: number }>(
            'SELECT ((SELECT count(*) FROM inbox) + (SELECT count(*) FROM outbox))::int AS n',
          )
        ).rows[0]!.n === 0,
      15_000,
      'an empty inbox and outbox',
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(graph.sent.filter((s) => s.to === phone && s.text.includes(MESSAGES.G.reply))).toHaveLength(1);
    expect(telegram.textsTo(staffChat).filter((t) => t.includes('Third answer'))).toHaveLength(1);
  }, 300_000);
});
