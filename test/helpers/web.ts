/**
 * A running web chat for tests and benchmarks: the real app (core, store, tickets, outbox) with a
 * staff desk of the caller's choice, the web adapter mounted on the shared HTTP server, listening on
 * 127.0.0.1 on a free port.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWebAdapter, type WebAdapter, type WebAdapterOptions } from '../../adapters/web/adapter.ts';
import { createApp, type App, type AppOptions } from '../../src/app.ts';
import type { StaffDesk } from '../../src/core/desk.ts';
import { LocalDesk } from '../../src/core/local-desk.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import { FIXTURE_CONTENT } from './app.ts';

export const WEB_SECRET = 'web-test-secret-0123456789abcdef';

export interface RunningWeb {
  app: App;
  web: WebAdapter;
  http: HttpServer;
  /** http://127.0.0.1:port */
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

export async function startWeb(
  options: {
    content?: string;
    desk?: StaffDesk;
    web?: Partial<WebAdapterOptions>;
    app?: Partial<AppOptions>;
  } = {},
): Promise<RunningWeb> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mrb-web-'));
  const app = await createApp({
    env: {
      DATA_DIR: dataDir,
      PSEUDONYM_SECRET: WEB_SECRET,
      OFFICE_TZ: 'UTC',
      OFFICE_HOURS: undefined,
      OFFICE_DAYS: undefined,
      CONTENT_DIR: options.content ?? FIXTURE_CONTENT,
    },
    store: createMemoryStore(),
    desk: options.desk ?? new LocalDesk(),
    backoff: () => 20,
    ...options.app,
  });
  const web = createWebAdapter({ secret: WEB_SECRET, ...options.web });
  const http = createHttpServer({ logger: { info() {}, warn() {}, error() {} } });
  http.route('/', web.routes);
  app.registerChannel(
    'web',
    (userId, messages) => web.send(userId, messages),
    (userId) => web.forget!(userId),
  );
  await app.start({ outboxIntervalMs: 25 });
  await web.start(app.core);
  const where = await http.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    web,
    http,
    url: `http://127.0.0.1:${where.port}`,
    dataDir,
    async close() {
      await http.close();
      await web.stop();
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A minimal browser for API tests: keeps the cookie, reads the page's token, sends what a page sends. */
export class WebClient {
  cookie = '';
  csrf = '';
  html = '';

  constructor(
    readonly base: string,
    readonly headers: Record<string, string> = {},
  ) {}

  private keepCookie(res: Response) {
    const set = res.headers.get('set-cookie');
    const m = set && /(?:__Host-)?mrb_chat=([^;]*)/.exec(set);
    if (m) this.cookie = `${set!.startsWith('__Host-') ? '__Host-' : ''}mrb_chat=${m[1]}`;
  }

  async open(query = ''): Promise<Response> {
    const res = await fetch(this.base + '/' + query, {
      headers: { ...this.headers, ...(this.cookie ? { cookie: this.cookie } : {}) },
    });
    this.keepCookie(res);
    this.html = await res.text();
    const config = /<script type="application\/json" id="mrb-config">(.*?)<\/script>/s.exec(this.html);
    if (config) this.csrf = (JSON.parse(config[1]!) as { csrf: string }).csrf;
    return res;
  }

  async post(path: string, body: unknown, extra: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: this.base,
        'sec-fetch-site': 'same-origin',
        'x-csrf-token': this.csrf,
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...this.headers,
        ...extra,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    this.keepCookie(res);
    return res;
  }

  /** Sends a message; returns the JSON answer (and keeps a renewed token). */
  async say(body: Record<string, unknown>): Promise<Record<string, unknown> & { status: number }> {
    const res = await this.post('/api/chat/message', body);
    const data = (await res.json()) as Record<string, unknown>;
    if (typeof data.csrf === 'string') this.csrf = data.csrf;
    return { ...data, status: res.status };
  }

  async history(): Promise<{ lang: string; entries: { seq: number; from: string; text: string }[] }> {
    const res = await fetch(this.base + '/api/chat/history', { headers: { cookie: this.cookie } });
    return (await res.json()) as { lang: string; entries: { seq: number; from: string; text: string }[] };
  }
}
