/**
 * Pseudonymous worker references: what staff, logs and the editors' lists see instead of a
 * chat id or a phone number. A keyed hash, so a reference cannot be turned back into the number
 * without the secret, and the same worker keeps the same reference across restarts.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Address } from './messages.ts';

export type Pseudonymizer = (address: Address) => string;

export function createPseudonymizer(secret: string): Pseudonymizer {
  return (address) => {
    const digest = createHmac('sha256', secret)
      .update(`${address.channel}:${address.userId}`)
      .digest('base64url');
    return `W-${digest.slice(0, 10)}`;
  };
}

/**
 * The redelivery key of a worker's message: the worker's pseudonym and a keyed digest of the
 * channel's message id (which can hold a chat id), so no key reveals who wrote and /forget can
 * drop the worker's keys.
 */
export function messageKey(
  pseudonymize: Pseudonymizer,
  ref: string,
  inbound: { address: Address; messageId: string },
): string {
  const digest = pseudonymize({
    channel: inbound.address.channel,
    userId: `#message:${inbound.messageId}`,
  });
  return `${ref}:${digest.slice(2)}`;
}

/** The secret from the environment, else one generated once and kept in DATA_DIR (mode 0600). */
export async function loadOrCreateSecret(dataDir: string, fromEnv?: string): Promise<string> {
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, 'pseudonym.key');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first start: create it below
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret + '\n', { mode: 0o600 });
  return secret;
}
