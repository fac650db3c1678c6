/**
 * Accounts and sign-in for the console: argon2id password hashes (@node-rs/argon2), random session ids
 * and invitation tokens stored only as hashes, a sign-in limiter per account and per address, and the
 * first administrator from CONSOLE_ADMIN_EMAIL / CONSOLE_ADMIN_PASSWORD.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { LRUCache } from 'lru-cache';
import type { Role } from './section.ts';
import type { Account, ConsoleStore } from './store.ts';

/** Shortest password the console accepts (also CONSOLE_ADMIN_PASSWORD's rule). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A hash of nothing anyone knows: verified against when the account is unknown, so timing says nothing. */
let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hash(randomBytes(24).toString('base64url'));
  return dummy;
}

/** A new random secret for a cookie or a link (256 bits, URL-safe). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** How the store keeps a secret: SHA-256 (a 256-bit random value needs no slow hash). */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@<>"']+@[^\s@<>"']+\.[^\s@<>"']+$/.test(email);
}

/** A password's problem for people, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`;
  return undefined;
}

/**
 * The account whose email and password match, or undefined — the same answer, after about the same
 * time, for an unknown email, a wrong password and a disabled account.
 */
export async function checkPassword(
  accounts: ConsoleStore,
  email: string,
  password: string,
): Promise<Account | undefined> {
  const account = await accounts.findAccountByEmail(normaliseEmail(email));
  const stored = account?.passwordHash ?? (await dummyHash());
  let ok: boolean;
  try {
    ok = password.length <= MAX_PASSWORD_LENGTH && (await verify(stored, password));
  } catch {
    ok = false;
  }
  return ok && account && !account.disabled && account.passwordHash ? account : undefined;
}

/**
 * Failed sign-ins counted per key (an account's email, an address) in a sliding window; bounded in
 * memory. A key over its limit is refused before the password is checked.
 */
export class SignInLimiter {
  private readonly failures: LRUCache<string, number[]>;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    maxKeys = 20_000,
  ) {
    this.failures = new LRUCache({ max: maxKeys });
  }

  private recent(key: string): number[] {
    const now = this.now();
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }

  /** Seconds until `key` may try again; 0 when it may now. */
  blockedFor(key: string): number {
    const times = this.recent(key);
    if (times.length < this.limit) return 0;
    return Math.max(1, Math.ceil((times[times.length - this.limit]! + this.windowMs - this.now()) / 1000));
  }

  fail(key: string): void {
    const times = this.recent(key);
    times.push(this.now());
    this.failures.set(key, times.slice(-this.limit));
  }

  clear(key: string): void {
    this.failures.delete(key);
  }
}

export function newAccount(email: string, role: Role, at: Date, passwordHash?: string): Account {
  return {
    id: randomUUID(),
    email: normaliseEmail(email),
    role,
    passwordHash,
    disabled: false,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  };
}

/**
 * The first administrator at start: created when no account has that email. An existing account is
 * left as it is (its password may have been changed since), except that it is made admin and enabled
 * again, so the operator can always get in. The password is never printed or logged.
 */
export async function ensureAdmin(
  accounts: ConsoleStore,
  email: string,
  password: string,
  now: Date,
): Promise<'created' | 'kept'> {
  const existing = await accounts.findAccountByEmail(normaliseEmail(email));
  if (existing) {
    if (existing.role !== 'admin' || existing.disabled || !existing.passwordHash) {
      await accounts.putAccount({
        ...existing,
        role: 'admin',
        disabled: false,
        passwordHash: existing.passwordHash ?? (await hashPassword(password)),
        updatedAt: now.toISOString(),
      });
      await accounts.addAudit({
        at: now.toISOString(),
        actor: 'system',
        action: 'account.admin.restore',
        detail: { email: existing.email },
      });
    }
    return 'kept';
  }
  await accounts.putAccount(newAccount(email, 'admin', now, await hashPassword(password)));
  await accounts.addAudit({
    at: now.toISOString(),
    actor: 'system',
    action: 'account.admin.create',
    detail: { email: normaliseEmail(email) },
  });
  return 'created';
}
