/**
 * A child process for the crash test: writes to the embedded store in argv[2] as fast as it can
 * (several writers at once, checkpoints very often) and prints the number of each unit of work
 * once the store has acknowledged it. The test kills it with SIGKILL at some moment and checks
 * that every printed unit is there after a restart. Every 5th unit fails after writing (printed as
 * `failed N`: nothing of it may be there), and every 7th also erases an earlier acknowledged worker
 * (printed as `erasing M` before and `N erased M` once acknowledged: then worker M must be gone).
 */
import { createLowdbStore } from '../../src/store/lowdb.ts';

const dir = process.argv[2]!;
const store = await createLowdbStore(dir, {
  checkpointEveryMs: Number(process.env.CP_MS ?? 20),
  journalLimit: 64 * 1024,
  syncEveryMs: Number(process.env.SYNC_MS ?? 100),
});
let next = 0;
const done: number[] = [];
const writer = async () => {
  for (;;) {
    const n = next++;
    const ref = `W-${n}`;
    const fails = n % 5 === 4;
    // An earlier worker whose unit was acknowledged (and not erased already), as was the next unit's
    // (which changes this worker's session again).
    const erase =
      n % 7 === 6 ? done.find((m) => m % 2 === 0 && m % 7 !== 6 && done.includes(m + 1)) : undefined;
    if (erase !== undefined) {
      done.splice(done.indexOf(erase), 1);
      // Said before the unit starts: if the process dies with it in flight, M may be either way.
      process.stdout.write(`erasing ${erase}\n`);
    }
    const unit = store.atomically(async () => {
      await store.markSeen(`${ref}:m`, ref);
      await store.putSession({
        ref,
        address: { channel: 'test', userId: ref },
        fallbacks: n,
        transcript: [{ from: 'worker', text: `message ${n}`, at: new Date().toISOString() }],
        updatedAt: new Date().toISOString(),
      });
      await store.putTicket({
        id: `T-${n}`,
        status: 'open',
        workerRef: ref,
        address: { channel: 'test', userId: ref },
        language: 'en',
        question: `question ${n}`,
        reason: 'asked',
        transcript: [],
        answeredBy: [],
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      });
      await store.enqueue({
        id: `o-${n}`,
        kind: 'x',
        payload: { n },
        attempts: 0,
        nextAttemptAt: new Date().toISOString(),
        createdAt: new Date().toISOString(),
        owner: ref,
      });
      await store.addUnanswered({
        text: `q${n}`,
        language: 'en',
        reason: 'fallback',
        at: new Date().toISOString(),
      });
      // Half the sessions change again, so checkpoints rewrite documents that already exist.
      if (n % 2 === 1) {
        const earlier = await store.getSession(`W-${n - 1}`);
        if (earlier) await store.putSession({ ...earlier, fallbacks: earlier.fallbacks + 1000 });
      }
      if (erase !== undefined) await store.forgetWorker(`W-${erase}`);
      if (fails) throw new Error('this unit fails after writing');
    });
    try {
      await unit;
    } catch {
      process.stdout.write(`failed ${n}\n`);
      continue;
    }
    done.push(n);
    process.stdout.write(erase === undefined ? `${n}\n` : `${n} erased ${erase}\n`);
  }
};
await Promise.all(Array.from({ length: 8 }, writer));
