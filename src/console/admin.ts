/**
 * The administrator's sections: accounts (invite, change role, disable, enable) and the audit log.
 */
import type { Context } from 'hono';
import type { Account } from './store.ts';
import { isEmail, newSecret, normaliseEmail, secretHash } from './auth.ts';
import { form, html, raw, table, type Html } from './html.ts';
import {
  ROLE_NAMES,
  ROLES,
  type ConsoleDeps,
  type ConsoleEnv,
  type ConsoleSection,
  type Role,
} from './section.ts';

const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

function roleSelect(name: string, selected?: Role, id?: string): Html {
  return html`<select name="${name}" ${id ? raw(` id="${id}"`) : ''}>
    ${ROLES.map(
      (r) => html`<option value="${r}" ${r === selected ? raw(' selected') : ''}>${ROLE_NAMES[r]}</option>`,
    )}
  </select>`;
}

async function accountsPage(
  c: Context<ConsoleEnv>,
  deps: ConsoleDeps,
  notice?: { kind: 'ok' | 'error'; body: Html },
  status: 200 | 400 | 409 = 200,
) {
  const ctx = c.get('console');
  const list = await deps.accounts.listAccounts();
  const now = deps.now().toISOString();
  const pending = (await deps.accounts.listInvitations()).filter((i) => !i.usedAt && i.expiresAt > now);
  const rows = list.map((a) => {
    const self = a.id === ctx.user.id;
    return [
      a.email,
      html`<span class="tag">${ROLE_NAMES[a.role]}</span>`,
      a.disabled ? 'disabled' : a.passwordHash ? 'active' : 'no password yet',
      self
        ? html`<span class="hint">(you)</span>`
        : html`${form(
            ctx,
            `/console/accounts/${a.id}/role`,
            html`<label class="sr-only" for="role-${a.id}">Role of ${a.email}</label
              >${roleSelect('role', a.role, `role-${a.id}`)}
              <button type="submit" class="secondary">Change role</button>`,
            { class: 'inline' },
          )}
          ${form(
            ctx,
            `/console/accounts/${a.id}/${a.disabled ? 'enable' : 'disable'}`,
            html`<button type="submit" class="${a.disabled ? 'secondary' : 'danger'}">
              ${a.disabled ? 'Enable' : 'Disable'}
            </button>`,
            { class: 'inline' },
          )}`,
    ];
  });
  return ctx.page(
    'Accounts',
    html`${notice ? html`<div class="${notice.kind}" role="status">${notice.body}</div>` : ''}
      <h2>Invite someone</h2>
      ${form(
        ctx,
        '/console/accounts/invite',
        html`<div class="row">
          <div class="stack">
            <label for="invite-email">Email</label
            ><input id="invite-email" name="email" type="email" required />
          </div>
          <div class="stack">
            <label for="invite-role">Role</label>${roleSelect('role', 'staff', 'invite-role')}
          </div>
          <button type="submit">Create invitation link</button>
        </div>`,
      )}
      <p class="hint">
        The link works once, for ${deps.env.CONSOLE_INVITE_HOURS} hours. Send it to the person yourself; the
        console sends no email.
      </p>
      <h2>Accounts</h2>
      ${table(['Email', 'Role', 'Status', 'Change'], rows)}
      <h2>Invitations not yet used</h2>
      ${table(
        ['Email', 'Role', 'Invited by', 'Expires'],
        pending.map((i) => [
          i.email,
          ROLE_NAMES[i.role],
          i.invitedBy,
          i.expiresAt.slice(0, 16).replace('T', ' ') + ' UTC',
        ]),
        'None.',
      )}`,
    { status },
  );
}

