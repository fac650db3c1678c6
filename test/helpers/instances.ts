/**
 * Running real bot processes side by side, for the two-instance test and `npm run bench:instances`:
 * a fresh PostgreSQL database per run, a fake Telegram Bot API that tells the instances apart, the bot
 * started as `node --import tsx src/main.ts` (one process, so SIGKILL really kills it), readiness by
 * /readyz, and Telegram webhook updates posted the way Telegram posts them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { FAKE_BOT, FAKE_TOKEN } from './fake-telegram.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const WEBHOOK_SECRET = 'instances-webhook-secret';

export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A database of its own for one run, created from DATABASE_URL and dropped at the end. */
export async function freshDatabase(adminUrl: string, prefix = 'mrb_instances') {
  const name = `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>, db?: string): Promise<T> => {
    const target = new URL(adminUrl);
    if (db) target.pathname = `/${db}`;
    const client = new pg.Client({ connectionString: target.toString() });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    /** Runs a query in the run's database. */
    query: <R extends pg.QueryResultRow>(sql: string) => admin((c) => c.query<R>(sql), name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

export interface Sent {
  chat: number;
  text: string;
  /** Which instance sent it (its API root). */
  from: string;
  at: number;
}

/**
 * A fake Bot API that tells the instances apart by their API root (`/<name>/bot…`). While an instance is
 * frozen its sendMessage calls are held without being accepted: nothing is recorded and nothing is
 * answered, as when the network stalls; a killed instance's held calls are simply dropped.
 */
export async function startInstancesTelegram() {
  const sent: Sent[] = [];
  const frozen = new Set<string>();
  const listeners: ((s: Sent) => void)[] = [];
  let messageId = 1;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/(\w+)\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
      const reply = (status: number, body: unknown) => {
        if (!res.writableEnded)
          res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      };
      if (!m || m[2] !== FAKE_TOKEN) return reply(401, { ok: false, error_code: 401, description: 'no' });
      const from = m[1]!;
      const method = m[3]!;
      if (method === 'getMe') return reply(200, { ok: true, result: FAKE_BOT });
      if (method !== 'sendMessage') return reply(200, { ok: true, result: true });
      if (frozen.has(from)) return; // held, never accepted
      const raw = Buffer.concat(chunks).toString('utf8');
      const params = (raw ? JSON.parse(raw) : {}) as { chat_id?: number; text?: string };
      const record: Sent = { chat: Number(params.chat_id), text: String(params.text), from, at: Date.now() };
      sent.push(record);
      for (const listener of listeners) listener(record);
      reply(200, {
        ok: true,
        result: {
          message_id: messageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: record.chat, type: 'private', first_name: 'Worker' },
          text: record.text,
        },
      });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    root: (name: string) => `http://127.0.0.1:${port}/${name}`,
    sent,
    frozen,
    onSent: (listener: (s: Sent) => void) => listeners.push(listener),
    textsTo: (chat: number) => sent.filter((s) => s.chat === chat).map((s) => s.text),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface BotProcess {
  name: string;
  child: ChildProcess;
  webhook: string;
  events: string;
  web: string;
  alive: boolean;
  stderr: string[];
  exited: Promise<void>;
}

/** Starts `src/main.ts` with Telegram in webhook mode (and whatever else `env` adds) on free ports. */
export async function launchBot(
  name: string,
  env: Record<string, string>,
  options: { telegramRoot: string; nodeArgs?: string[] },
): Promise<BotProcess> {
  // One port per instance: the Telegram webhook and Slack's events are routes on the shared HTTP server.
  const webPort = await freePort();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', 'src/main.ts'], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: options.telegramRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.union.example/telegram/hook',
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      WEB_PORT: String(webPort),
      WEB_HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const bot: BotProcess = {
    name,
    child,
    webhook: `http://127.0.0.1:${webPort}/telegram/hook`,
    events: `http://127.0.0.1:${webPort}/slack/events`,
    web: `http://127.0.0.1:${webPort}`,
    alive: true,
    stderr: [],
    exited: new Promise<void>((resolve) => child.once('exit', () => resolve())),
  };
  child.stderr!.on('data', (chunk: Buffer) => bot.stderr.push(chunk.toString('utf8')));
  void bot.exited.then(() => (bot.alive = false));
  return bot;
}

/** CPU time a process has used so far, in ms (Linux /proc; 0 elsewhere). */
export async function cpuMs(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 (here 11 and 12, counted after the name), in clock ticks.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** Resolves once the bot's /readyz answers 200. */
export async function whenReady(bot: BotProcess, timeoutMs = 100_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!bot.alive) throw new Error(`instance ${bot.name} exited: ${bot.stderr.join('')}`);
    const ok = await fetch(`${bot.web}/readyz`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  const checks = await fetch(`${bot.web}/readyz`)
    .then((r) => r.text())
    .catch((error: unknown) => String(error));
  throw new Error(`instance ${bot.name} not ready (${checks}): ${bot.stderr.join('')}`);
}

/** A Telegram text-message update for a private chat. */
export function textUpdate(updateId: number, messageId: number, chat: number, text: string) {
  return {
    update_id: updateId,
    message: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: 'private', first_name: 'Worker' },
      from: { id: chat, is_bot: false, first_name: 'Worker', language_code: 'en' },
      text,
      ...(text.startsWith('/')
        ? { entities: [{ type: 'bot_command', offset: 0, length: text.length }] }
        : {}),
    },
  };
}

/** Keep-alive connections to the instances (cheaper than a fetch per update: the bench shares the CPUs). */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** Posts an update to one instance's webhook, as Telegram does; true when it answered 200. */
export function postUpdate(bot: BotProcess, update: unknown): Promise<boolean> {
  const body = JSON.stringify(update);
  return new Promise<boolean>((resolve) => {
    const req = http.request(
      bot.webhook,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-telegram-bot-api-secret-token': WEBHOOK_SECRET,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
        res.on('error', () => resolve(false));
      },
    );
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

/**
 * Delivers an update as Telegram does behind a load balancer: to one live instance, and again (to the
 * next live one) until one answers 200.
 */
export async function deliverUpdate(bots: BotProcess[], update: unknown, first: number): Promise<BotProcess> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const live = bots.filter((b) => b.alive);
    if (live.length === 0) throw new Error('no instance left');
    const target = live[(first + attempt) % live.length]!;
    if (await postUpdate(target, update)) return target;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('an update was never accepted');
}

export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs: number, what = 'a condition') {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
