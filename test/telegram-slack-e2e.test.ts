/**
 * End to end across both real adapters: a worker on Telegram (grammY against the fake Bot API) asks a
 * question and then for a person; the ticket appears in the staff channel of the fake Slack Web API as a
 * Block Kit message under a pseudonymous reference; a signed Claim click and a signed thread reply (real
 * HMAC, Bolt over HTTP) come back; the reply reaches the worker's Telegram chat, the worker's next message
 * goes into the Slack thread instead of the bot, and a signed Close click gives the worker back to the bot.
 * Core, tickets, outbox and lowdb store are the real ones from src/app.ts, over the shared fixture content.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTION_CLAIM, ACTION_CLOSE } from '../adapters/slack/blocks.ts';
import { createSlackDesk, type SlackDesk } from '../adapters/slack/desk.ts';
import { createTelegramAdapter, type TelegramAdapter } from '../adapters/telegram/adapter.ts';
import { createApp, type App } from '../src/app.ts';
import type { InboundMessage, OutboundMessage } from '../src/core/messages.ts';
import { FIXTURE_CONTENT } from './helpers/app.ts';
import {
  buttonClick,
  eventEnvelope,
  FakeSlack,
  sendEvent,
  sendInteraction,
  threadMessage,
  type SlackMessage,
} from './helpers/fake-slack.ts';
import { FAKE_TOKEN, startFakeTelegram, type FakeTelegram } from './helpers/fake-telegram.ts';

const SIGNING_SECRET = 'tg-slack-e2e-signing-secret-0123';
const CHANNEL = 'CSTAFF042';
const ANA = 'USTAFF042';
/** The worker's Telegram chat id: a digit run that cannot turn up by chance in Slack timestamps. */
const WORKER = 918273645;
const WAIT = { timeout: 10_000, interval: 20 };
const ZWJ = '\u200D';

