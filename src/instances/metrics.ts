/**
 * Prometheus metrics (prom-client), served at /metrics on the bot's HTTP server. One registry per app,
 * so tests can run several apps in one process. Labels carry channels, outcomes, statuses and error
 * codes only — never a worker reference, a chat id or anything a worker wrote.
 *
 * @example
 * const metrics = createMetrics({ tickets: () => store.listTickets({ status: OPEN }), outbox: (now) => coordinator.outboxStats(now) });
 * http.route('/', metricsRoutes(metrics));
 */
import { Hono } from 'hono';
import client from 'prom-client';
import type { HandleResult } from '../core/dialogue.ts';
import type { Ticket, TicketStatus } from '../store/port.ts';
import type { OutboxStats } from './coordinator.ts';

/** How one message ended, for `mrb_messages_handled_total`: the core's own outcome, or an error. */
export type Outcome = HandleResult['trace']['outcome'] | 'error';

export interface MetricsSources {
  /** Tickets not yet closed. */
  openTickets: () => Promise<Ticket[]>;
  outbox: (now: Date) => Promise<OutboxStats>;
  now?: () => Date;
}

export interface Metrics {
  readonly registry: client.Registry;
  /** Records one handled message (or a failure) and how long it took. */
  handled(channel: string, outcome: Outcome, seconds: number): void;
  /** A failed call to a platform API (Telegram Bot API, Slack Web API). */
  apiError(
    service: 'telegram' | 'slack' | 'whatsapp',
    method: string,
    code: string | number | undefined,
  ): void;
  /** An outbox delivery attempt and how it ended. */
  delivery(kind: string, result: 'done' | 'failed' | 'dropped'): void;
  /** Outbox leases this instance held and found taken over by another (should stay at zero). */
  leaseLost(count: number): void;
  /** 1 while this instance leads `job` (Slack reminders, retention, WhatsApp Web). */
  leading(job: string, yes: boolean): void;
  text(): Promise<string>;
  readonly contentType: string;
}

const OPEN_STATUSES: TicketStatus[] = ['open', 'claimed', 'answered'];

export function createMetrics(sources: MetricsSources, options: { defaults?: boolean } = {}): Metrics {
  const registry = new client.Registry();
  const now = sources.now ?? (() => new Date());
  if (options.defaults ?? true) client.collectDefaultMetrics({ register: registry, prefix: 'mrb_' });

  const messages = new client.Counter({
    name: 'mrb_messages_handled_total',
    help: 'Worker messages handled, by channel and outcome (answered, asked, fallback, out-of-scope, urgent, handoff, command, ignored, error).',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new client.Histogram({
    name: 'mrb_message_handling_seconds',
    help: 'Time from a message reaching the core to its replies being ready (or queued), by channel.',
    labelNames: ['channel'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const apiErrors = new client.Counter({
    name: 'mrb_api_errors_total',
    help: 'Failed calls to platform APIs, by service, method and error code.',
    labelNames: ['service', 'method', 'code'] as const,
    registers: [registry],
  });
  const deliveries = new client.Counter({
    name: 'mrb_outbox_deliveries_total',
    help: 'Outbox delivery attempts, by kind and result (done, failed and retried later, dropped).',
    labelNames: ['kind', 'result'] as const,
    registers: [registry],
  });
  const leasesLost = new client.Counter({
    name: 'mrb_outbox_leases_lost_total',
    help: 'Outbox items this instance was delivering and found taken over by another instance (their lease ran out): should stay at zero; if not, raise OUTBOX_LEASE_SECONDS.',
    registers: [registry],
  });
  const leader = new client.Gauge({
    name: 'mrb_leader',
    help: '1 while this instance runs the singleton job (reminders, retention, whatsapp).',
    labelNames: ['job'] as const,
    registers: [registry],
  });
  new client.Gauge({
    name: 'mrb_open_tickets',
    help: 'Tickets not yet closed, by status.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const counts = new Map<string, number>(OPEN_STATUSES.map((s) => [s, 0]));
      for (const ticket of await sources.openTickets())
        counts.set(ticket.status, (counts.get(ticket.status) ?? 0) + 1);
      for (const [status, n] of counts) this.set({ status }, n);
    },
  });
  // One read serves both outbox gauges of a scrape.
  let stats: Promise<OutboxStats> | undefined;
  const outboxStats = () =>
    (stats ??= sources.outbox(now()).finally(() => setTimeout(() => (stats = undefined))));
  new client.Gauge({
    name: 'mrb_outbox_depth',
    help: 'Items waiting in the outbox (deliveries to workers and to the staff desk).',
    registers: [registry],
    async collect() {
      this.set((await outboxStats()).depth);
    },
  });
  new client.Gauge({
    name: 'mrb_outbox_oldest_age_seconds',
    help: 'Age of the oldest item waiting in the outbox, in seconds.',
    registers: [registry],
    async collect() {
      this.set((await outboxStats()).oldestAgeSeconds);
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    handled(channel, outcome, seconds) {
      messages.inc({ channel, outcome });
      latency.observe({ channel }, seconds);
    },
    apiError(service, method, code) {
      apiErrors.inc({ service, method, code: code === undefined ? 'network' : String(code) });
    },
    delivery(kind, result) {
      deliveries.inc({ kind, result });
    },
    leaseLost(count) {
      leasesLost.inc(count);
    },
    leading(job, yes) {
      leader.set({ job }, yes ? 1 : 0);
    },
    text: () => registry.metrics(),
  };
}

/** GET /metrics in Prometheus' text format. */
export function metricsRoutes(metrics: Metrics): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    const body = await metrics.text();
    return c.body(body, 200, { 'Content-Type': metrics.contentType });
  });
  return app;
}
