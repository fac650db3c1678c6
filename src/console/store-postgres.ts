/**
 * The console's accounts, sessions, invitations and audit log in PostgreSQL (migrations/070_console.sql),
 * on the bot store's pool (its search_path names the schema).
 */
import type pg from 'pg';
import type { Role } from './section.ts';
import type { Account, AuditEntry, ConsoleStore, Invitation, SignInSession } from './store.ts';

type Queryable = Pick<pg.Pool, 'query'>;

const iso = (v: Date | string | null): string | undefined =>
  v === null ? undefined : v instanceof Date ? v.toISOString() : new Date(v).toISOString();

interface AccountRow {
  id: string;
  email: string;
  role: Role;
  password_hash: string | null;
  disabled: boolean;
  created_at: Date;
  updated_at: Date;
}
const account = (r: AccountRow): Account => ({
  id: r.id,
  email: r.email,
  role: r.role,
  passwordHash: r.password_hash ?? undefined,
  disabled: r.disabled,
  createdAt: iso(r.created_at)!,
  updatedAt: iso(r.updated_at)!,
});

interface SessionRow {
  id_hash: string;
  account_id: string;
  csrf: string;
  created_at: Date;
  last_seen_at: Date;
}
const session = (r: SessionRow): SignInSession => ({
  idHash: r.id_hash,
  accountId: r.account_id,
  csrf: r.csrf,
  createdAt: iso(r.created_at)!,
  lastSeenAt: iso(r.last_seen_at)!,
});

interface InvitationRow {
  token_hash: string;
  email: string;
  role: Role;
  invited_by: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}
const invitation = (r: InvitationRow): Invitation => ({
  tokenHash: r.token_hash,
  email: r.email,
  role: r.role,
  invitedBy: r.invited_by,
  createdAt: iso(r.created_at)!,
  expiresAt: iso(r.expires_at)!,
  ...(r.used_at ? { usedAt: iso(r.used_at)! } : {}),
});

export class PostgresConsoleStore implements ConsoleStore {
  constructor(private readonly db: Queryable) {}

  async getAccount(id: string) {
    const { rows } = await this.db.query<AccountRow>('SELECT * FROM console_accounts WHERE id = $1', [id]);
    return rows[0] ? account(rows[0]) : undefined;
  }
  async findAccountByEmail(email: string) {
    const { rows } = await this.db.query<AccountRow>('SELECT * FROM console_accounts WHERE email = $1', [
      email.trim().toLowerCase(),
    ]);
    return rows[0] ? account(rows[0]) : undefined;
  }
  async listAccounts() {
    const { rows } = await this.db.query<AccountRow>('SELECT * FROM console_accounts ORDER BY email');
    return rows.map(account);
  }
  async putAccount(a: Account) {
    try {
      await this.db.query(
        `INSERT INTO console_accounts (id, email, role, password_hash, disabled, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET email = $2, role = $3, password_hash = $4, disabled = $5, updated_at = $7`,
        [a.id, a.email, a.role, a.passwordHash ?? null, a.disabled, a.createdAt, a.updatedAt],
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new Error(`an account for ${a.email} exists already`, { cause: error });
      throw error;
    }
  }

  async putSession(s: SignInSession) {
    await this.db.query(
      `INSERT INTO console_sessions (id_hash, account_id, csrf, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id_hash) DO UPDATE SET account_id = $2, csrf = $3, created_at = $4, last_seen_at = $5`,
      [s.idHash, s.accountId, s.csrf, s.createdAt, s.lastSeenAt],
    );
  }
  async getSession(idHash: string) {
    const { rows } = await this.db.query<SessionRow>('SELECT * FROM console_sessions WHERE id_hash = $1', [
      idHash,
    ]);
    return rows[0] ? session(rows[0]) : undefined;
  }
  async touchSession(idHash: string, at: string) {
    await this.db.query('UPDATE console_sessions SET last_seen_at = $2 WHERE id_hash = $1', [idHash, at]);
  }
  async deleteSession(idHash: string) {
    await this.db.query('DELETE FROM console_sessions WHERE id_hash = $1', [idHash]);
  }
  async deleteSessionsOf(accountId: string) {
    const r = await this.db.query('DELETE FROM console_sessions WHERE account_id = $1', [accountId]);
    return r.rowCount ?? 0;
  }
  async purgeSessions(idleCutoff: string, maxCutoff: string) {
    const r = await this.db.query('DELETE FROM console_sessions WHERE last_seen_at < $1 OR created_at < $2', [
      idleCutoff,
      maxCutoff,
    ]);
    return r.rowCount ?? 0;
  }

  async putInvitation(i: Invitation) {
    await this.db.query(
      `INSERT INTO console_invitations (token_hash, email, role, invited_by, created_at, expires_at, used_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (token_hash) DO UPDATE SET email = $2, role = $3, invited_by = $4, created_at = $5,
         expires_at = $6, used_at = $7`,
      [i.tokenHash, i.email, i.role, i.invitedBy, i.createdAt, i.expiresAt, i.usedAt ?? null],
    );
  }
  async takeInvitation(tokenHash: string, now: string) {
    // One statement: of two concurrent takers, only one sees used_at IS NULL.
    const { rows } = await this.db.query<InvitationRow>(
      `UPDATE console_invitations SET used_at = $2
       WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING *`,
      [tokenHash, now],
    );
    return rows[0] ? invitation(rows[0]) : undefined;
  }
  async peekInvitation(tokenHash: string, now: string) {
    const { rows } = await this.db.query<InvitationRow>(
      'SELECT * FROM console_invitations WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2',
      [tokenHash, now],
    );
    return rows[0] ? invitation(rows[0]) : undefined;
  }
  async listInvitations() {
    const { rows } = await this.db.query<InvitationRow>(
      'SELECT * FROM console_invitations ORDER BY created_at DESC',
    );
    return rows.map(invitation);
  }

  async addAudit(e: AuditEntry) {
    await this.db.query('INSERT INTO console_audit (at, actor, action, detail) VALUES ($1, $2, $3, $4)', [
      e.at,
      e.actor,
      e.action,
      JSON.stringify(e.detail),
    ]);
  }
  async listAudit(options: { limit?: number } = {}) {
    const { rows } = await this.db.query<{
      at: Date;
      actor: string;
      action: string;
      detail: Record<string, unknown>;
    }>('SELECT at, actor, action, detail FROM console_audit ORDER BY seq DESC LIMIT $1', [
      options.limit ?? 200,
    ]);
    return rows.map((r) => ({ at: iso(r.at)!, actor: r.actor, action: r.action, detail: r.detail }));
  }

  async close() {
    // The pool belongs to the bot's store, which closes it.
  }
}
