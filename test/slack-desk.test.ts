import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ACTION_CLAIM,
  ACTION_CLOSE,
  ACTION_HAND_BACK,
  ACTION_URGENT_RAISE,
} from '../adapters/slack/blocks.ts';
import { createSlackDesk, slackDeskFromEnv, type SlackDesk } from '../adapters/slack/desk.ts';
import { loadEnv } from '../src/config/env.ts';
import type { Ticket } from '../src/store/port.ts';
import {
  BOT_ID,
  BOT_USER,
  buttonClick,
  eventEnvelope,
  FakeClock,
  FakeDeskActions,
  FakeSlack,
  makeTicket,
  sendEvent,
  sendInteraction,
  threadMessage,
} from './helpers/fake-slack.ts';

const SECRET = 'test-signing-secret-0123456789';
const CHANNEL = 'CSTAFF001';
const ANA = 'USTAFF001';
const BEN = 'USTAFF002';
const OUTSIDER = 'UOTHER001';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

let slack: FakeSlack;
let clock: FakeClock;
let actions: FakeDeskActions;
let desk: SlackDesk;
let eventsUrl: string;

async function startDesk(extra: Partial<Parameters<typeof createSlackDesk>[0]> = {}): Promise<void> {
  desk = createSlackDesk({
    botToken: slack.token,
    signingSecret: SECRET,
    staffChannel: CHANNEL,
    staffUsers: [ANA, BEN],
    port: 0,
    host: '127.0.0.1',
    apiUrl: slack.url,
    remindMinutes: 15,
    clock,
    processBeforeResponse: true,
    logger: quiet,
    ...extra,
  });
  await desk.start(actions);
  eventsUrl = `http://127.0.0.1:${desk.port}/slack/events`;
}

beforeEach(async () => {
  slack = new FakeSlack();
  slack.users.set(ANA, 'Ana').set(BEN, 'Ben').set(OUTSIDER, 'Olga');
  await slack.up();
  clock = new FakeClock('2025-01-15T10:05:00Z');
  actions = new FakeDeskActions(clock.now);
  await startDesk();
});

afterEach(async () => {
  await desk.stop();
  await slack.down();
});

/** All text in a message's blocks, joined. */
function blockText(m: { blocks?: unknown[] } | undefined): string {
  return JSON.stringify(m?.blocks ?? []);
}

function buttonIds(m: { blocks?: unknown[] } | undefined): string[] {
  const ids: string[] = [];
  for (const b of (m?.blocks ?? []) as { type: string; elements?: { action_id?: string }[] }[]) {
    if (b.type === 'actions') for (const e of b.elements ?? []) if (e.action_id) ids.push(e.action_id);
  }
  return ids;
}

async function open(overrides: Partial<Ticket> = {}): Promise<Ticket> {
  const t = actions.add(makeTicket(overrides));
  await desk.ticketOpened(t);
  return (await actions.getTicket(t.id))!;
}

