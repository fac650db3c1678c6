/**
 * Every instance on one store must use the same PSEUDONYM_SECRET: a worker's pseudonym is a keyed
 * hash of their address, so two secrets would split each worker in two (two sessions, tickets that
 * do not follow). At start the store keeps a keyed fingerprint of the secret — an HMAC of a
 * constant under it, from which the secret cannot be recovered — and an instance whose secret
 * gives another fingerprint refuses to start.
 *
 * @example
 * await checkPseudonymSecret(store, secret); // throws, naming PSEUDONYM_SECRET, when it differs
 */
import { createHmac } from 'node:crypto';
import type { Store } from './port.ts';

export const SECRET_FINGERPRINT_KEY = 'pseudonym_secret_fingerprint';

/** A fingerprint of the secret: equal secrets give equal fingerprints; it reveals nothing else. */
export function secretFingerprint(secret: string): string {
  const mac = createHmac('sha256', secret).update('migrant-rights-bot/pseudonym-secret-fingerprint/v1');
  return `hmac-sha256:${mac.digest('base64url')}`;
}

/** Records the secret's fingerprint on first start; throws when the store holds another one. */
export async function checkPseudonymSecret(store: Store, secret: string): Promise<void> {
  const mine = secretFingerprint(secret);
  const stored = await store.claimMeta(SECRET_FINGERPRINT_KEY, mine);
  if (stored !== mine)
    throw new Error(
      'PSEUDONYM_SECRET is not the secret this store was first used with (the store keeps a fingerprint of it, ' +
        'never the secret). With another secret every worker would get a new pseudonym and lose their ' +
        'conversation and tickets. Set the same PSEUDONYM_SECRET on every instance that shares this store ' +
        '(without it, the secret is the one kept in DATA_DIR/pseudonym.key).',
    );
}
