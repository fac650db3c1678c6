import { afterEach, describe, expect, it } from 'vitest';
import { compose, step, type TurnContext } from '../src/core/pipeline/index.ts';
import { STEPS } from '../src/core/pipeline/index.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('the pipeline composer', () => {
  const ctxOf = () => ({ state: { log: [] as string[] } }) as unknown as TurnContext;
  const log = (ctx: TurnContext) => ctx.state.log as string[];

  it('runs steps in order, each around the rest (grammY-style middleware)', async () => {
    const run = compose([
      step('a', async (ctx, next) => {
        log(ctx).push('a>');
        await next();
        log(ctx).push('<a');
      }),
      step('b', async (ctx, next) => {
        log(ctx).push('b');
        await next();
      }),
    ]);
    const ctx = ctxOf();
    await run(ctx);
    expect(log(ctx)).toEqual(['a>', 'b', '<a']);
  });

  it('a step that does not call next ends the turn; finally steps still run', async () => {
    const run = compose([
      step('stop', async (ctx) => {
        log(ctx).push('stop');
      }),
      step('skipped', async (ctx, next) => {
        log(ctx).push('skipped');
        await next();
      }),
      step(
        'persist',
        async (ctx, next) => {
          log(ctx).push('persist');
          await next();
        },
        { finally: true },
      ),
    ]);
    const ctx = ctxOf();
    await run(ctx);
    expect(log(ctx)).toEqual(['stop', 'persist']);
  });

  it('calling next twice is a bug and says which step did it', async () => {
    const run = compose([
      step('twice', async (_ctx, next) => {
        await next();
        await next();
      }),
    ]);
    await expect(run(ctxOf())).rejects.toThrow(/twice/);
  });

  it('has the order of the issue, with safety before the open-ticket step and persist last', () => {
    expect(STEPS.map((s) => s.name)).toEqual([
      'dedupe',
      'session',
      'rate-limit',
      'normalise',
      'commands',
      'safety',
      'open-ticket',
      'language',
      'follow-up',
      'match',
      'pair',
      'retire',
      'decide',
      'render',
      'persist',
    ]);
    expect(STEPS.at(-1)!.finally).toBe(true);
  });
});

describe('button values are validated', () => {
  it.each(['cmd:bogus', 'cmd:', 'intent:nope', 'lang:xx', 'human:maybe', 'none:1', 'zzz', ':', ''])(
    '"%s" gets a clear reply, never an exception',
    async (value) => {
      t = await makeTestApp();
      const r = await t.press(value);
      expect(r.replies.length).toBeGreaterThan(0);
      expect(r.replies[0]!.text.length).toBeGreaterThan(0);
    },
  );

  it('an unknown command button gets the help reply', async () => {
    t = await makeTestApp();
    const r = await t.press('cmd:bogus');
    expect(r.replies[0]!.text).toMatch(/Ask me a question in your own words/);
  });
});

describe('while a ticket is open, nothing the worker writes is dropped', () => {
  it('a burst past the rate limit all reaches staff, and the worker is told once to slow down', async () => {
    t = await makeTestApp();
    await t.say('/human');
    const replies: string[] = [];
    for (let i = 0; i < 45; i++) {
      const r = await t.say(`message number ${i}`);
      replies.push(...r.replies.map((m) => m.text));
    }
    await t.settle();
    const toStaff = t.desk.log.flatMap((e) => (e.type === 'message' ? [e.entry.text] : []));
    expect(toStaff).toHaveLength(45);
    expect(toStaff.at(-1)).toBe('message number 44');
    expect(replies.filter((x) => /slow down/.test(x))).toHaveLength(1);
  });

  it('without a ticket the limit still protects the bot: told once, then quiet', async () => {
    t = await makeTestApp();
    const texts: string[] = [];
    for (let i = 0; i < 33; i++)
      texts.push(...(await t.say('can i see a doctor')).replies.map((r) => r.text));
    expect(texts.filter((x) => /very fast/.test(x))).toHaveLength(1);
  });
});
