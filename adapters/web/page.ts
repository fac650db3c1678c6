/**
 * The chat page's HTML. Everything dynamic in it is escaped here; the conversation itself is drawn by
 * static/chat.js from JSON with textContent, so nothing a worker or staff member writes becomes markup.
 */
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../src/kb/schema.ts';
import { RTL_LANGUAGES, WEB_STRINGS, type WebStrings } from './strings.ts';

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}

/** JSON that is safe inside a <script type="application/json"> block. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The strings chat.js needs at run time (the rest are in the HTML). */
const CLIENT_KEYS = [
  'you',
  'assistant',
  'union',
  'tooLong',
  'rateLimited',
  'sendFailed',
  'offline',
  'cleared',
  'expiredButton',
  'sending',
  'error',
  'refused',
] as const satisfies readonly (keyof WebStrings)[];

export interface PageOptions {
  lang: Language;
  csrf: string;
  embedded: boolean;
  exitUrl: string;
  maxChars: number;
  /** Versioned asset URLs (cache-busting by content hash). */
  assets: { js: string; css: string; icon: string };
}

export function renderPage(o: PageOptions): string {
  const s = WEB_STRINGS[o.lang];
  const e = (key: keyof WebStrings) => escapeHtml(s[key]);
  const dir = RTL_LANGUAGES.includes(o.lang) ? 'rtl' : 'ltr';
  const config = {
    lang: o.lang,
    csrf: o.csrf,
    embedded: o.embedded,
    exitUrl: o.exitUrl,
    maxChars: o.maxChars,
    strings: Object.fromEntries(CLIENT_KEYS.map((k) => [k, s[k]])),
  };
  const languages = LANGUAGES.map(
    (l) =>
      `<option value="${l}" lang="${l}"${l === o.lang ? ' selected' : ''}>${escapeHtml(LANGUAGE_NAMES[l])}</option>`,
  ).join('');
  return `<!doctype html>
<html lang="${o.lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${e('title')}</title>
<link rel="icon" href="${o.assets.icon}">
<link rel="stylesheet" href="${o.assets.css}">
<script src="${o.assets.js}" defer></script>
</head>
<body${o.embedded ? ' class="embedded"' : ''}>
<header class="top">
<h1>${e('title')}</h1>
<button type="button" id="leave" class="leave">${e('leave')}</button>
${o.embedded ? `<button type="button" id="close" class="close" aria-label="${e('close')}">×</button>` : ''}
</header>
<p class="intro">${e('intro')}</p>
<div class="tools">
<label class="lang"><span>${e('language')}</span> <select id="lang">${languages}</select></label>
<button type="button" id="human">${e('human')}</button>
</div>
<main id="log" class="log" role="log" aria-live="polite" aria-label="${e('conversation')}" tabindex="0"></main>
<p id="status" class="status" role="status"></p>
<form id="form" class="composer" autocomplete="off">
<label for="msg" class="sr-only">${e('message')}</label>
<textarea id="msg" name="text" rows="2" placeholder="${e('placeholder')}" dir="auto" required></textarea>
<button type="submit" id="send">${e('send')}</button>
</form>
<div class="privacy"><p>${e('privacy')}</p><button type="button" id="clear">${e('clear')}</button></div>
<noscript><p class="noscript">${e('noscript')}</p></noscript>
<script type="application/json" id="mrb-config">${jsonForScript(config)}</script>
</body>
</html>
`;
}