describe('a new ticket', () => {
  it('appears in the staff channel as Block Kit with the context staff need and four buttons', async () => {
    const t = await open();
    const posted = slack.channelMessages(CHANNEL);
    expect(posted).toHaveLength(1);
    const root = posted[0]!;
    expect(t.desk).toMatchObject({ slackChannel: CHANNEL, slackTs: root.ts });
    const text = blockText(root);
    expect(text).toContain('w-7f3a9c'); // pseudonymous reference
    expect(text).toContain('Telegram');
    expect(text).toContain('Español (es)');
    expect(text).toContain('Paraguay (PY) → Argentina (AR)');
    expect(text).toContain('¿Puedo cobrar mi jubilación si vuelvo a Paraguay?');
    expect(text).toContain('The bot could not answer with confidence.');
    expect(text).toContain('No estoy seguro de entender la pregunta.');
    expect(text).toContain('Recent conversation');
    expect(text).toContain('Waiting');
    expect(text).toContain('5 min');
    expect(buttonIds(root)).toEqual([ACTION_CLAIM, ACTION_CLOSE, ACTION_HAND_BACK, ACTION_URGENT_RAISE]);
    // The worker's channel id (here a Telegram chat id) never reaches Slack.
    expect(JSON.stringify(slack.calls)).not.toContain('987654321');
    // Notifications carry no worker text.
    expect(root.text).not.toContain('jubilación');
    expect(root.metadata?.event_payload).toMatchObject({ ticket_id: t.id });
  });

  it('is updated, not posted again, when the core retries after success', async () => {
    const t = await open();
    await desk.ticketOpened(t);
    expect(slack.channelMessages(CHANNEL)).toHaveLength(1);
    expect(slack.callsTo('chat.update')).toHaveLength(1);
  });

  it('escapes worker text: no broadcast, mention, link or formatting gets through', async () => {
    const evil =
      '<!channel> <!here> @here @channel <@U123> <http://evil.example|click me> *bold* _it_ ~s~ `code` ```block``` & done';
    await open({
      question: evil,
      transcript: [{ from: 'worker', text: evil, at: '2025-01-15T10:00:00.000Z' }],
    });
    const root = slack.channelMessages(CHANNEL)[0]!;
    const text = blockText(root);
    expect(text).not.toMatch(/<!|<@|<http/);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;http://evil.example|click me&gt;');
    expect(text).not.toMatch(/@here|@channel/); // broken by a zero-width joiner
    expect(text).toContain('@\u200Dhere');
    expect(text).not.toMatch(/(^|[^\u200D])\*bold/);
    expect(text).toContain('&amp; done');
    // Worker text sits in code blocks it cannot close.
    const question = JSON.stringify(root.blocks).match(/\*Question\*\\n```(.*?)```"/);
    expect(question?.[1]).toBeDefined();
    expect(question![1]).not.toContain('```');
    expect(root.text).not.toMatch(/[<>]/);
  });

  it('masks phone numbers unless the worker agreed to share one', async () => {
    await open({ id: 'tk-phone-1', question: 'llámame al +34 612 345 678 por favor', transcript: [] });
    const masked = blockText(slack.channelMessages(CHANNEL)[0]);
    expect(masked).toContain('[number hidden]');
    expect(masked).not.toMatch(/612.?345/);

    await open({
      id: 'tk-phone-2',
      question: 'llámame al +34 612 345 678 por favor',
      transcript: [],
      phone: '+34 612 345 678',
    });
    const shared = blockText(slack.channelMessages(CHANNEL)[1]);
    expect(shared).toContain('Phone (shared by the worker)');
    expect(shared).toContain('+34 612 345 678');
  });

  it('caps long worker text within Slack block limits', async () => {
    await open({ question: 'x&'.repeat(20_000), botAnswer: '<'.repeat(10_000) });
    const root = slack.channelMessages(CHANNEL)[0]!;
    for (const b of root.blocks as { text?: { text: string } }[]) {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    }
  });
});

describe('Slack down, slow or rate-limited', () => {
  it('throws while Slack is down, then posts exactly once when it is back', async () => {
    const t = actions.add(makeTicket());
    await slack.down();
    await expect(desk.ticketOpened(t)).rejects.toThrow();
    await slack.up();
    await desk.ticketOpened(t);
    expect(slack.channelMessages(CHANNEL)).toHaveLength(1);
    expect((await actions.getTicket(t.id))!.desk?.slackTs).toBe(slack.channelMessages(CHANNEL)[0]!.ts);
  });

  it('throws on a 500 and succeeds on the retry', async () => {
    const t = actions.add(makeTicket());
    slack.fail('chat.postMessage', { kind: 'status', status: 500 });
    await expect(desk.ticketOpened(t)).rejects.toThrow();
    await desk.ticketOpened(t);
    expect(slack.channelMessages(CHANNEL)).toHaveLength(1);
  });

  it('does not post twice when Slack stored the message but the answer was lost', async () => {
    const t = actions.add(makeTicket());
    slack.fail('chat.postMessage', { kind: 'lose-response' });
    await expect(desk.ticketOpened(t)).rejects.toThrow();
    expect(slack.channelMessages(CHANNEL)).toHaveLength(1); // Slack has it
    await desk.ticketOpened(t);
    expect(slack.channelMessages(CHANNEL)).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect((await actions.getTicket(t.id))!.desk?.slackTs).toBe(slack.channelMessages(CHANNEL)[0]!.ts);
  });

  it('waits out a short Retry-After, but hands a long one back to the core', async () => {
    const t = actions.add(makeTicket());
    slack.fail('chat.postMessage', { kind: 'rate-limit', retryAfter: 2 });
    await desk.ticketOpened(t);
    expect(clock.slept).toContain(2000);
    expect(slack.channelMessages(CHANNEL)).toHaveLength(1);

    const t2 = actions.add(makeTicket({ id: 'tk-0002' }));
    slack.fail('chat.postMessage', { kind: 'rate-limit', retryAfter: 600 });
    await expect(desk.ticketOpened(t2)).rejects.toThrow(/rate/i);
    expect(clock.slept).not.toContain(600_000);
    await desk.ticketOpened(t2);
    expect(slack.channelMessages(CHANNEL)).toHaveLength(2);
  });

  it('a thread relay whose answer was lost is not repeated', async () => {
    const t = await open();
    const entry = { from: 'worker' as const, text: 'sigo esperando', at: '2025-01-15T10:06:00.000Z' };
    slack.fail('chat.postMessage', { kind: 'lose-response' });
    await expect(desk.workerMessage(t, entry)).rejects.toThrow();
    await desk.workerMessage(t, entry);
    await desk.workerMessage(t, entry);
    expect(slack.threadReplies(t.desk!.slackTs!)).toHaveLength(1);
  });
});

describe('signed requests', () => {
  it('a Claim click by staff claims the ticket and updates the message', async () => {
    const t = await open();
    const res = await sendInteraction(
      eventsUrl,
      SECRET,
      buttonClick({
        actionId: ACTION_CLAIM,
        value: t.id,
        user: ANA,
        channel: CHANNEL,
        messageTs: t.desk!.slackTs!,
      }),
    );
    expect(res.status).toBe(200);
    expect(actions.log).toEqual([{ action: 'claim', ticketId: t.id, staff: { id: ANA, name: 'Ana' } }]);
    const root = slack.message(t.desk!.slackTs!)!;
    expect(blockText(root)).toContain('Claimed by Ana');
    expect(buttonIds(root)).toEqual([ACTION_CLOSE, ACTION_HAND_BACK, ACTION_URGENT_RAISE]);
  });

  it('a click by someone not on the staff list is refused with a notice', async () => {
    const t = await open();
    await sendInteraction(
      eventsUrl,
      SECRET,
      buttonClick({
        actionId: ACTION_CLAIM,
        value: t.id,
        user: OUTSIDER,
        channel: CHANNEL,
        messageTs: t.desk!.slackTs!,
      }),
    );
    expect(actions.log).toEqual([]);
    expect(slack.ephemerals).toHaveLength(1);
    expect(slack.ephemerals[0]).toMatchObject({ user: OUTSIDER, channel: CHANNEL });
    expect((await actions.getTicket(t.id))!.status).toBe('open');
  });

  it('a click from another channel is ignored', async () => {
    const t = await open();
    await sendInteraction(
      eventsUrl,
      SECRET,
      buttonClick({
        actionId: ACTION_CLOSE,
        value: t.id,
        user: ANA,
        channel: 'COTHER01',
        messageTs: t.desk!.slackTs!,
      }),
    );
    expect(actions.log).toEqual([]);
  });

  it('a staff reply in the thread reaches the core as plain text and the message shows who answered', async () => {
    const t = await open();
    const res = await sendEvent(
      eventsUrl,
      SECRET,
      eventEnvelope(
        threadMessage({
          channel: CHANNEL,
          threadTs: t.desk!.slackTs!,
          user: BEN,
          text: 'Hola, soy <@USTAFF002>. Mira <https://www.ilo.org/c157|el Convenio 157> &amp; *llámanos* &lt;hoy&gt; <!here>',
        }),
      ),
    );
    expect(res.status).toBe(200);
    expect(actions.log).toEqual([
      {
        action: 'reply',
        ticketId: t.id,
        staff: { id: BEN, name: 'Ben' },
        text: 'Hola, soy Ben. Mira el Convenio 157 (https://www.ilo.org/c157) & llámanos <hoy>',
      },
    ]);
    expect(blockText(slack.message(t.desk!.slackTs!))).toContain('Answered');
    expect(blockText(slack.message(t.desk!.slackTs!))).toContain('answered by Ben');
  });

  it('a reply that crosses the post of its thread (ts not stored yet) is relayed, not dropped', async () => {
    // Another instance is posting this ticket: Slack has the thread, the store does not have its ts yet.
    const t = actions.add(makeTicket({ desk: { slackPosting: clock.now().toISOString() } }));
    const threadTs = '1736935500.000900';
    const sent = sendEvent(
      eventsUrl,
      SECRET,
      eventEnvelope(threadMessage({ channel: CHANNEL, threadTs, user: ANA, text: 'Te ayudo ahora.' })),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await actions.setDeskData(t.id, { slackChannel: CHANNEL, slackTs: threadTs });
    expect((await sent).status).toBe(200);
    expect(actions.log.filter((l) => l.action === 'reply')).toEqual([
      expect.objectContaining({ ticketId: t.id, text: 'Te ayudo ahora.' }),
    ]);
  });

  it('a redelivery (X-Slack-Retry-Num) is handled once', async () => {
    const t = await open();
    const envelope = eventEnvelope(
      threadMessage({ channel: CHANNEL, threadTs: t.desk!.slackTs!, user: ANA, text: 'Te ayudo ahora.' }),
    );
    await sendEvent(eventsUrl, SECRET, envelope);
    const again = await sendEvent(eventsUrl, SECRET, envelope, { retryNum: 1, retryReason: 'http_timeout' });
    expect(again.status).toBe(200);
    expect(actions.log.filter((l) => l.action === 'reply')).toHaveLength(1);
  });

  it('a redelivery after a restart is not relayed again', async () => {
    const t = await open();
    const envelope = eventEnvelope(
      threadMessage({
        channel: CHANNEL,
        threadTs: t.desk!.slackTs!,
        user: ANA,
        text: 'Te escribo en un rato.',
      }),
    );
    await sendEvent(eventsUrl, SECRET, envelope);
    await desk.stop();
    await startDesk(); // a new process: nothing in memory, tickets in the store
    await sendEvent(eventsUrl, SECRET, envelope, { retryNum: 2, retryReason: 'http_timeout' });
    expect(actions.log.filter((l) => l.action === 'reply')).toHaveLength(1);
  });

  it('a reply relayed while Slack fails to show it is not relayed again on redelivery', async () => {
    const t = await open();
    const down = { kind: 'status', status: 503 } as const;
    slack.fail('chat.update', down, down, down);
    const envelope = eventEnvelope(
      threadMessage({ channel: CHANNEL, threadTs: t.desk!.slackTs!, user: ANA, text: 'Ya te llamo.' }),
    );
    expect((await sendEvent(eventsUrl, SECRET, envelope)).status).toBe(200);
    await sendEvent(eventsUrl, SECRET, envelope, { retryNum: 1, retryReason: 'http_error' });
    expect(actions.log.filter((l) => l.action === 'reply')).toHaveLength(1);
  });

  it("answers Slack's URL verification when the request URL is saved", async () => {
    const res = await sendEvent(eventsUrl, SECRET, {
      type: 'url_verification',
      challenge: 'chal-123',
      token: 'x',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('chal-123');
  });

  it('a bad signature gets 401 and does nothing', async () => {
    const t = await open();
    const res = await sendEvent(
      eventsUrl,
      SECRET,
      eventEnvelope(
        threadMessage({ channel: CHANNEL, threadTs: t.desk!.slackTs!, user: ANA, text: 'forged' }),
      ),
      { secret: 'not-the-secret' },
    );
    expect(res.status).toBe(401);
    expect(actions.log).toEqual([]);
  });

  it('a stale timestamp is refused even with a valid signature', async () => {
    const t = await open();
    const res = await sendInteraction(
      eventsUrl,
      SECRET,
      buttonClick({
        actionId: ACTION_CLAIM,
        value: t.id,
        user: ANA,
        channel: CHANNEL,
        messageTs: t.desk!.slackTs!,
      }),
      { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 },
    );
    expect(res.status).toBe(401);
    expect(actions.log).toEqual([]);
  });

  it('ignores bots, edits, joins, messages outside the thread, internal notes and non-staff (who are told)', async () => {
    const t = await open();
    const ts = t.desk!.slackTs!;
    const send = (e: Record<string, unknown>) => sendEvent(eventsUrl, SECRET, eventEnvelope(e));
    await send({
      ...threadMessage({ channel: CHANNEL, threadTs: ts, user: BOT_USER, text: 'mine' }),
      bot_id: BOT_ID,
    });
    await send(
      threadMessage({ channel: CHANNEL, threadTs: ts, user: ANA, text: 'other bot', botId: 'BOTHER' }),
    );
    await send(
      threadMessage({ channel: CHANNEL, threadTs: ts, user: ANA, text: 'x', subtype: 'message_changed' }),
    );
    await send(
      threadMessage({ channel: CHANNEL, threadTs: ts, user: ANA, text: 'joined', subtype: 'channel_join' }),
    );
    await send({
      type: 'message',
      channel: CHANNEL,
      user: ANA,
      text: 'not in a thread',
      ts: '1700000000.000100',
    });
    await send(threadMessage({ channel: 'COTHER01', threadTs: ts, user: ANA, text: 'elsewhere' }));
    await send(
      threadMessage({ channel: CHANNEL, threadTs: ts, user: ANA, text: '// she called before, be gentle' }),
    );
    await send(threadMessage({ channel: CHANNEL, threadTs: ts, user: OUTSIDER, text: 'I can help' }));
    expect(actions.log).toEqual([]);
    expect(slack.ephemerals.map((e) => e.user)).toEqual([OUTSIDER]);
  });

  it('a staff edit is not relayed, and the author is told so', async () => {
    const t = await open();
    const ts = t.desk!.slackTs!;
    const edit = (text: string, previous: string, user = ANA) => ({
      type: 'message',
      subtype: 'message_changed',
      channel: CHANNEL,
      hidden: true,
      ts: '1700000001.000200',
      message: { type: 'message', user, text, ts: '1700000000.000300', thread_ts: ts, edited: { user } },
      previous_message: { type: 'message', user, text: previous, ts: '1700000000.000300', thread_ts: ts },
    });
    await sendEvent(eventsUrl, SECRET, eventEnvelope(edit('Ya te llamo mañana.', 'Ya te llamo hoy.')));
    await sendEvent(eventsUrl, SECRET, eventEnvelope(edit('same', 'same'))); // an unfurl: no text change
    await sendEvent(eventsUrl, SECRET, eventEnvelope(edit('x', 'y', OUTSIDER)));
    expect(actions.log).toEqual([]);
    expect(slack.ephemerals).toEqual([
      expect.objectContaining({
        user: ANA,
        thread_ts: ts,
        text: expect.stringContaining('Edits are not sent'),
      }),
    ]);
  });

  it('Close and Hand back end the ticket, update the message and leave one note in the thread', async () => {
    const t = await open();
    const ts = t.desk!.slackTs!;
    await sendInteraction(
      eventsUrl,
      SECRET,
      buttonClick({ actionId: ACTION_HAND_BACK, value: t.id, user: ANA, channel: CHANNEL, messageTs: ts }),
    );
    expect(actions.log.map((l) => l.action)).toEqual(['handBack']);
    const root = slack.message(ts)!;
    expect(blockText(root)).toContain('Handed back to the bot');
    expect(blockText(root)).toContain('by Ana');
    expect(buttonIds(root)).toEqual([]);
    // The core tells the desk too: no second note.
    await desk.ticketChanged((await actions.getTicket(t.id))!);
    const notes = slack.threadReplies(ts);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text).toContain('Handed back to the bot by Ana');

    // A late reply in a closed thread is not relayed, and the author is told.
    await sendEvent(
      eventsUrl,
      SECRET,
      eventEnvelope(threadMessage({ channel: CHANNEL, threadTs: ts, user: BEN, text: 'hola?' })),
    );
    expect(actions.log.map((l) => l.action)).toEqual(['handBack']);
    expect(slack.ephemerals.at(-1)).toMatchObject({ user: BEN, thread_ts: ts });

    const t2 = await open({ id: 'tk-0002' });
    await sendInteraction(
      eventsUrl,
      SECRET,
      buttonClick({
        actionId: ACTION_CLOSE,
        value: t2.id,
        user: BEN,
        channel: CHANNEL,
        messageTs: t2.desk!.slackTs!,
      }),
    );
    expect((await actions.getTicket(t2.id))!.status).toBe('closed');
    expect(blockText(slack.message(t2.desk!.slackTs!))).toContain('Closed');
    expect(slack.threadReplies(t2.desk!.slackTs!)[0]!.text).toContain('Closed by Ben');
  });
});

describe('the core telling the desk', () => {
  it("posts the worker's later messages into the thread, escaped and masked", async () => {
    const t = await open();
    await desk.workerMessage(t, {
      from: 'worker',
      text: '<!channel> mi número es 0981 123 456',
      at: '2025-01-15T10:07:00Z',
    });
    const replies = slack.threadReplies(t.desk!.slackTs!);
    expect(replies).toHaveLength(1);
    const text = blockText(replies[0]);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('[number hidden]');
    expect(replies[0]!.text).not.toContain('channel>');
  });

  it('ticketChanged re-renders the root message from the ticket', async () => {
    const t = await open();
    await actions.claim(t.id, { id: BEN, name: 'Ben' });
    await desk.ticketChanged((await actions.getTicket(t.id))!);
    expect(blockText(slack.message(t.desk!.slackTs!))).toContain('Claimed by Ben');
    expect(slack.threadReplies(t.desk!.slackTs!)).toHaveLength(0);
  });

  it("removes the worker's words from Slack when they ask to be forgotten", async () => {
    const t = await open({ question: 'mi patrón no paga la seguridad social' });
    await desk.workerMessage(t, {
      from: 'worker',
      text: 'trabajo en Rosario',
      at: '2025-01-15T10:06:00.000Z',
    });
    const root = t.desk!.slackTs!;
    expect(slack.threadReplies(root)).toHaveLength(1);
    // The core erases the ticket, then sends a content-free snapshot.
    const before = (await actions.getTicket(t.id))!;
    actions.tickets.delete(t.id);
    const snapshot: Ticket = {
      ...before,
      status: 'closed',
      closedBy: 'erased',
      question: '',
      botAnswer: undefined,
      transcript: [],
      closedAt: '2025-01-15T10:08:00.000Z',
      updatedAt: '2025-01-15T10:08:00.000Z',
    };
    await desk.ticketChanged(snapshot);
    await desk.ticketChanged(snapshot); // a retry changes nothing
    const text = blockText(slack.message(root));
    expect(text).toContain('Erased at the worker');
    expect(text).not.toMatch(/patrón|Paraguay|jubilación|Rosario/);
    expect(buttonIds(slack.message(root))).toEqual([]);
    const thread = slack.threadReplies(root);
    expect(thread.map((m) => m.text)).toEqual([expect.stringContaining('asked to be forgotten')]);
  });

  it('shows nothing for a ticket the worker had erased', async () => {
    const t = makeTicket({ id: 'tk-gone' });
    await desk.ticketOpened(t);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
  });
});

describe('reminders', () => {
  /** Lets time pass a minute at a time, letting each timer tick finish and re-arm. */
  async function passMinutes(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      clock.advance(60_000);
      await vi.waitFor(() => expect(clock.pendingTimers).toBe(1));
    }
  }

  it('re-announces an unclaimed ticket every remindMinutes, on the timer, until it is claimed', async () => {
    const t = await open(); // created 10:00, now 10:05
    const thread = () => slack.threadReplies(t.desk!.slackTs!);
    await passMinutes(9); // 10:14: not yet
    expect(thread()).toHaveLength(0);

    await passMinutes(2); // 10:16
    expect(thread()).toHaveLength(1);
    const first = thread()[0]!;
    expect(first.reply_broadcast).toBe(true);
    expect(first.text).toContain('still waiting');
    expect(first.text).toContain('15 min');
    expect(slack.callsTo('chat.update')).toHaveLength(1); // the root's waiting time refreshed
    expect(blockText(slack.message(t.desk!.slackTs!))).toContain('15 min');

    await passMinutes(10); // 10:26: same period, nothing new
    expect(thread()).toHaveLength(1);
    await passMinutes(5); // 10:31
    expect(thread()).toHaveLength(2);
    expect(thread()[1]!.text).toContain('30 min');

    await actions.claim(t.id, { id: ANA, name: 'Ana' });
    await passMinutes(20);
    expect(thread()).toHaveLength(2);
  });

  it('pause outside office hours and resume when the office opens', async () => {
    await desk.stop();
    clock = new FakeClock('2025-01-15T16:50:00Z'); // Wednesday
    await startDesk({ officeHours: { hours: '09:00-17:00', days: '1-5', tz: 'UTC' } });
    const t = await open({ createdAt: '2025-01-15T16:30:00.000Z' });
    const reminders = () =>
      slack.threadReplies(t.desk!.slackTs!).filter((m) => m.text.includes('still waiting'));
    expect(await desk.checkReminders()).toBe(1);
    clock.advance(75 * 60_000); // 18:05, closed
    expect(await desk.checkReminders()).toBe(0);
    clock.advance(15 * 60 * 60_000); // Thursday 09:05, open
    expect(await desk.checkReminders()).toBe(1);
    await vi.waitFor(() => expect(reminders()).toHaveLength(2));
  });

  it('a ticket opened after hours tells staff when the worker expects an answer', async () => {
    await desk.stop();
    clock = new FakeClock('2025-01-17T18:30:00Z'); // Friday evening
    await startDesk({ officeHours: { hours: '09:00-17:00', days: '1-5', tz: 'Europe/Madrid' } });
    const t = await open({ createdAt: '2025-01-17T18:00:00.000Z' });
    expect(blockText(slack.message(t.desk!.slackTs!))).toContain(
      'Opened outside office hours; the worker expects an answer from 2025-01-20 09:00 (Europe/Madrid).',
    );
    expect(await desk.checkReminders()).toBe(0);
  });
});

describe('transports', () => {
  it('uses Socket Mode when an app token is configured, HTTP otherwise, and needs one of them', () => {
    const socket = createSlackDesk({
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
      staffChannel: CHANNEL,
      apiUrl: slack.url,
      logger: quiet,
    });
    expect(socket.transport).toBe('socket');
    expect(desk.transport).toBe('http');
    expect(() => createSlackDesk({ botToken: 'xoxb-1', staffChannel: CHANNEL, logger: quiet })).toThrow(
      /SLACK_SIGNING_SECRET|SLACK_APP_TOKEN/,
    );
  });

  it('Socket Mode: receives thread replies and clicks over the WebSocket, redeliveries once', async () => {
    const socketDesk = createSlackDesk({
      botToken: slack.token,
      appToken: slack.appToken,
      staffChannel: CHANNEL,
      staffUsers: [ANA],
      apiUrl: slack.url,
      clock,
      logger: quiet,
    });
    await desk.stop();
    desk = socketDesk;
    await desk.start(actions);
    await vi.waitFor(() => expect(slack.socketConnected).toBe(true));
    const t = await open();
    const ts = t.desk!.slackTs!;

    await slack.sendEnvelope(
      'interactive',
      buttonClick({ actionId: ACTION_CLAIM, value: t.id, user: ANA, channel: CHANNEL, messageTs: ts }),
    );
    await vi.waitFor(() => expect(actions.log.map((l) => l.action)).toEqual(['claim']));

    const envelope = eventEnvelope(
      threadMessage({ channel: CHANNEL, threadTs: ts, user: ANA, text: 'Hola *desde* Slack' }),
    );
    await slack.sendEnvelope('events_api', envelope);
    await slack.sendEnvelope('events_api', envelope, 1);
    await vi.waitFor(() => expect(actions.log.map((l) => l.action)).toEqual(['claim', 'reply']));
    expect(actions.log[1]!.text).toBe('Hola desde Slack');
    await vi.waitFor(() => expect(blockText(slack.message(ts))).toContain('answered by Ana'));
    expect(actions.log).toHaveLength(2);
  });

  it('Socket Mode: an app token Slack refuses stops start-up', async () => {
    const refused = createSlackDesk({
      botToken: slack.token,
      appToken: 'xapp-wrong',
      staffChannel: CHANNEL,
      apiUrl: slack.url,
      logger: quiet,
    });
    await expect(refused.start(actions)).rejects.toThrow();
    await refused.stop().catch(() => {});
  });

  it('is configured from the environment only when SLACK_BOT_TOKEN is set', () => {
    expect(slackDeskFromEnv(loadEnv({}))).toBeUndefined();
    const http = slackDeskFromEnv(
      loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_STAFF_CHANNEL: CHANNEL }),
      quiet,
    );
    expect(http?.transport).toBe('http');
    const socket = slackDeskFromEnv(
      loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_STAFF_CHANNEL: CHANNEL }),
      quiet,
    );
    expect(socket?.transport).toBe('socket');
  });

  it('refuses to start with a token Slack rejects', async () => {
    const bad = createSlackDesk({
      botToken: 'xoxb-wrong',
      signingSecret: SECRET,
      staffChannel: CHANNEL,
      port: 0,
      host: '127.0.0.1',
      apiUrl: slack.url,
      clock,
      logger: quiet,
    });
    await expect(bad.start(actions)).rejects.toThrow(/invalid_auth/);
  });
});
