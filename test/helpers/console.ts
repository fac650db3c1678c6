/**
 * A running console for tests: the real app over the fixture content (or yours) with an in-memory store,
 * the console mounted on the shared HTTP server at 127.0.0.1 on a free port, and a small client that
 * signs in through the real form and keeps its cookies.
 *
 * @example
 * const c = await startConsole({ sections: [...SECTIONS, mySection] });
 * const editor = await c.signIn('editor');
 * const page = await editor.get('/console/my-section');      // { status, text, headers }
 * await editor.post('/console/my-section/save', { field: 'x' }); // CSRF field and Origin added
 * await c.close();
 *
 * In Chromium (Debian's, through playwright-core; the suite is skipped when it is not installed):
 *
 * @example
 * describe.skipIf(!haveChromium('my pages'))('my pages in Chromium', () => {
 *   let c: BrowserConsole;
 *   beforeAll(async () => (c = await startBrowserConsole()));
 *   afterAll(() => c?.close());
 *   it('shows my page', async () => {
 *     const { page, context } = await c.signedInPage('editor');  // a 360 px phone, signed in
 *     await page.goto(`${c.url}/console/my-section`);
 *     await noSidewaysScroll(page);
 *     await context.close();
 *   });
 * });
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { loadEnv } from '../../src/config/env.ts';
import { createConsole, type ConsoleOptions } from '../../src/console/app.ts';
import { hashPassword, newAccount } from '../../src/console/auth.ts';
import { contentRootOf } from '../../src/console/from-env.ts';
import type { ConsoleDeps, ConsoleSection, Role } from '../../src/console/section.ts';
import { SECTIONS } from '../../src/console/sections.ts';
import { createMemoryConsoleStore, type Account, type ConsoleStore } from '../../src/console/store.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import type { Store } from '../../src/store/port.ts';
import { FIXTURE_CONTENT, makeTestApp, type TestApp } from './app.ts';
import { CHROMIUM, launchChromium, phoneContext } from './browser.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface ConsoleResponse {
  status: number;
  text: string;
  headers: Headers;
  /** The Location of a redirect, if any. */
  location?: string;
}

