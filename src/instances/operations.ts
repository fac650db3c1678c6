/**
 * Running the bot as a service, one instance or many: readiness and metrics on the HTTP server,
 * content changes passed between instances, jobs that only the leader runs, and counting platform
 * API errors.
 */
import type { Transformer } from 'grammy';
import type { App } from '../app.ts';
import type { Logger } from '../core/dialogue.ts';
import type { HttpServer } from '../http/server.ts';
import type { Coordinator } from './coordinator.ts';
import { metricsRoutes, type Metrics } from './metrics.ts';

/** What /readyz needs to know about the parts server.ts starts. */
export interface ServiceState {
  /** Channels started so far, by name, and whether each is up. */
  channels: Map<string, boolean>;
  /** The staff desk is up. */
  desk: boolean;
  /** False from the moment shutdown begins: load balancers stop sending new work. */
  accepting: boolean;
}

/** /readyz checks (content, store, channels, desk, not shutting down) and GET /metrics. */
export function mountOperations(http: HttpServer, app: App, state: ServiceState): void {
  http.readiness('content', () => app.live.current().content.intents.length > 0);
  http.readiness('store', () => app.coordinator.ping());
  http.readiness('channels', () => [...state.channels.values()].every(Boolean));
  http.readiness('desk', () => state.desk);
  http.readiness('accepting', () => state.accepting);
  http.route('/', metricsRoutes(app.metrics));
}

/**
 * Content hot reload across instances: when this instance's content changes (its file watcher, the web
 * console), the others are told and reload; when told, this one reloads. Instances read the same content
 * directory (a shared volume or the same release). Returns a function that stops it.
 */
export function syncContent(app: App, logger: Logger, everyMs = 1000): () => void {
  let known = app.live.current().content.hash;
  app.coordinator.onContentChanged((hash) => {
    if (hash === app.live.current().content.hash) return;
    logger.info({ hash: hash.slice(0, 12) }, 'content changed in another instance; reloading');
    void app.live.reload();
  });
  const timer = setInterval(() => {
    const hash = app.live.current().content.hash;
    if (hash === known) return;
    known = hash;
    app.coordinator
      .publishContent(hash)
      .catch((error: unknown) =>
        logger.warn({ error: error instanceof Error ? error.name : 'error' }, 'content change not published'),
      );
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Runs `fn` every `everyMs` in the instance that leads `job` (Slack reminders, retention). Returns a
 * function that stops it.
 */
export function everyAsLeader(
  coordinator: Coordinator,
  metrics: Metrics,
  job: string,
  everyMs: number,
  fn: () => Promise<unknown>,
  logger: Logger,
): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const lead = await coordinator.leader(job);
      metrics.leading(job, lead);
      if (lead) await fn();
    } catch (error) {
      logger.warn({ job, error: error instanceof Error ? error.name : 'error' }, 'periodic job failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}

/**
 * Something that must run in exactly one instance (the WhatsApp Web browser): started when this
 * instance becomes leader of `job`, stopped when it loses that, tried again every `everyMs`.
 */
export function singleton(
  coordinator: Coordinator,
  metrics: Metrics,
  job: string,
  part: { start(): Promise<void>; stop(): Promise<void> },
  logger: Logger,
  everyMs = 5000,
): { lost(): Promise<void>; stop(): Promise<void> } {
  let running = false;
  let busy: Promise<void> = Promise.resolve();
  let stopped = false;
  const serial = (fn: () => Promise<void>) => (busy = busy.then(fn, fn));
  const tick = () =>
    serial(async () => {
      if (stopped || running) return;
      const lead = await coordinator.leader(job);
      metrics.leading(job, lead);
      if (!lead) return;
      try {
        await part.start();
        running = true;
        logger.info({ job }, 'this instance runs it');
      } catch (error) {
        logger.error({ job, error: error instanceof Error ? error.name : 'error' }, 'could not start');
      }
    });
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  const halt = () =>
    serial(async () => {
      if (!running) return;
      running = false;
      metrics.leading(job, false);
      await part.stop().catch(() => {});
    });
  return {
    lost: () => halt(),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await halt();
    },
  };
}

/** A grammY API transformer that counts failed Bot API calls (after the adapter's own retries). */
export function countTelegramErrors(metrics: Metrics): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok) metrics.apiError('telegram', method, result.error_code);
      return result;
    } catch (error) {
      if (!signal?.aborted)
        metrics.apiError('telegram', method, (error as { error_code?: number }).error_code);
      throw error;
    }
  };
}
