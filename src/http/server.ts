/**
 * The bot's one HTTP server (Hono on Node's http module). Channels and tools that speak HTTP — the web
 * chat, the console, the WhatsApp Cloud API webhook, health and metrics — each add their routes as a
 * small Hono app under their own prefix; nothing else in the core knows about HTTP.
 *
 * @example
 * const http = createHttpServer({ logger });
 * http.route('/whatsapp', whatsappRoutes);
 * http.readiness('store', async () => store.ping());
 * await http.listen({ port: 8080, host: '127.0.0.1' });
 */
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { serve, type HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import type { Logger } from '../core/dialogue.ts';

/** A Node request listener: reads the request and writes the whole response itself. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/** A named check for /readyz: resolves true when that part of the bot can serve. */
export type ReadinessCheck = () => Promise<boolean> | boolean;

export interface HttpServer {
  /** The root Hono app; prefer {@link HttpServer.route} for a feature's own routes. */
  readonly app: Hono;
  /** Mounts a feature's routes under a prefix ('/' for the web chat page). */
  route(prefix: string, routes: Hono): void;
  /**
   * Hands requests for `path` (every method) to a Node request listener that answers them itself, e.g.
   * the Telegram webhook or Slack's HTTP receiver, so they share this one port (one load balancer).
   */
  node(path: string, listener: NodeListener): void;
  /** Adds a check that /readyz runs; every check must pass for 200. */
  readiness(name: string, check: ReadinessCheck): void;
  listen(options: { port: number; host?: string }): Promise<{ port: number; host: string }>;
  /**
   * Stops listening. With `graceMs`, requests in progress get that long to finish (graceful shutdown);
   * otherwise open connections are cut at once.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export function createHttpServer(options: { logger: Logger }): HttpServer {
  const app = new Hono();
  const checks = new Map<string, ReadinessCheck>();
  let server: Server | undefined;

  app.onError((error, c) => {
    options.logger.error({ path: c.req.path, error: error.name }, 'http handler failed');
    return c.text('Something went wrong.', 500);
  });
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    const results: Record<string, boolean> = {};
    for (const [name, check] of checks) {
      try {
        results[name] = Boolean(await check());
      } catch {
        results[name] = false;
      }
    }
    const ok = Object.values(results).every(Boolean);
    return c.json({ ok, checks: results }, ok ? 200 : 503);
  });

  return {
    app,
    route(prefix, routes) {
      app.route(prefix, routes);
    },
    node(path, listener) {
      app.all(path, (c) => {
        const { incoming, outgoing } = c.env as HttpBindings;
        listener(incoming, outgoing);
        return RESPONSE_ALREADY_SENT;
      });
    },
    readiness(name, check) {
      checks.set(name, check);
    },
    listen({ port, host = '127.0.0.1' }) {
      return new Promise((resolve, reject) => {
        const s = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) =>
          resolve({ port: info.port, host: info.address }),
        ) as Server;
        s.once('error', reject);
        server = s;
      });
    },
    close({ graceMs = 0 } = {}) {
      return new Promise((resolve) => {
        const s = server;
        if (!s) return resolve();
        server = undefined;
        s.close(() => {
          clearTimeout(timer);
          resolve();
        });
        s.closeIdleConnections();
        const timer = setTimeout(() => s.closeAllConnections(), graceMs);
        timer.unref();
        if (graceMs === 0) s.closeAllConnections();
      });
    },
  };
}