/** A browser stand-in: keeps cookies, reads the page's CSRF token, sends forms like a page does. */
export class ConsoleClient {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly base: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, init: RequestInit = {}): Promise<ConsoleResponse> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.cookieHeader());
    const res = await fetch(this.base + path, { ...init, headers, redirect: 'manual' });
    this.keep(res);
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return {
      status: res.status,
      text,
      headers: res.headers,
      location: res.headers.get('location') ?? undefined,
    };
  }

  get(path: string): Promise<ConsoleResponse> {
    return this.request(path, { headers: { accept: 'text/html' } });
  }

  /** Posts a form as the page would: with the CSRF field (unless given) and this site's Origin. */
  post(path: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}) {
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields });
    return this.request(path, {
      method: 'POST',
      body,
      headers: { origin: this.base, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  /** Signs in through the form; throws unless it worked. */
  async signIn(email: string, password: string): Promise<void> {
    await this.get('/console/sign-in');
    const res = await this.post('/console/sign-in', { email, password });
    if (res.status !== 303) throw new Error(`sign-in failed (${res.status})`);
    this.csrf = '';
    let page = await this.get(res.location ?? '/console');
    for (let i = 0; i < 3 && page.status === 303 && page.location; i++) page = await this.get(page.location);
    if (!this.csrf) throw new Error('no CSRF token after sign-in');
  }
}

export interface RunningConsole {
  /** http://127.0.0.1:port */
  url: string;
  test: TestApp;
  deps: ConsoleDeps;
  accounts: ConsoleStore;
  http: HttpServer;
  /** An account of this role with {@link TEST_PASSWORD} (a new email each call unless given). */
  createUser(role: Role, email?: string): Promise<{ email: string; password: string; account: Account }>;
  /** A client signed in as a new account of this role. */
  signIn(role: Role): Promise<ConsoleClient & { email: string }>;
  client(): ConsoleClient;
  close(): Promise<void>;
}

let counter = 0;

export async function startConsole(
  options: {
    sections?: readonly ConsoleSection[];
    content?: string;
    store?: Store;
    accounts?: ConsoleStore;
    env?: Record<string, string>;
    console?: ConsoleOptions;
    now?: () => Date;
  } = {},
): Promise<RunningConsole> {
  const test = await makeTestApp({ content: options.content, store: options.store });
  const env = loadEnv({
    DATA_DIR: test.dataDir,
    CONTENT_DIR: options.content ?? FIXTURE_CONTENT,
    WEB_PORT: '0',
    PSEUDONYM_SECRET: 'test-secret-test-secret-test-secret',
    ...options.env,
  });
  const accounts = options.accounts ?? createMemoryConsoleStore();
  const deps: ConsoleDeps = {
    store: test.app.store,
    accounts,
    live: test.app.live,
    contentRoot: contentRootOf(env),
    env,
    now: options.now ?? (() => new Date()),
    logger: { info() {}, warn() {}, error() {} },
  };
  const http = createHttpServer({ logger: deps.logger });
  http.route('/console', createConsole(deps, options.sections ?? SECTIONS, options.console));
  const where = await http.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${where.port}`;
  const hashed = hashPassword(TEST_PASSWORD);
  const createUser: RunningConsole['createUser'] = async (role, email) => {
    const address = email ?? `${role}-${++counter}-${process.pid}@example.org`;
    const account = newAccount(address, role, deps.now(), await hashed);
    await accounts.putAccount(account);
    return { email: account.email, password: TEST_PASSWORD, account };
  };
  return {
    url,
    test,
    deps,
    accounts,
    http,
    createUser,
    async signIn(role) {
      const { email, password } = await createUser(role);
      const client = Object.assign(new ConsoleClient(url), { email });
      await client.signIn(email, password);
      return client;
    },
    client: () => new ConsoleClient(url),
    async close() {
      await http.close();
      await accounts.close();
      await test.close();
    },
  };
}

// In a real browser.

/** A loaded machine can make a browser step take seconds: generous limits, no timing asserted. */
export const SLOW = { timeout: 60_000 };

/** Whether Chromium is installed; says which suite is skipped when it is not. */
export function haveChromium(suite: string): boolean {
  const have = existsSync(CHROMIUM);
  if (!have) console.warn(`skipped: ${suite} (no Chromium at ${CHROMIUM})`);
  return have;
}

/** Fills the sign-in form and presses "Sign in"; does not wait (a refusal stays on the page). */
export async function fillSignIn(page: Page, base: string, email: string, password = TEST_PASSWORD) {
  await page.goto(`${base}/console/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in through the form and waits until the browser has left the sign-in page. */
export async function browserSignIn(page: Page, base: string, email: string, password = TEST_PASSWORD) {
  await fillSignIn(page, base, email, password);
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'), SLOW);
}

/** The page fits its width: nothing to scroll sideways (a 360 px phone). */
export async function noSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => {
    const root = (
      globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
    ).document.documentElement;
    return { scroll: root.scrollWidth, client: root.clientWidth };
  });
  expect(widths.scroll, page.url()).toBeLessThanOrEqual(widths.client);
}

export interface BrowserConsole extends RunningConsole {
  browser: Browser;
  /** A fresh phone-sized context (its own cookies) and a page in it. */
  newPage(): Promise<{ page: Page; context: BrowserContext }>;
  /** A fresh phone-sized page signed in through the form as a new account of this role. */
  signedInPage(role: Role): Promise<{ page: Page; context: BrowserContext; email: string }>;
}

/** {@link startConsole} and one Chromium for the file; `close()` ends both. */
export async function startBrowserConsole(
  options: Parameters<typeof startConsole>[0] = {},
): Promise<BrowserConsole> {
  const c = await startConsole(options);
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await c.close();
    throw error;
  }
  const closeConsole = c.close;
  const newPage = async () => {
    const context = await phoneContext(browser);
    return { page: await context.newPage(), context };
  };
  return Object.assign(c, {
    browser,
    newPage,
    async signedInPage(role: Role) {
      const { email, password } = await c.createUser(role);
      const { page, context } = await newPage();
      await browserSignIn(page, c.url, email, password);
      return { page, context, email };
    },
    async close() {
      await browser.close();
      await closeConsole();
    },
  });
}