describe('Telegram → Slack desk → Telegram', () => {
  let dataDir: string;
  let tg: FakeTelegram;
  let slack: FakeSlack;
  let desk: SlackDesk;
  let app: App;
  let telegram: TelegramAdapter;
  let eventsUrl: string;
  /** Every message the Telegram adapter handed to the core, with what the core answered. */
  const handled: { inbound: InboundMessage; replies: OutboundMessage[] }[] = [];

  beforeEach(async () => {
    handled.length = 0;
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tg-slack-e2e-'));
    tg = await startFakeTelegram();
    slack = new FakeSlack();
    slack.users.set(ANA, 'Ana Pérez');
    await slack.up();
    desk = createSlackDesk({
      botToken: slack.token,
      signingSecret: SIGNING_SECRET,
      staffChannel: CHANNEL,
      staffUsers: [ANA],
      port: 0,
      host: '127.0.0.1',
      apiUrl: slack.url,
      remindMinutes: 15,
      processBeforeResponse: true,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    });
    app = await createApp({
      env: {
        DATA_DIR: dataDir,
        PSEUDONYM_SECRET: 'tg-slack-e2e-secret-0123456789abcdef',
        OFFICE_TZ: 'UTC',
        CONTENT_DIR: FIXTURE_CONTENT,
      },
      desk,
      backoff: () => 20,
    });
    telegram = createTelegramAdapter({
      token: FAKE_TOKEN,
      apiRoot: tg.apiRoot,
      pollingTimeoutSeconds: 5,
      markSeen: (key) => app.store.markSeen(key),
    });
    app.registerChannel('telegram', (userId, messages) => telegram.send(userId, messages));
    await app.start({ outboxIntervalMs: 25 });
    eventsUrl = `http://127.0.0.1:${desk.port}/slack/events`;
    await telegram.start({
      handle: async (inbound) => {
        const replies = await app.core.handle(inbound);
        handled.push({ inbound, replies });
        return replies;
      },
    });
  });

  afterEach(async () => {
    await telegram?.stop();
    await app?.stop();
    await slack?.down();
    await tg?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Everything sent to the worker's Telegram chat, in order. */
  const textsToWorker = () =>
    tg
      .callsOf('sendMessage')
      .filter((c) => c.params.chat_id === WORKER)
      .map((c) => String(c.params.text));

  /** The worker types `text` in Telegram; resolves with the core's replies once the adapter handled it. */
  async function workerSays(text: string): Promise<OutboundMessage[]> {
    const update = tg.textUpdate(WORKER, text, { language_code: 'en', first_name: 'Rosa' });
    const messageId = `${WORKER}:${update.message!.message_id}`;
    tg.pushUpdates(update);
    let replies: OutboundMessage[] | undefined;
    await vi.waitFor(() => {
      replies = handled.find((h) => h.inbound.messageId === messageId)?.replies;
      expect(replies).toBeDefined();
    }, WAIT);
    return replies!;
  }

  /** Waits until the worker's chat received a message with exactly this text. */
  async function workerReceives(text: string): Promise<void> {
    await vi.waitFor(() => expect(textsToWorker()).toContain(text), WAIT);
  }

  async function ticketRoot(): Promise<{ root: SlackMessage; ticketId: string }> {
    await vi.waitFor(() => expect(slack.channelMessages(CHANNEL)).toHaveLength(1), WAIT);
    const root = slack.channelMessages(CHANNEL)[0]!;
    return { root, ticketId: String(root.metadata?.event_payload.ticket_id) };
  }

  const click = (actionId: string, ticketId: string, root: SlackMessage) =>
    sendInteraction(
      eventsUrl,
      SIGNING_SECRET,
      buttonClick({ actionId, value: ticketId, user: ANA, channel: CHANNEL, messageTs: root.ts }),
    );

  it('a Telegram /human reaches Slack; Claim, a thread reply and Close go back to the Telegram chat', async () => {
    // The bot answers a question it knows from the content.
    const answer = await workerSays('can i see a doctor');
    expect(answer.map((m) => m.text).join('\n')).toContain('Fixture fact about health care.');
    await vi.waitFor(
      () => expect(textsToWorker().some((t) => t.includes('Fixture fact about health care.'))).toBe(true),
      WAIT,
    );

    const told = await workerSays('/human');
    expect(told.map((m) => m.text).join('\n')).toMatch(/passed your question to union staff/);

    // The ticket reaches the staff channel as a Block Kit message, under a pseudonymous reference.
    const { root, ticketId } = await ticketRoot();
    // The desk records where the message is once Slack has answered the post (a moment later).
    await vi.waitFor(
      async () =>
        expect((await app.store.getTicket(ticketId))?.desk).toMatchObject({
          slackChannel: CHANNEL,
          slackTs: root.ts,
        }),
      WAIT,
    );
    const ticket = await app.store.getTicket(ticketId);
    expect(ticket?.address).toEqual({ channel: 'telegram', userId: String(WORKER) });
    expect(ticket?.question).toBe('can i see a doctor');
    expect(ticket?.workerRef).toMatch(/^W-/);
    expect(ticket?.desk).toMatchObject({ slackChannel: CHANNEL, slackTs: root.ts });
    const blocks = root.blocks as { type: string; text?: { text?: string }; elements?: unknown[] }[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: `Escalation ${ticketId}` } });
    const rootJson = JSON.stringify(blocks);
    expect(rootJson).toContain(`\`${ticket!.workerRef}\``);
    expect(rootJson).toContain('Telegram');
    expect(rootJson).toContain('```can i see a doctor```');
    const actions = blocks.find((b) => b.type === 'actions');
    expect(JSON.stringify(actions)).toContain(`"action_id":"${ACTION_CLAIM}"`);
    expect(root.text).not.toContain('doctor'); // the notification carries no worker text
    expect(JSON.stringify(slack.calls)).not.toContain(String(WORKER));

    // Claim, signed: the worker hears who took it.
    const claim = await click(ACTION_CLAIM, ticketId, root);
    expect(claim.status).toBe(200);
    expect((await app.store.getTicket(ticketId))?.claimedBy).toEqual({ id: ANA, name: 'Ana Pérez' });
    await workerReceives('Ana from the union is looking at your question.'); // first name only
    expect(JSON.stringify(slack.message(root.ts)!.blocks)).toContain('Claimed by Ana Pérez');

    // A staff reply in the thread, signed: it reaches the Telegram chat as plain text.
    const reply = await sendEvent(
      eventsUrl,
      SIGNING_SECRET,
      eventEnvelope(
        threadMessage({
          channel: CHANNEL,
          threadTs: root.ts,
          user: ANA,
          text: 'Hello, this is <@USTAFF042>. *Keep a copy* of your contract &amp; payslips.',
        }),
      ),
    );
    expect(reply.status).toBe(200);
    const relayed = 'Ana (union staff): Hello, this is Ana Pérez. Keep a copy of your contract & payslips.';
    await workerReceives(relayed);
    const relayCall = tg.callsOf('sendMessage').find((c) => c.params.text === relayed);
    expect(relayCall?.params.parse_mode).toBeUndefined();
    expect((await app.store.getTicket(ticketId))?.status).toBe('answered');

    // The worker writes again: the bot stays quiet and the message goes into the Slack thread.
    const sentBefore = textsToWorker().length;
    const quiet = await workerSays('I also have my payslips from March');
    expect(quiet).toEqual([]);
    await vi.waitFor(
      () =>
        expect(
          slack
            .threadReplies(root.ts)
            .some((m) => JSON.stringify(m.blocks).includes('```I also have my payslips from March```')),
        ).toBe(true),
      WAIT,
    );
    expect(textsToWorker()).toHaveLength(sentBefore);
    expect((await app.store.getTicket(ticketId))?.transcript.at(-1)).toMatchObject({
      from: 'worker',
      text: 'I also have my payslips from March',
    });

    // Close, signed: the worker is told, and the bot answers again.
    const close = await click(ACTION_CLOSE, ticketId, root);
    expect(close.status).toBe(200);
    expect((await app.store.getTicket(ticketId))?.status).toBe('closed');
    await workerReceives('Union staff closed your request. I am here again if you have another question.');
    expect(slack.threadReplies(root.ts).filter((m) => m.text.includes('Closed by Ana Pérez'))).toHaveLength(
      1,
    );

    const transcriptLength = (await app.store.getTicket(ticketId))!.transcript.length;
    const again = await workerSays('can i see a doctor');
    expect(again.map((m) => m.text).join('\n')).toContain('Fixture fact about health care.');
    await vi.waitFor(
      () =>
        expect(textsToWorker().filter((t) => t.includes('Fixture fact about health care.'))).toHaveLength(2),
      WAIT,
    );
    expect((await app.store.getTicket(ticketId))!.transcript).toHaveLength(transcriptLength);
    expect((await app.store.getSession(ticket!.workerRef))?.openTicket).toBeUndefined();

    // Nothing Slack received in the whole conversation carries the Telegram chat id.
    expect(JSON.stringify(slack.calls)).not.toContain(String(WORKER));
  });

  it('worker text with <!channel> and *bold* arrives escaped in Slack', async () => {
    const question = '<!channel> my boss says *bold* things, who can help?';
    await workerSays(question);
    await workerSays('/human');
    const { root, ticketId } = await ticketRoot();
    expect((await app.store.getTicket(ticketId))?.question).toBe(question);
    const escaped = `&lt;!channel&gt; my boss says ${ZWJ}*${ZWJ}bold${ZWJ}*${ZWJ} things, who can help?`;
    expect(JSON.stringify(root.blocks)).toContain(escaped);

    // A later message, in the thread, is escaped the same way.
    const more = await workerSays('*urgent* <!here> @channel please');
    expect(more.map((m) => m.text).join('\n')).toMatch(/added to your request/);
    await vi.waitFor(() => expect(slack.threadReplies(root.ts)).toHaveLength(1), WAIT);
    expect(JSON.stringify(slack.threadReplies(root.ts)[0]!.blocks)).toContain(
      `${ZWJ}*${ZWJ}urgent${ZWJ}*${ZWJ} &lt;!here&gt; @${ZWJ}channel please`,
    );

    // Nowhere in what Slack received does the markup survive as markup.
    const everything = JSON.stringify(slack.calls);
    for (const live of ['<!channel>', '<!here>', '*bold*', '*urgent*', ' @channel'])
      expect(everything).not.toContain(live);
    expect(everything).not.toContain(String(WORKER));
  });
});