export const accountsSection: ConsoleSection = {
  id: 'accounts',
  title: 'Accounts',
  roles: ['admin'],
  mount(app, deps) {
    app.get('/', (c) => accountsPage(c, deps));

    app.post('/invite', async (c) => {
      const ctx = c.get('console');
      const body = await c.req.parseBody();
      const email = normaliseEmail(String(body.email ?? ''));
      const role = body.role;
      if (!isEmail(email) || !isRole(role))
        return accountsPage(c, deps, { kind: 'error', body: html`Give an email address and a role.` }, 400);
      const existing = await deps.accounts.findAccountByEmail(email);
      if (existing?.passwordHash && !existing.disabled)
        return accountsPage(
          c,
          deps,
          { kind: 'error', body: html`${email} already has an account; change its role below.` },
          409,
        );
      const token = newSecret();
      const now = deps.now();
      const expiresAt = new Date(now.getTime() + deps.env.CONSOLE_INVITE_HOURS * 3600_000).toISOString();
      await deps.accounts.putInvitation({
        tokenHash: secretHash(token),
        email,
        role,
        invitedBy: ctx.user.email,
        createdAt: now.toISOString(),
        expiresAt,
      });
      await ctx.audit('invitation.create', { email, role });
      const link = `${ctx.origin}/console/invite/${token}`;
      return accountsPage(c, deps, {
        kind: 'ok',
        body: html`<p>
            Invitation for <strong>${email}</strong> (${ROLE_NAMES[role]}). Send this link; it works once,
            until ${expiresAt.slice(0, 16).replace('T', ' ')} UTC, and is not shown again:
          </p>
          <p><code id="invite-link">${link}</code></p>`,
      });
    });

    const change = async (
      c: Context<ConsoleEnv>,
      apply: (a: Account) => Account | string,
      action: string,
      detail: (a: Account) => Record<string, unknown>,
    ) => {
      const ctx = c.get('console');
      const account = await deps.accounts.getAccount(c.req.param('id') ?? '');
      if (!account) return accountsPage(c, deps, { kind: 'error', body: html`No such account.` }, 400);
      if (account.id === ctx.user.id)
        return accountsPage(
          c,
          deps,
          { kind: 'error', body: html`You cannot change your own account here (ask another administrator).` },
          400,
        );
      const next = apply(account);
      if (typeof next === 'string') return accountsPage(c, deps, { kind: 'error', body: html`${next}` }, 400);
      await deps.accounts.putAccount({ ...next, updatedAt: deps.now().toISOString() });
      if (next.disabled) await deps.accounts.deleteSessionsOf(next.id);
      await ctx.audit(action, detail(next));
      return c.redirect('/console/accounts', 303);
    };

    app.post('/:id/role', async (c) => {
      const role = (await c.req.parseBody()).role;
      return change(
        c,
        (a) => (isRole(role) ? { ...a, role } : 'Choose one of the roles.'),
        'account.role',
        (a) => ({ email: a.email, role: a.role }),
      );
    });
    app.post('/:id/disable', (c) =>
      change(
        c,
        (a) => ({ ...a, disabled: true }),
        'account.disable',
        (a) => ({ email: a.email }),
      ),
    );
    app.post('/:id/enable', (c) =>
      change(
        c,
        (a) => ({ ...a, disabled: false }),
        'account.enable',
        (a) => ({ email: a.email }),
      ),
    );
  },
};

export const auditSection: ConsoleSection = {
  id: 'audit',
  title: 'Audit log',
  roles: ['admin'],
  mount(app, deps) {
    app.get('/', async (c) => {
      const entries = await deps.accounts.listAudit({ limit: 500 });
      return c.get('console').page(
        'Audit log',
        html`<p class="hint">
            Every sign-in, sign-out, account change and content change, newest first (the last 500).
          </p>
          ${table(
            ['When (UTC)', 'Who', 'What', 'Detail'],
            entries.map((e) => [
              e.at.slice(0, 19).replace('T', ' '),
              e.actor,
              html`<code>${e.action}</code>`,
              Object.keys(e.detail).length ? html`<code>${JSON.stringify(e.detail)}</code>` : '',
            ]),
            'No entries yet.',
          )}`,
      );
    });
  },
};
