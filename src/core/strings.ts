/**
 * What the bot says around the content: commands, questions back, fallbacks, escalation. No fact
 * about rights lives here (those are in knowledge/); these are the bot's own words, one message file
 * per language in `locales/<language>.json` that translators and their tools can read.
 *
 * Messages use the ICU message format (intl-messageformat): `{name}` placeholders, and plural or select
 * forms with CLDR rules per language where a text needs them, e.g.
 * `{count, plural, one {# country} other {# countries}}` (Arabic has six plural forms).
 * English is the fallback for a key a language lacks; {@link checkLocales} (run by `kb validate`, at
 * start and in the tests) reports every missing or extra key and every placeholder that differs from
 * the English message.
 *
 * @example
 * t('es', 'ticketClaimed', { name: 'Ana' }); // 'Ana, del sindicato, está revisando tu pregunta.'
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { Language } from '../kb/schema.ts';
import ar from '../../locales/ar.json' with { type: 'json' };
import en from '../../locales/en.json' with { type: 'json' };
import es from '../../locales/es.json' with { type: 'json' };
import fr from '../../locales/fr.json' with { type: 'json' };
import id from '../../locales/id.json' with { type: 'json' };
import ne from '../../locales/ne.json' with { type: 'json' };
import pt from '../../locales/pt.json' with { type: 'json' };
import tl from '../../locales/tl.json' with { type: 'json' };

/** Every text key; English defines the set. */
export type StringKey = keyof typeof en;
export type UiStrings = Record<StringKey, string>;

export const STRINGS: Partial<Record<Language, Partial<UiStrings>>> & { en: UiStrings } = {
  en,
  es,
  fr,
  pt,
  id,
  tl,
  ne,
  ar,
};

/** The BCP 47 locale that picks each language's plural rules and number formats. */
const LOCALE: Record<string, string> = { tl: 'fil' };

const compiled = new Map<string, IntlMessageFormat>();

function compile(language: string, key: string, template: string): IntlMessageFormat {
  const id = `${language}\u0000${key}`;
  let message = compiled.get(id);
  if (!message) {
    message = new IntlMessageFormat(template, LOCALE[language] ?? language);
    compiled.set(id, message);
  }
  return message;
}

/** The UI text `key` in `language` (English when missing), with its placeholders filled. */
export function t(language: Language, key: StringKey, vars: Record<string, string | number> = {}): string {
  const own = STRINGS[language]?.[key];
  const lang = own === undefined ? 'en' : language;
  const template = own ?? STRINGS.en[key];
  try {
    return String(compile(lang, key, template).format(vars));
  } catch {
    // A placeholder the caller did not fill stays visible rather than losing the whole reply.
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      vars[name] !== undefined ? String(vars[name]) : whole,
    );
  }
}

/** One problem in the message files, for `kb validate` and start-up. */
export interface LocaleProblem {
  file: string;
  key: string;
  message: string;
}

/**
 * Checks every language's messages against English: each key present, none extra, each message valid
 * ICU with the same placeholders as the English one.
 */
export function checkLocales(
  strings: Record<string, Record<string, string> | undefined> = STRINGS,
  languages: readonly string[] = Object.keys(strings),
): LocaleProblem[] {
  const problems: LocaleProblem[] = [];
  const reference = strings.en ?? {};
  const expected = new Map(Object.entries(reference).map(([k, v]) => [k, placeholders(v)]));
  for (const language of languages) {
    const file = `locales/${language}.json`;
    const messages = strings[language];
    if (!messages) {
      problems.push({ file, key: '(file)', message: 'no message file for a claimed language' });
      continue;
    }
    for (const [key, want] of expected) {
      const message = messages[key];
      if (message === undefined) {
        problems.push({ file, key, message: 'missing' });
        continue;
      }
      let have: string[];
      try {
        have = placeholders(message);
      } catch (error) {
        problems.push({ file, key, message: `not a valid ICU message: ${(error as Error).message}` });
        continue;
      }
      if (have.join(',') !== want.join(','))
        problems.push({
          file,
          key,
          message: `placeholders {${have.join('}, {')}} differ from English {${want.join('}, {')}}`,
        });
    }
    for (const key of Object.keys(messages))
      if (!expected.has(key)) problems.push({ file, key, message: 'not in locales/en.json' });
  }
  return problems;
}

/** The sorted argument names of an ICU message (plural and select arguments included). */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: unknown[]): void => {
    for (const element of elements as {
      type: number;
      value?: unknown;
      options?: Record<string, { value: unknown[] }>;
    }[]) {
      // Types 1–6 are arguments (plain, number, date, time, select, plural); 0 literal, 7 '#', 8 tag.
      if (typeof element.value === 'string' && element.type >= 1 && element.type <= 6)
        names.add(element.value);
      for (const option of Object.values(element.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, 'en').getAst());
  return [...names].sort();
}
