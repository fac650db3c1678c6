/**
 * The embedded default store, under DATA_DIR/store/: one small lowdb document per worker session,
 * ticket and outbox item, in sharded folders, plus a write-ahead journal.
 *
 * No write costs in proportion to the number of workers:
 * - a unit of work (one message) becomes one line appended to the journal, flushed (fdatasync)
 *   before it is acknowledged; units that commit together share one flush;
 * - documents are written later, in the background, by a checkpoint: each through a temporary file
 *   and a rename (atomic), then one file-system sync, and only then is the journal they came from
 *   deleted. A process killed at any moment restarts from the documents plus the journal, so nothing
 *   acknowledged is lost.
 * - Sessions are read from their file when needed (recent ones are cached); tickets, outbox items,
 *   message keys and unanswered questions are loaded at start and kept in memory with their indexes.
 * - Message keys are kept in a bounded, expiring map, appended to hourly files dropped when they
 *   expire.
 *
 * One process owns a data folder (a lock file says which); `readOnly` opens it beside a running
 * bot (the editors' CLI). A DATA_DIR/bot.json from the old single-file layout is imported at first
 * start and then deleted.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fdatasync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Low, LowSync } from 'lowdb';
import { LRUCache } from 'lru-cache';
import { AtomicTextFile, AtomicTextFileSync, syncDir, writeAtomic } from './atomic-file.ts';
import {
  MAX_SEEN,
  MAX_UNANSWERED,
  SEEN_TTL_MS,
  SeenKeys,
  TicketIndex,
  deskKey,
  ownedBy,
  sortOutbox,
  sortTickets,
} from './memory.ts';
import type {
  Erased,
  OutboxItem,
  Purged,
  Session,
  Store,
  Ticket,
  TicketStatus,
  TrendDimension,
  TrendEvent,
  TrendFilter,
  UnansweredRecord,
} from './port.ts';
import { countTrends, trendFromTuple, trendTuple, type TrendTuple } from './trends.ts';
import { Units } from './unit.ts';

export interface FileStoreOptions {
  /** Open beside the process that owns the folder: read what is there, change nothing. */
  readOnly?: boolean;
  /** Sessions kept in memory after they were read or written. Default 20,000. */
  sessionCache?: number;
  /** Checkpoint when the journal reaches this size (bytes). Default 32 MB. */
  journalLimit?: number;
  /** Write changed documents at most this often (ms). Default 2 s. */
  checkpointEveryMs?: number;
  /**
   * Make the written documents durable (one file-system sync) and drop the journal they came from
   * at most this often (ms), else when the journal passes `journalLimit`, and on close. Default 30 s:
   * a file-system sync also waits for every other writer on the disk, so it is done rarely; the
   * journal keeps everything until then.
   */
  syncEveryMs?: number;
  now?: () => number;
}

type StoredUnanswered = UnansweredRecord & { id: number };

/** One change, as written in the journal. */
type Op =
  | ['s', string, string | null]
  | ['t', string, Ticket | null]
  | ['o', string, OutboxItem | null]
  | ['k', string, number, string | null]
  | ['u', StoredUnanswered]
  | ['f', string]
  | ['p', string]
  /** A trend event: its id (so a line written twice after a crash counts once), week and fields. */
  | ['r', string, string, TrendTuple]
  /** /forget: drop the trend events with this worker key. */
  | ['e', string];

/** A trend event as kept on disk: one line `[id, ...fields]` in trends/<week>.jsonl. */
interface StoredTrend {
  id: string;
  week: string;
  t: TrendTuple;
}

/** Trend events counted by week and fields (the embedded store loads them on first use). */
type TrendCells = Map<string, Map<string, { t: TrendTuple; n: number }>>;

const trendFileOf = (week: string) => `${week}.jsonl`;
const weekOfTrendFile = (file: string) => /^(\d{4}-W\d{2})\.jsonl$/.exec(file)?.[1];

interface Stage {
  ops: Op[];
  sessions: Map<string, string | null>;
  tickets: Map<string, Ticket | null>;
  outbox: Map<string, OutboxItem | null>;
  seen: Set<string>;
}

const KINDS = ['sessions', 'tickets', 'outbox'] as const;
type Kind = (typeof KINDS)[number];

const clone = <T>(v: T): T => structuredClone(v);

/** 256 folders per kind, so no folder holds more than a few hundred files at 100,000 workers. */
export function shardOf(id: string): string {
  return createHash('sha1').update(id).digest('hex').slice(0, 2);
}

const fileName = (id: string) => `${encodeURIComponent(id)}.json`;
const idOf = (file: string) => decodeURIComponent(file.slice(0, -'.json'.length));

const seenFileFor = (at: number) => `${new Date(at).toISOString().slice(0, 13).replace(/[-T]/g, '')}.jsonl`;
const seenFileHour = (file: string) => {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})\.jsonl$/.exec(file);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!) : undefined;
};

const datasync = promisify(fdatasync);

/**
 * A unit's changes as one journal line. A session is already JSON text: it goes in as it is, not
 * encoded a second time as a string (replay reads either form).
 */
function journalLine(ops: Op[]): string {
  let line = '[';
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (i > 0) line += ',';
    line += op[0] === 's' && op[2] !== null ? `["s",${JSON.stringify(op[1])},${op[2]}]` : JSON.stringify(op);
  }
  return line + ']';
}

