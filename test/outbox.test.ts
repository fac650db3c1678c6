import { describe, expect, it } from 'vitest';
import { Outbox } from '../src/core/outbox.ts';
import { createMemoryStore } from '../src/store/memory.ts';

describe('outbox', () => {
  it('retries with backoff until the handler succeeds, keeping order per key', async () => {
    const store = createMemoryStore();
    let now = new Date('2026-01-01T00:00:00Z');
    const outbox = new Outbox({ store, now: () => now, backoff: (n) => n * 1000 });
    const done: string[] = [];
    let down = true;
    outbox.on('send', async (p) => {
      if (down) throw new Error('down');
      done.push(p as string);
    });
    await outbox.enqueue('send', 'a1', 'A');
    await outbox.enqueue('send', 'a2', 'A');
    await outbox.enqueue('send', 'b1', 'B');
    await outbox.idle();
    expect(done).toEqual([]);
    const [first] = await store.due(new Date('2027-01-01'));
    expect(first!.attempts).toBe(1);
    expect(first!.lastError).toBe('down');

    down = false;
    await outbox.processDue(); // not yet due: backoff
    expect(done).toEqual([]);
    now = new Date(now.getTime() + 2000);
    await outbox.processDue();
    expect(done).toEqual(['a1', 'a2', 'b1']);
    expect(await store.due(new Date('2027-01-01'))).toEqual([]);
  });

  it('a later item waits while an earlier one with the same key is failing', async () => {
    const store = createMemoryStore();
    const outbox = new Outbox({ store, backoff: () => 0 });
    const done: string[] = [];
    outbox.on('send', async (p) => {
      if (p === 'x1' && done.length === 0 && !(outbox as unknown as { ok?: boolean }).ok)
        throw new Error('later');
      done.push(p as string);
    });
    await outbox.enqueue('send', 'x1', 'X');
    await outbox.enqueue('send', 'x2', 'X');
    await outbox.idle();
    expect(done).toEqual([]);
    (outbox as unknown as { ok?: boolean }).ok = true;
    await outbox.processDue();
    expect(done).toEqual(['x1', 'x2']);
  });

  it('drops an item whose error is permanent, and reports it', async () => {
    const store = createMemoryStore();
    const errors: unknown[] = [];
    const outbox = new Outbox({ store, backoff: () => 0, onError: (_i, e) => errors.push(e) });
    outbox.on('send', async () => {
      throw Object.assign(new Error('blocked by the user'), { permanent: true });
    });
    await outbox.enqueue('send', 'p', 'P');
    await outbox.idle();
    expect(errors).toHaveLength(1);
    expect(await store.due(new Date('2027-01-01'))).toEqual([]);
  });
});
