/**
 * `npm run bench:web`: the web chat with the real content, the real core and the in-process desk.
 *
 * 1. In Chromium (playwright-core, a 360×740 page): the time from pressing Send to the answer being on
 *    the page, measured inside the page (the click's timestamp to the moment the reply's element is
 *    added), for a series of real questions. Target: under 1 s.
 * 2. Load on loopback: WEB_BENCH_CONVERSATIONS (default 100) conversations at once, each a page's worth
 *    of requests with its own connections (the page, its style, script and icon, its event stream, then
 *    WEB_BENCH_MESSAGES messages one after the other, each sent when the previous one is answered).
 *    Reports messages per second and the latency percentiles of a message's round trip.
 *
 * The matcher is cached in the system's temp directory, so only the first run trains it. Results are
 * printed and written to bench/results/web.json.
 */
import '../src/quiet.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../src/app.ts';
import { cachedIn } from '../src/kb/live.ts';
import { launchChromium, phoneContext } from '../test/helpers/browser.ts';
import { startWeb } from '../test/helpers/web.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const CONVERSATIONS = Number(process.env.WEB_BENCH_CONVERSATIONS ?? 100);
const MESSAGES = Number(process.env.WEB_BENCH_MESSAGES ?? 10);
const QUESTIONS = [
  'I worked in Spain for 10 years, can I get my pension when I go back to the Philippines?',
  'do I have health care as a domestic worker?',
  'is there an agreement between Nepal and Qatar?',
  'my employer does not pay my salary',
  'what are my rights if I have no papers?',
  'which union can help me in Italy?',
  '¿puedo cobrar mi pensión si vuelvo a Ecuador?',
  'apakah saya dapat BPJS kalau kerja di Malaysia?',
  'ano ang karapatan ko bilang OFW sa Saudi?',
  'I lost my job, what happens to my contributions?',
];

/**
 * One visitor's browser: its own connections (keep-alive, at most 6 at once, as browsers do), its cookie
 * and the page's token. Plain node:http, so 100 visitors do not share one client's connection pool.
 */
