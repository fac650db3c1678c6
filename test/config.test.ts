import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '../src/config/env.ts';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration from the environment', () => {
  it('runs on defaults with nothing set', () => {
    const env = loadEnv({});
    expect(env.DATA_DIR).toBe('./data');
    expect(env.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(env.WHATSAPP_ENABLED).toBe(false);
    expect(env.SLACK_REMIND_MINUTES).toBe(15);
  });

  it('names a malformed variable and never prints its value', () => {
    const error = problemsOf({ TELEGRAM_BOT_TOKEN: 'not-a-token-SECRET', SLACK_PORT: 'eighty' });
    expect(error.message).toMatch(/TELEGRAM_BOT_TOKEN/);
    expect(error.message).toMatch(/SLACK_PORT/);
    expect(error.message).not.toContain('not-a-token-SECRET');
  });

  it('names what a configured channel still needs', () => {
    const error = problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1-2' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual([
      'SLACK_SIGNING_SECRET',
      'SLACK_STAFF_CHANNEL',
    ]);
    const webhook = problemsOf({
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_WEBHOOK_URL: 'https://example.org/hook',
    });
    expect(webhook.problems[0]!.variable).toBe('TELEGRAM_WEBHOOK_SECRET');
  });

  it('parses lists, flags and office hours', () => {
    const env = loadEnv({ SLACK_STAFF_USERS: 'U1, U2', WHATSAPP_ENABLED: '1', OFFICE_HOURS: '09:00-17:30' });
    expect(env.SLACK_STAFF_USERS).toEqual(['U1', 'U2']);
    expect(env.WHATSAPP_ENABLED).toBe(true);
    expect(problemsOf({ OFFICE_HOURS: '9-5' }).problems[0]!.variable).toBe('OFFICE_HOURS');
    expect(problemsOf({ OFFICE_TZ: 'Mars/Olympus' }).problems[0]!.variable).toBe('OFFICE_TZ');
    expect(loadEnv({ OFFICE_TZ: 'Asia/Manila' }).OFFICE_TZ).toBe('Asia/Manila');
  });
});
