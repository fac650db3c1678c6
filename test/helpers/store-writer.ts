/**
 * A child process for the crash test: writes to the embedded store in argv[2] as fast as it can
 * (several writers at once, checkpoints very often) and prints the number of each unit of work
 * once the store has acknowledged it. The test kills it with SIGKILL at some moment and checks
 * that every printed unit is there after a restart.
 */
import { createLowdbStore } from '../../src/store/lowdb.ts';

const dir = process.argv[2]!;
const store = await createLowdbStore(dir, {
  checkpointEveryMs: Number(process.env.CP_MS ?? 20),
  journalLimit: 64 * 1024,
});
let next = 0;
const writer = async () => {
  for (;;) {
    const n = next++;
    const ref = `W-${n}`;
    await store.atomically(async () => {
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
    });
    process.stdout.write(`${n}\n`);
  }
};
await Promise.all(Array.from({ length: 8 }, writer));
