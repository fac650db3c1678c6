/**
 * The console at /console: sign-in, sign-out, invitations, and the sections (src/console/sections.ts)
 * behind a session check, a role check and a CSRF + Origin check on every change. Mount the returned
 * app with `http.route('/console', createConsole(deps, SECTIONS))`.
 *
 * Security model (docs/console.md): the session id is a 256-bit random value in an HttpOnly,
 * SameSite=Strict cookie (Secure and __Host- prefixed over https or with CONSOLE_SECURE_COOKIES), kept
 * server-side only as a hash, with an idle and an absolute expiry; each session has its own CSRF token,
 * checked with the Origin on every request that is not a GET; sign-in is limited per account and per
 * address; pages allow no script (CSP) and are never framed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  checkPassword,
  hashPassword,
  newAccount,
  newSecret,
  normaliseEmail,
  passwordProblem,
  secretHash,
  SignInLimiter,
} from './auth.ts';
import { html, layout, type Html } from './html.ts';
import {
  allowed,
  type ConsoleContext,
  type ConsoleDeps,
  type ConsoleEnv,
  type ConsoleSection,
} from './section.ts';
import type { Account } from './store.ts';

const CSS = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'static/console.css'));
const CSS_HASH = createHash('sha256').update(CSS).digest('base64url').slice(0, 12);
export const CSS_URL = `/console/assets/console.css?v=${CSS_HASH}`;

/** No script at all, styles only from this origin, never framed, forms post only here. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface ConsoleOptions {
  /** Secure cookies even when the request does not look like https (a TLS proxy that is not trusted). */
  secureCookies?: boolean;
  /** Take https, host and client address from X-Forwarded-* (behind a reverse proxy). */
  trustProxy?: boolean;
  /** A session unused this long ends. Default 2 hours. */
  sessionIdleMs?: number;
  /** A session ends this long after sign-in whatever its use. Default 12 hours. */
  sessionMaxMs?: number;
  /** Failed sign-ins allowed per account and per address within `windowMs`. */
  signInLimits?: { perAccount: number; perAddress: number; windowMs: number };
}

export interface ConsoleApp {
  routes: Hono;
}

const PRE_COOKIE = 'mrb_console_form';
const TOUCH_EVERY_MS = 60_000;

