/**
 * The console's plug-in interface. A console page belongs to a {@link ConsoleSection}: an id (its URL is
 * `/console/<id>`), a title for the navigation, the roles that may open it, and a `mount` that adds Hono
 * routes to the section's own sub-app. Sections are listed in one place, src/console/sections.ts.
 *
 * What the console does before a section's handler runs:
 * - the request has a valid session (else: GET of a page → 303 to the sign-in page; anything else → 401);
 * - the user's role is in `roles` (admin may open every section), else 403;
 * - on every non-GET request the CSRF token (form field `_csrf` or header `X-CSRF-Token`) and the Origin
 *   were checked, so a handler never checks them itself.
 *
 * Inside a handler, `c.get('console')` is the {@link ConsoleContext}: the signed-in user, the CSRF token,
 * `audit(action, detail)` (write one for every change; the detail must never hold a worker's text or
 * reference) and `page(title, body)`, which renders the shared layout (navigation, the user, sign-out).
 * Build HTML with `html` from src/console/html.ts (it escapes every value) and forms with `form(...)`
 * (it adds the CSRF field). The console's CSP allows no script at all and styles only from
 * /console/assets/console.css (no `style=` attributes; use its classes, or add yours to that file).
 * SVG drawn inline in the page is fine.
 *
 * @example
 * export const hello: ConsoleSection = {
 *   id: 'hello',
 *   title: 'Hello',
 *   roles: ['editor'],
 *   mount(app, deps) {
 *     app.get('/', (c) => c.get('console').page('Hello', html`<p>Hi ${c.get('console').user.email}</p>`));
 *     app.post('/say', async (c) => {
 *       const form = await c.req.parseBody();
 *       await c.get('console').audit('hello.say', { words: String(form.words ?? '').length });
 *       return c.redirect('/console/hello', 303);
 *     });
 *   },
 * };
 */
import type { Hono, MiddlewareHandler } from 'hono';
import type { Env } from '../config/env.ts';
import type { Logger } from '../core/dialogue.ts';
import type { LiveNlu } from '../kb/live.ts';
import type { Store } from '../store/port.ts';
import { html, type Html } from './html.ts';
import type { ConsoleStore } from './store.ts';

export const ROLES = ['editor', 'staff', 'organiser', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  editor: 'Content editor',
  staff: 'Union staff',
  organiser: 'Organiser',
  admin: 'Administrator',
};

export interface ConsoleUser {
  id: string;
  email: string;
  role: Role;
}

/** What a section's handlers find in `c.get('console')`. */
export interface ConsoleContext {
  user: ConsoleUser;
  /** This site as the browser sees it (https://console.example), e.g. for links to send by email. */
  origin: string;
  /** The session's CSRF token (form() puts it in every form; send it as X-CSRF-Token from elsewhere). */
  csrf: string;
  /**
   * Writes one audit entry (who = the user, when = now). `action` is a dotted name such as
   * 'intent.example.add'; `detail` says what changed (ids, file names, counts) — never a worker's text.
   */
  audit(action: string, detail?: Record<string, unknown>): Promise<void>;
  /** The page in the console's layout (navigation for the user's role, sign-out), as a 200 response. */
  page(title: string, body: Html, options?: { status?: 200 | 400 | 403 | 404 | 409 | 422 }): Response;
}

/** Hono's type parameter for console apps: `new Hono<ConsoleEnv>()`. */
export type ConsoleEnv = { Variables: { console: ConsoleContext } };

/** What the console is given once at start, shared by every section. */
export interface ConsoleDeps {
  /** The bot's store: tickets, unanswered questions (the same store the core uses). */
  store: Store;
  /** Accounts, sign-in sessions, invitations and the audit log. */
  accounts: ConsoleStore;
  /** The live content (knowledge, intents, matcher); `reload()` after a content change. */
  live: LiveNlu;
  /** The content root (where knowledge/, intents/ and locales/ are). */
  contentRoot: string;
  /** The validated environment (KB_MAX_REVIEW_AGE_DAYS, OFFICE_TZ, …). */
  env: Env;
  now: () => Date;
  logger: Logger;
}

export interface ConsoleSection {
  /** URL segment: the section's pages are under /console/<id>. Lower case letters, digits and '-'. */
  id: string;
  /** Shown in the navigation. */
  title: string;
  /** Who may open it (admin always may). */
  roles: readonly Role[];
  /** Adds the section's routes to its own sub-app (paths relative to /console/<id>). */
  mount(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void;
}

/** May this role open a section for `roles`? Admin may open everything. */
export function allowed(role: Role, roles: readonly Role[]): boolean {
  return role === 'admin' || roles.includes(role);
}

/**
 * A finer check inside a section (e.g. an organiser may read the desk but a button is for staff):
 * answers 403 unless the user has one of `roles` (or is admin).
 */
export function requireRole(...roles: Role[]): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const ctx = c.get('console');
    if (!ctx || !allowed(ctx.user.role, roles)) return forbidden(c);
    await next();
  };
}

function forbidden(c: Parameters<MiddlewareHandler<ConsoleEnv>>[0]): Response {
  const ctx = c.get('console');
  const text = 'Your account does not have access to this page.';
  if (ctx && c.req.method === 'GET')
    return ctx.page('Not allowed', html`<p class="notice">${text}</p>`, { status: 403 });
  return c.text(text, 403);
}
