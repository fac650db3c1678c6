/**
 * Where the console keeps its accounts, sign-in sessions, invitations and audit log: a small port of its
 * own beside the bot's store, nothing about workers in it. Files in DATA_DIR (console.json, through
 * lowdb) for the embedded default; PostgreSQL tables (migrations/070_console.sql,
 * src/console/store-postgres.ts) when DATABASE_URL is set. One contract test runs on each
 * (test/console-store.contract.ts).
 *
 * Session ids and invitation tokens are stored only as SHA-256 hashes: whoever reads the store cannot
 * use what they read.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { Role } from './section.ts';

export interface Account {
  id: string;
  /** Lower case. */
  email: string;
  role: Role;
  /** argon2id hash; none until the invitee sets a password. */
  passwordHash?: string;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SignInSession {
  /** SHA-256 of the cookie's value (hex). */
  idHash: string;
  accountId: string;
  csrf: string;
  createdAt: string;
  lastSeenAt: string;
}

export interface Invitation {
  /** SHA-256 of the token in the link (hex). */
  tokenHash: string;
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

export interface AuditEntry {
  at: string;
  /** The account's email at the time (or 'system' for start-up). */
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

export interface ConsoleStore {
  getAccount(id: string): Promise<Account | undefined>;
  findAccountByEmail(email: string): Promise<Account | undefined>;
  listAccounts(): Promise<Account[]>;
  /** Creates or replaces (by id). Emails are unique. */
  putAccount(account: Account): Promise<void>;

  putSession(session: SignInSession): Promise<void>;
  getSession(idHash: string): Promise<SignInSession | undefined>;
  touchSession(idHash: string, at: string): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  deleteSessionsOf(accountId: string): Promise<number>;
  /** Removes sessions last seen before `idleCutoff` or created before `maxCutoff`. */
  purgeSessions(idleCutoff: string, maxCutoff: string): Promise<number>;

  putInvitation(invitation: Invitation): Promise<void>;
  /**
   * Marks the invitation used and returns it, once: undefined when unknown, already used or expired
   * at `now`. Two concurrent calls never both get it.
   */
  takeInvitation(tokenHash: string, now: string): Promise<Invitation | undefined>;
  /** The invitation if it could still be taken at `now` (to show the set-password form). */
  peekInvitation(tokenHash: string, now: string): Promise<Invitation | undefined>;
  listInvitations(): Promise<Invitation[]>;

  addAudit(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  listAudit(options?: { limit?: number }): Promise<AuditEntry[]>;

  close(): Promise<void>;
}

interface Data {
  accounts: Account[];
  sessions: SignInSession[];
  invitations: Invitation[];
  audit: AuditEntry[];
}

const empty = (): Data => ({ accounts: [], sessions: [], invitations: [], audit: [] });

/** The audit log kept by the file store is bounded (newest kept); PostgreSQL keeps everything. */
export const MAX_FILE_AUDIT = 50_000;

/** In memory, or in one lowdb JSON file when `file` is given. Operations are serialised. */
class DocumentConsoleStore implements ConsoleStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly data: Data,
    private readonly save: () => Promise<void>,
  ) {}

  private run<T>(fn: (d: Data) => T, write: boolean): Promise<T> {
    const next = this.queue.then(async () => {
      const result = fn(this.data);
      if (write) await this.save();
      return structuredClone(result);
    });
    this.queue = next.catch(() => {});
    return next;
  }

  getAccount(id: string) {
    return this.run((d) => d.accounts.find((a) => a.id === id), false);
  }
  findAccountByEmail(email: string) {
    const e = email.trim().toLowerCase();
    return this.run((d) => d.accounts.find((a) => a.email === e), false);
  }
  listAccounts() {
    return this.run((d) => [...d.accounts].sort((a, b) => a.email.localeCompare(b.email)), false);
  }
  putAccount(account: Account) {
    return this.run((d) => {
      const other = d.accounts.find((a) => a.email === account.email && a.id !== account.id);
      if (other) throw new Error(`an account for ${account.email} exists already`);
      const i = d.accounts.findIndex((a) => a.id === account.id);
      if (i >= 0) d.accounts[i] = structuredClone(account);
      else d.accounts.push(structuredClone(account));
    }, true);
  }

  putSession(session: SignInSession) {
    return this.run((d) => {
      d.sessions = d.sessions.filter((s) => s.idHash !== session.idHash);
      d.sessions.push(structuredClone(session));
    }, true);
  }
  getSession(idHash: string) {
    return this.run((d) => d.sessions.find((s) => s.idHash === idHash), false);
  }
  touchSession(idHash: string, at: string) {
    return this.run((d) => {
      const s = d.sessions.find((x) => x.idHash === idHash);
      if (s) s.lastSeenAt = at;
    }, true);
  }
  deleteSession(idHash: string) {
    return this.run((d) => {
      d.sessions = d.sessions.filter((s) => s.idHash !== idHash);
    }, true);
  }
  deleteSessionsOf(accountId: string) {
    return this.run((d) => {
      const before = d.sessions.length;
      d.sessions = d.sessions.filter((s) => s.accountId !== accountId);
      return before - d.sessions.length;
    }, true);
  }
  purgeSessions(idleCutoff: string, maxCutoff: string) {
    return this.run((d) => {
      const before = d.sessions.length;
      d.sessions = d.sessions.filter((s) => s.lastSeenAt >= idleCutoff && s.createdAt >= maxCutoff);
      return before - d.sessions.length;
    }, true);
  }

  putInvitation(invitation: Invitation) {
    return this.run((d) => {
      d.invitations = d.invitations.filter((i) => i.tokenHash !== invitation.tokenHash);
      d.invitations.push(structuredClone(invitation));
    }, true);
  }
  takeInvitation(tokenHash: string, now: string) {
    return this.run((d) => {
      const inv = d.invitations.find((i) => i.tokenHash === tokenHash);
      if (!inv || inv.usedAt || inv.expiresAt <= now) return undefined;
      inv.usedAt = now;
      return inv;
    }, true);
  }
  peekInvitation(tokenHash: string, now: string) {
    return this.run((d) => {
      const inv = d.invitations.find((i) => i.tokenHash === tokenHash);
      return !inv || inv.usedAt || inv.expiresAt <= now ? undefined : inv;
    }, false);
  }
  listInvitations() {
    return this.run((d) => [...d.invitations].sort((a, b) => b.createdAt.localeCompare(a.createdAt)), false);
  }

  addAudit(entry: AuditEntry) {
    return this.run((d) => {
      d.audit.push(structuredClone(entry));
      if (d.audit.length > MAX_FILE_AUDIT) d.audit.splice(0, d.audit.length - MAX_FILE_AUDIT);
    }, true);
  }
  listAudit(options: { limit?: number } = {}) {
    const limit = options.limit ?? 200;
    return this.run((d) => d.audit.slice(-limit).reverse(), false);
  }

  async close() {
    await this.queue;
  }
}

export function createMemoryConsoleStore(): ConsoleStore {
  return new DocumentConsoleStore(empty(), async () => {});
}

/** DATA_DIR/console.json, written atomically (lowdb writes a temporary file and renames it). */
export async function createFileConsoleStore(dataDir: string): Promise<ConsoleStore> {
  await mkdir(dataDir, { recursive: true });
  const db = new Low<Data>(new JSONFile<Data>(path.join(dataDir, 'console.json')), empty());
  await db.read();
  db.data = { ...empty(), ...db.data };
  return new DocumentConsoleStore(db.data, () => db.write());
}
