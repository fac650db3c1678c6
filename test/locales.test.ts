/**
 * The bot's own texts in locales/<language>.json: complete in every claimed language, valid ICU
 * messages with the same placeholders as English, filled the way the rest of the bot expects, and a
 * missing key or a changed placeholder is reported by name.
 */
import { describe, expect, it } from 'vitest';
import { checkLocales, STRINGS, t } from '../src/core/strings.ts';

const LANGUAGES = ['en', 'es', 'fr', 'pt', 'id', 'tl', 'ne', 'ar'];

describe('locales', () => {
  it('has every message in every claimed language, with the English placeholders', () => {
    expect(checkLocales(undefined, LANGUAGES)).toEqual([]);
  });

  it('reports a missing key, an extra key, a changed placeholder and a broken message', () => {
    const en = { greet: 'Hello {name}', bye: 'Bye' };
    const problems = checkLocales(
      { en, es: { greet: 'Hola {nombre}', extra: 'x' }, fr: { greet: 'Bonjour {name', bye: 'Salut' } },
      ['en', 'es', 'fr', 'pt'],
    );
    const described = problems.map((p) => `${p.file} ${p.key} ${p.message}`);
    expect(described).toContainEqual(expect.stringMatching(/es\.json greet placeholders \{nombre\} differ/));
    expect(described).toContainEqual('locales/es.json bye missing');
    expect(described).toContainEqual('locales/es.json extra not in locales/en.json');
    expect(described).toContainEqual(expect.stringMatching(/fr\.json greet not a valid ICU message/));
    expect(described).toContainEqual('locales/pt.json (file) no message file for a claimed language');
  });

  it('fills placeholders, keeps numbers as written, and falls back to English for a missing key', () => {
    expect(t('es', 'ticketClaimed', { name: 'Ana' })).toContain('Ana');
    expect(t('en', 'instrumentCount', { count: 1000, date: '2026-01-01' })).toContain('1000');
    const saved = STRINGS.fr!.ticketClaimed;
    delete STRINGS.fr!.ticketClaimed;
    try {
      expect(t('fr', 'ticketClaimed', { name: 'Ana' })).toBe(t('en', 'ticketClaimed', { name: 'Ana' }));
    } finally {
      STRINGS.fr!.ticketClaimed = saved;
    }
  });

  it('applies CLDR plural rules, Arabic included', () => {
    const en = { n: '{count, plural, one {# country} other {# countries}}' };
    const ar = {
      n: '{count, plural, zero {لا دول} one {دولة واحدة} two {دولتان} few {# دول} many {# دولة} other {# دولة}}',
    };
    expect(checkLocales({ en, ar }, ['en', 'ar'])).toEqual([]);
    const table = STRINGS as unknown as Record<string, Record<string, string>>;
    table.en!.pluralProbe = en.n;
    table.ar!.pluralProbe = ar.n;
    try {
      expect(t('en', 'pluralProbe' as 'welcome', { count: 1 })).toBe('1 country');
      expect(t('en', 'pluralProbe' as 'welcome', { count: 3 })).toBe('3 countries');
      expect(t('ar', 'pluralProbe' as 'welcome', { count: 2 })).toBe('دولتان');
      expect(t('ar', 'pluralProbe' as 'welcome', { count: 5 })).toMatch(/دول$/);
    } finally {
      delete table.en!.pluralProbe;
      delete table.ar!.pluralProbe;
    }
  });
});
