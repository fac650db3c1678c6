/**
 * The embedded default store: one JSON file under DATA_DIR, written atomically by lowdb.
 *
 * lowdb has one writer per file: run one bot process per DATA_DIR. Writes are serialised here,
 * and uses `Low` + `JSONFile` directly (JSONFilePreset keeps data in memory under NODE_ENV=test).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { DataStore, emptyStoreData, type StoreData } from './memory.ts';
import type { Store } from './port.ts';

export async function createLowdbStore(dataDir: string, fileName = 'bot.json'): Promise<Store> {
  await mkdir(dataDir, { recursive: true });
  const db = new Low<StoreData>(new JSONFile(path.join(dataDir, fileName)), emptyStoreData());
  await db.read();
  db.data = { ...emptyStoreData(), ...db.data };
  let chain: Promise<void> = Promise.resolve();
  const persist = () => {
    const next = chain.then(() => db.write());
    chain = next.catch(() => {});
    return next;
  };
  const store = new DataStore(db.data, persist);
  store.close = async () => {
    await chain;
  };
  return store;
}
