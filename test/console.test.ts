/**
 * The console's foundation over HTTP (no browser): sign-in and its refusals, sessions and their cookie,
 * CSRF and Origin checks, the sign-in limit, roles, invitations, the audit log, and the desk page.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole } from '../src/console/app.ts';
import { html } from '../src/console/html.ts';
import type { ConsoleSection } from '../src/console/section.ts';
import { SECTIONS } from '../src/console/sections.ts';
import type { Ticket } from '../src/store/port.ts';
import { ConsoleClient, startConsole, TEST_PASSWORD, type RunningConsole } from './helpers/console.ts';

/** Stands in for the editor's pages until they exist: one page and one change. */
const dummyEditor: ConsoleSection = {
  id: 'dummy-editor',
  title: 'Dummy editor',
  roles: ['editor'],
  mount(app) {
    app.get('/', (c) => c.get('console').page('Dummy editor', html`<p>editor page</p>`));
    app.post('/save', async (c) => {
      await c.get('console').audit('dummy.save', { field: 'x' });
      return c.text('saved');
    });
  },
};

const WRONG = 'The email or password is not right.';

describe('console over HTTP', { timeout: 60_000 }, () => {
  let c: RunningConsole;

  beforeAll(async () => {
    c = await startConsole({
      sections: [...SECTIONS, dummyEditor],
      console: { signInLimits: { perAccount: 3, perAddress: 50, windowMs: 60_000 } },
    });
  });
  afterAll(() => c.close());

  it('sends an unauthenticated page request to the sign-in page, and other requests get 401', async () => {
    const anon = c.client();
    for (const path of [
      '/console',
      '/console/desk',
      '/console/accounts',
      '/console/dummy-editor',
      '/console/nope',
    ]) {
      const res = await anon.get(path);
      expect(res.status, path).toBe(303);
      expect(res.location).toBe(`/console/sign-in?next=${encodeURIComponent(path)}`);
    }
    expect((await anon.post('/console/dummy-editor/save', {})).status).toBe(401);
    expect((await anon.request('/console/desk', { headers: { accept: 'application/json' } })).status).toBe(
      401,
    );
    const page = await anon.get('/console/sign-in');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<label for="email">Email<\/label>/);
    expect(page.text).toMatch(/<label for="password">Password<\/label>/);
    expect(page.text).toMatch(/<button type="submit">Sign in<\/button>/);
  });

  it('signs in with the form, with a session cookie that is HttpOnly and SameSite=Strict', async () => {
    const { email } = await c.createUser('staff');
    const client = c.client();
    await client.get('/console/sign-in');
    const res = await client.post('/console/sign-in', {
      email: email.toUpperCase(),
      password: TEST_PASSWORD,
    });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith('mrb_console='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const stored = await c.accounts.getSession(
      (await import('../src/console/auth.ts')).secretHash(client.cookies.get('mrb_console')!),
    );
    expect(stored).toBeDefined();
    const desk = await client.get('/console/desk');
    expect(desk.status).toBe(200);
    expect(desk.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(desk.text).toContain(email);
  });

  it('marks the cookie Secure and __Host- over https (behind a trusted proxy) and with CONSOLE_SECURE_COOKIES', async () => {
    for (const options of [{ trustProxy: true }, { secureCookies: true }]) {
      const app = new Hono().route('/console', createConsole(c.deps, SECTIONS, options));
      const headers: Record<string, string> = options.trustProxy ? { 'x-forwarded-proto': 'https' } : {};
      const page = await app.request('http://console.test/console/sign-in', { headers });
      const pre = page.headers.getSetCookie()[0]!;
      expect(pre).toMatch(/^__Host-mrb_console_form=/);
      expect(pre).toMatch(/Secure/);
      const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
      const { email } = await c.createUser('staff');
      const res = await app.request('http://console.test/console/sign-in', {
        method: 'POST',
        headers: {
          ...headers,
          origin: options.trustProxy ? 'https://console.test' : 'http://console.test',
          cookie: pre.split(';')[0]!,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ _csrf: token, email, password: TEST_PASSWORD }),
      });
      expect(res.status).toBe(303);
      const session = res.headers.getSetCookie().find((l) => l.startsWith('__Host-mrb_console='))!;
      expect(session).toMatch(/Secure/);
      expect(session).toMatch(/HttpOnly/);
      expect(session).toMatch(/Path=\//);
    }
  });

  it('refuses a wrong password with the same message as an unknown account', async () => {
    const { email } = await c.createUser('editor');
    const one = c.client();
    await one.get('/console/sign-in');
    const wrong = await one.post('/console/sign-in', { email, password: 'not the password at all' });
    const two = c.client();
    await two.get('/console/sign-in');
    const unknown = await two.post('/console/sign-in', {
      email: 'nobody@example.org',
      password: 'whatever it is',
    });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const message = (t: string) => /<p class="error" role="alert">([^<]*)<\/p>/.exec(t)?.[1];
    expect(message(wrong.text)).toBe(WRONG);
    expect(message(unknown.text)).toBe(WRONG);
    expect(one.cookies.has('mrb_console')).toBe(false);
  });

  it('limits failed sign-ins per account with a clear message, even with the right password then', async () => {
    const { email } = await c.createUser('organiser');
    const client = c.client();
    await client.get('/console/sign-in');
    for (let i = 0; i < 3; i++)
      expect((await client.post('/console/sign-in', { email, password: `wrong password ${i}` })).status).toBe(
        400,
      );
    const blocked = await client.post('/console/sign-in', { email, password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toMatch(
      /Too many failed sign-in attempts\. Please wait \d+ minutes? and try again\./,
    );
    // Another account from the same address is not blocked (the address limit is higher).
    const other = await c.createUser('organiser');
    const res = await client.post('/console/sign-in', { email: other.email, password: TEST_PASSWORD });
    expect(res.status).toBe(303);
  });

  it('limits failed sign-ins per address across accounts', async () => {
    const limited = await startConsole({
      console: { signInLimits: { perAccount: 100, perAddress: 4, windowMs: 60_000 } },
    });
    try {
      const client = limited.client();
      await client.get('/console/sign-in');
      for (let i = 0; i < 4; i++)
        await client.post('/console/sign-in', {
          email: `x${i}@example.org`,
          password: 'wrong password here',
        });
      const { email } = await limited.createUser('staff');
      expect((await client.post('/console/sign-in', { email, password: TEST_PASSWORD })).status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('refuses a change without the CSRF token, with a wrong one, or from another origin', async () => {
    const editor = await c.signIn('editor');
    expect((await editor.post('/console/dummy-editor/save', { _csrf: '' })).status).toBe(403);
    expect((await editor.post('/console/dummy-editor/save', { _csrf: 'x'.repeat(43) })).status).toBe(403);
    expect(
      (await editor.post('/console/dummy-editor/save', {}, { origin: 'https://evil.example' })).status,
    ).toBe(403);
    const ok = await editor.post('/console/dummy-editor/save', {});
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('saved');
    // The token of another session does not do.
    const other = await c.signIn('editor');
    expect((await editor.post('/console/dummy-editor/save', { _csrf: other.csrf })).status).toBe(403);
    // Nor does a sign-in form sent from another site.
    const anon = c.client();
    await anon.get('/console/sign-in');
    expect(
      (
        await anon.post(
          '/console/sign-in',
          { email: editor.email, password: TEST_PASSWORD },
          { origin: 'https://evil.example' },
        )
      ).status,
    ).toBe(403);
  });

  it('gives staff 403 on editor pages and editors 403 on the admin pages; admin may open all', async () => {
    const staff = await c.signIn('staff');
    expect((await staff.get('/console/dummy-editor')).status).toBe(403);
    expect((await staff.post('/console/dummy-editor/save', {})).status).toBe(403);
    expect((await staff.get('/console/accounts')).status).toBe(403);
    const nav = (await staff.get('/console/desk')).text;
    expect(nav).toContain('href="/console/desk"');
    expect(nav).not.toContain('href="/console/dummy-editor"');
    expect(nav).not.toContain('href="/console/accounts"');
    const editor = await c.signIn('editor');
    expect((await editor.get('/console/dummy-editor')).status).toBe(200);
    expect((await editor.get('/console/desk')).status).toBe(403);
    expect((await editor.get('/console/audit')).status).toBe(403);
    const admin = await c.signIn('admin');
    for (const path of ['/console/desk', '/console/dummy-editor', '/console/accounts', '/console/audit'])
      expect((await admin.get(path)).status, path).toBe(200);
  });

  it('ends a session at sign-out, and the old cookie no longer works', async () => {
    const staff = await c.signIn('staff');
    const old = staff.cookies.get('mrb_console')!;
    const out = await staff.post('/console/sign-out', {});
    expect(out.status).toBe(303);
    expect(out.location).toBe('/console/sign-in');
    const again = new ConsoleClient(c.url);
    again.cookies.set('mrb_console', old);
    const res = await again.get('/console/desk');
    expect(res.status).toBe(303);
    expect(res.location).toContain('/console/sign-in');
  });

  it('invites a user who sets a password once; the link does not work twice', async () => {
    const admin = await c.signIn('admin');
    const invited = await admin.post('/console/accounts/invite', {
      email: 'new.editor@example.org',
      role: 'editor',
    });
    expect(invited.status).toBe(200);
    const link = /<code id="invite-link">([^<]+)<\/code>/.exec(invited.text)![1]!;
    const path = new URL(link).pathname;
    const invitee = c.client();
    const form = await invitee.get(path);
    expect(form.status).toBe(200);
    expect(form.text).toContain('new.editor@example.org');
    const short = await invitee.post(path, { password: 'short', repeat: 'short' });
    expect(short.status).toBe(400);
    expect(short.text).toContain('at least 12 characters');
    const set = await invitee.post(path, { password: 'a long new password', repeat: 'a long new password' });
    expect(set.status).toBe(303);
    expect((await invitee.get('/console/dummy-editor')).status).toBe(200);
    expect((await c.client().get(path)).status).toBe(410);
    const later = c.client();
    await later.signIn('new.editor@example.org', 'a long new password');
  });

  it('lets the admin change a role and disable an account (its sessions end)', async () => {
    const admin = await c.signIn('admin');
    const staff = await c.signIn('staff');
    const account = (await c.accounts.findAccountByEmail(staff.email))!;
    expect((await admin.post(`/console/accounts/${account.id}/role`, { role: 'editor' })).status).toBe(303);
    expect((await staff.get('/console/dummy-editor')).status).toBe(200);
    expect((await admin.post(`/console/accounts/${account.id}/disable`, {})).status).toBe(303);
    expect((await staff.get('/console/dummy-editor')).status).toBe(303);
    const again = c.client();
    await again.get('/console/sign-in');
    expect(
      (await again.post('/console/sign-in', { email: staff.email, password: TEST_PASSWORD })).status,
    ).toBe(400);
    // The admin cannot lock themselves out.
    const self = (await c.accounts.findAccountByEmail(admin.email))!;
    expect((await admin.post(`/console/accounts/${self.id}/disable`, {})).status).toBe(400);
  });

  it('writes sign-in, sign-out, invitations, role changes and section changes to the audit log', async () => {
    const admin = await c.signIn('admin');
    const editor = await c.signIn('editor');
    await editor.post('/console/dummy-editor/save', {});
    await editor.post('/console/sign-out', {});
    await admin.post('/console/accounts/invite', { email: 'audited@example.org', role: 'staff' });
    const entries = await c.accounts.listAudit({ limit: 1000 });
    const has = (actor: string, action: string) =>
      entries.some((e) => e.actor === actor && e.action === action);
    expect(has(editor.email, 'sign-in')).toBe(true);
    expect(has(editor.email, 'dummy.save')).toBe(true);
    expect(has(editor.email, 'sign-out')).toBe(true);
    expect(has(admin.email, 'invitation.create')).toBe(true);
    expect(entries.some((e) => e.action === 'account.role')).toBe(true);
    const page = await admin.get('/console/audit');
    expect(page.text).toContain('dummy.save');
    expect(page.text).toContain(editor.email);
    expect(page.text).not.toContain(TEST_PASSWORD);
  });

  it('shows the desk without any worker text or reference beyond the ticket id', async () => {
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    const ticket = (id: string, extra: Partial<Ticket>): Ticket => ({
      id,
      status: 'open',
      workerRef: `secret-ref-${id}`,
      address: { channel: 'test', userId: `chat-${id}` },
      language: 'en',
      question: `my employer kept my passport ${id}`,
      reason: 'asked',
      transcript: [],
      answeredBy: [],
      createdAt: at(90),
      updatedAt: at(10),
      phone: '+34600111222',
      workerName: 'Maria Example',
      ...extra,
    });
    await c.test.app.store.putTicket(ticket('T-aaaa0001', { urgent: true }));
    await c.test.app.store.putTicket(
      ticket('T-aaaa0002', {
        status: 'claimed',
        claimedBy: { id: 'U1', name: 'Ana' },
        transcript: [
          { from: 'worker', text: 'first words', at: at(90) },
          { from: 'staff', text: 'hello from staff', at: at(60), staff: 'Ana' },
          { from: 'worker', text: 'later words', at: at(5) },
        ],
      }),
    );
    const staff = await c.signIn('staff');
    const page = await staff.get('/console/desk');
    expect(page.status).toBe(200);
    expect(page.text).toContain('T-aaaa0001');
    expect(page.text).toContain('T-aaaa0002');
    expect(page.text).toMatch(/id="count-urgent">1</);
    expect(page.text).toMatch(/id="count-claimed">1</);
    expect(page.text).toContain('30 min'); // first reply after 30 minutes
    for (const secret of [
      'passport',
      'secret-ref',
      'chat-T',
      '+34600111222',
      'Maria',
      'first words',
      'hello from staff',
    ])
      expect(page.text, secret).not.toContain(secret);
    const organiser = await c.signIn('organiser');
    expect((await organiser.get('/console/desk')).status).toBe(200);
  });
});