export function createConsole(
  deps: ConsoleDeps,
  sections: readonly ConsoleSection[],
  options: ConsoleOptions = {},
): Hono {
  const idleMs = options.sessionIdleMs ?? deps.env.CONSOLE_SESSION_IDLE_MINUTES * 60_000;
  const maxMs = options.sessionMaxMs ?? deps.env.CONSOLE_SESSION_MAX_HOURS * 3600_000;
  const limits = options.signInLimits ?? { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000 };
  const nowMs = () => deps.now().getTime();
  const accountLimiter = new SignInLimiter(limits.perAccount, limits.windowMs, nowMs);
  const addressLimiter = new SignInLimiter(limits.perAddress, limits.windowMs, nowMs);
  const accounts = deps.accounts;
  const ids = new Set<string>();
  for (const s of sections) {
    if (!/^[a-z][a-z0-9-]*$/.test(s.id) || ['assets', 'sign-in', 'sign-out', 'invite'].includes(s.id))
      throw new Error(`console section id "${s.id}" is not allowed`);
    if (ids.has(s.id)) throw new Error(`two console sections with id "${s.id}"`);
    ids.add(s.id);
  }

  // ── Request helpers ─────────────────────────────────────────────────────────────────────────

  const isHttps = (c: Context) => {
    if (options.trustProxy) {
      const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
      if (proto) return proto === 'https';
    }
    return new URL(c.req.url).protocol === 'https:';
  };
  const secure = (c: Context) => Boolean(options.secureCookies) || isHttps(c);
  const cookieName = (c: Context) => (secure(c) ? '__Host-mrb_console' : 'mrb_console');
  const preCookieName = (c: Context) => (secure(c) ? `__Host-${PRE_COOKIE}` : PRE_COOKIE);
  const selfOrigin = (c: Context) => {
    const host =
      (options.trustProxy ? c.req.header('x-forwarded-host')?.split(',')[0]?.trim() : undefined) ??
      c.req.header('host') ??
      new URL(c.req.url).host;
    return `${isHttps(c) ? 'https' : 'http'}://${host}`;
  };
  const clientAddress = (c: Context) => {
    if (options.trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
      if (forwarded) return forwarded;
    }
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown';
    }
  };
  /** A request from another site: its Origin (or, without one, its Referer or Sec-Fetch-Site) says so. */
  const crossSite = (c: Context) => {
    const self = selfOrigin(c);
    const origin = c.req.header('origin');
    if (origin !== undefined) return origin !== self;
    const referer = c.req.header('referer');
    if (referer) {
      try {
        return new URL(referer).origin !== self;
      } catch {
        return true;
      }
    }
    const site = c.req.header('sec-fetch-site');
    return site !== undefined && site !== 'same-origin' && site !== 'none';
  };
  const sameToken = (a: string | undefined, b: string | undefined) => {
    if (!a || !b || a.length > 200 || b.length > 200) return false;
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  };
  const formField = async (c: Context, name: string): Promise<string | undefined> => {
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data'))
      return undefined;
    const body = await c.req.parseBody();
    const v = body[name];
    return typeof v === 'string' ? v : undefined;
  };
  /** A redirect target after sign-in: only a console path of this site. */
  const safeNext = (next: string | undefined) =>
    next && /^\/console(\/[A-Za-z0-9._~\-/?=&%]*)?$/.test(next) && !next.startsWith('/console/sign-')
      ? next
      : '/console';

  const bare = (c: Context, title: string, body: Html, status: 200 | 400 | 403 | 404 | 410 | 429 = 200) =>
    c.html(layout({ title, body, cssUrl: CSS_URL }).value, status);

  const audit = (actor: string, action: string, detail: Record<string, unknown> = {}) =>
    accounts.addAudit({ at: deps.now().toISOString(), actor, action, detail });

  async function startSession(c: Context, account: Account): Promise<void> {
    const id = newSecret();
    const at = deps.now().toISOString();
    await accounts.putSession({
      idHash: secretHash(id),
      accountId: account.id,
      csrf: newSecret(),
      createdAt: at,
      lastSeenAt: at,
    });
    setCookie(c, cookieName(c), id, { httpOnly: true, sameSite: 'Strict', secure: secure(c), path: '/' });
    deleteCookie(c, preCookieName(c), { path: '/', secure: secure(c) });
  }

  /** The form token for pages shown before sign-in (double submit: an HttpOnly cookie and a field). */
  function preToken(c: Context): string {
    const existing = getCookie(c, preCookieName(c));
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const token = newSecret();
    setCookie(c, preCookieName(c), token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: secure(c),
      path: '/',
      maxAge: 3600,
    });
    return token;
  }

  const routes = new Hono<ConsoleEnv>();

  routes.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CONSOLE_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on form posts.
    c.header('Referrer-Policy', 'same-origin');
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });
  routes.use('*', bodyLimit({ maxSize: 256 * 1024, onError: (c) => c.text('Request too large.', 413) }));

  routes.get('/assets/console.css', (c) => {
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  // ── Sign-in ─────────────────────────────────────────────────────────────────────────────────

  const signInPage = (
    c: Context,
    options: { message?: string; email?: string; next?: string; status?: 200 | 400 | 403 | 429 } = {},
  ) => {
    const token = preToken(c);
    const next = safeNext(options.next);
    return bare(
      c,
      'Sign in',
      html`${options.message ? html`<p class="error" role="alert">${options.message}</p>` : ''}
        <form method="post" action="/console/sign-in" class="stack narrow">
          <input type="hidden" name="_csrf" value="${token}" />
          <input type="hidden" name="next" value="${next}" />
          <label for="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="username"
            required
            value="${options.email ?? ''}"
          />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit">Sign in</button>
        </form>
        <p class="hint">No account? Ask your administrator for an invitation link.</p>`,
      options.status,
    );
  };

  routes.get('/sign-in', async (c) => {
    const session = await currentSession(c);
    if (session) return c.redirect(safeNext(c.req.query('next')), 303);
    const ended = c.req.query('ended') === '1';
    return signInPage(c, {
      next: c.req.query('next'),
      message: ended ? 'Your session ended. Please sign in again.' : undefined,
    });
  });

  routes.post('/sign-in', async (c) => {
    if (crossSite(c)) return c.text('Refused: this form must be sent from the console itself.', 403);
    const body = await c.req.parseBody();
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const email = normaliseEmail(str('email')).slice(0, 254);
    const next = str('next');
    if (!sameToken(str('_csrf'), getCookie(c, preCookieName(c))))
      return signInPage(c, {
        email,
        next,
        status: 403,
        message: 'The sign-in form had expired. Please try again.',
      });
    const address = `ip:${clientAddress(c)}`;
    const accountKey = `account:${email}`;
    const wait = Math.max(addressLimiter.blockedFor(address), accountLimiter.blockedFor(accountKey));
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60);
      return signInPage(c, {
        email,
        next,
        status: 429,
        message: `Too many failed sign-in attempts. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
      });
    }
    const account = await checkPassword(accounts, email, str('password'));
    if (!account) {
      addressLimiter.fail(address);
      accountLimiter.fail(accountKey);
      deps.logger.info({}, 'console sign-in refused');
      return signInPage(c, {
        email,
        next,
        status: 400,
        message: 'The email or password is not right.',
      });
    }
    accountLimiter.clear(accountKey);
    // Sessions nobody ended (a closed browser) go when any sign-in happens after they expired.
    await accounts.purgeSessions(
      new Date(nowMs() - idleMs).toISOString(),
      new Date(nowMs() - maxMs).toISOString(),
    );
    await startSession(c, account);
    await audit(account.email, 'sign-in');
    return c.redirect(safeNext(next), 303);
  });

  // ── Invitations (before sign-in) ───────────────────────────────────────────────────────────

  const invalidInvitation = (c: Context) =>
    bare(
      c,
      'Invitation not valid',
      html`<p class="error" role="alert">
        This invitation link does not work: it was used already, or it has expired. Ask your administrator for
        a new one.
      </p>`,
      410,
    );

  const invitePage = (c: Context, token: string, email: string, message?: string) =>
    bare(
      c,
      'Set your password',
      html`${message ? html`<p class="error" role="alert">${message}</p>` : ''}
        <p>
          You were invited to the console as <strong>${email}</strong>. Choose a password of at least 12
          characters.
        </p>
        <form method="post" action="/console/invite/${token}" class="stack narrow">
          <input type="hidden" name="_csrf" value="${preToken(c)}" />
          <label for="password">New password</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="new-password"
            minlength="12"
            required
          />
          <label for="repeat">Repeat the password</label>
          <input
            id="repeat"
            name="repeat"
            type="password"
            autocomplete="new-password"
            minlength="12"
            required
          />
          <button type="submit">Set password</button>
        </form>`,
      message ? 400 : 200,
    );

  routes.get('/invite/:token', async (c) => {
    const token = c.req.param('token');
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return invalidInvitation(c);
    const inv = await accounts.peekInvitation(secretHash(token), deps.now().toISOString());
    if (!inv) return invalidInvitation(c);
    return invitePage(c, token, inv.email);
  });

  routes.post('/invite/:token', async (c) => {
    if (crossSite(c)) return c.text('Refused: this form must be sent from the console itself.', 403);
    const token = c.req.param('token');
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return invalidInvitation(c);
    const now = deps.now().toISOString();
    const peek = await accounts.peekInvitation(secretHash(token), now);
    if (!peek) return invalidInvitation(c);
    const body = await c.req.parseBody();
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    if (!sameToken(str('_csrf'), getCookie(c, preCookieName(c))))
      return invitePage(c, token, peek.email, 'The form had expired. Please try again.');
    const password = str('password');
    const problem = passwordProblem(password);
    if (problem) return invitePage(c, token, peek.email, problem);
    if (password !== str('repeat'))
      return invitePage(c, token, peek.email, 'The two passwords are not the same.');
    const passwordHash = await hashPassword(password);
    const inv = await accounts.takeInvitation(secretHash(token), deps.now().toISOString());
    if (!inv) return invalidInvitation(c);
    const existing = await accounts.findAccountByEmail(inv.email);
    const account: Account = existing
      ? { ...existing, role: inv.role, passwordHash, disabled: false, updatedAt: now }
      : newAccount(inv.email, inv.role, deps.now(), passwordHash);
    await accounts.putAccount(account);
    await audit(account.email, 'invitation.accept', { role: account.role });
    await startSession(c, account);
    await audit(account.email, 'sign-in');
    return c.redirect('/console', 303);
  });

  // ── Everything else needs a session ────────────────────────────────────────────────────────

  interface Current {
    account: Account;
    csrf: string;
    idHash: string;
  }

  async function currentSession(c: Context): Promise<Current | 'ended' | undefined> {
    const id = getCookie(c, cookieName(c));
    if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const idHash = secretHash(id);
    const session = await accounts.getSession(idHash);
    if (!session) return 'ended';
    const now = nowMs();
    if (now - Date.parse(session.lastSeenAt) > idleMs || now - Date.parse(session.createdAt) > maxMs) {
      await accounts.deleteSession(idHash);
      return 'ended';
    }
    const account = await accounts.getAccount(session.accountId);
    if (!account || account.disabled) {
      await accounts.deleteSession(idHash);
      return 'ended';
    }
    if (now - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS)
      await accounts.touchSession(idHash, deps.now().toISOString());
    return { account, csrf: session.csrf, idHash };
  }

  const sessionOf = new WeakMap<Request, Current>();

  const requireSession: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
    const current = await currentSession(c);
    const isPage = c.req.method === 'GET' || c.req.method === 'HEAD';
    if (!current || current === 'ended') {
      if (current === 'ended') deleteCookie(c, cookieName(c), { path: '/', secure: secure(c) });
      const wantsHtml = (c.req.header('accept') ?? 'text/html').includes('text/html');
      if (isPage && wantsHtml && !c.req.path.startsWith('/console/api/')) {
        const next = encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''));
        return c.redirect(`/console/sign-in?next=${next}${current === 'ended' ? '&ended=1' : ''}`, 303);
      }
      return c.text('Sign in first.', 401);
    }
    if (!isPage) {
      if (crossSite(c)) return c.text('Refused: this request must come from the console itself.', 403);
      const token = c.req.header('x-csrf-token') ?? (await formField(c, '_csrf'));
      if (!sameToken(token, current.csrf))
        return c.text(
          'Refused: the form had expired or did not come from the console. Reload the page and try again.',
          403,
        );
    }
    const { account } = current;
    sessionOf.set(c.req.raw, current);
    const user = { id: account.id, email: account.email, role: account.role };
    const nav = sections
      .filter((s) => allowed(user.role, s.roles))
      .map((s) => ({ id: s.id, title: s.title }));
    const current_section = c.req.path.split('/')[2];
    const ctx: ConsoleContext = {
      user,
      csrf: current.csrf,
      origin: selfOrigin(c),
      audit: (action, detail) => audit(account.email, action, detail),
      page: (title, body, o = {}) =>
        c.html(
          layout({ title, body, user, csrf: current.csrf, nav, current: current_section, cssUrl: CSS_URL })
            .value,
          o.status ?? 200,
        ),
    };
    c.set('console', ctx);
    await next();
  };

  routes.use('*', requireSession);

  routes.post('/sign-out', async (c) => {
    const current = sessionOf.get(c.req.raw)!;
    await accounts.deleteSession(current.idHash);
    deleteCookie(c, cookieName(c), { path: '/', secure: secure(c) });
    await audit(current.account.email, 'sign-out');
    return c.redirect('/console/sign-in', 303);
  });

  routes.get('/', (c) => {
    const ctx = c.get('console');
    const first = sections.find((s) => allowed(ctx.user.role, s.roles));
    if (first) return c.redirect(`/console/${first.id}`, 303);
    return ctx.page('Console', html`<p>No section of the console is open to your role yet.</p>`);
  });

  for (const section of sections) {
    const sub = new Hono<ConsoleEnv>();
    sub.use('*', async (c, next) => {
      const ctx = c.get('console');
      if (!allowed(ctx.user.role, section.roles)) {
        const text = 'Your account does not have access to this page.';
        if (c.req.method === 'GET')
          return ctx.page('Not allowed', html`<p class="notice">${text}</p>`, { status: 403 });
        return c.text(text, 403);
      }
      await next();
    });
    section.mount(sub, deps);
    routes.route(`/${section.id}`, sub);
  }

  routes.all('*', (c) =>
    c.get('console').page('Not found', html`<p>There is no such page.</p>`, { status: 404 }),
  );

  return routes as unknown as Hono;
}
