/**
 * The app manifest must grant what the desk actually uses: this drives the desk through a ticket's whole
 * life against the fake Slack, collects the Web API methods it called, and checks each one's scope.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION_CLAIM } from '../adapters/slack/blocks.ts';
import { createSlackDesk } from '../adapters/slack/desk.ts';
import {
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

/** Web API method → the bot scopes that allow it (any one of them); null: no scope needed. */
const SCOPES: Record<string, string[] | null> = {
  'auth.test': null,
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'users.info': ['users:read'],
  'conversations.history': ['channels:history', 'groups:history'],
  'conversations.replies': ['channels:history', 'groups:history'],
};

interface Manifest {
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[] };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
  };
}

describe('slack-app-manifest.yaml', () => {
  const slack = new FakeSlack();
  let manifest: Manifest;

  beforeAll(async () => {
    manifest = parse(
      await readFile(new URL('../slack-app-manifest.yaml', import.meta.url), 'utf8'),
    ) as Manifest;
    await slack.up();
  });
  afterAll(() => slack.down());

  it('subscribes to thread messages in public and private channels and enables interactivity', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['message.channels', 'message.groups']),
    );
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(typeof manifest.settings.socket_mode_enabled).toBe('boolean');
  });

  it('grants a scope for every Web API method the desk calls', async () => {
    const secret = 'manifest-secret-0123456789';
    const clock = new FakeClock('2025-01-15T10:20:00Z');
    const actions = new FakeDeskActions(clock.now);
    slack.users.set('USTAFF001', 'Ana');
    const desk = createSlackDesk({
      botToken: slack.token,
      signingSecret: secret,
      staffChannel: 'CSTAFF001',
      staffUsers: ['USTAFF001'],
      port: 0,
      host: '127.0.0.1',
      apiUrl: slack.url,
      clock,
      processBeforeResponse: true,
    });
    await desk.start(actions);
    try {
      const url = `http://127.0.0.1:${desk.port}/slack/events`;
      const t = actions.add(makeTicket());
      slack.fail('chat.postMessage', { kind: 'lose-response' });
      await expect(desk.ticketOpened(t)).rejects.toThrow();
      await desk.ticketOpened(t); // finds the lost post: conversations.history
      const ts = (await actions.getTicket(t.id))!.desk!.slackTs!;
      await desk.checkReminders();
      await desk.workerMessage(t, { from: 'worker', text: 'hola', at: '2025-01-15T10:21:00Z' });
      await sendInteraction(
        url,
        secret,
        buttonClick({
          actionId: ACTION_CLAIM,
          value: t.id,
          user: 'UOTHER',
          channel: 'CSTAFF001',
          messageTs: ts,
        }),
      );
      await sendEvent(
        url,
        secret,
        eventEnvelope(threadMessage({ channel: 'CSTAFF001', threadTs: ts, user: 'USTAFF001', text: 'hola' })),
      );
      const before = (await actions.getTicket(t.id))!;
      actions.tickets.delete(t.id);
      await desk.ticketChanged({
        ...before,
        status: 'closed',
        closedBy: 'erased',
        question: '',
        transcript: [],
      });
    } finally {
      await desk.stop();
    }
    const called = new Set(slack.calls.map((c) => c.method));
    expect([...called].sort()).toEqual(Object.keys(SCOPES).sort());
    const granted = new Set(manifest.oauth_config.scopes.bot);
    for (const method of called) {
      const needs = SCOPES[method];
      if (needs)
        expect(
          needs.some((s) => granted.has(s)),
          `${method} needs ${needs.join(' or ')}`,
        ).toBe(true);
    }
  });
});
