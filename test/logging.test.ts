/**
 * The logger never writes what a worker sent or who they are: a whole conversation handled at
 * `debug` (question, escalation with a shared phone number, staff reply) leaves none of the worker's
 * words, number, chat id or name in the log, and the redaction catches fields a careless caller adds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { LocalDesk } from '../src/core/local-desk.ts';
import { createLogger } from '../src/core/logger.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import { FIXTURE_CONTENT } from './helpers/app.ts';

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

describe('logging', () => {
  it('keeps worker text, phone number, chat id and name out of a debug log of a whole conversation', async () => {
    const { lines, destination } = capture();
    const logger = createLogger('debug', { destination });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mrb-log-'));
    const desk = new LocalDesk();
    const app = await createApp({
      env: {
        DATA_DIR: dir,
        PSEUDONYM_SECRET: 'test-secret-test-secret-test-secret',
        OFFICE_TZ: 'UTC',
        CONTENT_DIR: FIXTURE_CONTENT,
      },
      store: createMemoryStore(),
      desk,
      logger,
      backoff: () => 0,
    });
    const chatId = '987654321';
    const phone = '34600111222';
    const name = 'Marisol Quispe';
    app.registerChannel('telegram', async () => {});
    await app.start({ outboxIntervalMs: 20 });
    const address = { channel: 'telegram' as const, userId: chatId };
    let n = 0;
    const say = (text: string) =>
      app.core.handle({ address, messageId: `m${++n}`, text, phone, displayName: name });
    await say('my boss Fernando keeps my pension papers zebracorn');
    await say('/human');
    await say('yes');
    await say('please call me zebracorn at 34600111222');
    const opened = desk.log.find((e) => e.type === 'opened');
    if (opened) {
      await desk.claim(opened.ticket.id, { id: 'U1', name: 'Ana' });
      await desk.reply(opened.ticket.id, { id: 'U1', name: 'Ana' }, 'We will call you tomorrow');
    }
    await app.outbox.idle();
    await app.stop();
    await rm(dir, { recursive: true, force: true });

    const log = lines.join('');
    expect(lines.some((l) => l.includes('"message handled"'))).toBe(true); // debug lines were written
    for (const secret of ['zebracorn', 'Fernando', phone, chatId, name, 'Marisol', 'call you tomorrow'])
      expect(log).not.toContain(secret);
  });

  it('redacts worker fields wherever a caller puts them', () => {
    const { lines, destination } = capture();
    const logger = createLogger('debug', { destination });
    logger.warn(
      {
        text: 'help me please',
        phone: '+97150123456',
        inbound: { text: 'nested words', address: { channel: 'telegram', userId: '555' } },
        update: { message: { text: 'deep words', chat_id: 4242 } },
        token: 'xoxb-secret',
        intent: 'health_care',
      },
      'something happened',
    );
    const line = lines.join('');
    for (const secret of [
      'help me please',
      '97150123456',
      'nested words',
      '555',
      'deep words',
      '4242',
      'xoxb',
    ])
      expect(line).not.toContain(secret);
    expect(JSON.parse(line)).toMatchObject({
      level: 'warn',
      msg: 'something happened',
      intent: 'health_care',
    });
  });

  it('writes nothing below its level and nothing at all when silent', () => {
    const { lines, destination } = capture();
    createLogger('warn', { destination }).info({}, 'not shown');
    createLogger('silent', { destination }).error({}, 'not shown either');
    expect(lines).toHaveLength(0);
  });
});
