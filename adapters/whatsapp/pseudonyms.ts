/**
 * Pseudonymous references for WhatsApp ids. A WhatsApp id (`34600111222@c.us`) is a phone number:
 * outside the WhatsApp adapter only its reference (`wa-…`, a keyed HMAC-SHA256) is ever seen — in
 * the core, the store, the staff desk and the logs. The adapter maps a reference back to the id
 * only to send a message, through a small JSON file (mode 0600, written atomically) so staff
 * replies still reach the worker after a restart.
 *
 * @example
 * const pseudonyms = await openPseudonymMap({ file: path.join(DATA_DIR, 'whatsapp-ids.json'), secret });
 * const ref = await pseudonyms.refFor('34600111222@c.us'); // 'wa-Jx3…'
 * pseudonyms.widFor(ref); // '34600111222@c.us'
 */
import { createHmac } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface PseudonymMap {
  /** The reference for a WhatsApp id; the pair is persisted the first time it is seen. */
  refFor(wid: string): Promise<string>;
  /** The WhatsApp id behind a reference, if this installation has seen it. */
  widFor(ref: string): string | undefined;
  /** Forgets the pair (the worker asked to be forgotten). */
  forget(ref: string): Promise<void>;
}

interface MapFile {
  version: 1;
  ids: Record<string, string>;
}

/** Thrown when the map file exists but cannot be read: refusing to start beats losing every worker's address. */
export class PseudonymFileError extends Error {
  override readonly name = 'PseudonymFileError';
}

/** The reference for `wid` under `secret`; stable across restarts and installations sharing the secret. */
export function whatsappRef(secret: string, wid: string): string {
  return 'wa-' + createHmac('sha256', secret).update(`whatsapp:${wid}`).digest('base64url').slice(0, 22);
}

export async function openPseudonymMap(options: { file: string; secret: string }): Promise<PseudonymMap> {
  if (options.secret.length < 16) throw new Error('The pseudonym secret must be at least 16 characters');
  const ids = new Map<string, string>(Object.entries(await load(options.file)));
  let writing: Promise<void> = Promise.resolve();

  /** Writes the whole map; writes are chained so the file always holds the latest complete map. */
  function persist(): Promise<void> {
    const snapshot: MapFile = { version: 1, ids: Object.fromEntries(ids) };
    writing = writing
      .catch(() => {})
      .then(async () => {
        await mkdir(path.dirname(options.file), { recursive: true });
        const tmp = `${options.file}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify(snapshot) + '\n', { mode: 0o600 });
        await rename(tmp, options.file);
      });
    return writing;
  }

  return {
    async refFor(wid) {
      const ref = whatsappRef(options.secret, wid);
      if (ids.get(ref) !== wid) {
        ids.set(ref, wid);
        await persist();
      }
      return ref;
    },
    widFor(ref) {
      return ids.get(ref);
    },
    async forget(ref) {
      if (ids.delete(ref)) await persist();
    },
  };
}

async function load(file: string): Promise<Record<string, string>> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new PseudonymFileError(`Cannot read the WhatsApp id map ${file}`, { cause: error });
  }
  try {
    const parsed = JSON.parse(raw) as Partial<MapFile>;
    if (parsed.version !== 1 || typeof parsed.ids !== 'object' || parsed.ids === null)
      throw new Error('bad shape');
    for (const [ref, wid] of Object.entries(parsed.ids))
      if (typeof wid !== 'string' || !ref.startsWith('wa-')) throw new Error('bad entry');
    return parsed.ids;
  } catch {
    // Names the file, never its content (it holds phone numbers; JSON.parse errors quote the text).
    throw new PseudonymFileError(`The WhatsApp id map ${file} is damaged; restore it from a backup`);
  }
}