class Visitor {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 6 });
  private cookie = '';
  private csrf = '';
  private stream?: IncomingMessage;
  constructor(private readonly base: string) {}

  private call(
    method: string,
    path: string,
    body?: string,
    keepOpen = false,
  ): Promise<{ status: number; text: string; res: IncomingMessage }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { cookie: this.cookie, origin: this.base };
      if (body !== undefined)
        Object.assign(headers, { 'content-type': 'application/json', 'x-csrf-token': this.csrf });
      const req = httpRequest(this.base + path, { method, agent: this.agent, headers }, (res) => {
        const set = res.headers['set-cookie']?.[0];
        if (set) this.cookie = set.split(';')[0]!;
        if (keepOpen) {
          res.on('data', () => {});
          res.on('error', () => {});
          return resolve({ status: res.statusCode ?? 0, text: '', res });
        }
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, res }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  async open(): Promise<boolean> {
    const page = await this.call('GET', '/');
    this.csrf = /"csrf":"([^"]+)"/.exec(page.text)?.[1] ?? '';
    // Its style and script, in parallel as a browser loads them (which opens its second connection).
    const assets = [...page.text.matchAll(/(?:src|href)="(\/chat-assets\/[^"]+)"/g)].map((m) => m[1]!);
    await Promise.all(assets.map((asset) => this.call('GET', asset)));
    const events = await this.call('GET', '/api/chat/events', undefined, true);
    this.stream = events.res;
    return events.status === 200;
  }

  async say(text: string): Promise<number> {
    return (await this.call('POST', '/api/chat/message', JSON.stringify({ text }))).status;
  }

  close(): void {
    this.stream?.destroy();
    this.agent.destroy();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const round = (n: number) => Math.round(n * 10) / 10;

/** Runs in the page: notes the click on Send, resolves with the ms until a new assistant message is added. */
const ARM = `(() => {
  const log = document.getElementById('log');
  const before = log.querySelectorAll('.msg.bot').length;
  window.__benchDone = new Promise((resolve) => {
    document.getElementById('send').addEventListener('click', () => {
      const clicked = performance.now();
      const observer = new MutationObserver(() => {
        if (log.querySelectorAll('.msg.bot').length > before) {
          observer.disconnect();
          resolve(performance.now() - clicked);
        }
      });
      observer.observe(log, { childList: true });
    }, { once: true });
  });
})()`;

const startedAt = performance.now();
const w = await startWeb({
  content: REPO_ROOT,
  app: { matcherFactory: cachedIn(path.join(tmpdir(), 'mrb-bench-web-matcher')) },
  // One loopback address carries every conversation here: the per-address limit would stop the load.
  web: { limits: { perAddress: 1_000_000, perConversation: 1_000, streamsPerAddress: 1_000_000 } },
});
console.log(`web chat ready in ${Math.round(performance.now() - startedAt)} ms (${w.url})`);

// ── 1. First answer visible after pressing Send, in the browser ─────────────────────────────────
const browser = await launchChromium();
const visible: number[] = [];
try {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  await page.goto(`${w.url}/`);
  await page.locator('.msg.bot').first().waitFor();
  for (const question of QUESTIONS) {
    await page.getByRole('textbox', { name: 'Message' }).fill(question);
    // Armed in the page: the click's time, then the first new assistant message added after it.
    await page.evaluate(ARM);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const ms = (await page.evaluate('window.__benchDone')) as number;
    visible.push(ms);
  }
  await context.close();
} finally {
  await browser.close();
}
const sortedVisible = [...visible].sort((a, b) => a - b);
console.log(
  `first answer visible after Send (${visible.length} questions): median ${round(percentile(sortedVisible, 50))} ms, ` +
    `p95 ${round(percentile(sortedVisible, 95))} ms, max ${round(sortedVisible.at(-1)!)} ms (target < 1000 ms)`,
);

// ── 2. Many conversations at once, on loopback ──────────────────────────────────────────────────
const latencies: number[] = [];
let errors = 0;
let streamsOpen = 0;
const loadStart = performance.now();
await Promise.all(
  Array.from({ length: CONVERSATIONS }, async (_, n) => {
    const visitor = new Visitor(w.url);
    if (await visitor.open()) streamsOpen += 1;
    for (let i = 0; i < MESSAGES; i++) {
      const t = performance.now();
      const status = await visitor.say(QUESTIONS[(n + i) % QUESTIONS.length]!);
      if (status === 200) latencies.push(performance.now() - t);
      else errors += 1;
    }
    visitor.close();
  }),
);
const seconds = (performance.now() - loadStart) / 1000;
const sorted = [...latencies].sort((a, b) => a - b);
const load = {
  conversations: CONVERSATIONS,
  messagesEach: MESSAGES,
  streamsOpen,
  messages: latencies.length,
  errors,
  seconds: round(seconds),
  messagesPerSecond: round(latencies.length / seconds),
  p50ms: round(percentile(sorted, 50)),
  p95ms: round(percentile(sorted, 95)),
  p99ms: round(percentile(sorted, 99)),
  maxms: round(sorted.at(-1) ?? NaN),
};
console.log(
  `${CONVERSATIONS} conversations × ${MESSAGES} messages: ${load.messages} answered, ${errors} errors, ` +
    `${load.messagesPerSecond} messages/s, p50 ${load.p50ms} ms, p95 ${load.p95ms} ms, p99 ${load.p99ms} ms ` +
    `(${streamsOpen} event streams open)`,
);
await w.close();

mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(
  path.join(here, 'results', 'web.json'),
  JSON.stringify(
    {
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model },
      firstAnswerVisibleMs: {
        samples: visible.map(round),
        median: round(percentile(sortedVisible, 50)),
        p95: round(percentile(sortedVisible, 95)),
      },
      load,
    },
    null,
    2,
  ) + '\n',
);
