/**
 * Operations on one instance: /metrics counts what the bot did (messages by outcome, open tickets by
 * status, the outbox), /readyz covers content, store, channels, desk and shutdown, the HTTP server lets
 * a request in progress finish when it closes gracefully, messages in flight are waited for, and a staff
 * reply redelivered with the same key reaches the worker once.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createHttpServer, type HttpServer } from '../src/http/server.ts';
import { silentLogger } from '../src/core/dialogue.ts';
import { Inflight } from '../src/instances/handler.ts';
import { mountOperations, type ServiceState } from '../src/instances/operations.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';

const STAFF = { id: 'U1', name: 'Ana Pérez' };

describe('operations', () => {
  let t: TestApp | undefined;
  let http: HttpServer | undefined;
  afterEach(async () => {
    await http?.close();
    await t?.close();
    http = t = undefined;
  });

  async function serve(state: ServiceState) {
    t ??= await makeTestApp();
    http = createHttpServer({ logger: silentLogger });
    mountOperations(http, t.app, state);
    const { port } = await http.listen({ port: 0 });
    return `http://127.0.0.1:${port}`;
  }

  it('/metrics counts messages by channel and outcome, open tickets by status and the outbox', async () => {
    t = await makeTestApp();
    const base = await serve({ channels: new Map([['test', true]]), desk: true, accepting: true });
    const handler = t.app.handlerFor('test');
    const say = (text: string, userId = 'w1') =>
      handler.handle({ address: { channel: 'test', userId }, messageId: randomUUID(), text });
    const replies = await say('can i see a doctor');
    expect(replies.length).toBeGreaterThan(0); // one instance: the adapter sends the replies itself
    await say('qwzx vbnm plokij');
    await say('/human', 'w2');
    await t.settle();
    t.desk.down = true; // a ticket update waits in the outbox
    const ticket = (await t.app.tickets.openTickets())[0]!;
    await t.desk.claim(ticket.id, STAFF);

    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const value = (line: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(line + ' '))
          ?.slice(line.length),
      );
    expect(value('mrb_messages_handled_total{channel="test",outcome="answered"}')).toBe(1);
    expect(value('mrb_messages_handled_total{channel="test",outcome="fallback"}')).toBe(1);
    expect(value('mrb_messages_handled_total{channel="test",outcome="handoff"}')).toBe(1);
    expect(value('mrb_message_handling_seconds_count{channel="test"}')).toBe(3);
    expect(value('mrb_open_tickets{status="claimed"}')).toBe(1);
    expect(value('mrb_open_tickets{status="open"}')).toBe(0);
    expect(value('mrb_outbox_depth')).toBeGreaterThanOrEqual(1);
    expect(value('mrb_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(value('mrb_outbox_leases_lost_total')).toBe(0);
    expect(text).toMatch(/mrb_outbox_deliveries_total\{kind="desk.opened",result="done"\} 1/);
    expect(text).toMatch(/mrb_outbox_deliveries_total\{kind="desk.changed",result="failed"\} [1-9]/);
    // Labels carry no worker reference and nothing a worker wrote.
    expect(text).not.toMatch(/W-|doctor|w1|w2/);
  });

  it('/readyz is ready only when content, store, channels and desk are up and shutdown has not begun', async () => {
    const state: ServiceState = { channels: new Map([['telegram', false]]), desk: true, accepting: true };
    const base = await serve(state);
    const ready = async () => {
      const res = await fetch(`${base}/readyz`);
      return { status: res.status, body: (await res.json()) as { checks: Record<string, boolean> } };
    };
    let r = await ready();
    expect(r.status).toBe(503);
    expect(r.body.checks).toEqual({
      content: true,
      store: true,
      channels: false,
      desk: true,
      accepting: true,
    });
    state.channels.set('telegram', true);
    expect((await ready()).status).toBe(200);
    state.accepting = false;
    r = await ready();
    expect(r.status).toBe(503);
    expect(r.body.checks.accepting).toBe(false);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('closing gracefully lets a request in progress finish; new connections are refused', async () => {
    http = createHttpServer({ logger: silentLogger });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = new Hono();
    slow.post('/slow', async (c) => {
      await gate;
      return c.text('done');
    });
    http.route('/', slow);
    const { port } = await http.listen({ port: 0 });
    const pending = fetch(`http://127.0.0.1:${port}/slow`, { method: 'POST' });
    await new Promise((r) => setTimeout(r, 50));
    const closed = http.close({ graceMs: 5000 });
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    release();
    const res = await pending;
    expect(await res.text()).toBe('done');
    await closed;
    http = undefined;
  });

  it('waits for messages in flight', async () => {
    const inflight = new Inflight();
    let release!: () => void;
    const work = inflight.track(() => new Promise<void>((resolve) => (release = resolve)));
    expect(inflight.size).toBe(1);
    expect(await inflight.idle(20)).toBe(false);
    const idle = inflight.idle(5000);
    release();
    await work;
    expect(await idle).toBe(true);
  });

  it('a staff reply redelivered with the same key reaches the worker once', async () => {
    t = await makeTestApp();
    await t.say('/human');
    await t.settle();
    const ticket = (await t.app.tickets.openTickets())[0]!;
    await t.desk.reply(ticket.id, STAFF, 'We can help.', 'slack:C1:1700000000.000100');
    await t.desk.reply(ticket.id, STAFF, 'We can help.', 'slack:C1:1700000000.000100');
    await t.desk.reply(ticket.id, STAFF, 'One more thing.', 'slack:C1:1700000000.000200');
    await t.settle();
    const relayed = t.delivered
      .flatMap((d) => d.messages.map((m) => m.text))
      .filter((x) => x.includes('Ana'));
    expect(relayed.filter((x) => x.includes('We can help.'))).toHaveLength(1);
    expect(relayed.filter((x) => x.includes('One more thing.'))).toHaveLength(1);
    const stored = await t.app.store.getTicket(ticket.id);
    expect(stored!.transcript.filter((e) => e.from === 'staff')).toHaveLength(2);
  });
});
