/**
 * A fixed-seed fuzz of the whole core: 10,000 messages of random text (scripts, control characters,
 * markup, numbers, very long), commands and button values (valid, truncated and invented), media,
 * from a few dozen workers with tickets opened and cancelled on the way. No message may throw, and
 * every reply is a message with text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from './helpers/app.ts';

/** mulberry32: a small deterministic generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'pension',
  'doctor',
  'Spain',
  'Filipino',
  'México',
  'c102',
  'what about',
  'yes',
  'no',
  'sí',
  '1',
  '2',
  '7',
  'help',
  'ayuda',
  'persona',
  'paano',
  'मेरो',
  'पेन्सन',
  'معاشي',
  'visa',
  'the',
  'and',
  '¿y con',
  'Italia?',
  'et en',
  'Belgique ?',
  'will i lose my pension when i go home',
  'can i see a doctor',
  '<b>',
  '*bold*',
  '[x](http://e)',
  '<!channel>',
  '\u0000',
  '\u202e',
  '🙏',
  '\ufffd',
  '   ',
  '\n',
];
const COMMANDS = [
  '/start',
  '/help',
  '/language',
  '/language es',
  '/language xx',
  '/human',
  '/cancel',
  '/forget',
  '/bogus',
  '/start@Bot',
];
const ACTIONS = [
  'cmd:help',
  'cmd:start',
  'cmd:human',
  'cmd:cancel',
  'cmd:forget',
  'cmd:language',
  'cmd:bogus',
  'cmd:',
  'lang:es',
  'lang:en',
  'lang:zz',
  'intent:health_care',
  'intent:pension_portability_return',
  'intent:nope',
  'more:health_care',
  'more:pension_portability_return',
  'more:',
  'sources:health_care',
  'sources:x',
  'role:origin:MX',
  'role:destination:ES',
  'role:x:y',
  'human:yes',
  'human:no',
  'phone:yes',
  'phone:no',
  'none',
  'none:x',
  '',
  ':',
  'x'.repeat(300),
];
const MEDIA = ['voice', 'photo', 'sticker', 'other'] as const;

function randomText(r: () => number): string {
  const kind = r();
  if (kind < 0.05)
    return String.fromCharCode(
      ...Array.from({ length: 1 + Math.floor(r() * 40) }, () => Math.floor(r() * 0xffff)),
    );
  if (kind < 0.08) return 'pension '.repeat(Math.floor(r() * 600));
  const n = 1 + Math.floor(r() * 8);
  return Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
}

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.close());

describe('fuzz', () => {
  it('10,000 random messages, commands and button values: no exception, every reply has text', async () => {
    const r = rng(20261201);
    const failures: string[] = [];
    for (let i = 0; i < (Number(process.env.FUZZ_N) || 10_000); i++) {
      const userId = `fuzz-${Math.floor(r() * 40)}`;
      const roll = r();
      const body: Record<string, unknown> =
        roll < 0.55
          ? { text: randomText(r) }
          : roll < 0.7
            ? { text: COMMANDS[Math.floor(r() * COMMANDS.length)] }
            : roll < 0.95
              ? { action: ACTIONS[Math.floor(r() * ACTIONS.length)] }
              : { media: MEDIA[Math.floor(r() * MEDIA.length)] };
      if (r() < 0.1) body.phone = '34600111222';
      try {
        const res = await t.app.core.handleDetailed({
          address: { channel: 'test', userId },
          // A few redeliveries on purpose.
          messageId: r() < 0.02 ? 'again' : `m-${i}`,
          ...body,
        });
        for (const m of res.replies)
          if (typeof m.text !== 'string' || m.text.length === 0) failures.push(`${i}: empty reply`);
      } catch (error) {
        failures.push(`${i} ${JSON.stringify(body).slice(0, 80)}: ${String(error)}`);
      }
      if (i % 500 === 0) await t.settle();
    }
    expect(failures.slice(0, 10)).toEqual([]);
  }, 300_000);
});
