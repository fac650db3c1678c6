/**
 * Builds a real app (core, tickets, outbox, in-process desk) over the fixture content or the real
 * content, with a channel named "test" whose deliveries are recorded.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app.ts';
import type { StaffDesk } from '../../src/core/desk.ts';
import { LocalDesk } from '../../src/core/local-desk.ts';
import type { OutboundMessage } from '../../src/core/messages.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import type { Store } from '../../src/store/port.ts';

export const FIXTURE_CONTENT = path.resolve(import.meta.dirname, '../fixtures/content');

export interface TestApp {
  app: App;
  desk: LocalDesk;
  dataDir: string;
  delivered: { userId: string; messages: OutboundMessage[] }[];
  say(
    text: string,
    userId?: string,
    extra?: Record<string, unknown>,
  ): ReturnType<App['core']['handleDetailed']>;
  press(value: string, userId?: string): ReturnType<App['core']['handleDetailed']>;
  /** Waits until the outbox has nothing due (deliveries and desk calls done). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function makeTestApp(
  options: {
    content?: string;
    store?: Store;
    dataDir?: string;
    desk?: StaffDesk;
    env?: Record<string, string>;
    /** The app's clock (tickets, sessions, rate limits); the wall clock by default. */
    now?: () => Date;
  } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'mrb-app-')));
  const desk = (options.desk as LocalDesk | undefined) ?? new LocalDesk();
  const app = await createApp({
    env: {
      DATA_DIR: dataDir,
      PSEUDONYM_SECRET: 'test-secret-test-secret-test-secret',
      OFFICE_TZ: 'UTC',
      OFFICE_HOURS: undefined,
      OFFICE_DAYS: undefined,
      CONTENT_DIR: options.content ?? FIXTURE_CONTENT,
      ...options.env,
    },
    store: options.store ?? createMemoryStore(),
    desk,
    backoff: () => 0,
    now: options.now,
  });
  const delivered: TestApp['delivered'] = [];
  app.registerChannel('test', async (userId, messages) => {
    delivered.push({ userId, messages });
  });
  await app.start({ outboxIntervalMs: 20 });
  const handle = (userId: string, body: Record<string, unknown>) =>
    app.core.handleDetailed({
      address: { channel: 'test', userId },
      messageId: randomUUID(),
      ...body,
    });
  return {
    app,
    desk,
    dataDir,
    delivered,
    say: (text, userId = 'worker-1', extra = {}) => handle(userId, { text, ...extra }),
    press: (value, userId = 'worker-1') => handle(userId, { action: value }),
    async settle() {
      for (let i = 0; i < 50; i++) {
        app.outbox.kick();
        await app.outbox.idle();
        if ((await app.store.due(new Date(Date.now() + 1000))).length === 0) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      await app.stop();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** All the text of a list of replies, choices included. */
export function textOf(replies: OutboundMessage[]): string {
  return replies.map((r) => [r.text, ...(r.choices ?? []).map((c) => c.label)].join('\n')).join('\n');
}
