/**
 * A lowdb adapter for one small document: written to a temporary file in the same folder, then
 * renamed over the old one, so a reader (or a process killed at any moment) sees either the old
 * document or the new one, never half of one. With `fsync`, the data and the rename are flushed
 * to disk before `write` resolves.
 */
import {
  readFileSync,
  rename as renameCb,
  renameSync,
  unlink as unlinkCb,
  writeFile as writeFileCb,
  writeFileSync,
} from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter, SyncAdapter } from 'lowdb';

export class AtomicTextFile implements Adapter<string> {
  constructor(
    readonly file: string,
    private readonly options: { fsync?: boolean } = {},
  ) {}

  async read(): Promise<string | null> {
    try {
      return await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async write(data: string): Promise<void> {
    await writeAtomic(this.file, data, this.options.fsync ?? false);
  }
}

let tmpSeq = 0;
const tmpName = (file: string) =>
  path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${++tmpSeq}.tmp`);

/**
 * Writes `data` to `file` through a temporary file and a rename. Without `fsync` it goes through
 * the callback API (no FileHandle per file): checkpoints write thousands of small documents.
 */
export async function writeAtomic(file: string, data: string, fsync: boolean): Promise<void> {
  const tmp = tmpName(file);
  if (!fsync) {
    await new Promise<void>((resolve, reject) =>
      writeFileCb(tmp, data, { mode: 0o600 }, (error) => {
        if (!error) return resolve();
        unlinkCb(tmp, () => reject(error));
      }),
    );
    await new Promise<void>((resolve, reject) => renameCb(tmp, file, (e) => (e ? reject(e) : resolve())));
    return;
  }
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await new Promise((resolve) => unlinkCb(tmp, resolve));
    throw error;
  }
  await handle.close();
  await new Promise<void>((resolve, reject) => renameCb(tmp, file, (e) => (e ? reject(e) : resolve())));
  await syncDir(path.dirname(file));
}

/** Flushes a folder's entries (a rename or an unlink in it) to disk. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The same document, read synchronously: a small file in the page cache is read faster than a trip
 * through libuv's thread pool, which the journal's flushes need.
 */
export class AtomicTextFileSync implements SyncAdapter<string> {
  constructor(readonly file: string) {}

  read(): string | null {
    try {
      return readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  write(data: string): void {
    const tmp = tmpName(this.file);
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
