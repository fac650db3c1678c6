/**
 * A danger message end to end, through both real adapters: a worker on Telegram (grammY against the fake
 * Bot API) writes that the boss locks them in and took their passport; the bot answers at once with the
 * numbers; the staff channel of the fake Slack Web API gets an urgent Block Kit message that mentions the
 * on-call group (SLACK_URGENT_MENTION) while the worker's words stay escaped and nothing identifying is
 * shared; an unclaimed urgent ticket is reminded of with the mention, outside office hours too; staff
 * lower and raise the urgency with signed clicks; a signed thread reply reaches the worker's chat.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTION_CLAIM, ACTION_URGENT_LOWER, ACTION_URGENT_RAISE } from '../adapters/slack/blocks.ts';
import { createSlackDesk, realScheduler, type SlackDesk } from '../adapters/slack/desk.ts';
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

const SIGNING_SECRET = 'safety-e2e-signing-secret-012345';
const CHANNEL = 'CSTAFF777';
const ANA = 'USTAFF777';
const ONCALL = '<!subteam^SONCALL01>';
const WORKER = 827364519;
const WAIT = { timeout: 15_000, interval: 20 };
const ZWJ = '\u200D';

describe('a danger message: Telegram → urgent Slack case → Telegram', () => {
  let dataDir: string;
  let tg: FakeTelegram;
  let slack: FakeSlack;
  let desk: SlackDesk;
  let app: App;
  let telegram: TelegramAdapter;
  let eventsUrl: string;
  /** Minutes added to the desk's clock (reminders), without waiting. */
  let ahead = 0;
  const handled: { inbound: InboundMessage; replies: OutboundMessage[] }[] = [];

  beforeEach(async () => {
    handled.length = 0;
    ahead = 0;
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'safety-e2e-'));
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
      urgentMention: ONCALL,
      // Office hours that are never now: urgent work must not wait for them.
      officeHours: { hours: '00:00-00:01', days: '0-0', tz: 'UTC' },
      clock: { ...realScheduler, now: () => new Date(Date.now() + ahead * 60_000) },
      processBeforeResponse: true,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    });
    app = await createApp({
      env: {
        DATA_DIR: dataDir,
        PSEUDONYM_SECRET: 'safety-e2e-secret-0123456789abcdef',
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

  const textsToWorker = () =>
    tg
      .callsOf('sendMessage')
      .filter((c) => c.params.chat_id === WORKER)
      .map((c) => String(c.params.text));

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

  const click = (actionId: string, ticketId: string, root: SlackMessage) =>
    sendInteraction(
      eventsUrl,
      SIGNING_SECRET,
      buttonClick({ actionId, value: ticketId, user: ANA, channel: CHANNEL, messageTs: root.ts }),
    );

  it('is marked urgent, mentions on-call, is reminded of, and the staff reply reaches the worker', async () => {
    const danger = 'I am in Spain, my boss locks me in the house and took my passport *now* <!channel>';
    const replies = await workerSays(danger);
    const said = replies.map((m) => m.text).join('\n');
    expect(said).toMatch(/serious, and it is not your fault/);
    expect(said).toContain('112');
    expect(said).toContain('900 10 50 90');
    // The worker's own words reach the chat: the reply first, then the one-tap question about sharing.
    await vi.waitFor(() => expect(textsToWorker().some((t) => t.includes('900 10 50 90'))).toBe(true), WAIT);
    expect(replies.at(-1)?.choices?.map((c) => c.value)).toEqual(['safety:share', 'safety:keep']);

    // Slack: one root message, marked urgent, mentioning the on-call group, worker text escaped.
    await vi.waitFor(() => expect(slack.channelMessages(CHANNEL)).toHaveLength(1), WAIT);
    const root = slack.channelMessages(CHANNEL)[0]!;
    const ticketId = String(root.metadata?.event_payload.ticket_id);
    const blocks = JSON.stringify(root.blocks);
    expect(root.text).toMatch(/^URGENT <!subteam\^SONCALL01>: escalation/);
    expect(blocks).toContain(`URGENT: Escalation ${ticketId}`);
    expect(blocks).toContain(':rotating_light: *URGENT: the worker may be in danger*');
    expect(blocks).toContain('confinement or restricted movement');
    expect(blocks).toContain('identity documents confiscated');
    expect(blocks).toContain(ONCALL);
    expect(blocks).toContain(`${ZWJ}*${ZWJ}now${ZWJ}*${ZWJ} &lt;!channel&gt;`);
    expect(JSON.stringify(root.blocks).match(/<!subteam\^SONCALL01>/g)).toHaveLength(1);
    expect(JSON.stringify(root.blocks)).toContain(`"action_id":"${ACTION_URGENT_LOWER}"`);
    // Posted although it is outside office hours, with no "expects an answer from…" note.
    expect(blocks).not.toContain('outside office hours');
    // Nothing identifying without the worker's agreement: no chat id, no name.
    const everything = () => JSON.stringify(slack.calls);
    expect(everything()).not.toContain(String(WORKER));
    expect(everything()).not.toContain('Rosa');
    expect(everything()).not.toContain('<!channel>');

    // The desk has recorded where the root is (it does so after Slack answers the post).
    await vi.waitFor(
      async () => expect((await app.store.getTicket(ticketId))?.desk?.slackTs).toBe(root.ts),
      WAIT,
    );

    // 16 minutes later, unclaimed: a reminder in the thread, shown in the channel, with the mention.
    ahead = 16;
    expect(await desk.checkReminders()).toBe(1);
    const reminder = slack.threadReplies(root.ts).find((m) => m.text.includes('still unclaimed'));
    expect(reminder?.text).toContain(ONCALL);
    expect(reminder?.text).toMatch(/URGENT escalation/);
    expect(reminder?.reply_broadcast).toBe(true);
    expect(await desk.checkReminders()).toBe(0); // once per period

    // Staff lower the urgency, then raise it again: a new alert with the mention.
    expect((await click(ACTION_URGENT_LOWER, ticketId, root)).status).toBe(200);
    expect((await app.store.getTicket(ticketId))?.urgent).toBe(false);
    await vi.waitFor(
      () => expect(JSON.stringify(slack.message(root.ts)!.blocks)).toContain('Urgency lowered by Ana Pérez'),
      WAIT,
    );
    expect(JSON.stringify(slack.message(root.ts)!.blocks)).toContain(`"action_id":"${ACTION_URGENT_RAISE}"`);
    expect((await click(ACTION_URGENT_RAISE, ticketId, root)).status).toBe(200);
    expect((await app.store.getTicket(ticketId))?.urgent).toBe(true);
    await vi.waitFor(
      () =>
        expect(
          slack
            .threadReplies(root.ts)
            .some((m) => m.text.includes('is now URGENT') && m.text.includes(ONCALL)),
        ).toBe(true),
      WAIT,
    );

    // Claim and reply in the thread, signed: the reply reaches the Telegram chat.
    expect((await click(ACTION_CLAIM, ticketId, root)).status).toBe(200);
    await sendEvent(
      eventsUrl,
      SIGNING_SECRET,
      eventEnvelope(
        threadMessage({
          channel: CHANNEL,
          threadTs: root.ts,
          user: ANA,
          text: 'We are here. Are you safe right now?',
        }),
      ),
    );
    await vi.waitFor(
      () => expect(textsToWorker()).toContain('Ana (union staff): We are here. Are you safe right now?'),
      WAIT,
    );
    // Claimed: no more reminders.
    ahead = 60;
    expect(await desk.checkReminders()).toBe(0);
    expect(everything()).not.toContain(String(WORKER));
  });
});
