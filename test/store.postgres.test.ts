import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { migrate, readMigrations } from '../src/store/migrate.ts';
import type { Session } from '../src/store/port.ts';
import { inline, type PostgresStore } from '../src/store/postgres.ts';
import { checkPseudonymSecret, secretFingerprint } from '../src/store/secret-check.ts';
import { DATABASE_URL, freshSchema, noteSkipped, pgSchemas } from './helpers/postgres.ts';
import { storeContract } from './store.contract.ts';

noteSkipped('PostgreSQL store contract and migrations (test/store.postgres.test.ts)');
const pgs = pgSchemas();
const open: PostgresStore[] = [];

describe.skipIf(!DATABASE_URL)('PostgreSQL store', () => {
  storeContract(
    'PostgreSQL',
    async () => {
      const s = await pgs.store();
      open.push(s);
      return s;
    },
    async (s) => {
      const schema = (s as PostgresStore).schema;
      await s.close();
      const again = await pgs.store(schema);
      open.push(again);
      return again;
    },
  );

  it('a second instance with another PSEUDONYM_SECRET refuses to start on the same database', async () => {
    const schema = freshSchema('secret');
    const [a, b] = await Promise.all([pgs.store(schema), pgs.store(schema)]);
    try {
      const first = 'first-secret-first-secret-first-secret';
      await checkPseudonymSecret(a, first);
      await expect(checkPseudonymSecret(b, 'other-secret-other-secret-other')).rejects.toThrow(
        /PSEUDONYM_SECRET/,
      );
      await checkPseudonymSecret(b, first);
      const rows = await a.query<{ row: string }>('SELECT t::text AS row FROM store_meta t');
      expect(rows.rows.map((r) => r.row).join('\n')).toContain(secretFingerprint(first));
      expect(rows.rows.map((r) => r.row).join('\n')).not.toContain(first);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('applies the migrations once, records them, and two instances starting together do not race', async () => {
    const schema = freshSchema('m');
    const [a, b] = await Promise.all([pgs.store(schema), pgs.store(schema)]);
    try {
      const rows = await a.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(rows.rows.map((r) => r.version)).toEqual((await readMigrations()).map((m) => m.version));
      expect(await migrate(a.pool, schema)).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("a message's unit takes three round trips: lock, key with session, writes with commit", async () => {
    const s = await pgs.store();
    open.push(s);
    const session = (ref: string, n: number) =>
      ({
        ref,
        address: { channel: 'telegram', userId: 'x' },
        updatedAt: new Date(n).toISOString(),
      }) as Session;
    await s.putSession(session('W-rt', 1));
    await s.markSeen('W-rt:m0'); // the first call also sweeps expired keys, once a minute
    // Count the statements sent on the unit's connection.
    const sent: string[] = [];
    const connect = s.pool.connect.bind(s.pool);
    s.pool.connect = (async () => {
      const client = await connect();
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
        const q = args[0] as string | { text: string };
        sent.push(typeof q === 'string' ? q : q.text);
        return query(...args);
      };
      return client;
    }) as typeof s.pool.connect;
    const item = (id: string) => ({
      id,
      kind: 'send',
      payload: { n: id },
      attempts: 0,
      nextAttemptAt: new Date(0).toISOString(),
      createdAt: new Date().toISOString(),
      owner: 'W-rt',
    });
    const seen = await s.atomically(
      async () => {
        const fresh = await s.markSeen('W-rt:m1', 'W-rt');
        const before = await s.getSession('W-rt');
        await s.putSession(session('W-rt', 2));
        await s.putSession(session('W-rt', 3)); // the later document of the same worker wins
        await s.enqueue(item('rt-1'));
        await s.enqueue(item('rt-2'));
        return { fresh, before };
      },
      { lock: [1, 2] },
    );
    s.pool.connect = connect as typeof s.pool.connect;
    expect(seen.fresh).toBe(true);
    expect(seen.before?.updatedAt).toBe(new Date(1).toISOString());
    expect(sent).toHaveLength(3); // BEGIN + lock; key + session; the writes with COMMIT
    expect(sent[2]).toMatch(/;\nCOMMIT$/);
    expect((await s.getSession('W-rt'))?.updatedAt).toBe(new Date(3).toISOString());
    expect((await s.due(new Date())).map((i) => i.id).sort()).toEqual(['rt-1', 'rt-2']);
    // The same key again: not fresh, and nothing changes.
    expect(await s.atomically(() => s.markSeen('W-rt:m1', 'W-rt'))).toBe(false);
  });

  it('writes any text exactly through the commit (quotes, backslashes, scripts, emoji)', async () => {
    const s = await pgs.store();
    open.push(s);
    const texts = [
      "it's O'Brien's \\ back\\slash \\' and $1 and $$ dollar $$",
      "'); DROP TABLE sessions; --",
      'تأمين اجتماعي 🇵🇭 नेपाल "quoted" \n new line \t tab',
      "E'\\x41'",
    ];
    for (const [i, text] of texts.entries()) {
      const session = {
        ref: `W-txt-${i}`,
        address: { channel: 'telegram', userId: text },
        updatedAt: new Date().toISOString(),
        pending: { intent: text, slot: 'origin', question: text },
      } as Session;
      await s.atomically(async () => {
        await s.markSeen(`W-txt-${i}:m`, session.ref);
        await s.putSession(session);
        await s.enqueue({
          id: `txt-${i}`,
          kind: 'send',
          payload: { text },
          attempts: 0,
          nextAttemptAt: new Date(0).toISOString(),
          createdAt: new Date().toISOString(),
        });
      });
      expect(await s.getSession(session.ref)).toEqual(session);
      expect((await s.due(new Date())).find((x) => x.id === `txt-${i}`)?.payload).toEqual({ text });
    }
    expect((await s.query<{ n: string }>('SELECT count(*) AS n FROM sessions')).rows[0]!.n).toBe(
      String(texts.length),
    );
  });

  it('a pending write that fails at commit fails the unit and keeps none of its changes', async () => {
    const s = await pgs.store();
    open.push(s);
    const item = {
      id: 'dup-1',
      kind: 'send',
      payload: {},
      attempts: 0,
      nextAttemptAt: new Date(0).toISOString(),
      createdAt: new Date().toISOString(),
    };
    await s.enqueue(item);
    const session = {
      ref: 'W-fail',
      address: { channel: 'telegram', userId: 'y' },
      updatedAt: new Date().toISOString(),
    } as Session;
    const after = vi.fn();
    await expect(
      s.atomically(async () => {
        expect(await s.markSeen('W-fail:m1', 'W-fail')).toBe(true);
        await s.putSession(session);
        await s.enqueue(item); // the same id: refused by the primary key when the writes go
        s.onCommit(after);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await s.getSession('W-fail')).toBeUndefined();
    expect(await s.markSeen('W-fail:m1', 'W-fail')).toBe(true); // the key went with the unit
    expect(after).not.toHaveBeenCalled();
    // The connection went back to the pool in a usable state.
    await s.atomically(async () => s.putSession(session));
    expect((await s.getSession('W-fail'))?.ref).toBe('W-fail');
  });

  it('has an index for every query the store makes (no sequential scan on a large table)', async () => {
    const s = await pgs.store();
    try {
      // Enough rows that the planner prefers an index wherever one fits.
      await s.query(`INSERT INTO sessions (ref, doc, updated_at)
        SELECT 'W-' || g, '{}'::jsonb, now() - (g || ' minutes')::interval FROM generate_series(1, 20000) g`);
      await s.query(`INSERT INTO tickets (id, worker_ref, status, created_at, closed_at, doc)
        SELECT 'T-' || g, 'W-' || g, CASE WHEN g % 10 = 0 THEN 'open' ELSE 'closed' END,
               to_char(now() - (g || ' minutes')::interval, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
               now() - (g || ' minutes')::interval,
               jsonb_build_object('desk', jsonb_build_object('slackTs', g || '.5', 'slackChannel', 'C1'))
        FROM generate_series(1, 20000) g`);
      await s.query(
        `INSERT INTO seen_keys (key, owner) SELECT 'W-' || g || ':k', 'W-' || g FROM generate_series(1, 20000) g`,
      );
      await s.query(
        `INSERT INTO unanswered (worker_ref, at, doc) SELECT 'W-' || g, now(), '{}'::jsonb FROM generate_series(1, 20000) g`,
      );
      await s.query(`INSERT INTO outbox (id, kind, payload, next_attempt_at, created_at, owner)
        SELECT 'o' || g, 'x', '{}'::jsonb, now() + interval '1 day', g::text, 'W-' || g FROM generate_series(1, 20000) g`);
      await s.query('ANALYZE');
      const plans: [string, unknown[]][] = [
        ['SELECT doc FROM sessions WHERE ref = $1', ['W-5']],
        ['SELECT doc FROM tickets WHERE id = $1', ['T-5']],
        ['SELECT doc FROM tickets WHERE worker_ref = $1 ORDER BY created_at, id', ['W-5']],
        [`SELECT doc FROM tickets WHERE status = ANY($1::text[]) ORDER BY created_at, id`, [['open']]],
        ['DELETE FROM seen_keys WHERE owner = $1', ['W-5']],
        ['DELETE FROM seen_keys WHERE seen_at < $1', [new Date(Date.now() - 7 * 86400_000)]],
        ['DELETE FROM unanswered WHERE worker_ref = $1', ['W-5']],
        ['DELETE FROM outbox WHERE owner = $1', ['W-5']],
        ['SELECT id FROM outbox WHERE next_attempt_at <= $1 ORDER BY created_at, id', [new Date()]],
        [
          `DELETE FROM tickets WHERE status = 'closed' AND closed_at < $1`,
          [new Date(Date.now() - 19000 * 60_000)],
        ],
        ['DELETE FROM sessions WHERE updated_at < $1', [new Date(Date.now() - 19000 * 60_000)]],
        [
          `SELECT doc FROM tickets WHERE doc->'desk' @> $1::jsonb ORDER BY created_at, id LIMIT 1`,
          [JSON.stringify({ slackTs: '5.5' })],
        ],
      ];
      for (const [sql, params] of plans) {
        const plan = (await s.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
        expect(plan, sql).not.toMatch(/Seq Scan/);
      }
    } finally {
      await s.close();
    }
  });
});

describe.skipIf(!DATABASE_URL)('PostgreSQL store teardown', () => {
  it('closes what the contract opened', async () => {
    await Promise.all(open.map((s) => s.close().catch(() => {})));
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.end();
    expect(open.length).toBeGreaterThan(0);
  });
});

describe('inlining values for the simple protocol', () => {
  it('writes literals that PostgreSQL reads back as the same values', () => {
    const values = ["a'b", 3, null, true, { k: "x'y" }, '', '', '', '', 'ten'];
    expect(inline('INSERT INTO t VALUES ($1, $2, $3, $4, $5, $10)', values)).toBe(
      `INSERT INTO t VALUES ('a''b', 3, NULL, TRUE, '{"k":"x''y"}', 'ten')`,
    );
    // A backslash makes an escape string literal (E'…') with the backslash doubled.
    expect(inline('SELECT $1', ['back\\slash'])).toBe("SELECT  E'back\\\\slash'");
    expect(() => inline('SELECT $2', ['one'])).toThrow(/\$2/);
    expect(() => inline('SELECT $1', [Number.NaN])).toThrow(/finite/);
  });
});
