/**
 * The 24-hour customer-service window, per worker: WhatsApp lets a business send free-form messages
 * only within 24 hours of the worker's last message. The book remembers, per pseudonymous reference,
 * when the worker last wrote and whether the "a person has answered" template was sent since, in a
 * small JSON file (mode 0600, written atomically) so a restart does not forget a waiting answer.
 * It holds no phone number and no message text.
 *
 * @example
 * const windows = await openWindowBook({ file: path.join(DATA_DIR, 'whatsapp-cloud-windows.json') });
 * await windows.inbound(ref, Date.now());
 * windows.isOpen(ref, Date.now()); // true for the next 24 hours (less a safety margin)
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The window WhatsApp gives, less a margin so a message sent at 23:59 is not refused on the way. */
export const WINDOW_MS = 24 * 60 * 60 * 1000 - 5 * 60 * 1000;

interface Entry {
  /** When the worker last wrote (ms since the epoch). */
  lastInboundAt?: number;
  /** When the template was last sent to reopen the window, if after lastInboundAt. */
  templateSentAt?: number;
}

export interface WindowBook {
  /** The worker wrote: the window opens; returns true when a template was waiting for this reply. */
  inbound(ref: string, at: number): Promise<boolean>;
  isOpen(ref: string, at: number): boolean | Promise<boolean>;
  /** Whether a template was already sent since the worker last wrote. */
  templatePending(ref: string): boolean | Promise<boolean>;
  templateSent(ref: string, at: number): Promise<void>;
  /** WhatsApp refused a free-form message: the window is closed whatever the book thought. */
  closed(ref: string): Promise<void>;
  forget(ref: string): Promise<void>;
}

export async function openWindowBook(options: { file: string }): Promise<WindowBook> {
  const entries = new Map<string, Entry>(Object.entries(await load(options.file)));
  let writing: Promise<void> = Promise.resolve();

  function persist(): Promise<void> {
    const snapshot = JSON.stringify({ version: 1, entries: Object.fromEntries(entries) }) + '\n';
    writing = writing
      .catch(() => {})
      .then(async () => {
        await mkdir(path.dirname(options.file), { recursive: true });
        const tmp = `${options.file}.${process.pid}.tmp`;
        await writeFile(tmp, snapshot, { mode: 0o600 });
        await rename(tmp, options.file);
      });
    return writing;
  }

  return {
    async inbound(ref, at) {
      const entry = entries.get(ref) ?? {};
      const waiting = entry.templateSentAt !== undefined;
      entries.set(ref, { lastInboundAt: at });
      await persist();
      return waiting;
    },
    isOpen(ref, at) {
      const last = entries.get(ref)?.lastInboundAt;
      return last !== undefined && at - last < WINDOW_MS;
    },
    templatePending(ref) {
      return entries.get(ref)?.templateSentAt !== undefined;
    },
    async templateSent(ref, at) {
      entries.set(ref, { ...entries.get(ref), templateSentAt: at });
      await persist();
    },
    async closed(ref) {
      const entry = entries.get(ref);
      if (entry?.lastInboundAt === undefined) return;
      entries.set(ref, { templateSentAt: entry.templateSentAt });
      await persist();
    },
    async forget(ref) {
      if (entries.delete(ref)) await persist();
    },
  };
}

async function load(file: string): Promise<Record<string, Entry>> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`Cannot read the WhatsApp window file ${file}`, { cause: error });
  }
  try {
    const parsed = JSON.parse(raw) as { version?: number; entries?: Record<string, Entry> };
    if (parsed.version !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null)
      throw new Error('bad shape');
    return parsed.entries;
  } catch {
    throw new Error(`The WhatsApp window file ${file} is damaged; delete it to start afresh`);
  }
}
