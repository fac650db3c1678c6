/**
 * The Telegram adapter through grammY for real, against a fake Bot API on 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InlineKeyboardMarkup, Update } from 'grammy/types';
import {
  createTelegramAdapter,
  TelegramDeliveryError,
  TelegramStartError,
  type TelegramAdapter,
} from '../adapters/telegram/adapter.ts';
import type { AdapterLogger } from '../adapters/telegram/log.ts';
import { COMMAND_DESCRIPTIONS, NOTICES } from '../adapters/telegram/strings.ts';
import { splitText } from '../adapters/telegram/text.ts';
import type { OutboundMessage } from '../src/core/messages.ts';
import {
  FAKE_BOT,
  FAKE_TOKEN,
  recordingCore,
  startFakeTelegram,
  type FakeTelegram,
  type RecordingCore,
} from './helpers/fake-telegram.ts';

/** Collects log lines so tests can check nothing private was logged. */
function memoryLogger(): AdapterLogger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (fields: Record<string, unknown>, message: string) =>
    lines.push(JSON.stringify({ level, message, ...fields }));
  return { lines, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

const WORKER = 5550001;
const OTHER_WORKER = 5550002;

describe('Telegram adapter (long polling)', () => {
  let tg: FakeTelegram;
  let adapter: TelegramAdapter;
  let core: RecordingCore;
  let replies: (inbound: Parameters<RecordingCore['handle']>[0]) => OutboundMessage[];
  let logger: ReturnType<typeof memoryLogger>;

  beforeEach(async () => {
    tg = await startFakeTelegram();
    logger = memoryLogger();
    replies = (m) => [{ text: `echo: ${m.text ?? m.action ?? m.media}` }];
    core = recordingCore((m) => replies(m));
    adapter = createTelegramAdapter({
      token: FAKE_TOKEN,
      apiRoot: tg.apiRoot,
      logger,
      pollingTimeoutSeconds: 5,
      retry: { networkBackoffMs: 10 },
    });
    await adapter.start(core);
  });

  afterEach(async () => {
    await adapter.stop();
    await tg.close();
  });

  const sentTo = (chatId: number) => tg.callsOf('sendMessage').filter((c) => c.params.chat_id === chatId);

  it('registers the command menu in every language and leaves webhook mode', () => {
    const menus = tg.callsOf('setMyCommands');
    const codes = menus.map((c) => c.params.language_code ?? 'default');
    expect(codes.sort()).toEqual(['ar', 'default', 'en', 'es', 'fr', 'id', 'ne', 'pt', 'tl']);
    const spanish = menus.find((c) => c.params.language_code === 'es');
    expect(spanish?.params.commands).toEqual([
      { command: 'start', description: COMMAND_DESCRIPTIONS.es.start },
      { command: 'help', description: COMMAND_DESCRIPTIONS.es.help },
      { command: 'language', description: COMMAND_DESCRIPTIONS.es.language },
      { command: 'human', description: COMMAND_DESCRIPTIONS.es.human },
      { command: 'forget', description: COMMAND_DESCRIPTIONS.es.forget },
    ]);
    expect(tg.callsOf('deleteWebhook')).toHaveLength(1);
    expect(adapter.capabilities).toEqual({ maxTextLength: 4096, maxButtons: 10, buttons: true });
  });

  it('passes /start to the core and sends the reply back to the same chat', async () => {
    replies = () => [{ text: 'Welcome! I answer questions about social protection.' }];
    const update = tg.textUpdate(WORKER, '/start', { language_code: 'en' });
    tg.pushUpdates(update);
    const [inbound] = await core.waitFor(1);
    expect(inbound).toMatchObject({
      address: { channel: 'telegram', userId: String(WORKER) },
      messageId: `${WORKER}:${update.message!.message_id}`,
      text: '/start',
      localeHint: 'en',
    });
    const [sent] = await tg.waitForCalls('sendMessage', 1);
    expect(sent?.params).toMatchObject({
      chat_id: WORKER,
      text: 'Welcome! I answer questions about social protection.',
    });
  });

  it('strips the bot name from a command: /help@bot_name → /help', async () => {
    tg.pushUpdates(tg.textUpdate(WORKER, `/help@${FAKE_BOT.username}`));
    const [inbound] = await core.waitFor(1);
    expect(inbound?.text).toBe('/help');
  });

  it('carries an English and a Spanish question with their locale hints', async () => {
    tg.pushUpdates(tg.textUpdate(WORKER, 'Can I take my pension home?', { language_code: 'en' }));
    tg.pushUpdates(
      tg.textUpdate(OTHER_WORKER, '¿Puedo cobrar mi pensión en mi país?', { language_code: 'es-419' }),
    );
    const inbound = await core.waitFor(2);
    const byUser = new Map(inbound.map((m) => [m.address.userId, m]));
    expect(byUser.get(String(WORKER))).toMatchObject({
      text: 'Can I take my pension home?',
      localeHint: 'en',
    });
    expect(byUser.get(String(OTHER_WORKER))).toMatchObject({
      text: '¿Puedo cobrar mi pensión en mi país?',
      localeHint: 'es-419',
    });
    await tg.waitForCalls('sendMessage', 2);
    expect(sentTo(OTHER_WORKER)[0]?.params.text).toBe('echo: ¿Puedo cobrar mi pensión en mi país?');
  });

  it('renders choices as an inline keyboard and routes a button press as an action', async () => {
    const longValue = 'topic:' + 'portability-of-long-term-benefits-between-countries/'.repeat(3);
    replies = (m) =>
      m.action
        ? [{ text: `You chose ${m.action}` }]
        : [
            {
              text: 'What would you like to know?',
              choices: [
                { label: 'Pensions', value: 'intent:pension' },
                { label: 'Health care', value: longValue },
              ],
            },
          ];
    tg.pushUpdates(tg.textUpdate(WORKER, 'hello'));
    const [menu] = await tg.waitForCalls('sendMessage', 1);
    const keyboard = (menu?.params.reply_markup as InlineKeyboardMarkup).inline_keyboard;
    expect(keyboard.map((row) => row.map((b) => b.text))).toEqual([['Pensions'], ['Health care']]);
    const data = keyboard.map((row) => (row[0] as { callback_data: string }).callback_data);
    expect(data[0]).toBe('intent:pension');
    expect(Buffer.byteLength(data[1]!, 'utf8')).toBeLessThanOrEqual(64);

    const pressed = tg.update({
      callback_query: {
        id: 'cbq-77',
        from: { id: WORKER, is_bot: false, first_name: 'Worker', language_code: 'en' },
        chat_instance: 'ci-1',
        data: data[1],
        message: {
          message_id: 1,
          date: Math.floor(Date.now() / 1000),
          chat: { id: WORKER, type: 'private', first_name: 'Worker' },
          text: 'What would you like to know?',
          reply_markup: { inline_keyboard: keyboard },
        },
      },
    } as Omit<Update, 'update_id'>);
    tg.pushUpdates(pressed);
    const inbound = await core.waitFor(2);
    expect(inbound[1]).toMatchObject({
      address: { channel: 'telegram', userId: String(WORKER) },
      messageId: `${WORKER}:cb:cbq-77`,
      action: longValue,
    });
    const [answer] = await tg.waitForCalls('answerCallbackQuery', 1);
    expect(answer?.params.callback_query_id).toBe('cbq-77');
    const [removed] = await tg.waitForCalls('editMessageReplyMarkup', 1);
    expect(removed?.params).toMatchObject({ chat_id: WORKER, message_id: 1 });
    await tg.waitForCalls('sendMessage', 2);
    expect(sentTo(WORKER)[1]?.params.text).toBe(`You chose ${longValue}`);
  });

  it('marks a photo as media and keeps its caption as text', async () => {
    tg.pushUpdates(
      tg.update({
        message: {
          message_id: 50,
          date: Math.floor(Date.now() / 1000),
          chat: { id: WORKER, type: 'private', first_name: 'Worker' },
          from: { id: WORKER, is_bot: false, first_name: 'Worker', language_code: 'pt-BR' },
          photo: [{ file_id: 'f1', file_unique_id: 'u1', width: 90, height: 90 }],
          caption: 'my payslip',
        },
      } as Omit<Update, 'update_id'>),
    );
    const [inbound] = await core.waitFor(1);
    expect(inbound).toMatchObject({
      media: 'photo',
      text: 'my payslip',
      localeHint: 'pt-BR',
      messageId: `${WORKER}:50`,
    });
  });

  it('sets media for voice, sticker, location and contact', async () => {
    const base = { date: 1, chat: { id: WORKER, type: 'private', first_name: 'W' } };
    tg.pushUpdates(
      tg.update({
        message: { ...base, message_id: 61, voice: { file_id: 'v', file_unique_id: 'v', duration: 3 } },
      } as never),
      tg.update({
        message: {
          ...base,
          message_id: 62,
          sticker: {
            file_id: 's',
            file_unique_id: 's',
            type: 'regular',
            width: 1,
            height: 1,
            is_animated: false,
            is_video: false,
          },
        },
      } as never),
      tg.update({ message: { ...base, message_id: 63, location: { latitude: 1, longitude: 2 } } } as never),
      tg.update({
        message: { ...base, message_id: 64, contact: { phone_number: '+34600111222', first_name: 'Me' } },
      } as never),
    );
    const inbound = await core.waitFor(4);
    expect(inbound.map((m) => m.media)).toEqual(['voice', 'sticker', 'location', 'contact']);
    expect(inbound.every((m) => m.text === undefined && m.phone === undefined)).toBe(true);
    expect(logger.lines.join('\n')).not.toContain('600111222');
  });

  it('processes an update delivered twice only once', async () => {
    const update = tg.textUpdate(WORKER, 'first');
    tg.pushUpdates(update, update);
    tg.pushUpdates(tg.textUpdate(WORKER, 'second'));
    const inbound = await core.waitFor(2);
    expect(inbound.map((m) => m.text)).toEqual(['first', 'second']);
    await tg.waitForCalls('sendMessage', 2);
    expect(sentTo(WORKER).map((c) => c.params.text)).toEqual(['echo: first', 'echo: second']);
  });

  it('splits a 5,000-character answer in two at a sentence boundary, buttons on the last part', async () => {
    const sentence =
      'Workers who move between countries can keep their pension rights under some agreements. ';
    const answer =
      sentence
        .repeat(Math.ceil(5000 / sentence.length))
        .slice(0, 5000)
        .trim() + '.';
    replies = () => [{ text: answer, choices: [{ label: 'Talk to a person', value: 'human' }] }];
    tg.pushUpdates(tg.textUpdate(WORKER, 'tell me everything'));
    const parts = await tg.waitForCalls('sendMessage', 2);
    const texts = parts.map((c) => c.params.text as string);
    expect(texts).toHaveLength(2);
    expect(texts.every((t) => t.length <= 4096)).toBe(true);
    expect(texts[0]?.endsWith('agreements.')).toBe(true);
    expect(texts.join(' ')).toBe(answer);
    expect(parts[0]?.params.reply_markup).toBeUndefined();
    expect(parts[1]?.params.reply_markup).toBeDefined();
  });

  it('retries after a 429 and delivers the reply', async () => {
    tg.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    tg.pushUpdates(tg.textUpdate(WORKER, 'are you there?'));
    const attempts = await tg.waitForCalls('sendMessage', 2);
    expect(attempts.map((c) => c.params.text)).toEqual(['echo: are you there?', 'echo: are you there?']);
    expect(logger.lines.some((l) => l.includes('"code":429'))).toBe(true);
  });

  it('sends <b> and * literally, with no parse mode', async () => {
    const text = 'Use <b>C102</b> & *R202* _now_ [link](http://x)';
    replies = () => [{ text }];
    tg.pushUpdates(tg.textUpdate(WORKER, '<b>bold</b> *star*'));
    const [inbound] = await core.waitFor(1);
    expect(inbound?.text).toBe('<b>bold</b> *star*');
    const [sent] = await tg.waitForCalls('sendMessage', 1);
    expect(sent?.params.text).toBe(text);
    expect(sent?.params.parse_mode).toBeUndefined();
  });

  it('answers an edited message once, asking for a new message, without calling the core', async () => {
    const edited = {
      message_id: 70,
      date: 1,
      edit_date: 2,
      chat: { id: WORKER, type: 'private', first_name: 'W' },
      from: { id: WORKER, is_bot: false, first_name: 'W', language_code: 'es' },
      text: 'corrected',
    };
    tg.pushUpdates(
      tg.update({ edited_message: edited } as never),
      tg.update({ edited_message: edited } as never),
    );
    tg.pushUpdates(tg.textUpdate(WORKER, 'next'));
    await core.waitFor(1);
    const sent = await tg.waitForCalls('sendMessage', 2);
    expect(sent.map((c) => c.params.text)).toEqual([NOTICES.es.edited, 'echo: next']);
    expect(core.inbound.map((m) => m.text)).toEqual(['next']);
  });

  it('ignores group chats unless addressed, then invites to a private chat', async () => {
    const group = { id: -100200, type: 'supergroup', title: 'Workers' };
    const from = { id: WORKER, is_bot: false, first_name: 'W', language_code: 'fr' };
    tg.pushUpdates(
      tg.update({ message: { message_id: 80, date: 1, chat: group, from, text: 'hello everyone' } } as never),
      tg.update({
        message: {
          message_id: 81,
          date: 1,
          chat: group,
          from,
          text: `@${FAKE_BOT.username} help`,
          entities: [{ type: 'mention', offset: 0, length: FAKE_BOT.username.length + 1 }],
        },
      } as never),
    );
    const [sent] = await tg.waitForCalls('sendMessage', 1);
    expect(sent?.params).toMatchObject({
      chat_id: -100200,
      text: NOTICES.fr.group.replace('{link}', `https://t.me/${FAKE_BOT.username}`),
    });
    tg.pushUpdates(tg.textUpdate(WORKER, 'private now'));
    await core.waitFor(1);
    expect(core.inbound.map((m) => m.text)).toEqual(['private now']);
    expect(tg.callsOf('sendMessage').filter((c) => c.params.chat_id === -100200)).toHaveLength(1);
  });

  it('apologises when the core fails', async () => {
    replies = () => {
      throw new Error('boom');
    };
    tg.pushUpdates(tg.textUpdate(WORKER, 'hola', { language_code: 'es' }));
    const [sent] = await tg.waitForCalls('sendMessage', 1);
    expect(sent?.params.text).toBe(NOTICES.es.error);
  });

  it('sends staff replies with send(), and reports a blocked chat as a permanent failure', async () => {
    await adapter.send(String(WORKER), [{ text: 'A reply from the union: call us on Monday.' }]);
    expect(sentTo(WORKER)[0]?.params.text).toBe('A reply from the union: call us on Monday.');
    tg.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const failure = await adapter.send(String(WORKER), [{ text: 'again' }]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TelegramDeliveryError);
    expect(failure).toMatchObject({ permanent: true, code: 403 });
    await expect(adapter.send('not-a-chat', [{ text: 'x' }])).rejects.toBeInstanceOf(TelegramDeliveryError);
  });
});

describe('Telegram adapter (webhook)', () => {
  const SECRET = 'webhook-secret_123';
  let tg: FakeTelegram;
  let adapter: TelegramAdapter;
  let core: RecordingCore;
  let seen: Set<string>;

  beforeEach(async () => {
    tg = await startFakeTelegram();
    core = recordingCore();
    seen = new Set();
    adapter = createTelegramAdapter({
      token: FAKE_TOKEN,
      apiRoot: tg.apiRoot,
      logger: memoryLogger(),
      webhook: { url: 'https://bot.example.org/telegram/hook', secret: SECRET, port: 0, host: '127.0.0.1' },
      markSeen: async (key) => {
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      },
    });
    await adapter.start(core);
  });

  afterEach(async () => {
    await adapter.stop();
    await tg.close();
  });

  async function post(update: Update, headers: Record<string, string>, path = '/telegram/hook') {
    const address = adapter.webhookAddress()!;
    return fetch(`http://127.0.0.1:${address.port}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(update),
    });
  }

  it('registers the webhook with its secret token', () => {
    const [call] = tg.callsOf('setWebhook');
    expect(call?.params).toMatchObject({
      url: 'https://bot.example.org/telegram/hook',
      secret_token: SECRET,
      allowed_updates: ['message', 'edited_message', 'callback_query'],
    });
    expect(tg.callsOf('getUpdates')).toHaveLength(0);
  });

  it('accepts a request with the right secret and refuses a wrong or missing one', async () => {
    const wrong = await post(tg.textUpdate(WORKER, 'sneaky'), { 'X-Telegram-Bot-Api-Secret-Token': 'guess' });
    expect(wrong.status).toBe(401);
    const missing = await post(tg.textUpdate(WORKER, 'sneaky'), {});
    expect(missing.status).toBe(401);
    const elsewhere = await post(
      tg.textUpdate(WORKER, 'sneaky'),
      { 'X-Telegram-Bot-Api-Secret-Token': SECRET },
      '/x',
    );
    expect(elsewhere.status).toBe(404);

    const right = await post(tg.textUpdate(WORKER, 'hello by webhook'), {
      'X-Telegram-Bot-Api-Secret-Token': SECRET,
    });
    expect(right.status).toBe(200);
    expect(core.inbound.map((m) => m.text)).toEqual(['hello by webhook']);
    const [sent] = await tg.waitForCalls('sendMessage', 1);
    expect(sent?.params).toMatchObject({ chat_id: WORKER, text: 'echo: hello by webhook' });
  });

  it('drops a redelivered update, also after a restart (persistent markSeen)', async () => {
    const update = tg.textUpdate(WORKER, 'only once');
    const headers = { 'X-Telegram-Bot-Api-Secret-Token': SECRET };
    expect((await post(update, headers)).status).toBe(200);
    expect((await post(update, headers)).status).toBe(200);
    expect(core.inbound).toHaveLength(1);

    // A new adapter (a restart) with the same store does not process it again.
    await adapter.stop();
    adapter = createTelegramAdapter({
      token: FAKE_TOKEN,
      apiRoot: tg.apiRoot,
      logger: memoryLogger(),
      webhook: { url: 'https://bot.example.org/telegram/hook', secret: SECRET, port: 0, host: '127.0.0.1' },
      markSeen: async (key) => !seen.has(key) && Boolean(seen.add(key)),
    });
    await adapter.start(core);
    expect((await post(update, headers)).status).toBe(200);
    expect(core.inbound).toHaveLength(1);
  });

  it('after a restart, a long button value it no longer knows falls back to the button label', async () => {
    const update = tg.update({
      callback_query: {
        id: 'cbq-old',
        from: { id: WORKER, is_bot: false, first_name: 'W' },
        chat_instance: 'c',
        data: '~forgottenShortId',
        message: {
          message_id: 9,
          date: 1,
          chat: { id: WORKER, type: 'private', first_name: 'W' },
          text: 'Pick one',
          reply_markup: { inline_keyboard: [[{ text: 'Health care', callback_data: '~forgottenShortId' }]] },
        },
      },
    } as never);
    await post(update, { 'X-Telegram-Bot-Api-Secret-Token': SECRET });
    expect(core.inbound[0]).toMatchObject({ text: 'Health care' });
    expect(core.inbound[0]?.action).toBeUndefined();
    expect(tg.callsOf('answerCallbackQuery')).toHaveLength(1);
  });
});

describe('Telegram adapter start-up', () => {
  it('fails with a clear error when the token is refused', async () => {
    const tg = await startFakeTelegram();
    const adapter = createTelegramAdapter({
      token: '999:WRONG',
      apiRoot: tg.apiRoot,
      logger: memoryLogger(),
    });
    const error = await adapter.start(recordingCore()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramStartError);
    expect(String((error as Error).message)).toContain('TELEGRAM_BOT_TOKEN');
    expect(String((error as Error).message)).not.toContain('WRONG');
    await tg.close();
  });
});

describe('splitText', () => {
  it('keeps short text whole and never returns empty parts', () => {
    expect(splitText('  hello  ', 100)).toEqual(['hello']);
    expect(splitText('   ', 100)).toEqual([]);
  });

  it('prefers paragraph breaks, then sentences, then spaces', () => {
    const para = 'a'.repeat(50) + '.\n\n' + 'b'.repeat(50) + '.';
    expect(splitText(para, 80)).toEqual(['a'.repeat(50) + '.', 'b'.repeat(50) + '.']);
    const sentences = 'One two three four five. Six seven eight nine ten. Eleven twelve.';
    const parts = splitText(sentences, 40);
    expect(parts[0]).toBe('One two three four five.');
    expect(parts.every((p) => p.length <= 40)).toBe(true);
  });

  it('cuts a word longer than the limit without breaking a surrogate pair', () => {
    const emoji = '😀'.repeat(30); // 60 UTF-16 units
    const parts = splitText(emoji, 25);
    expect(parts.join('')).toBe(emoji);
    expect(parts.every((p) => p.length <= 25 && !/^[\uDC00-\uDFFF]/.test(p))).toBe(true);
  });
});

describe('telegramFromEnv', () => {
  it('builds nothing without a token, polling without a webhook URL, webhook mode with one', async () => {
    const { telegramFromEnv } = await import('../adapters/telegram/from-env.ts');
    const base = {
      TELEGRAM_BOT_TOKEN: undefined,
      TELEGRAM_API_ROOT: undefined,
      TELEGRAM_WEBHOOK_URL: undefined,
      TELEGRAM_WEBHOOK_SECRET: undefined,
      TELEGRAM_WEBHOOK_PORT: 8443,
    };
    expect(telegramFromEnv(base)).toBeUndefined();
    const tg = await startFakeTelegram();
    const polling = telegramFromEnv({
      ...base,
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: tg.apiRoot,
    });
    await polling!.start(recordingCore());
    await polling!.stop();
    expect(tg.callsOf('deleteWebhook')).toHaveLength(1);
    const webhook = telegramFromEnv(
      {
        ...base,
        TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
        TELEGRAM_API_ROOT: tg.apiRoot,
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg',
        TELEGRAM_WEBHOOK_SECRET: 'abc',
        TELEGRAM_WEBHOOK_PORT: 0,
      },
      { webhookHost: '127.0.0.1' },
    );
    await webhook!.start(recordingCore());
    expect(webhook!.webhookAddress()?.port).toBeGreaterThan(0);
    await webhook!.stop();
    expect(tg.callsOf('setWebhook')[0]?.params).toMatchObject({
      url: 'https://bot.example.org/tg',
      secret_token: 'abc',
    });
    await tg.close();
  });
});
