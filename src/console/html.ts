/**
 * Server-rendered HTML for the console. `html` is a tagged template that escapes every value put into
 * it unless the value is itself {@link Html} (made by `html` or, for text you have checked, `raw`);
 * arrays are joined, and null, undefined and false render as nothing.
 *
 * @example
 * const rows = items.map((i) => html`<tr><td>${i.name}</td><td>${i.count}</td></tr>`);
 * html`<table>${rows}</table>`;                           // i.name "<b>" shows as text
 * form(ctx, '/console/accounts/invite', html`<button>Invite</button>`);  // adds the CSRF field
 */
import type { ConsoleContext, ConsoleUser } from './section.ts';
import { ROLE_NAMES } from './section.ts';

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Markup you built and checked yourself, inserted as it is. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/**
 * A POST form with the session's CSRF token. `attrs` adds attributes (e.g. { class: 'inline' }).
 */
export function form(
  ctx: Pick<ConsoleContext, 'csrf'>,
  action: string,
  body: Html,
  attrs: Record<string, string> = {},
): Html {
  const extra = Object.entries(attrs).map(([k, v]) => html` ${raw(attrName(k))}="${v}"`);
  return html`<form method="post" action="${action}" ${extra}>
    <input type="hidden" name="_csrf" value="${ctx.csrf}" />
    ${body}
  </form>`;
}

function attrName(name: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`bad attribute name ${name}`);
  return name;
}

/** A labelled table: `rows` are cells already rendered; an empty list shows `empty`. */
export function table(
  headers: readonly string[],
  rows: readonly HtmlValue[][],
  empty = 'Nothing here.',
): Html {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<div class="table-wrap">
    <table>
      <thead>
        <tr>
          ${headers.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              ${r.map((cell) => html`<td>${cell}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** "3 min", "2 h 5 min", "4 d 3 h": a duration for people. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under 1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

export interface NavItem {
  id: string;
  title: string;
}

export interface LayoutOptions {
  title: string;
  body: Html;
  /** The signed-in user; none on the sign-in and invitation pages. */
  user?: ConsoleUser;
  csrf?: string;
  /** Sections this user may open. */
  nav?: readonly NavItem[];
  /** The section shown now (marked in the navigation). */
  current?: string;
  cssUrl: string;
}

export function layout(o: LayoutOptions): Html {
  const nav =
    o.user && o.nav
      ? html`<nav class="nav" aria-label="Console sections">
          <ul>
            ${o.nav.map(
              (item) =>
                html`<li>
                  <a href="/console/${item.id}" ${item.id === o.current ? raw(' aria-current="page"') : ''}
                    >${item.title}</a
                  >
                </li>`,
            )}
          </ul>
        </nav>`
      : '';
  const who =
    o.user && o.csrf
      ? html`<div class="who">
          <span>${o.user.email} · ${ROLE_NAMES[o.user.role]}</span>
          ${form({ csrf: o.csrf }, '/console/sign-out', html`<button type="submit" class="link">Sign out</button>`, { class: 'inline' })}
        </div>`
      : '';
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <meta name="robots" content="noindex" />
        <title>${o.title} · Console</title>
        <link rel="stylesheet" href="${o.cssUrl}" />
      </head>
      <body>
        <header class="top"><a class="brand" href="/console">Migrant rights bot · Console</a>${who}</header>
        ${nav}
        <main id="main">
          <h1>${o.title}</h1>
          ${o.body}
        </main>
      </body>
    </html> `;
}
