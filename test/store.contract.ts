/**
 * The store contract: every Store implementation must pass these.
 * Used by test/store.test.ts (memory, file) and test/store.postgres.test.ts (PostgreSQL).
 */
import { describe, expect, it } from 'vitest';
import type { Session, Store, Ticket, TrendEvent } from '../src/store/port.ts';

export const sampleSession = (ref = 'W-1'): Session => ({
  ref,
  address: { channel: 'test', userId: ref },
  language: 'en',
  fallbacks: 0,
  transcript: [{ from: 'worker', text: 'hello', at: '2026-01-01T00:00:00.000Z' }],
  updatedAt: '2026-01-01T00:00:00.000Z',
});

export const sampleTicket = (id = 'T-1', workerRef = 'W-1'): Ticket => ({
  id,
  status: 'open',
  workerRef,
  address: { channel: 'test', userId: workerRef },
  language: 'en',
  question: 'help',
  reason: 'asked',
  transcript: [],
  answeredBy: [],
  createdAt: `2026-01-01T00:00:0${id.slice(-1)}.000Z`,
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const outboxItem = (id: string) => ({
  id,
  kind: 'x',
  payload: { n: id },
  attempts: 0,
  nextAttemptAt: '2026-01-01T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
});

export function storeContract(
  name: string,
  make: () => Promise<Store>,
  reopen?: (s: Store) => Promise<Store>,
) {
  describe(`Store contract: ${name}`, () => {
    it('keeps, returns copies of, and deletes sessions', async () => {
      const s = await make();
      expect(await s.getSession('W-1')).toBeUndefined();
      const session = sampleSession();
      await s.putSession(session);
      const got = await s.getSession('W-1');
      expect(got).toEqual(session);
      got!.fallbacks = 9;
      expect((await s.getSession('W-1'))!.fallbacks).toBe(0);
      await s.deleteSession('W-1');
      expect(await s.getSession('W-1')).toBeUndefined();
    });

    it('lists tickets by status and worker, oldest first, and deletes a worker’s tickets', async () => {
      const s = await make();
      await s.putTicket({ ...sampleTicket('T-2', 'W-1'), status: 'claimed' });
      await s.putTicket(sampleTicket('T-1', 'W-1'));
      await s.putTicket(sampleTicket('T-3', 'W-2'));
      expect((await s.listTickets()).map((t) => t.id)).toEqual(['T-1', 'T-2', 'T-3']);
      expect((await s.listTickets({ status: ['open'] })).map((t) => t.id)).toEqual(['T-1', 'T-3']);
      expect((await s.listTickets({ workerRef: 'W-2' })).map((t) => t.id)).toEqual(['T-3']);
      expect(await s.deleteTicketsOf('W-1')).toBe(2);
      expect((await s.listTickets()).map((t) => t.id)).toEqual(['T-3']);
      expect(await s.getTicket('T-1')).toBeUndefined();
    });

    it('finds a ticket by a desk data pair, through changes, deletions and units of work', async () => {
      const s = await make();
      await s.putTicket({ ...sampleTicket('T-1', 'W-1'), desk: { slackTs: '111.1', relayed: '1' } });
      await s.putTicket({ ...sampleTicket('T-2', 'W-2'), desk: { slackTs: '222.2', relayed: '1' } });
      await s.putTicket(sampleTicket('T-3', 'W-3'));
      expect((await s.findTicketByDesk('slackTs', '222.2'))?.id).toBe('T-2');
      // Several match: the oldest.
      expect((await s.findTicketByDesk('relayed', '1'))?.id).toBe('T-1');
      expect(await s.findTicketByDesk('slackTs', '333.3')).toBeUndefined();
      expect(await s.findTicketByDesk('relayed', '111.1')).toBeUndefined();
      // The value changes: the old one no longer finds it.
      await s.putTicket({ ...sampleTicket('T-2', 'W-2'), desk: { slackTs: '222.9' } });
      expect(await s.findTicketByDesk('slackTs', '222.2')).toBeUndefined();
      expect((await s.findTicketByDesk('slackTs', '222.9'))?.id).toBe('T-2');
      expect((await s.findTicketByDesk('relayed', '1'))?.id).toBe('T-1');
      // Inside a unit of work, its own changes count.
      await s.atomically(async () => {
        await s.putTicket({ ...sampleTicket('T-3', 'W-3'), desk: { slackTs: '333.3' } });
        expect((await s.findTicketByDesk('slackTs', '333.3'))?.id).toBe('T-3');
      });
      expect((await s.findTicketByDesk('slackTs', '333.3'))?.desk).toEqual({ slackTs: '333.3' });
      await s.deleteTicketsOf('W-1');
      expect(await s.findTicketByDesk('slackTs', '111.1')).toBeUndefined();
      expect(await s.findTicketByDesk('relayed', '1')).toBeUndefined();
    });

    it('keeps the first value of a metadata key', async () => {
      const s = await make();
      expect(await s.claimMeta('fingerprint', 'a')).toBe('a');
      expect(await s.claimMeta('fingerprint', 'b')).toBe('a');
      expect(await s.claimMeta('other', 'c')).toBe('c');
      if (reopen) {
        const again = await reopen(s);
        expect(await again.claimMeta('fingerprint', 'b')).toBe('a');
      }
    });

    it('reports a message key as new once', async () => {
      const s = await make();
      expect(await s.markSeen('telegram:1')).toBe(true);
      expect(await s.markSeen('telegram:1')).toBe(false);
      expect(await s.markSeen('telegram:2')).toBe(true);
    });

    it('keeps unanswered questions in order', async () => {
      const s = await make();
      await s.addUnanswered({ text: 'a', language: 'en', reason: 'fallback', at: '2026-01-01T00:00:00Z' });
      await s.addUnanswered({ text: 'b', language: 'es', reason: 'escalated', at: '2026-01-01T00:00:01Z' });
      expect((await s.listUnanswered()).map((u) => u.text)).toEqual(['a', 'b']);
    });

    it('keeps a ticket’s first staff reply time and an out-of-scope question, through a reopen', async () => {
      const s = await make();
      const at = '2026-01-05T09:30:00.000Z';
      await s.putTicket({ ...sampleTicket('T-1', 'W-1'), status: 'answered', firstStaffReplyAt: at });
      await s.putTicket(sampleTicket('T-2', 'W-2'));
      await s.addUnanswered({
        text: 'can you book me a flight',
        language: 'en',
        reason: 'out_of_scope',
        at: '2026-01-05T09:00:00Z',
        workerRef: 'W-2',
      });
      const check = async (store: Store) => {
        expect((await store.getTicket('T-1'))?.firstStaffReplyAt).toBe(at);
        expect((await store.getTicket('T-2'))?.firstStaffReplyAt).toBeUndefined();
        expect((await store.listTickets({ status: ['answered'] })).map((t) => t.firstStaffReplyAt)).toEqual([
          at,
        ]);
        expect((await store.listUnanswered()).map((u) => [u.text, u.reason])).toEqual([
          ['can you book me a flight', 'out_of_scope'],
        ]);
      };
      await check(s);
      const again = reopen ? await reopen(s) : s;
      await check(again);
      await again.forgetWorker('W-2');
      expect(await again.listUnanswered()).toEqual([]);
    });

    it('returns outbox items when due, updates and removes them', async () => {
      const s = await make();
      const base = { kind: 'x', payload: { n: 1 }, attempts: 0, createdAt: '2026-01-01T00:00:00.000Z' };
      await s.enqueue({ ...base, id: 'o1', nextAttemptAt: '2026-01-01T00:00:00.000Z' });
      await s.enqueue({ ...base, id: 'o2', nextAttemptAt: '2026-01-01T01:00:00.000Z' });
      expect((await s.due(new Date('2026-01-01T00:30:00Z'))).map((i) => i.id)).toEqual(['o1']);
      await s.updateOutbox({ ...base, id: 'o1', attempts: 1, nextAttemptAt: '2026-01-01T02:00:00.000Z' });
      expect((await s.due(new Date('2026-01-01T01:30:00Z'))).map((i) => i.id)).toEqual(['o2']);
      await s.removeOutbox('o2');
      expect((await s.due(new Date('2026-01-02T00:00:00Z'))).map((i) => [i.id, i.attempts])).toEqual([
        ['o1', 1],
      ]);
    });

    it('forgets a worker: session, tickets, owned outbox items, message keys and unanswered questions', async () => {
      const s = await make();
      await s.putSession(sampleSession('W-1'));
      await s.putSession(sampleSession('W-2'));
      await s.putTicket(sampleTicket('T-1', 'W-1'));
      await s.putTicket(sampleTicket('T-2', 'W-2'));
      const item = (id: string, owner?: string) => ({
        id,
        kind: 'x',
        payload: { n: id },
        attempts: 0,
        nextAttemptAt: '2026-01-01T00:00:00.000Z',
        createdAt: '2026-01-01T00:00:00.000Z',
        ...(owner ? { owner } : {}),
      });
      await s.enqueue(item('o1', 'W-1'));
      await s.enqueue(item('o2', 'W-2'));
      await s.enqueue(item('o3'));
      expect(await s.markSeen('W-1:m1', 'W-1')).toBe(true);
      expect(await s.markSeen('W-2:m1', 'W-2')).toBe(true);
      const q = (text: string, workerRef: string) =>
        s.addUnanswered({ text, language: 'en', reason: 'fallback', at: '2026-01-01T00:00:00Z', workerRef });
      await q('mine', 'W-1');
      await q('theirs', 'W-2');

      expect(await s.forgetWorker('W-1')).toEqual({
        sessions: 1,
        tickets: 1,
        outbox: 1,
        seen: 1,
        unanswered: 1,
        trends: 0,
      });
      expect(await s.getSession('W-1')).toBeUndefined();
      expect(await s.getSession('W-2')).toBeDefined();
      expect((await s.listTickets()).map((t) => t.id)).toEqual(['T-2']);
      expect((await s.due(new Date('2027-01-01T00:00:00Z'))).map((i) => i.id)).toEqual(['o2', 'o3']);
      expect(await s.markSeen('W-1:m1', 'W-1')).toBe(true);
      expect(await s.markSeen('W-2:m1', 'W-2')).toBe(false);
      const left = await s.listUnanswered();
      expect(left.map((u) => u.text)).toEqual(['theirs']);
      expect(left[0]).not.toHaveProperty('workerRef');
    });

    it('counts trend events by dimension (messages and distinct workers) and forgets a worker’s', async () => {
      const s = await make();
      const ev = (workerKey: string, extra: Partial<TrendEvent> = {}): TrendEvent => ({
        week: '2026-W48',
        outcome: 'answered',
        topic: 'health_care',
        origin: 'PH',
        destination: 'ES',
        language: 'en',
        channel: 'test',
        workerKey,
        ...extra,
      });
      await s.recordTrend(ev('T-a'));
      await s.recordTrend(ev('T-a'));
      await s.recordTrend(ev('T-b', { language: 'es', week: '2026-W49' }));
      await s.atomically(async () => {
        await s.recordTrend(ev('T-c', { outcome: 'fallback', topic: undefined, origin: undefined }));
      });
      expect(await s.trendCounts({}, 'topic')).toEqual([
        { key: 'health_care', messages: 3, workers: 2 },
        { key: '~fallback', messages: 1, workers: 1 },
      ]);
      expect(await s.trendCounts({}, 'corridor')).toEqual([
        { key: '>ES', messages: 1, workers: 1 },
        { key: 'PH>ES', messages: 3, workers: 2 },
      ]);
      expect(await s.trendCounts({ from: '2026-W49' }, 'week')).toEqual([
        { key: '2026-W49', messages: 1, workers: 1 },
      ]);
      expect(await s.trendCounts({ language: 'en', origin: 'PH', destination: 'ES' }, 'language')).toEqual([
        { key: 'en', messages: 2, workers: 1 },
      ]);
      expect((await s.forgetWorker('W-x', { trendKey: 'T-a' })).trends).toBe(2);
      expect(await s.trendCounts({}, 'outcome')).toEqual([
        { key: 'answered', messages: 1, workers: 1 },
        { key: 'fallback', messages: 1, workers: 1 },
      ]);
      if (reopen) {
        const again = await reopen(s);
        await again.recordTrend(ev('T-d'));
        expect(await again.trendCounts({}, 'topic')).toEqual([
          { key: 'health_care', messages: 2, workers: 2 },
          { key: '~fallback', messages: 1, workers: 1 },
        ]);
      }
    });

    it('purges closed tickets, idle sessions and old unanswered questions before a cutoff', async () => {
      const s = await make();
      const old = '2026-01-01T00:00:00.000Z';
      const recent = '2026-06-01T00:00:00.000Z';
      await s.putTicket({ ...sampleTicket('T-1', 'W-1'), status: 'closed', closedAt: old, updatedAt: old });
      await s.putTicket({ ...sampleTicket('T-2', 'W-2'), status: 'closed', closedAt: recent });
      await s.putTicket({ ...sampleTicket('T-3', 'W-3'), status: 'open', updatedAt: old });
      await s.putSession({ ...sampleSession('W-1'), updatedAt: old });
      await s.putSession({ ...sampleSession('W-2'), updatedAt: recent });
      // Idle, but waiting for staff on an open ticket: kept.
      await s.putSession({ ...sampleSession('W-3'), updatedAt: old, openTicket: 'T-3' });
      // Idle, pointing at a ticket that is gone: purged.
      await s.putSession({ ...sampleSession('W-4'), updatedAt: old, openTicket: 'T-1' });
      await s.addUnanswered({ text: 'old', language: 'en', reason: 'fallback', at: old });
      await s.addUnanswered({ text: 'new', language: 'en', reason: 'fallback', at: recent });

      expect(await s.purgeExpired(new Date('2026-03-01T00:00:00Z'))).toEqual({
        tickets: 1,
        sessions: 2,
        unanswered: 1,
      });
      expect((await s.listTickets()).map((t) => t.id)).toEqual(['T-2', 'T-3']);
      expect(await s.getSession('W-1')).toBeUndefined();
      expect(await s.getSession('W-2')).toBeDefined();
      expect(await s.getSession('W-3')).toBeDefined();
      expect(await s.getSession('W-4')).toBeUndefined();
      expect((await s.listUnanswered()).map((u) => u.text)).toEqual(['new']);
    });

    it('runs a unit of work: changes are visible inside it, callbacks run after it', async () => {
      const s = await make();
      const order: string[] = [];
      const result = await s.atomically(async () => {
        await s.putSession(sampleSession('W-u'));
        await s.atomically(async () => s.putTicket(sampleTicket('T-5', 'W-u')));
        expect((await s.getSession('W-u'))?.ref).toBe('W-u');
        expect((await s.getTicket('T-5'))?.workerRef).toBe('W-u');
        s.onCommit(() => order.push('after'));
        order.push('inside');
        return 42;
      });
      expect(result).toBe(42);
      expect(order).toEqual(['inside', 'after']);
      expect((await s.getTicket('T-5'))?.id).toBe('T-5');
      const now: string[] = [];
      s.onCommit(() => now.push('now'));
      expect(now).toEqual(['now']);
    });

    it('keeps nothing of a unit of work that fails, and runs its callbacks once it has ended', async () => {
      const s = await make();
      await s.putSession(sampleSession('W-keep'));
      await s.putTicket(sampleTicket('T-7', 'W-keep'));
      await s.enqueue({ ...outboxItem('o-keep'), owner: 'W-keep' });
      await s.addUnanswered({ text: 'kept', language: 'en', reason: 'fallback', at: '2026-01-01T00:00:00Z' });
      let after = 0;
      await expect(
        s.atomically(async () => {
          expect(await s.markSeen('W-r:1', 'W-r')).toBe(true);
          await s.putSession(sampleSession('W-r'));
          await s.putTicket(sampleTicket('T-1', 'W-r'));
          await s.enqueue({ ...outboxItem('o-r'), owner: 'W-r' });
          await s.addUnanswered({
            text: 'lost',
            language: 'en',
            reason: 'fallback',
            at: '2026-01-01T00:00:01Z',
            workerRef: 'W-r',
          });
          // Changes to what was there before, inside a nested unit.
          await s.atomically(async () => {
            await s.putTicket({ ...sampleTicket('T-7', 'W-keep'), status: 'closed' });
            await s.deleteSession('W-keep');
            await s.removeOutbox('o-keep');
          });
          // Visible inside the unit…
          expect((await s.getSession('W-r'))?.ref).toBe('W-r');
          expect(await s.getSession('W-keep')).toBeUndefined();
          s.onCommit(() => after++);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      // …and gone after it, as if it never ran.
      expect(after).toBe(1);
      expect(await s.getSession('W-r')).toBeUndefined();
      expect(await s.getTicket('T-1')).toBeUndefined();
      expect((await s.listTickets({ workerRef: 'W-r' })).length).toBe(0);
      expect((await s.due(new Date('2027-01-01T00:00:00Z'))).map((i) => i.id)).toEqual(['o-keep']);
      expect((await s.listUnanswered()).map((u) => u.text)).toEqual(['kept']);
      expect((await s.getSession('W-keep'))?.ref).toBe('W-keep');
      expect((await s.getTicket('T-7'))?.status).toBe('open');
      // The message was not handled: its redelivery must be.
      expect(await s.markSeen('W-r:1', 'W-r')).toBe(true);
      // A failed /forget leaves the worker as they were.
      await expect(
        s.atomically(async () => {
          await s.forgetWorker('W-keep');
          expect(await s.getSession('W-keep')).toBeUndefined();
          throw new Error('interrupted');
        }),
      ).rejects.toThrow('interrupted');
      expect((await s.getSession('W-keep'))?.ref).toBe('W-keep');
      expect((await s.listTickets({ workerRef: 'W-keep' })).map((t) => t.id)).toEqual(['T-7']);
    });

    if (reopen) {
      it('keeps everything across a restart', async () => {
        const s = await make();
        await s.putSession(sampleSession('W-9'));
        await s.putTicket(sampleTicket('T-9', 'W-9'));
        await s.markSeen('k');
        await s.enqueue({
          id: 'o9',
          kind: 'deliver',
          payload: {},
          attempts: 2,
          nextAttemptAt: '2026-01-01T00:00:00.000Z',
          createdAt: '2026-01-01T00:00:00.000Z',
        });
        const again = await reopen(s);
        expect((await again.getSession('W-9'))?.ref).toBe('W-9');
        expect((await again.getTicket('T-9'))?.status).toBe('open');
        expect(await again.markSeen('k')).toBe(false);
        expect((await again.due(new Date('2027-01-01T00:00:00Z'))).map((i) => i.attempts)).toEqual([2]);
      });
    }
  });
}
