/**
 * The PostgreSQL coordination of many instances, two coordinators (two "instances") on one schema:
 * outbox claims fenced by a lease token (a stale owner's done-mark or retry changes nothing), leases
 * kept alive by the heartbeat while an item is in flight, one item per order key at a time; and the
 * inbox (events acknowledged before they were handled): stored once per key, handled and deleted by
 * the instance that took them, or taken over when that instance died.
 *
 * Runs when DATABASE_URL is set (CI sets it); skipped, saying so, when it is not.
 */
import { describe, expect, it } from 'vitest';
import { PostgresInbox } from '../src/instances/inbox.ts';
import { PostgresCoordinator } from '../src/instances/postgres.ts';
import type { OutboxItem } from '../src/store/port.ts';
import type { PostgresStore } from '../src/store/postgres.ts';
import { DATABASE_URL, noteSkipped, pgSchemas } from './helpers/postgres.ts';

noteSkipped('outbox claims and inbox on PostgreSQL');

const item = (id: string, orderKey: string): OutboxItem => ({
  id,
  kind: 'send',
  payload: { orderKey, data: id },
  attempts: 0,
  nextAttemptAt: '2020-01-01T00:00:00.000Z',
  createdAt: '2020-01-01T00:00:00.000Z',
});

const ids = (items: OutboxItem[]) => items.map((i) => i.id);
const options = (leaseMs: number, limit = 10) => ({ leaseMs, limit, channels: [] });

