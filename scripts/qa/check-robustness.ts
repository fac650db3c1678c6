/**
 * Robustness and erasure, through the whole core with the real content:
 *
 * 1. Bad input: empty, blanks, huge, binary, control and bidi characters, lone surrogates, Markdown /
 *    HTML / Slack mrkdwn / Telegram markup, SQL and prototype keys, unknown button values, every kind of
 *    media. Each must get a reply (or be ignored on purpose), never throw, never answer with control
 *    characters, and the conversation must still work afterwards ("bad input loses nothing").
 * 2. `/forget` with the embedded store (and PostgreSQL when DATABASE_URL is set) after a conversation that
 *    went everywhere a worker's words can go: an unanswered question (editors' list), a danger sign
 *    (urgent ticket, consent to share name and phone), a person asked for, a staff reply, a follow-up.
 *    Then every file of DATA_DIR and every row of every table is searched for the worker's words, phone
 *    (three spellings), chat id and pseudonym. The same search before /forget must find them.
 *
 *   npx tsx scripts/qa/check-robustness.ts
 */
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.ts';
import { LocalDesk } from '../../src/core/local-desk.ts';
import { createPseudonymizer } from '../../src/core/pseudonym.ts';
import type { InboundMessage } from '../../src/core/messages.ts';
import { createLowdbStore } from '../../src/store/lowdb.ts';
import { createPostgresStore } from '../../src/store/postgres.ts';
import type { Store } from '../../src/store/port.ts';
import { openHarness } from './harness.ts';

let failures = 0;
const fail = (what: string) => {
  failures++;
  console.log(`FAIL ${what}`);
};

// ---------------------------------------------------------------- 1. bad input
const h = await openHarness();
const binary = Array.from({ length: 400 }, (_, i) => String.fromCharCode((i * 37) % 256)).join('');
const texts: [string, string][] = [
  ['empty', ''],
  ['blanks', ' \t\n  \n'],
  ['huge', 'pension '.repeat(20_000)],
  ['binary', binary],
  ['control', 'hola\u0000\u0001\u0007\u001b[31mrojo\u001b[0m'],
  ['bidi', '\u202eI am from Spain\u202c and \u200bwork\u200b in Germany'],
  ['lone surrogate', 'pension \ud800 \udfff'],
  ['emoji only', '🙏🙏😢'],
  ['markdown', '*bold* _it_ `code` [click](javascript:alert(1)) ![x](http://evil.example/x.png)'],
  ['html', '<script>alert(1)</script><img src=x onerror=alert(1)> is there an agreement?'],
  ['slack', '<!channel> <!here|here> <@U0123ABC> <https://evil.example|click> *urgent*'],
  ['telegram markup', '_*[]()~`>#+-=|{}.! <b>bold</b> &amp;'],
  ['sql', "'; DROP TABLE sessions; -- pension"],
  ['proto', '__proto__ constructor prototype toString'],
  ['json', '{"__proto__":{"admin":true},"text":"pension"}'],
  ['path', '../../../../etc/passwd'],
  ['long word', 'x'.repeat(5000)],
  ['only digits', '2'],
  ['newlines', '\n'.repeat(500) + 'pension'],
];
const actions = [
  'cmd:bogus',
  'intent:does-not-exist',
  '',
  'x'.repeat(5000),
  '__proto__',
  'choice:999',
  'lang:xx',
  'lang:__proto__',
  'phone:yes',
  'safety:share',
  'undefined',
  '<script>',
];
const media: InboundMessage['media'][] = [
  'voice',
  'audio',
  'photo',
  'video',
  'sticker',
  'document',
  'location',
  'contact',
  'other',
];
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e]/;
let k = 0;
async function probe(label: string, extra: Partial<InboundMessage>, text = '') {
  const user = `robust-${++k}`;
  try {
    const t = await h.say(user, text, extra);
    if (t.trace.outcome !== 'ignored' && t.replies.length === 0)
      fail(`${label}: no reply (${t.trace.outcome})`);
    if (CONTROL.test(t.text)) fail(`${label}: control characters in the reply`);
    if (t.text.length > 4000) fail(`${label}: reply of ${t.text.length} characters`);
    if (/<script|onerror=|<!channel>|javascript:/i.test(t.text))
      fail(`${label}: worker markup echoed in the reply`);
    const after = await h.say(user, 'what is a totalization agreement?');
    if (after.replies.length === 0 || after.trace.outcome === 'fallback')
      fail(`${label}: the conversation is stuck afterwards (${after.trace.outcome})`);
    return t;
  } catch (e) {
    fail(`${label}: threw ${(e as Error).message}`);
  }
}
for (const [label, text] of texts) await probe(`text ${label}`, {}, text);
for (const a of actions) await probe(`action ${JSON.stringify(a.slice(0, 20))}`, { action: a });
for (const m of media) await probe(`media ${m}`, { media: m });
const huge = await h.say('robust-huge', 'a '.repeat(30_000));
console.log(`huge message → ${huge.trace.outcome}: ${huge.text.split('\n')[0]?.slice(0, 120)}`);
await h.stop();
const probes = texts.length + actions.length + media.length;
console.log(`bad input: ${probes} probes, ${failures} failures`);

