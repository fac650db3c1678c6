/**
 * End to end with the real core (src/app.ts: dialogue, tickets, persisted outbox) and the real Slack desk
 * (Bolt over HTTP) against the fake Slack Web API: a worker in the local chat asks for a person, the ticket
 * appears in the staff channel, a signed Claim click and a signed thread reply come back, and the worker
 * receives the reply through the core's delivery.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTION_CLAIM, ACTION_HAND_BACK } from '../adapters/slack/blocks.ts';
import { createSlackDesk, type SlackDesk } from '../adapters/slack/desk.ts';
import { createApp, type App } from '../src/app.ts';
import { FIXTURE_CONTENT } from './helpers/app.ts';
import type { OutboundMessage } from '../src/core/messages.ts';
import {
  buttonClick,
  eventEnvelope,
  FakeSlack,
  sendEvent,
  sendInteraction,
  threadMessage,
} from './helpers/fake-slack.ts';

const SECRET = 'e2e-signing-secret-abcdef0123';
const CHANNEL = 'CSTAFF001';
const ANA = 'USTAFF001';
const WORKER = 'local-worker-1';

describe('local chat → Slack → local chat', () => {
  let dataDir: string;
  let slack: FakeSlack;
  let desk: SlackDesk;
  let app: App;
  let eventsUrl: string;
  const received: OutboundMessage[] = [];
  let seq = 0;

  const say = (text: string) =>
    app.core.handle({ address: { channel: 'console', userId: WORKER }, messageId: `m${++seq}`, text });

  beforeEach(async () => {
    received.length = 0;
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'slack-e2e-'));
    slack = new FakeSlack();
    slack.users.set(ANA, 'Ana Pérez');
    await slack.up();
    desk = createSlackDesk({
      botToken: slack.token,
      signingSecret: SECRET,
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
        PSEUDONYM_SECRET: 'slack-e2e-secret-0123456789abcdef',
        OFFICE_TZ: 'UTC',
        CONTENT_DIR: FIXTURE_CONTENT,
      },
      desk,
      backoff: () => 20,
    });
    app.registerChannel('console', async (userId, messages) => {
      if (userId === WORKER) received.push(...messages);
    });
    await app.start({ outboxIntervalMs: 25 });
    eventsUrl = `http://127.0.0.1:${desk.port}/slack/events`;
  });

  afterEach(async () => {
    await app?.stop();
    await slack.down();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a /human ticket reaches Slack; a signed Claim and a thread reply reach the worker', async () => {
    await say('/language es');
    const told = await say('/human');
    expect(told.length).toBeGreaterThan(0);

    await vi.waitFor(() => expect(slack.channelMessages(CHANNEL)).toHaveLength(1), { timeout: 10_000 });
    const root = slack.channelMessages(CHANNEL)[0]!;
    const ticketId = String(root.metadata?.event_payload.ticket_id);
    // The desk records the message's ts just after Slack answers: wait for it (the machine may be busy).
    await vi.waitFor(
      async () =>
        expect((await app.store.getTicket(ticketId))?.desk).toMatchObject({
          slackChannel: CHANNEL,
          slackTs: root.ts,
        }),
      { timeout: 10_000 },
    );
    const stored = await app.store.getTicket(ticketId);
    expect(JSON.stringify(root.blocks)).toContain(stored!.workerRef);
    expect(JSON.stringify(slack.calls)).not.toContain(WORKER); // the chat's user id never reaches Slack

    // The worker writes again: it joins the thread, escaped.
    await say('<!channel> mi patrón no me contesta @here');
    await vi.waitFor(() => expect(slack.threadReplies(root.ts)).toHaveLength(1), { timeout: 10_000 });
    const relayed = JSON.stringify(slack.threadReplies(root.ts)[0]!.blocks);
    expect(relayed).toContain('&lt;!channel&gt; mi patrón no me contesta @\u200Dhere');

    const claim = await sendInteraction(
      eventsUrl,
      SECRET,
      buttonClick({
        actionId: ACTION_CLAIM,
        value: ticketId,
        user: ANA,
        channel: CHANNEL,
        messageTs: root.ts,
      }),
    );
    expect(claim.status).toBe(200);
    expect((await app.store.getTicket(ticketId))?.claimedBy).toEqual({ id: ANA, name: 'Ana Pérez' });
    await vi.waitFor(() => expect(received.length).toBeGreaterThan(0), { timeout: 10_000 });
    const afterClaim = received.length;
    expect(JSON.stringify(slack.message(root.ts)!.blocks)).toContain('Claimed by Ana Pérez');

    const reply = await sendEvent(
      eventsUrl,
      SECRET,
      eventEnvelope(
        threadMessage({
          channel: CHANNEL,
          threadTs: root.ts,
          user: ANA,
          text: 'Hola, soy <@USTAFF001>. *No firmes nada* y mira <https://www.ilo.org/c097|el Convenio 97> &amp; llámanos.',
        }),
      ),
    );
    expect(reply.status).toBe(200);
    const plain =
      'Hola, soy Ana Pérez. No firmes nada y mira el Convenio 97 (https://www.ilo.org/c097) & llámanos.';
    await vi.waitFor(
      () => expect(received.slice(afterClaim).some((m) => m.text.includes(plain))).toBe(true),
      { timeout: 10_000 },
    );
    const ticket = await app.store.getTicket(ticketId);
    expect(ticket?.status).toBe('answered');
    expect(ticket?.answeredBy).toEqual([{ id: ANA, name: 'Ana Pérez' }]);
    await vi.waitFor(() =>
      expect(JSON.stringify(slack.message(root.ts)!.blocks)).toContain('answered by Ana Pérez'),
    );

    // Handing back ends the ticket, tells the worker, and the bot answers again.
    const before = received.length;
    await sendInteraction(
      eventsUrl,
      SECRET,
      buttonClick({
        actionId: ACTION_HAND_BACK,
        value: ticketId,
        user: ANA,
        channel: CHANNEL,
        messageTs: root.ts,
      }),
    );
    expect((await app.store.getTicket(ticketId))?.status).toBe('closed');
    await vi.waitFor(() => expect(received.length).toBeGreaterThan(before), { timeout: 10_000 });
    expect(slack.threadReplies(root.ts).filter((m) => m.text.includes('Handed back'))).toHaveLength(1);
    const session = await app.store.getSession(ticket!.workerRef);
    expect(session?.openTicket).toBeUndefined();
  });

  it('a ticket opened while Slack is down arrives once when Slack is back', async () => {
    await slack.down();
    await say('/human');
    await vi.waitFor(async () => expect((await app.store.listTickets()).length).toBe(1));
    // The outbox keeps trying (every ~20 ms here) and failing.
    await new Promise((r) => setTimeout(r, 150));
    await slack.up();
    await vi.waitFor(() => expect(slack.channelMessages(CHANNEL)).toHaveLength(1), { timeout: 10_000 });
    await app.outbox.idle();
    await new Promise((r) => setTimeout(r, 150));
    expect(slack.channelMessages(CHANNEL)).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });
});
