/**
 * The desk at a glance (src/console/desk.ts): the time to the first staff reply is read from the
 * ticket's `firstStaffReplyAt`, recorded when the reply is relayed (src/core/tickets.ts), not from the
 * kept transcript — which holds only its last 30 entries, so a long conversation loses the first reply.
 * Through the real dialogue and ticket service on the in-memory, lowdb and (with DATABASE_URL)
 * PostgreSQL stores, with a clock the test moves.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstStaffReply, summariseDesk } from '../src/console/desk.ts';
import { createLowdbStore } from '../src/store/lowdb.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import type { Store } from '../src/store/port.ts';
import { makeTestApp } from './helpers/app.ts';
import { DATABASE_URL, noteSkipped, pgSchemas } from './helpers/postgres.ts';

noteSkipped('the desk’s first reply time on PostgreSQL (test/console-desk.test.ts)');
const pgs = pgSchemas();
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const MIN = 60_000;

const stores: [string, () => Promise<Store>, boolean][] = [
  ['memory', async () => createMemoryStore(), true],
  [
    'lowdb',
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'mrb-desk-'));
      dirs.push(dir);
      return createLowdbStore(dir);
    },
    true,
  ],
  ['PostgreSQL', () => pgs.store(), !!DATABASE_URL],
];

describe.each(stores)('time to the first staff reply (%s store)', (_name, makeStore, run) => {
  it.skipIf(!run)(
    'is the first relayed reply, even after the transcript no longer holds it',
    { timeout: 60_000 },
    async () => {
      // A Wednesday morning, so every step stays in the same week (Monday UTC).
      let clock = Date.parse('2026-11-25T08:00:00.000Z');
      const tick = (minutes: number) => (clock += minutes * MIN);
      const t = await makeTestApp({ store: await makeStore(), now: () => new Date(clock) });
      try {
        await t.say('my employer kept my passport what can i do', 'w-long');
        tick(1);
        await t.say('/human', 'w-long');
        await t.settle();
        const [opened] = await t.app.tickets.openTickets();
        expect(opened).toBeDefined();
        expect(opened!.firstStaffReplyAt).toBeUndefined();

        tick(30);
        const firstAt = new Date(clock).toISOString();
        await t.desk.reply(opened!.id, { id: 'S1', name: 'Ana' }, 'first answer from staff');
        // A long conversation: more worker messages than the transcript keeps, then another reply.
        for (let i = 0; i < 32; i++) {
          tick(2);
          await t.say(`more details number ${i}`, 'w-long');
        }
        tick(5);
        await t.desk.reply(opened!.id, { id: 'S2', name: 'Karim' }, 'second answer from staff');
        await t.settle();

        const ticket = (await t.app.store.getTicket(opened!.id))!;
        expect(ticket.firstStaffReplyAt).toBe(firstAt);
        expect(ticket.transcript.some((e) => e.text === 'first answer from staff')).toBe(false);
        // What the kept transcript alone would say: the second reply, over an hour later.
        const fromTranscript = firstStaffReply({ ...ticket, firstStaffReplyAt: undefined });
        expect(fromTranscript).toBeDefined();
        expect(Date.parse(fromTranscript!)).toBeGreaterThan(Date.parse(firstAt));

        const summary = summariseDesk(await t.app.store.listTickets(), new Date(clock));
        const week = summary.weeks[0]!;
        expect(week.week).toBe('2026-11-23');
        expect(week.opened).toBe(1);
        expect(week.replied).toBe(1);
        expect(week.medianMs).toBe(Date.parse(firstAt) - Date.parse(ticket.createdAt));
        expect(summary.current[0]!.firstReplyMs).toBe(week.medianMs);
      } finally {
        await t.close();
      }
    },
  );
});