/** The append-only journal: one segment file at a time, flushed in groups. */
class Journal {
  fd = -1;
  segment = 0;
  bytes = 0;
  private readonly old: number[] = [];
  private waiters: { fd: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing = false;
  /** The folder's entry for the newest segment is on disk (a flush of the file alone does not say so). */
  private created: Promise<void> = Promise.resolve();
  /** The next segment, created ahead of time. */
  prepared: { n: number; fd: number; created: Promise<void> } | undefined;

  constructor(private readonly dir: string) {}

  static segmentName(n: number) {
    return `journal-${String(n).padStart(8, '0')}.log`;
  }

  /**
   * Moves on to segment `n`. The next segment is created ahead of time, so the first unit written
   * after a rotation does not wait for the folder's flush on top of its own.
   */
  openSegment(n: number) {
    if (this.fd >= 0) this.old.push(this.fd);
    let ready = this.prepared;
    if (ready?.n !== n) {
      if (ready) closeSync(ready.fd); // an empty file, skipped by replay and deleted by a checkpoint
      ready = this.create(n);
    }
    this.segment = n;
    this.fd = ready.fd;
    this.created = ready.created;
    this.bytes = 0;
    this.prepared = this.create(n + 1);
  }

  private create(n: number) {
    const fd = openSync(path.join(this.dir, Journal.segmentName(n)), 'a', 0o600);
    const created = syncDir(this.dir);
    created.catch(() => {}); // reported to the flushes that wait on it
    return { n, fd, created };
  }

  append(line: string) {
    const buf = Buffer.from(line + '\n', 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off);
    this.bytes += buf.length;
    return buf.length;
  }

  /** Resolves once everything appended so far is on disk; concurrent callers share a flush. */
  sync(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ fd: this.fd, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    if (this.flushing || this.waiters.length === 0) return;
    this.flushing = true;
    const batch = this.waiters.splice(0);
    const fds = [...new Set(batch.map((w) => w.fd))];
    Promise.all([this.created, ...fds.map((fd) => datasync(fd))])
      .then(
        () => batch.forEach((w) => w.resolve()),
        (error) => batch.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        this.flushing = false;
        this.pump();
      });
  }

  /** Closes segments replaced by a rotation, once no flush waits on them. */
  async closeOld() {
    await this.sync();
    for (const fd of this.old.splice(0)) closeSync(fd);
  }