// ---------------------------------------------------------------- 2. /forget leaves no trace
const CHAT_ID = '5550192837';
const PHONE = '+977 9841 223344';
const WORDS = 'Zentravolk';
const SECRET = 'qa-erasure-secret-0123456789abcdef';
const ref = createPseudonymizer(SECRET)({ channel: 'test', userId: CHAT_ID });
const NEEDLES = [CHAT_ID, PHONE, PHONE.replace(/\D/g, ''), '9841 223344', '9841223344', WORDS, ref];

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await allFiles(p)));
    else out.push(p);
  }
  return out;
}
async function traces(dir: string, store: Store): Promise<string[]> {
  const found: string[] = [];
  for (const f of await allFiles(dir)) {
    // A journal may be rotated away between listing and reading.
    const text = await readFile(f, 'latin1').catch(() => '');
    const utf = await readFile(f, 'utf8').catch(() => '');
    for (const n of NEEDLES)
      if (text.includes(n) || utf.includes(n)) found.push(`${path.relative(dir, f)}: ${n}`);
  }
  const pg = store as Store & {
    query?: (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, string>[] }>;
    schema?: string;
  };
  if (pg.query && pg.schema) {
    const tables = await pg.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1`,
      [pg.schema],
    );
    for (const { table_name } of tables.rows) {
      const rows = await pg.query(`SELECT t::text AS row FROM ${pg.schema}."${table_name}" t`);
      for (const { row } of rows.rows)
        for (const n of NEEDLES) if (row!.includes(n)) found.push(`table ${table_name}: ${n}`);
    }
  }
  return found;
}

const pgSchema = `qa_erase_${Date.now().toString(36)}`;
async function erasure(kind: 'embedded' | 'postgres') {
  const dataDir = await mkdtemp(path.join(tmpdir(), `mrb-qa-erase-${kind}-`));
  const store =
    kind === 'embedded'
      ? await createLowdbStore(dataDir)
      : await createPostgresStore({ connectionString: process.env.DATABASE_URL!, schema: pgSchema });
  const desk = new LocalDesk();
  const app = await createApp({
    env: { DATA_DIR: dataDir, PSEUDONYM_SECRET: SECRET, OFFICE_TZ: 'UTC' },
    store,
    desk,
    backoff: () => 0,
  });
  await app.start({ outboxIntervalMs: 50 });
  app.registerChannel('test', async () => {});
  let n = 0;
  const say = (text: string, extra: Partial<InboundMessage> = {}) =>
    app.core.handleDetailed({
      address: { channel: 'test', userId: CHAT_ID },
      messageId: `erase-${++n}`,
      text,
      phone: PHONE,
      displayName: `${WORDS} Name`,
      ...extra,
    });
  const settle = () => new Promise((r) => setTimeout(r, 800));
  await say(`${WORDS} blorf ${WORDS} quibble`); // not understood → editors' list
  await say(`I am in Qatar and ${WORDS} my employer took my passport and locks me in`); // urgent
  const consent = (await say(`${WORDS} please help`)).replies.flatMap((m) => m.choices ?? []);
  for (const c of consent) if (/yes|share/i.test(c.value)) await say('', { action: c.value });
  await say('/human');
  await settle();
  const open = await app.tickets.openTickets();
  if (open[0]) await desk.reply(open[0].id, { id: 'S1', name: 'Staff' }, `We read about ${WORDS}`);
  await say(`thanks, ${WORDS} again`);
  await settle();
  const before = await traces(dataDir, store);
  for (const need of [WORDS, ref])
    if (!before.some((x) => x.endsWith(need)))
      fail(`${kind}: before /forget, ${need} not found (search cannot fail)`);
  await say('/forget');
  await settle();
  const after = await traces(dataDir, store);
  if (after.length) fail(`${kind}: after /forget: ${after.join('; ')}`);
  console.log(`erasure (${kind}): before ${before.length} traces, after ${after.length}`);
  await app.stop();
  if (kind === 'postgres') {
    const pg = store as unknown as { query: (sql: string) => Promise<unknown> };
    await pg.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`).catch(() => undefined);
  }
  await store.close().catch(() => undefined);
  // Once closed, the files are searched again (nothing flushed late).
  const late = await traces(dataDir, {} as Store);
  if (late.length) fail(`${kind}: after stop: ${late.join('; ')}`);
  await rm(dataDir, { recursive: true, force: true });
}
await erasure('embedded');
if (process.env.DATABASE_URL) await erasure('postgres');
else console.log('erasure (postgres): skipped, DATABASE_URL not set');
console.log(failures === 0 ? 'all robustness checks passed' : `${failures} failures`);
process.exit(failures === 0 ? 0 : 1);