describe.skipIf(!DATABASE_URL)('many instances on PostgreSQL: outbox claims and the inbox', () => {
  const pg = pgSchemas();

  async function two(): Promise<[PostgresStore, PostgresCoordinator, PostgresCoordinator]> {
    const store = await pg.store();
    const a = new PostgresCoordinator(store, { instanceId: 'a' });
    const b = new PostgresCoordinator(store, { instanceId: 'b' });
    return [store, a, b];
  }

  it('claims only the oldest item of each order key, leased to one instance', async () => {
    const [store, a, b] = await two();
    try {
      for (const [id, key] of [
        ['1', 'W1'],
        ['2', 'W1'],
        ['3', 'W2'],
      ] as const)
        await store.enqueue(item(id, key));
      expect(ids(await a.claimOutbox(new Date(), options(60_000)))).toEqual(['1', '3']);
      // Leased to A: B gets nothing, not even the next item of W1.
      expect(await b.claimOutbox(new Date(), options(60_000))).toEqual([]);
      await a.outboxDone(item('1', 'W1'));
      expect(ids(await b.claimOutbox(new Date(), options(60_000)))).toEqual(['2']);
    } finally {
      await a.stop();
      await b.stop();
      await store.close();
    }
  });

  it('fences out an instance whose lease was taken over: its done-mark and its retry change nothing', async () => {
    const [store, a, b] = await two();
    try {
      await store.enqueue(item('1', 'W1'));
      const [claimedByA] = await a.claimOutbox(new Date(), options(60_000));
      // A stalls past its lease (as if its heartbeat stopped); B takes the item over with a new token.
      await store.query(`UPDATE outbox SET next_attempt_at = now() - interval '1 second'`);
      const [claimedByB] = await b.claimOutbox(new Date(), options(60_000));
      expect(claimedByB?.id).toBe('1');
      await a.outboxDone(claimedByA!);
      await a.outboxFailed(claimedByA!, {
        attempts: 5,
        nextAttemptAt: '2099-01-01T00:00:00.000Z',
        lastError: 'stale',
      });
      const [row] = (
        await store.query<{ claimed_by: string; attempts: number }>('SELECT claimed_by, attempts FROM outbox')
      ).rows;
      expect(row).toEqual({ claimed_by: 'b', attempts: 0 });
      await b.outboxDone(claimedByB!);
      expect((await store.query('SELECT 1 FROM outbox')).rowCount).toBe(0);
    } finally {
      await a.stop();
      await b.stop();
      await store.close();
    }
  });

  it('keeps an item in flight leased past its lease time (heartbeat), and releases a failed one for anyone', async () => {
    const [store, a, b] = await two();
    try {
      await store.enqueue(item('1', 'W1'));
      const [claimed] = await a.claimOutbox(new Date(), options(300));
      await new Promise((r) => setTimeout(r, 1200));
      expect(await b.claimOutbox(new Date(), options(300))).toEqual([]);
      await a.outboxFailed(claimed!, {
        attempts: 1,
        nextAttemptAt: new Date(Date.now() - 1).toISOString(),
        lastError: 'down',
      });
      const [retried] = await b.claimOutbox(new Date(), options(300));
      expect(retried).toMatchObject({ id: '1', attempts: 1, lastError: 'down' });
    } finally {
      await a.stop();
      await b.stop();
      await store.close();
    }
  });

  it('counts a lease found taken over by another instance (the heartbeat sees the new token)', async () => {
    const store = await pg.store();
    const lost: number[] = [];
    const a = new PostgresCoordinator(store, { instanceId: 'a', onLeaseLost: (n) => lost.push(n) });
    try {
      await store.enqueue(item('1', 'W1'));
      await store.enqueue(item('2', 'W2'));
      expect(ids(await a.claimOutbox(new Date(), options(600)))).toEqual(['1', '2']);
      // Item 1's lease ran out behind A's back (a stalled event loop) and another instance took it
      // with a new token, as its claim does.
      await store.query(`UPDATE outbox SET claimed_by = 'b', lease = 'b-token-1' WHERE id = '1'`);
      const until = Date.now() + 5000;
      while (lost.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(lost).toEqual([1]); // item 2 is still A's
    } finally {
      await a.stop();
      await store.close();
    }
  });

  it('the inbox stores a key once, handles and deletes it; a dead instance’s rows are taken over', async () => {
    const store = await pg.store();
    const handledByA: unknown[] = [];
    const handledByB: unknown[] = [];
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const a = new PostgresInbox(store, { leaseMs: 400, instanceId: 'a', pollMs: 100 });
    const b = new PostgresInbox(store, { leaseMs: 400, instanceId: 'b', pollMs: 100 });
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    a.on('src', async (payload) => {
      await gate;
      handledByA.push(payload);
    });
    b.on('src', async (payload) => {
      handledByB.push(payload);
    });
    try {
      a.start();
      b.start();
      await a.put('src', 'k1', { n: 1 });
      await b.put('src', 'k1', { n: 1 }); // a redelivery while the first copy is there: not stored again
      expect((await store.query('SELECT 1 FROM inbox')).rowCount).toBe(1);
      open();
      await a.idle();
      await b.idle();
      expect(handledByA).toEqual([{ n: 1 }]);
      expect(handledByB).toEqual([]);
      expect((await store.query('SELECT 1 FROM inbox')).rowCount).toBe(0);

      // An instance that acknowledged an event and died before handling it: its row waits out the
      // lease, then the other instance handles it once.
      const dead = new PostgresInbox(store, { leaseMs: 400, instanceId: 'dead' });
      dead.on('src', () => stuck);
      await dead.put('src', 'k2', { n: 2 });
      await new Promise((r) => setTimeout(r, 1500));
      // (Its heartbeat never ran: it was never started.)
      expect([...handledByA, ...handledByB]).toContainEqual({ n: 2 });
      expect([...handledByA, ...handledByB].filter((p) => (p as { n: number }).n === 2)).toHaveLength(1);
      release();
      await dead.idle();
      // The dead instance's late delete names its old token: the row was already handled and gone.
      expect((await store.query('SELECT 1 FROM inbox')).rowCount).toBe(0);
    } finally {
      open();
      release();
      await a.stop();
      await b.stop();
      await store.close();
    }
  });
});
