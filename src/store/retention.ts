/**
 * Retention: closed tickets, sessions idle for RETENTION_DAYS and unanswered questions older than
 * that are deleted. A periodic job; with several instances, schedule it on one of them at a time.
 *
 * @example
 * const purged = await runRetention(store, { days: env.RETENTION_DAYS });
 */
import type { Purged, Store } from './port.ts';

export const DEFAULT_RETENTION_DAYS = 180;

export function retentionCutoff(days: number, now: Date = new Date()): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

export async function runRetention(
  store: Store,
  options: { days?: number; now?: Date } = {},
): Promise<Purged> {
  const days = options.days ?? DEFAULT_RETENTION_DAYS;
  if (!Number.isFinite(days) || days < 1) throw new Error(`retention: expected at least 1 day, got ${days}`);
  return store.purgeExpired(retentionCutoff(days, options.now));
}

/**
 * Runs retention now and then every `everyMs` (default: every 6 hours) until the returned function
 * is called. `shouldRun` lets several instances agree that one of them does it.
 */
export function scheduleRetention(
  store: Store,
  options: {
    days?: number;
    everyMs?: number;
    shouldRun?: () => Promise<boolean> | boolean;
    onDone?: (purged: Purged) => void;
    onError?: (error: unknown) => void;
  } = {},
): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      if (options.shouldRun && !(await options.shouldRun())) return;
      options.onDone?.(await runRetention(store, { days: options.days }));
    } catch (error) {
      options.onError?.(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.everyMs ?? 6 * 3600_000);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
