/**
 * The console when only the console is wanted: `npm start` with WEB_PORT, WEB_CHAT_ENABLED=false and
 * the first administrator from the environment serves /console and the health endpoints, no web chat,
 * and never prints the administrator's password. Also the console's variables in src/config/env.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '../src/config/env.ts';
import { FIXTURE_CONTENT } from './helpers/app.ts';
import { ConsoleClient } from './helpers/console.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'console only admin passphrase';

describe('console variables', () => {
  it('reads the console variables with defaults', () => {
    const env = loadEnv({
      CONSOLE_ADMIN_EMAIL: 'Admin@Union.example',
      CONSOLE_ADMIN_PASSWORD: ' spaces kept here ',
    });
    expect(env.CONSOLE_ADMIN_PASSWORD).toBe(' spaces kept here ');
    expect(env.WEB_CHAT_ENABLED).toBe(true);
    expect(env.CONSOLE_SECURE_COOKIES).toBe(false);
    expect(env.CONSOLE_SESSION_IDLE_MINUTES).toBe(120);
    expect(env.CONSOLE_SESSION_MAX_HOURS).toBe(12);
    expect(env.CONSOLE_INVITE_HOURS).toBe(72);
    expect(loadEnv({ WEB_CHAT_ENABLED: 'false' }).WEB_CHAT_ENABLED).toBe(false);
    expect(loadEnv({ WEB_CHAT_ENABLED: '' }).WEB_CHAT_ENABLED).toBe(true);
  });

  it('names the variable of a bad value and never prints the password', () => {
    const cases: [Record<string, string>, string][] = [
      [
        { CONSOLE_ADMIN_EMAIL: 'admin@union.example', CONSOLE_ADMIN_PASSWORD: 'tiny secret' },
        'CONSOLE_ADMIN_PASSWORD',
      ],
      [{ CONSOLE_ADMIN_EMAIL: 'admin@union.example' }, 'CONSOLE_ADMIN_PASSWORD'],
      [{ CONSOLE_ADMIN_PASSWORD: 'a long enough password' }, 'CONSOLE_ADMIN_EMAIL'],
      [
        { CONSOLE_ADMIN_EMAIL: 'not an email', CONSOLE_ADMIN_PASSWORD: 'a long enough password' },
        'CONSOLE_ADMIN_EMAIL',
      ],
      [{ WEB_CHAT_ENABLED: 'maybe' }, 'WEB_CHAT_ENABLED'],
      [{ CONSOLE_SESSION_IDLE_MINUTES: 'soon' }, 'CONSOLE_SESSION_IDLE_MINUTES'],
    ];
    for (const [vars, variable] of cases) {
      try {
        loadEnv(vars);
        throw new Error(`accepted ${JSON.stringify(vars)}`);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).problems.map((p) => p.variable)).toContain(variable);
        if (vars.CONSOLE_ADMIN_PASSWORD)
          expect((error as ConfigError).message).not.toContain(vars.CONSOLE_ADMIN_PASSWORD);
      }
    }
  });
});

describe('console-only server', { timeout: 240_000 }, () => {
  let child: ChildProcess | undefined;
  let dataDir = '';
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the console and health endpoints without the web chat, and keeps the password secret', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'mrb-console-only-'));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      CONTENT_DIR: FIXTURE_CONTENT,
      PSEUDONYM_SECRET: 'console-only-secret-0123456789',
      WEB_PORT: '0',
      WEB_CHAT_ENABLED: 'false',
      CONSOLE_ADMIN_EMAIL: 'admin@union.example',
      CONSOLE_ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: 'info',
    };
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += String(d)));
    child.stderr!.on('data', (d) => (output += String(d)));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(() => {
        const line = output.split('\n').find((l) => l.includes('http server listening'));
        if (line) {
          clearInterval(timer);
          resolve(JSON.parse(line).port as number);
        }
      }, 100);
      child!.once('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`server exited (${code}):\n${output}`));
      });
    });
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/api/chat/history`)).status).toBe(404);
    const signIn = await fetch(`${base}/console/sign-in`);
    expect(signIn.status).toBe(200);
    expect(await signIn.text()).toContain('Sign in');
    const admin = new ConsoleClient(base);
    await admin.signIn('admin@union.example', PASSWORD);
    expect((await admin.get('/console/accounts')).status).toBe(200);
    expect(existsSync(path.join(dataDir, 'console.json'))).toBe(true);
    expect(output).toContain('console administrator created');
    expect(output).not.toContain(PASSWORD);
  });
});