  close() {
    for (const fd of this.old.splice(0)) closeSync(fd);
    if (this.prepared) closeSync(this.prepared.fd);
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Flushes the whole file system holding `dir` (one syncfs), else each of `files`. */
async function syncFileSystem(dir: string, files: string[]) {
  try {
    await promisify(execFile)('sync', ['-f', dir]);
  } catch {
    await eachLimited(files, 8, async (file) => {
      const handle = await open(file, 'r').catch(() => undefined);
      if (!handle) return;
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
    for (const d of new Set(files.map((f) => path.dirname(f)))) {
      const handle = await open(d, 'r');
      await handle.sync().finally(() => handle.close());
    }
  }
}

export class FileStore implements Store {
  readonly root: string;
  private readonly journal: Journal;
  private readonly now: () => number;
  private readonly units: Units<Stage>;
  // Sessions: changed since the last checkpoint, being written by it, recently used.
  private dirtySessions = new Map<string, string | null>();
  private flushingSessions = new Map<string, string | null>();
  private readonly cache: LRUCache<string, string>;
  // Tickets and outbox items: all in memory.
  private readonly tickets = new Map<string, Ticket>();
  private readonly index = new TicketIndex();
  private meta: Record<string, string> = {};
  private readonly outbox = new Map<string, OutboxItem>();
  private dirtyTickets = new Set<string>();
  private dirtyOutbox = new Set<string>();
  /** Ticket and outbox documents that exist as files (a deleted item never written needs no unlink). */
  private readonly onDisk = { tickets: new Set<string>(), outbox: new Set<string>() };
  /** Shard folders known to exist. */
  private readonly madeDirs = new Set<string>();
  private readonly seen = new SeenKeys();
  private newSeen: [string, number, string | null][] = [];
  private seenLinesOnDisk = 0;
  /** Hourly key files holding keys of erased workers: rewritten without them at the next checkpoint. */
  private eraseSeen = new Map<string, Set<string>>();
  private unanswered: StoredUnanswered[] = [];
  private newUnanswered: StoredUnanswered[] = [];
  private unansweredLinesOnDisk = 0;
  private rewriteUnanswered = false;
  private unansweredSeq = 0;
  // Trend events: appended to a file per week at checkpoints; counted in memory once asked for.
  private newTrends: StoredTrend[] = [];
  private flushingTrends: StoredTrend[] = [];
  private eraseTrendKeys = new Set<string>();
  private trendCells: TrendCells | undefined;
  private checkpointing: Promise<void> | undefined;
  private lastSync = 0;
  /** Files written by checkpoints since the last sync (the fallback when there is no `sync -f`). */
  private unsyncedFiles: string[] = [];
  /** Journal bytes written since the last sync (what a restart would replay). */
  private unsynced = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private lockFile: string | undefined;

  constructor(
    dataDir: string,
    private readonly options: FileStoreOptions = {},
  ) {
    this.root = path.join(dataDir, 'store');
    this.journal = new Journal(this.root);
    this.now = options.now ?? Date.now;
    this.cache = new LRUCache({ max: options.sessionCache ?? 20_000 });
    this.units = new Units<Stage>({
      begin: () => ({ ops: [], sessions: new Map(), tickets: new Map(), outbox: new Map(), seen: new Set() }),
      // A unit's changes are staged (reads inside it see them) and written only when it succeeds:
      // a unit that fails leaves nothing, as a rolled-back transaction would.
      commit: async (stage) => {
        await this.commit(stage.ops);
        // An erasure is acknowledged only once nothing on disk names the worker: the documents are
        // rewritten without them and the journal segments that held their words are deleted now, not
        // at the next periodic sync (up to 30 s later).
        if (stage.ops.some((op) => op[0] === 'f')) await this.checkpoint(true);
      },
      rollback: async () => {},
    });
  }

  // ── Opening ─────────────────────────────────────────────────────────────────────────────────

  async open(dataDir: string): Promise<void> {
    if (!this.options.readOnly) {
      for (const kind of KINDS) await mkdir(path.join(this.root, kind), { recursive: true });
      await mkdir(path.join(this.root, 'seen'), { recursive: true });
      await mkdir(path.join(this.root, 'trends'), { recursive: true });
      await this.takeLock();
    }
    this.meta = JSON.parse(
      (await readFile(path.join(this.root, 'meta.json'), 'utf8').catch(() => '')) || '{}',
    ) as Record<string, string>;
    await Promise.all([
      this.loadAll('tickets'),
      this.loadAll('outbox'),
      this.loadSeen(),
      this.loadUnanswered(),
    ]);
    const replayed = await this.replay();
    if (this.options.readOnly) return;
    this.journal.openSegment(this.journal.segment + 1);
    const imported = await this.importLegacy(dataDir);
    if (replayed || imported) await this.checkpoint();
    if (imported) await rm(path.join(dataDir, 'bot.json'), { force: true });
    this.lastSync = this.now();
    const every = this.options.checkpointEveryMs ?? 2000;
    const syncEvery = this.options.syncEveryMs ?? 30_000;
    this.timer = setInterval(() => {
      const syncDue = this.unsynced > 0 && this.now() - this.lastSync >= syncEvery;
      if (this.hasChanges() || syncDue) void this.checkpoint(syncDue).catch(() => {});
    }, every);
    this.timer.unref();
  }

  private async takeLock() {
    const file = path.join(this.root, 'LOCK');
    try {
      const pid = Number((await readFile(file, 'utf8')).trim());
      if (pid && pid !== process.pid) {
        let alive = true;
        try {
          process.kill(pid, 0);
        } catch {
          alive = false;
        }
        if (alive)
          throw new Error(
            `the data folder ${path.dirname(this.root)} is used by another bot process (pid ${pid}); run one process per DATA_DIR, or use DATABASE_URL for several`,
          );
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await writeFile(file, `${process.pid}\n`, { mode: 0o600 });
    this.lockFile = file;
  }

  private async docFiles(kind: Kind): Promise<string[]> {
    const dir = path.join(this.root, kind);
    const shards = await readdir(dir).catch(() => [] as string[]);
    const lists = await Promise.all(
      shards.map(async (s) =>
        (await readdir(path.join(dir, s)).catch(() => [] as string[]))
          .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
          .map((f) => path.join(dir, s, f)),
      ),
    );
    return lists.flat();
  }

  private async loadAll(kind: 'tickets' | 'outbox') {
    // Read synchronously: at start nothing else waits, and small files come faster this way.
    for (const file of await this.docFiles(kind)) {
      const db = new LowSync<string>(new AtomicTextFileSync(file), '');
      db.read();
      if (!db.data) continue;
      const doc = JSON.parse(db.data);
      if (kind === 'tickets') this.setTicket(doc as Ticket);
      else this.outbox.set((doc as OutboxItem).id, doc as OutboxItem);
      this.onDisk[kind].add(kind === 'tickets' ? (doc as Ticket).id : (doc as OutboxItem).id);
    }
  }

  private async loadSeen() {
    const dir = path.join(this.root, 'seen');
    const files = (await readdir(dir).catch(() => [] as string[])).filter(
      (f) => seenFileHour(f) !== undefined,
    );
    const now = this.now();
    for (const file of files.sort()) {
      if (now - seenFileHour(file)! > SEEN_TTL_MS + 3600_000) {
        if (!this.options.readOnly) await unlink(path.join(dir, file)).catch(() => {});
        continue;
      }
      for (const line of (await readFile(path.join(dir, file), 'utf8')).split('\n')) {
        if (!line) continue;
        try {
          const [key, at, owner] = JSON.parse(line) as [string, number, string | null];
          this.seen.add(key, at, owner ?? undefined);
          this.seenLinesOnDisk++;
        } catch {
          // a line cut short by a crash during a checkpoint: its journal is still there
        }
      }
    }
    this.seen.expire(now);
  }

  private async loadUnanswered() {
    const text = await readFile(path.join(this.root, 'unanswered.jsonl'), 'utf8').catch(() => '');
    const byId = new Map<number, StoredUnanswered>();
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const r = JSON.parse(line) as StoredUnanswered;
        byId.set(r.id, r);
        this.unansweredLinesOnDisk++;
      } catch {
        // cut short by a crash: the journal has it
      }
    }
    this.unanswered = [...byId.values()].sort((a, b) => a.id - b.id).slice(-MAX_UNANSWERED);
    this.unansweredSeq = this.unanswered.at(-1)?.id ?? 0;
  }

  /** Applies the journal left by the last run (all of it when it ended without a checkpoint). */
  private async replay(): Promise<boolean> {
    const segments = (await readdir(this.root).catch(() => [] as string[]))
      .map((f) => /^journal-(\d{8})\.log$/.exec(f))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    let any = false;
    for (const n of segments) {
      this.journal.segment = Math.max(this.journal.segment, n);
      const lines = (await readFile(path.join(this.root, Journal.segmentName(n)), 'utf8')).split('\n');
      for (const line of lines) {
        if (!line) continue;
        let ops: Op[];
        try {
          ops = JSON.parse(line) as Op[];
        } catch {
          continue; // the last line of a segment, cut short by a crash: never acknowledged
        }
        for (const op of ops) {
          // Sessions are written as JSON (earlier versions: as a string holding JSON).
          if (op[0] === 's' && op[2] !== null && typeof op[2] === 'object') op[2] = JSON.stringify(op[2]);
          this.apply(op);
        }
        any = true;
      }
    }
    return any;
  }

  /** Imports DATA_DIR/bot.json, the single-file layout of earlier versions. */
  private async importLegacy(dataDir: string): Promise<boolean> {
    const file = path.join(dataDir, 'bot.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return false;
    }
    const old = JSON.parse(text) as {
      sessions?: Record<string, Session>;
      tickets?: Record<string, Ticket>;
      unanswered?: UnansweredRecord[];
      outbox?: Record<string, OutboxItem>;
    };
    // Message keys of the old layout held chat ids and can never match a new key: not imported.
    const ops: Op[] = [
      ...Object.values(old.sessions ?? {}).map((s): Op => ['s', s.ref, JSON.stringify(s)]),
      ...Object.values(old.tickets ?? {}).map((t): Op => ['t', t.id, t]),
      ...Object.values(old.outbox ?? {}).map((o): Op => ['o', o.id, o]),
      ...(old.unanswered ?? []).map((u, i): Op => ['u', { ...u, id: this.unansweredSeq + i + 1 }]),
    ];
    await this.commit(ops);
    return true;
  }

  // ── Changes ─────────────────────────────────────────────────────────────────────────────────

  private hasChanges() {
    return (
      this.dirtySessions.size > 0 ||
      this.dirtyTickets.size > 0 ||
      this.dirtyOutbox.size > 0 ||
      this.newSeen.length > 0 ||
      this.newUnanswered.length > 0 ||
      this.newTrends.length > 0 ||
      this.eraseTrendKeys.size > 0 ||
      this.eraseSeen.size > 0 ||
      this.rewriteUnanswered
    );
  }

  /** Applies a change to memory (marking what the next checkpoint writes). */
  private apply(op: Op) {
    switch (op[0]) {
      case 's':
        this.dirtySessions.set(op[1], op[2]);
        this.cache.delete(op[1]);
        break;
      case 't':
        if (op[2]) this.setTicket(op[2]);
        else this.dropTicket(op[1]);
        this.dirtyTickets.add(op[1]);
        break;
      case 'o':
        if (op[2]) this.outbox.set(op[1], op[2]);
        else this.outbox.delete(op[1]);
        this.dirtyOutbox.add(op[1]);
        break;
      case 'k':
        this.seen.add(op[1], op[2], op[3] ?? undefined);
        this.newSeen.push([op[1], op[2], op[3]]);
        break;
      case 'u':
        this.unanswered.push(op[1]);
        this.unansweredSeq = Math.max(this.unansweredSeq, op[1].id);
        this.newUnanswered.push(op[1]);
        if (this.unanswered.length > MAX_UNANSWERED)
          this.unanswered.splice(0, this.unanswered.length - MAX_UNANSWERED);
        break;
      case 'f': {
        // A key is in the file of the hour it was seen (or, written by an earlier version, the next).
        for (const [, v] of this.seen.forget(op[1]))
          for (const file of [seenFileFor(v.at), seenFileFor(v.at + 3600_000)]) {
            let owners = this.eraseSeen.get(file);
            if (!owners) this.eraseSeen.set(file, (owners = new Set()));
            owners.add(op[1]);
          }
        const before = this.unanswered.length;
        this.unanswered = this.unanswered.filter((r) => r.workerRef !== op[1]);
        if (before !== this.unanswered.length) this.rewriteUnanswered = true;
        this.newSeen = this.newSeen.filter((k) => k[2] !== op[1]);
        this.newUnanswered = this.newUnanswered.filter((r) => r.workerRef !== op[1]);
        break;
      }
      case 'p': {
        const before = this.unanswered.length;
        this.unanswered = this.unanswered.filter((r) => r.at >= op[1]);
        if (before !== this.unanswered.length) this.rewriteUnanswered = true;
        break;
      }
      case 'r': {
        const stored: StoredTrend = { id: op[1], week: op[2], t: op[3] };
        this.newTrends.push(stored);
        if (this.trendCells) addTrend(this.trendCells, stored.week, stored.t, 1);
        break;
      }
      case 'e': {
        const key = op[1];
        this.eraseTrendKeys.add(key);
        this.newTrends = this.newTrends.filter((x) => x.t[6] !== key);
        if (this.trendCells)
          for (const cells of this.trendCells.values())
            for (const [k, c] of cells) if (c.t[6] === key) cells.delete(k);
        break;
      }
    }
  }

  private setTicket(t: Ticket) {
    this.index.update(t.id, this.tickets.get(t.id), t);
    this.tickets.set(t.id, t);
  }

  private dropTicket(id: string) {
    const prev = this.tickets.get(id);
    if (!prev) return;
    this.index.update(id, prev, undefined);
    this.tickets.delete(id);
  }

  /** Writes a unit's changes as one journal line, applies them, and waits until they are on disk. */
  private async commit(ops: Op[]) {
    if (ops.length === 0) return;
    if (this.options.readOnly) throw new Error('the store was opened read-only');
    if (this.closed) throw new Error('the store is closed');
    this.unsynced += this.journal.append(journalLine(ops));
    for (const op of ops) this.apply(op);
    await this.journal.sync();
    if (this.unsynced > (this.options.journalLimit ?? 32 * 1024 * 1024) && !this.checkpointing)
      void this.checkpoint().catch(() => {});
  }

  /** Records a change in the current unit of work, or commits it alone. */
  private async change(op: Op) {
    const stage = this.units.current()?.state;
    if (!stage) return this.commit([op]);
    stage.ops.push(op);
    if (op[0] === 's') stage.sessions.set(op[1], op[2]);
    else if (op[0] === 't') stage.tickets.set(op[1], op[2]);
    else if (op[0] === 'o') stage.outbox.set(op[1], op[2]);
    else if (op[0] === 'k') stage.seen.add(op[1]);
  }

  private stage(): Stage | undefined {
    return this.units.current()?.state;
  }

  // ── Checkpoints ─────────────────────────────────────────────────────────────────────────────

  /**
   * Writes changed documents; with `sync` (the default) then makes them durable and drops the
   * journal they came from. Without it the journal stays until a later sync: a process killed
   * before then replays it.
   */
  checkpoint(sync = true): Promise<void> {
    if (this.options.readOnly) return Promise.resolve();
    if (this.checkpointing) return this.checkpointing.then(() => this.checkpoint(sync));
    this.checkpointing = this.runCheckpoint(sync).finally(() => {
      this.checkpointing = undefined;
    });
    return this.checkpointing;
  }

  private async runCheckpoint(sync: boolean) {
    const upTo = this.journal.segment;
    this.journal.openSegment(upTo + 1);
    const sessions = (this.flushingSessions = this.dirtySessions);
    this.dirtySessions = new Map();
    const tickets = this.dirtyTickets;
    const outbox = this.dirtyOutbox;
    this.dirtyTickets = new Set();
    this.dirtyOutbox = new Set();
    const seen = this.newSeen;
    const unanswered = this.newUnanswered;
    this.newSeen = [];
    this.newUnanswered = [];
    const eraseSeen = this.eraseSeen;
    this.eraseSeen = new Map();
    const rewriteUnanswered = this.rewriteUnanswered;
    this.rewriteUnanswered = false;
    const trends = (this.flushingTrends = this.newTrends);
    const eraseTrends = this.eraseTrendKeys;
    this.newTrends = [];
    this.eraseTrendKeys = new Set();
    const written: string[] = [];
    try {
      const docs: [Kind, string, string | null][] = [
        ...[...sessions].map(([id, v]): [Kind, string, string | null] => ['sessions', id, v]),
        ...[...tickets].map((id): [Kind, string, string | null] => {
          const t = this.tickets.get(id);
          return ['tickets', id, t ? JSON.stringify(t) : null];
        }),
        ...[...outbox].map((id): [Kind, string, string | null] => {
          const o = this.outbox.get(id);
          return ['outbox', id, o ? JSON.stringify(o) : null];
        }),
      ];
      // Two at a time: libuv's four threads also serve the journal's flushes, which messages wait on.
      await eachLimited(docs, 2, async ([kind, id, value]) => {
        const dir = path.join(this.root, kind, shardOf(id));
        const file = path.join(dir, fileName(id));
        const known = kind === 'sessions' ? undefined : this.onDisk[kind];
        if (value === null) {
          if (known && !known.has(id)) return; // created and deleted between two checkpoints
          await unlink(file).catch(() => {});
          known?.delete(id);
          written.push(dir);
          return;
        }
        if (!this.madeDirs.has(dir)) {
          await mkdir(dir, { recursive: true });
          this.madeDirs.add(dir);
        }
        const db = new Low<string>(new AtomicTextFile(file), value);
        await db.write();
        known?.add(id);
        written.push(file);
      });
      written.push(...(await this.flushSeen(seen, eraseSeen)));
      written.push(...(await this.flushUnanswered(unanswered, rewriteUnanswered)));
      written.push(...(await this.flushTrends(trends, eraseTrends)));
      if (sync) {
        this.lastSync = this.now();
        await syncFileSystem(this.root, [...written, ...this.unsyncedFiles]);
        this.unsyncedFiles = [];
      } else this.unsyncedFiles.push(...written);
      await this.journal.closeOld();
      if (sync) {
        // Every document of the segments up to `upTo` is on disk: they are no longer needed.
        const left = (await readdir(this.root))
          .map((f) => /^journal-(\d{8})\.log$/.exec(f))
          .filter((m): m is RegExpExecArray => !!m && Number(m[1]) <= upTo);
        for (const m of left) await unlink(path.join(this.root, m[0]));
        this.unsynced = this.journal.bytes;
      }
      for (const [ref, v] of sessions) if (v !== null && !this.dirtySessions.has(ref)) this.cache.set(ref, v);
      this.flushingSessions = new Map();
      this.flushingTrends = [];
    } catch (error) {
      // Nothing is lost (the journal is kept): put the changes back for the next checkpoint.
      for (const [ref, v] of sessions) if (!this.dirtySessions.has(ref)) this.dirtySessions.set(ref, v);
      this.flushingSessions = new Map();
      for (const id of tickets) this.dirtyTickets.add(id);
      for (const id of outbox) this.dirtyOutbox.add(id);
      this.newSeen.unshift(...seen);
      this.newUnanswered.unshift(...unanswered);
      // Lines already appended are counted once (by id) when read back.
      this.newTrends.unshift(...trends.filter((x) => !this.eraseTrendKeys.has(x.t[6])));
      this.flushingTrends = [];
      for (const key of eraseTrends) this.eraseTrendKeys.add(key);
      for (const [file, owners] of eraseSeen)
        for (const o of owners) {
          let set = this.eraseSeen.get(file);
          if (!set) this.eraseSeen.set(file, (set = new Set()));
          set.add(o);
        }
      this.rewriteUnanswered ||= rewriteUnanswered;
      throw error;
    }
  }

  private async flushSeen(
    added: [string, number, string | null][],
    erase: Map<string, Set<string>>,
  ): Promise<string[]> {
    const dir = path.join(this.root, 'seen');
    const now = this.now();
    const files = (await readdir(dir)).filter((f) => seenFileHour(f) !== undefined);
    const out: string[] = [];
    if (this.seenLinesOnDisk + added.length > 2 * MAX_SEEN) {
      // The files hold far more than is remembered (keys dropped by the bound): one fresh file.
      this.seen.expire(now);
      const lines = [...this.seen.map].map(([k, v]) => JSON.stringify([k, v.at, v.owner ?? null]) + '\n');
      const file = path.join(dir, seenFileFor(now));
      await writeAtomic(file, lines.join(''), false);
      for (const f of files) if (path.join(dir, f) !== file) await unlink(path.join(dir, f)).catch(() => {});
      this.seenLinesOnDisk = lines.length;
      return [file, dir];
    }
    // After an erasure: only the hours that held the worker's keys are rewritten, without them.
    for (const [name, owners] of erase) {
      if (!files.includes(name)) continue;
      const file = path.join(dir, name);
      const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
      const kept = lines.filter((l) => {
        try {
          const owner = (JSON.parse(l) as [string, number, string | null])[2];
          return !(owner && owners.has(owner));
        } catch {
          return false; // a line cut short by a crash: its journal has it
        }
      });
      if (kept.length === lines.length) continue;
      await writeAtomic(file, kept.map((l) => l + '\n').join(''), false);
      this.seenLinesOnDisk -= lines.length - kept.length;
      out.push(file, dir);
    }
    // Each key goes to the file of the hour it was seen.
    const byFile = new Map<string, string[]>();
    for (const k of added) {
      const name = seenFileFor(k[1]);
      let lines = byFile.get(name);
      if (!lines) byFile.set(name, (lines = []));
      lines.push(JSON.stringify(k) + '\n');
    }
    for (const [name, lines] of byFile) {
      const file = path.join(dir, name);
      await writeFile(file, lines.join(''), { flag: 'a', mode: 0o600 });
      this.seenLinesOnDisk += lines.length;
      out.push(file);
    }
    for (const f of files)
      if (now - seenFileHour(f)! > SEEN_TTL_MS + 3600_000) {
        await unlink(path.join(dir, f)).catch(() => {});
        out.push(dir);
      }
    return out;
  }

  private async flushUnanswered(added: StoredUnanswered[], rewrite: boolean): Promise<string[]> {
    const file = path.join(this.root, 'unanswered.jsonl');
    if (rewrite || this.unansweredLinesOnDisk + added.length > 2 * MAX_UNANSWERED) {
      await writeAtomic(file, this.unanswered.map((r) => JSON.stringify(r) + '\n').join(''), false);
      this.unansweredLinesOnDisk = this.unanswered.length;
      return [file];
    }
    if (added.length === 0) return [];
    await writeFile(file, added.map((r) => JSON.stringify(r) + '\n').join(''), { flag: 'a', mode: 0o600 });
    this.unansweredLinesOnDisk += added.length;
    return [file];
  }

  /**
   * Rewrites the week files that hold an erased worker key without its lines (after /forget), then
   * appends the new events to their week's file.
   */
  private async flushTrends(added: StoredTrend[], erase: Set<string>): Promise<string[]> {
    const dir = path.join(this.root, 'trends');
    const out: string[] = [];
    if (erase.size > 0) {
      for (const file of await readdir(dir)) {
        if (!weekOfTrendFile(file)) continue;
        const text = await readFile(path.join(dir, file), 'utf8');
        const lines = text.split('\n').filter((line) => line);
        const kept = lines.filter((line) => {
          try {
            return !erase.has((JSON.parse(line) as [string, ...TrendTuple])[7]);
          } catch {
            return false; // cut short by a crash: its event is in a journal that was replayed
          }
        });
        if (kept.length === lines.length) continue;
        await writeAtomic(path.join(dir, file), kept.map((l) => l + '\n').join(''), false);
        out.push(path.join(dir, file));
      }
    }
    const byWeek = new Map<string, string[]>();
    for (const x of added) {
      if (erase.has(x.t[6])) continue;
      let lines = byWeek.get(x.week);
      if (!lines) byWeek.set(x.week, (lines = []));
      lines.push(JSON.stringify([x.id, ...x.t]));
    }
    for (const [week, lines] of byWeek) {
      const file = path.join(dir, trendFileOf(week));
      // A line cut short by a crash must not swallow the first new one.
      const lead = (await endsWithoutNewline(file)) ? '\n' : '';
      await writeFile(file, lead + lines.map((l) => l + '\n').join(''), { flag: 'a', mode: 0o600 });
      out.push(file);
    }
    return out;
  }

  /**
   * Counts of every trend event, loaded from the week files at first use (synchronously, after any
   * checkpoint in progress, so no event is read twice or missed), then kept up to date by apply().
   */
  private async trendsLoaded(): Promise<TrendCells> {
    while (!this.trendCells && this.checkpointing) await this.checkpointing.catch(() => {});
    if (this.trendCells) return this.trendCells;
    const cells: TrendCells = new Map();
    const seen = new Set<string>();
    const dir = path.join(this.root, 'trends');
    let files: string[] = [];
    try {
      files = readdirSync(dir);
    } catch {
      // no trends yet
    }
    for (const file of files.sort()) {
      const week = weekOfTrendFile(file);
      if (!week) continue;
      for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
        if (!line) continue;
        let row: [string, ...TrendTuple];
        try {
          row = JSON.parse(line) as [string, ...TrendTuple];
        } catch {
          continue;
        }
        const [id, ...t] = row;
        if (seen.has(id) || this.eraseTrendKeys.has(t[6])) continue;
        seen.add(id);
        addTrend(cells, week, t, 1);
      }
    }
    for (const x of [...this.flushingTrends, ...this.newTrends])
      if (!seen.has(x.id) && !this.eraseTrendKeys.has(x.t[6])) {
        seen.add(x.id);
        addTrend(cells, x.week, x.t, 1);
      }
    this.trendCells = cells;
    return cells;
  }

  async recordTrend(event: TrendEvent) {
    await this.change(['r', randomBytes(9).toString('base64url'), event.week, trendTuple(event)]);
  }

  async trendCounts(filter: TrendFilter, by: TrendDimension) {
    const cells = await this.trendsLoaded();
    const events: [TrendEvent, number][] = [];
    for (const [week, m] of cells) {
      if ((filter.from && week < filter.from) || (filter.to && week > filter.to)) continue;
      for (const c of m.values()) events.push([trendFromTuple(week, c.t), c.n]);
    }
    return countTrends(events, filter, by);
  }

  // ── Sessions ────────────────────────────────────────────────────────────────────────────────

  private async sessionText(ref: string): Promise<string | null> {
    const stage = this.stage();
    if (stage?.sessions.has(ref)) return stage.sessions.get(ref)!;
    if (this.dirtySessions.has(ref)) return this.dirtySessions.get(ref)!;
    if (this.flushingSessions.has(ref)) return this.flushingSessions.get(ref)!;
    const cached = this.cache.get(ref);
    if (cached !== undefined) return cached;
    const db = new LowSync<string>(new AtomicTextFileSync(this.docPath('sessions', ref)), '');
    db.read();
    if (db.data) this.cache.set(ref, db.data);
    return db.data || null;
  }

  private docPath(kind: Kind, id: string) {
    return path.join(this.root, kind, shardOf(id), fileName(id));
  }

  async getSession(ref: string) {
    const text = await this.sessionText(ref);
    return text ? (JSON.parse(text) as Session) : undefined;
  }
  async putSession(session: Session) {
    await this.change(['s', session.ref, JSON.stringify(session)]);
  }
  async deleteSession(ref: string) {
    await this.change(['s', ref, null]);
  }

  // ── Tickets ─────────────────────────────────────────────────────────────────────────────────

  private ticket(id: string): Ticket | undefined {
    const stage = this.stage();
    if (stage?.tickets.has(id)) return stage.tickets.get(id) ?? undefined;
    return this.tickets.get(id);
  }

  async getTicket(id: string) {
    const t = this.ticket(id);
    return t ? clone(t) : undefined;
  }
  async putTicket(ticket: Ticket) {
    await this.change(['t', ticket.id, clone(ticket)]);
  }
  async listTickets(filter: { status?: TicketStatus[]; workerRef?: string } = {}) {
    const stage = this.stage();
    // Through the indexes: a worker's tickets, or the tickets of some statuses (the desk's open ones).
    const ids = new Set<string>(
      filter.workerRef
        ? (this.index.byWorker.get(filter.workerRef) ?? [])
        : filter.status
          ? filter.status.flatMap((st) => [...(this.index.byStatus.get(st) ?? [])])
          : this.tickets.keys(),
    );
    for (const id of stage?.tickets.keys() ?? []) ids.add(id);
    const list: Ticket[] = [];
    for (const id of ids) {
      const t = this.ticket(id);
      if (!t) continue;
      if (filter.status && !filter.status.includes(t.status)) continue;
      if (filter.workerRef && t.workerRef !== filter.workerRef) continue;
      list.push(t);
    }
    return sortTickets(list).map(clone);
  }
  async findTicketByDesk(key: string, value: string) {
    const ids = new Set(this.index.byDesk.get(deskKey(key, value)) ?? []);
    for (const id of this.stage()?.tickets.keys() ?? []) ids.add(id);
    const list: Ticket[] = [];
    for (const id of ids) {
      const t = this.ticket(id);
      if (t?.desk?.[key] === value) list.push(t);
    }
    const first = sortTickets(list)[0];
    return first ? clone(first) : undefined;
  }
  async deleteTicketsOf(workerRef: string) {
    return this.atomically(async () => {
      const mine = await this.listTickets({ workerRef });
      for (const t of mine) await this.change(['t', t.id, null]);
      for (const item of this.outboxItems())
        if (ownedBy(item, workerRef)) await this.change(['o', item.id, null]);
      return mine.length;
    });
  }

  // ── Unanswered ──────────────────────────────────────────────────────────────────────────────

  async addUnanswered(record: UnansweredRecord) {
    await this.change(['u', { ...clone(record), id: ++this.unansweredSeq }]);
  }
  async listUnanswered() {
    return this.unanswered.map(({ id: _id, workerRef: _ref, ...r }) => clone(r));
  }

  // ── Message keys ────────────────────────────────────────────────────────────────────────────

  async markSeen(key: string, owner?: string) {
    const now = this.now();
    if (this.stage()?.seen.has(key) || this.seen.has(key, now)) return false;
    await this.change(['k', key, now, owner ?? null]);
    return true;
  }

  // ── Outbox ──────────────────────────────────────────────────────────────────────────────────

  private outboxItems(): OutboxItem[] {
    const stage = this.stage();
    if (!stage || stage.outbox.size === 0) return [...this.outbox.values()];
    const merged = new Map(this.outbox);
    for (const [id, v] of stage.outbox) {
      if (v) merged.set(id, v);
      else merged.delete(id);
    }
    return [...merged.values()];
  }

  async enqueue(item: OutboxItem) {
    await this.change(['o', item.id, clone(item)]);
  }
  async due(now: Date) {
    const t = now.toISOString();
    return sortOutbox(this.outboxItems().filter((i) => i.nextAttemptAt <= t)).map(clone);
  }
  async updateOutbox(item: OutboxItem) {
    const stage = this.stage();
    const exists = stage?.outbox.has(item.id) ? !!stage.outbox.get(item.id) : this.outbox.has(item.id);
    if (!exists) return;
    await this.change(['o', item.id, clone(item)]);
  }
  async removeOutbox(id: string) {
    await this.change(['o', id, null]);
  }

  // ── Erasure and retention ───────────────────────────────────────────────────────────────────

  forgetWorker(workerRef: string, keys: { trendKey?: string } = {}): Promise<Erased> {
    return this.atomically(async () => {
      let trends = 0;
      if (keys.trendKey) {
        for (const m of (await this.trendsLoaded()).values())
          for (const c of m.values()) if (c.t[6] === keys.trendKey) trends += c.n;
        await this.change(['e', keys.trendKey]);
      }
      const sessions = (await this.sessionText(workerRef)) ? 1 : 0;
      await this.change(['s', workerRef, null]);
      let outbox = 0;
      for (const item of this.outboxItems())
        if (ownedBy(item, workerRef)) {
          await this.change(['o', item.id, null]);
          outbox++;
        }
      const tickets = await this.deleteTicketsOf(workerRef);
      const seen = this.seen.countOf(workerRef);
      const unanswered = this.unanswered.filter((r) => r.workerRef === workerRef).length;
      await this.change(['f', workerRef]);
      return { sessions, tickets, outbox, seen, unanswered, trends };
    });
  }

  async purgeExpired(cutoff: Date): Promise<Purged> {
    const c = cutoff.toISOString();
    let tickets = 0;
    let sessions = 0;
    await this.atomically(async () => {
      for (const id of [...(this.index.byStatus.get('closed') ?? [])]) {
        const t = this.tickets.get(id)!;
        if ((t.closedAt ?? t.updatedAt) < c) {
          await this.change(['t', t.id, null]);
          tickets++;
        }
      }
    });
    // Sessions live in files: each is read to check (a periodic job, in batches).
    const candidates = new Set<string>();
    for (const file of await this.docFiles('sessions')) candidates.add(idOf(path.basename(file)));
    for (const [ref, v] of [...this.dirtySessions, ...this.flushingSessions]) if (v) candidates.add(ref);
    const refs = [...candidates];
    for (let i = 0; i < refs.length; i += 500) {
      await this.atomically(async () => {
        for (const ref of refs.slice(i, i + 500)) {
          const text = await this.sessionText(ref);
          if (!text) continue;
          const s = JSON.parse(text) as Session;
          const open = s.openTicket ? this.ticket(s.openTicket) : undefined;
          if (s.updatedAt < c && !(open && open.status !== 'closed')) {
            await this.change(['s', ref, null]);
            sessions++;
          }
        }
      });
    }
    const unanswered = this.unanswered.filter((r) => r.at < c).length;
    if (unanswered > 0) await this.change(['p', c]);
    return { tickets, sessions, unanswered };
  }

  // ── Metadata ────────────────────────────────────────────────────────────────────────────────

  async claimMeta(key: string, value: string) {
    const stored = this.meta[key];
    if (stored !== undefined) return stored;
    if (this.options.readOnly) return value;
    // Rare (first start): written alone, atomically and flushed, beside the journal.
    const next = { ...this.meta, [key]: value };
    await writeAtomic(path.join(this.root, 'meta.json'), JSON.stringify(next, null, 2) + '\n', true);
    this.meta = next;
    return value;
  }

  // ── Units of work ───────────────────────────────────────────────────────────────────────────

  atomically<T>(fn: () => Promise<T>): Promise<T> {
    return this.units.run(fn);
  }
  onCommit(fn: () => void): void {
    this.units.after(fn);
  }

  async close() {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    if (!this.options.readOnly) {
      // Units still committing while this runs land in the next segment: checkpoint until none.
      for (let i = 0; i < 3; i++) {
        await this.checkpoint();
        if (this.journal.bytes === 0) break;
      }
      this.closed = true;
      const empty = this.journal.bytes === 0;
      this.journal.close();
      if (empty)
        await unlink(path.join(this.root, Journal.segmentName(this.journal.segment))).catch(() => {});
      if (this.journal.prepared)
        await unlink(path.join(this.root, Journal.segmentName(this.journal.prepared.n))).catch(() => {});
      if (this.lockFile) await unlink(this.lockFile).catch(() => {});
    }
    this.closed = true;
  }
}

/** Opens (creating when needed) the embedded store in `dataDir`. */
export async function createLowdbStore(dataDir: string, options: FileStoreOptions = {}): Promise<FileStore> {
  const store = new FileStore(dataDir, options);
  await store.open(dataDir);
  return store;
}

function addTrend(cells: TrendCells, week: string, t: TrendTuple, n: number) {
  let m = cells.get(week);
  if (!m) cells.set(week, (m = new Map()));
  const key = JSON.stringify(t);
  const c = m.get(key);
  if (c) c.n += n;
  else m.set(key, { t, n });
}

async function endsWithoutNewline(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const buf = Buffer.alloc(1);
    await handle.read(buf, 0, 1, size - 1);
    return buf[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}
