/**
 * The web chat's parts on their own: the bounded history, the rate limiter, the CSRF token and user id
 * derivation, the page's escaping, language choice, and the WEB_* configuration.
 */
import { describe, expect, it } from 'vitest';
import { Conversations } from '../adapters/web/conversations.ts';
import { isConversationId, newConversationId, RateLimiter, WebKeys } from '../adapters/web/guard.ts';
import { escapeHtml, jsonForScript } from '../adapters/web/page.ts';
import { fromAcceptLanguage, pageLanguage, WEB_STRINGS } from '../adapters/web/strings.ts';
import { ConfigError, loadEnv } from '../src/config/env.ts';
import { LANGUAGES } from '../src/kb/schema.ts';

describe('web chat history', () => {
  it('keeps a bounded number of messages and conversations, and drops idle ones', () => {
    let now = 0;
    const store = new Conversations({ maxConversations: 3, maxEntries: 4, idleMs: 1000 }, () => now);
    for (let i = 1; i <= 6; i++) store.append('a', [{ from: 'worker', text: `m${i}` }]);
    expect(store.get('a')!.entries.map((e) => e.text)).toEqual(['m3', 'm4', 'm5', 'm6']);
    expect(store.get('a')!.entries.map((e) => e.seq)).toEqual([3, 4, 5, 6]);
    for (const id of ['b', 'c', 'd']) store.append(id, [{ from: 'bot', text: id }]);
    expect(store.size).toBe(3);
    expect(store.get('a')).toBeUndefined(); // the least recently active went first
    now = 1001;
    expect(store.get('b')).toBeUndefined();
  });

  it('tells open pages about new messages and erasure, and offers the latest choices only', () => {
    const store = new Conversations();
    const events: string[] = [];
    const stop = store.subscribe('a', (e) => events.push(e.type));
    store.append('a', [{ from: 'bot', text: 'pick', choices: [{ label: 'One', value: 'intent:one' }] }]);
    store.append('a', [{ from: 'worker', text: 'One' }]);
    expect(store.lastChoices('a')).toEqual([{ label: 'One', value: 'intent:one' }]);
    store.append('a', [{ from: 'bot', text: 'again', choices: [{ label: 'Two', value: 'intent:two' }] }]);
    expect(store.lastChoices('a').map((c) => c.value)).toEqual(['intent:two']);
    store.erase('a');
    expect(store.get('a')).toBeUndefined();
    expect(store.lastChoices('a')).toEqual([]);
    stop();
    store.append('a', [{ from: 'bot', text: 'later' }]);
    expect(events).toEqual(['entries', 'entries', 'entries', 'erased']);
  });
});

describe('web chat guards', () => {
  it('limits per key within a window, and says when to retry', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 60_000, 10, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, false]);
    expect(limiter.take('b')).toBe(true);
    expect(limiter.retryAfter('a')).toBe(60);
    now = 60_001;
    expect(limiter.take('a')).toBe(true);
  });

  it('makes random ids, tokens bound to them, and user ids that do not reveal them', () => {
    const keys = new WebKeys('a-secret-of-enough-length-0123');
    const id = newConversationId();
    expect(isConversationId(id)).toBe(true);
    expect(newConversationId()).not.toBe(id);
    expect(isConversationId('short')).toBe(false);
    expect(isConversationId(id.slice(0, 31) + '!')).toBe(false);
    const token = keys.csrfToken(id);
    expect(keys.checkCsrf(id, token)).toBe(true);
    expect(keys.checkCsrf(newConversationId(), token)).toBe(false);
    expect(keys.checkCsrf(id, token.slice(1))).toBe(false);
    expect(keys.checkCsrf(id, undefined)).toBe(false);
    expect(new WebKeys('another-secret-of-enough-length').checkCsrf(id, token)).toBe(false);
    expect(keys.userId(id)).not.toContain(id);
    expect(keys.userId(id)).toBe(keys.userId(id));
    expect(keys.userId(id)).not.toBe(keys.csrfToken(id).slice(0, 32));
  });

  it('escapes text for HTML and JSON inside a script block', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe(
      '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;',
    );
    const json = jsonForScript({ s: '</script><script>alert(1)</script>\u2028' });
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual({ s: '</script><script>alert(1)</script>\u2028' });
  });
});

describe('web chat languages and configuration', () => {
  it('has every text in all 8 languages', () => {
    for (const lang of LANGUAGES)
      for (const key of Object.keys(WEB_STRINGS.en) as (keyof typeof WEB_STRINGS.en)[])
        expect(WEB_STRINGS[lang][key]?.trim(), `${lang}.${key}`).toBeTruthy();
    // Placeholders survive translation.
    for (const lang of LANGUAGES)
      expect(WEB_STRINGS[lang].tooLong).toMatch(/\{count\}.*\{max\}|\{max\}.*\{count\}/s);
  });

  it('reads page languages from codes and Accept-Language', () => {
    expect(pageLanguage('pt-BR')).toBe('pt');
    expect(pageLanguage('fil')).toBe('tl');
    expect(pageLanguage('de')).toBeUndefined();
    expect(fromAcceptLanguage('de-DE,de;q=0.9,ar;q=0.8,en;q=0.7')).toBe('ar');
    expect(fromAcceptLanguage('en;q=0.2, ne;q=0.9')).toBe('ne');
    expect(fromAcceptLanguage('de, it;q=0')).toBeUndefined();
  });

  it('checks the WEB_* variables', () => {
    const env = loadEnv({
      WEB_PORT: '8080',
      WEB_ALLOWED_ORIGINS: 'https://union.example/, https://www.union.example',
      WEB_EXIT_URL: 'https://weather.example/',
      WEB_TRUST_PROXY: '1',
    });
    expect(env.WEB_ALLOWED_ORIGINS).toEqual(['https://union.example', 'https://www.union.example']);
    expect(env.WEB_EXIT_URL).toBe('https://weather.example/');
    expect(env.WEB_TRUST_PROXY).toBe(true);
    expect(loadEnv({}).WEB_EXIT_URL).toBeUndefined();
    for (const bad of ['javascript:alert(1)', 'not a url']) {
      try {
        loadEnv({ WEB_EXIT_URL: bad });
        throw new Error('accepted ' + bad);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).problems[0]!.variable).toBe('WEB_EXIT_URL');
        expect((error as ConfigError).message).not.toContain(bad);
      }
    }
  });
});
