/**
 * Per-worker channel state that every instance must see, in the `channel_state` table of the PostgreSQL
 * store instead of one instance's files: the WhatsApp Cloud reference → phone number map (any instance
 * may deliver a staff reply) and the 24-hour window book (any instance may receive the worker's next
 * message). Rows are keyed by the worker's pseudonymous reference; /forget deletes them.
 *
 * @example
 * const pseudonyms = sharedPseudonymMap(store, secret, 'whatsapp-cloud');
 * const windows = sharedWindowBook(store, 'whatsapp-cloud');
 */
import { WINDOW_MS, type WindowBook } from '../../adapters/whatsapp-cloud/window.ts';
import { whatsappRef } from '../../adapters/whatsapp/pseudonyms.ts';
import type { SqlStore } from './postgres.ts';

type Db = Pick<SqlStore, 'pool'>;

/** The reference ↔ WhatsApp id map, shared by every instance. */
export function sharedPseudonymMap(store: Db, secret: string, channel: string) {
  if (secret.length < 16) throw new Error('The pseudonym secret must be at least 16 characters');
  const kind = `${channel}:id`;
  /** Ids seen by this instance (a cache: the table is the truth). */
  const known = new Map<string, string>();
  return {
    async refFor(wid: string): Promise<string> {
      const ref = whatsappRef(secret, wid);
      if (known.get(ref) !== wid) {
        await store.pool.query(
          `INSERT INTO channel_state (kind, ref, doc) VALUES ($1, $2, $3)
           ON CONFLICT (kind, ref) DO UPDATE SET doc = excluded.doc`,
          [kind, ref, JSON.stringify({ id: wid })],
        );
        known.set(ref, wid);
      }
      return ref;
    },
    async widFor(ref: string): Promise<string | undefined> {
      const r = await store.pool.query<{ id: string }>(
        `SELECT doc->>'id' AS id FROM channel_state WHERE kind = $1 AND ref = $2`,
        [kind, ref],
      );
      return r.rows[0]?.id ?? undefined;
    },
    async forget(ref: string): Promise<void> {
      known.delete(ref);
      await store.pool.query('DELETE FROM channel_state WHERE kind = $1 AND ref = $2', [kind, ref]);
    },
  };
}

interface WindowDoc {
  lastInboundAt?: number;
  templateSentAt?: number;
}

/** The 24-hour window book (adapters/whatsapp-cloud/window.ts), shared by every instance. */
export function sharedWindowBook(store: Db, channel: string): WindowBook {
  const kind = `${channel}:window`;
  const read = async (ref: string): Promise<WindowDoc | undefined> =>
    (
      await store.pool.query<{ doc: WindowDoc }>(
        'SELECT doc FROM channel_state WHERE kind = $1 AND ref = $2',
        [kind, ref],
      )
    ).rows[0]?.doc;
  return {
    async inbound(ref, at) {
      // The old row's template mark, read and replaced in one statement.
      const r = await store.pool.query<{ waiting: boolean }>(
        `WITH old AS (SELECT doc FROM channel_state WHERE kind = $1 AND ref = $2 FOR UPDATE),
           put AS (INSERT INTO channel_state (kind, ref, doc) VALUES ($1, $2, $3)
                   ON CONFLICT (kind, ref) DO UPDATE SET doc = excluded.doc)
         SELECT coalesce((SELECT doc ? 'templateSentAt' FROM old), false) AS waiting`,
        [kind, ref, JSON.stringify({ lastInboundAt: at })],
      );
      return r.rows[0]?.waiting ?? false;
    },
    async isOpen(ref, at) {
      const last = (await read(ref))?.lastInboundAt;
      return last !== undefined && at - last < WINDOW_MS;
    },
    async templatePending(ref) {
      return (await read(ref))?.templateSentAt !== undefined;
    },
    async templateSent(ref, at) {
      await store.pool.query(
        `INSERT INTO channel_state (kind, ref, doc) VALUES ($1, $2, $3)
         ON CONFLICT (kind, ref) DO UPDATE SET doc = channel_state.doc || excluded.doc`,
        [kind, ref, JSON.stringify({ templateSentAt: at })],
      );
    },
    async closed(ref) {
      await store.pool.query(
        `UPDATE channel_state SET doc = doc - 'lastInboundAt' WHERE kind = $1 AND ref = $2`,
        [kind, ref],
      );
    },
    async forget(ref) {
      await store.pool.query('DELETE FROM channel_state WHERE kind = $1 AND ref = $2', [kind, ref]);
    },
  };
}
