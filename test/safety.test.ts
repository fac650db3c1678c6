/**
 * The safeguarding detector and its content: the held-out sets per language (recall ≥ 95 %, false
 * alarms ≤ 3 %), ordinary messages that share the danger words, the content checks (a help line without
 * a source is refused), and the worker's reply built from the help lines.
 */
import { mkdtemp, mkdir, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/app.ts';
import { loadContent, type Content } from '../src/kb/loader.ts';
import { evaluateSafety, MAX_FALSE_ALARMS, TARGET_RECALL } from '../src/safety/evaluate.ts';
import { loadSafety, type SafetyContent } from '../src/safety/load.ts';
import { loadRealSafety } from './helpers/safety.ts';
import { composeSafetyReply } from '../src/safety/replies.ts';
import { tokenize } from '../src/safety/normalize.ts';

let safety: SafetyContent;
let content: Content;

beforeAll(async () => {
  ({ safety, content } = await loadRealSafety());
});

describe('held-out safeguarding sets', () => {
  it('cover every language the bot claims, with at least 8 danger and 8 ordinary messages each', () => {
    const languages = new Set(safety.heldOut.map((s) => s.data.language));
    for (const lang of content.languages) expect(languages, lang).toContain(lang);
    for (const variant of ['romanised', 'arabizi', 'taglish'])
      expect(
        safety.heldOut.some((s) => s.data.variant === variant),
        variant,
      ).toBe(true);
    for (const { data } of safety.heldOut) {
      expect(data.danger.length).toBeGreaterThanOrEqual(8);
      expect(data.ordinary.length).toBeGreaterThanOrEqual(8);
    }
  });

  it(`reach ${TARGET_RECALL * 100} % recall and at most ${MAX_FALSE_ALARMS * 100} % false alarms in every set`, () => {
    const report = evaluateSafety(safety);
    for (const s of report.sets) {
      expect(s.recall, `${s.set} recall (missed: ${s.missed.join(', ')})`).toBeGreaterThanOrEqual(
        TARGET_RECALL,
      );
      expect(s.falseAlarmRate, `${s.set} false alarms`).toBeLessThanOrEqual(MAX_FALSE_ALARMS);
    }
  });

  it('every danger category appears in the English set', () => {
    const en = safety.heldOut.find((s) => s.data.language === 'en' && !s.data.variant)!;
    expect(new Set(en.data.danger.map((d) => d.category)).size).toBe(10);
  });
});

describe('detector', () => {
  const detect = (text: string) => safety.detector.detect(text);

  it("the issue's ordinary examples do not trigger it", () => {
    for (const text of [
      'renew my passport',
      'my employer is late with contributions',
      'I hurt my back last year',
      'my pension was withheld for tax',
    ])
      expect(detect(text), text).toBeUndefined();
  });

  it("the issue's danger examples do, with the right category and a severity", () => {
    expect(detect("my employer took my passport and won't give it back")?.categories).toContain('documents');
    const locked = detect('they lock me in the house and I cannot leave, I have not been paid for 5 months');
    expect(locked?.categories).toEqual(expect.arrayContaining(['confinement', 'wages']));
    expect(locked?.severity).toBe('critical');
    expect(detect('i want to end my life')?.categories).toEqual(['selfharm']);
  });

  it('who does what matters: the worker taking their own passport somewhere is not confiscation', () => {
    expect(detect('I took my passport to the embassy yesterday')).toBeUndefined();
    expect(detect('the agency took my passport yesterday')?.categories).toContain('documents');
    expect(detect('can my employer keep a photocopy of my passport?')).toBeUndefined();
  });

  it('a short wage delay is not a long withholding', () => {
    expect(detect('my salary came three days late')).toBeUndefined();
    expect(detect('no salary for 4 months now')?.categories).toContain('wages');
  });

  it('reads accents, Arabic vowel marks and Devanagari or Arabic digits the same', () => {
    expect(tokenize('Pasaporté')).toEqual(['pasaporte']);
    expect(tokenize('أَخَذَ جوازي')).toEqual(['اخذ', 'جوازي']);
    expect(tokenize('१२ वर्ष ١٢')).toEqual(['12', 'वर्ष', '12']);
    expect(tokenize("they don't let me")).toEqual(['they', 'do', 'not', 'let', 'me']);
  });

  it('ignores empty, huge or binary input without throwing', () => {
    expect(detect('')).toBeUndefined();
    expect(detect('\u0000\u0001\u0002')).toBeUndefined();
    expect(detect('a '.repeat(50_000))).toBeUndefined();
  });
});

describe('content checks', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'safety-kb-'));
  });

  async function hotlineFile(entry: string) {
    await rm(path.join(dir, 'knowledge'), { recursive: true, force: true });
    await mkdir(path.join(dir, 'knowledge'), { recursive: true });
    await writeFile(path.join(dir, 'knowledge', 'hotlines.yaml'), `kind: hotline\nentries:\n${entry}`);
    return loadContent(dir);
  }

  it('kb validate refuses a help line without a source', async () => {
    const base = `  - id: xx-line\n    where: [PH]\n    type: emergency\n    service: Some line\n    number: '911'\n    tier: official\n    source_date: no date shown\n    reviewed: 2026-12-01\n`;
    const none = await hotlineFile(base);
    expect(none.errors.map((e) => `${e.field}: ${e.message}`).join('\n')).toMatch(/entries\.0\.sources/);
    const empty = await hotlineFile(`${base}    sources: []\n`);
    expect(empty.errors.map((e) => e.message).join('\n')).toMatch(/at least one source/);
    const ok = await hotlineFile(`${base}    sources: [{ title: A page, url: 'https://example.org/a' }]\n`);
    expect(ok.errors).toEqual([]);
    expect(ok.content.kb.hotlines).toHaveLength(1);
  });

  it('a pattern file naming an unknown list is an error that names the file', async () => {
    await cp(path.join(REPO_ROOT, 'safety'), path.join(dir, 'safety'), { recursive: true });
    await writeFile(
      path.join(dir, 'safety', 'patterns', 'zz.yaml'),
      'language: en\nrules:\n  documents:\n    - { all: [$NOPE] }\n',
    );
    const loaded = await loadSafety(dir);
    expect(loaded.content).toBeUndefined();
    expect(loaded.errors.map((e) => `${e.file}: ${e.message}`).join('\n')).toMatch(/zz\.yaml.*\$NOPE/);
  });
});

