/**
 * QA harness: one bot in this process (memory store, no tokens, no server) that the held-out checks in
 * scripts/qa/ talk to through the whole dialogue, as a channel would. Each check keeps its own questions:
 * none of them is in intents/ or safety/heldout/ (held out means held out).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app.ts';
import type { Trace } from '../../src/core/pipeline/context.ts';
import type { InboundMessage, OutboundMessage } from '../../src/core/messages.ts';
import { createMemoryStore } from '../../src/store/memory.ts';

export interface Turn {
  trace: Trace;
  replies: OutboundMessage[];
  /** All reply texts joined. */
  text: string;
  /** The first paragraph of the first reply (the answer before sources). */
  main: string;
}

export interface Harness {
  app: App;
  /** Send one message as `user` (same user = same conversation). */
  say(user: string, text: string, extra?: Partial<InboundMessage>): Promise<Turn>;
  stop(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mrb-qa-'));
  const app = await createApp({
    env: {
      DATA_DIR: dataDir,
      PSEUDONYM_SECRET: 'qa-evaluation-only-secret-0123456789',
      OFFICE_TZ: 'UTC',
    },
    store: createMemoryStore(),
  });
  await app.start({ outboxIntervalMs: 60_000 });
  app.registerChannel('test', async () => {});
  let n = 0;
  return {
    app,
    async say(user, text, extra = {}) {
      n++;
      const r = await app.core.handleDetailed({
        address: { channel: 'test', userId: user },
        messageId: `qa-${n}`,
        text,
        ...extra,
      });
      const texts = r.replies.map((m) => m.text);
      return {
        trace: r.trace,
        replies: r.replies,
        text: texts.join('\n'),
        main: (texts[0] ?? '').split(/\n\n/)[0] ?? '',
      };
    },
    async stop() {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A small seeded random generator (mulberry32), so a run can be repeated with --seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

export function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