describe('the reply to the worker', () => {
  const name = (iso: string) => content.kb.countryByIso.get(iso)?.names.en?.[0] ?? iso;

  it('gives the numbers where the worker is and from home, each with source, date and tier', () => {
    const { text, links } = composeSafetyReply(content, safety.replies, {
      language: 'en',
      categories: ['documents'],
      destination: 'HK',
      origin: 'PH',
      alreadyOpen: false,
      countryName: name,
    });
    expect(text).toMatch(/serious, and it is not your fault/);
    expect(text).toContain('Emergency: 999');
    expect(text).toContain('2157 9537');
    expect(text).toContain('Official source');
    expect(text).toContain('2018-12-19');
    expect(text).toContain('checked by us 2026-12-01');
    expect(text).toContain('1348'); // the Philippines' Department of Migrant Workers
    expect(text).toMatch(/Secondary source, check it first/);
    expect(text).toMatch(/alerted a person from the union/);
    expect(text).not.toMatch(/Which country are you in/);
    expect(links.length).toBeGreaterThan(0);
  });

  it('asks for the country when it is unknown, and still says what happens next', () => {
    const { text } = composeSafetyReply(content, safety.replies, {
      language: 'es',
      categories: ['confinement'],
      alreadyOpen: false,
      countryName: name,
    });
    expect(text).toMatch(/¿En qué país estás ahora\?/);
    expect(text).toMatch(/He avisado a una persona del sindicato/);
  });

  it('for self-harm: a crisis line and the emergency number, no lecture', () => {
    const { text } = composeSafetyReply(content, safety.replies, {
      language: 'en',
      categories: ['selfharm'],
      destination: 'GB',
      alreadyOpen: false,
      countryName: name,
    });
    expect(text).toMatch(/^Thank you for telling me/);
    expect(text).toContain('116 123'); // Samaritans
    expect(text).toContain('999');
    expect(text).not.toMatch(/not your fault/);
    expect(text).not.toContain('Trafficking');
  });

  it('in every claimed language, with the EU number for an EU state without its own row', () => {
    for (const language of content.languages) {
      const { text } = composeSafetyReply(content, safety.replies, {
        language,
        categories: ['violence'],
        destination: 'AT',
        alreadyOpen: true,
        countryName: name,
      });
      expect(text, language).toContain('112');
      expect(text, language).toContain(safety.replies.replies[language]!.alertedAgain);
    }
  });
});

describe('ask --json and the environment', () => {
  it('every line says whether the message opened or raised an urgent case', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { FIXTURE_CONTENT } = await import('./helpers/app.ts');
    const dataDir = await mkdtemp(path.join(tmpdir(), 'safety-ask-'));
    const child = promisify(execFile)(path.resolve('node_modules/.bin/tsx'), ['src/cli/ask.ts', '--json'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATA_DIR: dataDir,
        CONTENT_DIR: FIXTURE_CONTENT,
      },
      timeout: 90_000,
    });
    child.child.stdin!.end('can i see a doctor\nmy employer took my passport and locks me in\n');
    const rows = (await child).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { urgent: boolean; outcome: string; reply: string });
    await rm(dataDir, { recursive: true, force: true });
    expect(rows.map((r) => r.urgent)).toEqual([false, true]);
    expect(rows[1]!.outcome).toBe('urgent');
    expect(rows[1]!.reply).toMatch(/not your fault/);
  });

  it('SLACK_URGENT_MENTION takes a group or user id and refuses anything else, naming the variable', async () => {
    const { loadEnv } = await import('../src/config/env.ts');
    expect(loadEnv({ SLACK_URGENT_MENTION: 'S0123ABC' }).SLACK_URGENT_MENTION).toBe('<!subteam^S0123ABC>');
    expect(loadEnv({ SLACK_URGENT_MENTION: '<!subteam^S9|@oncall>' }).SLACK_URGENT_MENTION).toBe(
      '<!subteam^S9|@oncall>',
    );
    expect(loadEnv({ SLACK_URGENT_MENTION: 'U42' }).SLACK_URGENT_MENTION).toBe('<@U42>');
    expect(loadEnv({}).SLACK_URGENT_MENTION).toBeUndefined();
    expect(() => loadEnv({ SLACK_URGENT_MENTION: '@oncall please <http://x>' })).toThrow(
      /SLACK_URGENT_MENTION/,
    );
  });
});
