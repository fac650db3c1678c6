/**
 * Agreements as data (issue 9): the records imported from the official-source sheet, how the bot says
 * them in eight languages, the validation guards, ratifications, and a walk of every pair of the sheet
 * through the whole bot.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/app.ts';
import { walkPairs, type PairResult } from '../src/cli/kb-pairs.ts';
import { loadContent, type Content } from '../src/kb/loader.ts';
import { LANGUAGES } from '../src/kb/schema.ts';
import { renderAnswer } from '../src/core/render.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';

let content: Content;
beforeAll(async () => {
  const r = await loadContent(REPO_ROOT);
  expect(r.errors).toEqual([]);
  content = r.content;
}, 300_000);

function answer(a: string, b: string, language: (typeof LANGUAGES)[number]) {
  const intent = content.intentById.get('agreement_between_countries')!;
  return renderAnswer(content, intent, { language, origin: a, destination: b });
}

describe('agreement records', () => {
  it('hold every pair of the sheet (465), once each, with the sheet’s status counts', () => {
    const current = content.kb.records.filter((r) => r.status !== 'replaced');
    const pairs = new Set(current.map((r) => [...r.parties].sort().join('-')));
    expect(pairs.size).toBe(465);
    expect(current.length).toBe(465);
    const count = (f: (r: (typeof current)[number]) => boolean) => current.filter(f).length;
    expect(count((r) => r.status === 'in-force' && !r.secondary_only)).toBe(365);
    expect(count((r) => r.status === 'in-force' && r.secondary_only)).toBe(39);
    expect(count((r) => r.status === 'none')).toBe(19);
  });

  it('apply the Table C corrections', () => {
    const byId = new Map(content.kb.records.map((r) => [r.id, r]));
    // C03: Spain–Philippines, in force 2012-08-01, replacing the 1988 convenio
    expect(byId.get('ssa-es-ph')).toMatchObject({ status: 'in-force', in_force: '2012-08-01' });
    expect(byId.get('ssa-es-ph-old')).toMatchObject({ status: 'replaced', signed: '1988-05-20' });
    // C34: Morocco–France 2007 convention in force 2011-06-01; the 1965 one replaced
    expect(byId.get('ssa-ma-fr')).toMatchObject({ in_force: '2011-06-01', replaces: 'ssa-ma-fr-old' });
    // C18: Germany–India posting 48 months (no blanket 60); C19: Switzerland–India 72 months, secondary
    expect(byId.get('ssa-de-in')?.scope.posting_max_months).toBe(48);
    expect(byId.get('ssa-in-ch')?.scope).toMatchObject({ posting_max_months: 72, posting_secondary: true });
    // C30: India–Brazil in force 2024-01-01 on a secondary source only
    expect(byId.get('ssa-in-br')).toMatchObject({
      status: 'in-force',
      secondary_only: true,
      in_force: '2024-01-01',
    });
    // C12: Philippines–Germany in force 2018-06-01; C15: Québec–Philippines its own record
    expect(byId.get('ssa-de-ph')?.in_force).toBe('2018-06-01');
    expect(byId.get('ssa-ca-qc-ph')?.status).toBe('in-force');
    // C33: UK–India agreed, not in force
    expect(byId.get('ssa-gb-in')?.status).toBe('agreed');
  });

  it('never states a posting period for a group: each one comes from its own record’s source', () => {
    for (const r of content.kb.records) {
      if (r.scope.posting_max_months === undefined) continue;
      expect(
        r.sources.some((s) => s.gives.includes('posting')),
        r.id,
      ).toBe(true);
    }
    const months = content.kb.records
      .filter((r) => r.parties.includes('IN'))
      .map((r) => r.scope.posting_max_months);
    expect(new Set(months.filter(Boolean)).size).toBeGreaterThan(1);
  });

  it('keep the main text of every pair answer within 600 characters, in every language', () => {
    const long: string[] = [];
    for (const r of content.kb.records) {
      if (r.status === 'replaced') continue;
      for (const lang of LANGUAGES) {
        const text = answer(r.parties[0]!, r.parties[1]!, lang).text;
        if (text.length > 600) long.push(`${r.id} ${lang} ${text.length}`);
      }
    }
    expect(long).toEqual([]);
  });

  it('say secondary-only rows as such, and name who reported them', () => {
    const ph = answer('PH', 'SA', 'en').text;
    expect(ph).toMatch(
      /A secondary source \(Mindanao Examiner, citing SSS data, 2023\) reports no agreement/,
    );
    const inBr = answer('IN', 'BR', 'es').text;
    expect(inBr).toMatch(/solo una fuente secundaria \(AscentHR/);
    expect(inBr).not.toMatch(/^India–Brasil: hay un convenio/);
  });

  it('say absence from an official list with the list and its date, or say no source mentions one', () => {
    expect(answer('IN', 'AE', 'en').text).toMatch(/The EPFO list .* does not include United Arab Emirates/);
    // Not a row of the sheet, but the SSA list is meant to be complete.
    expect(answer('NP', 'US', 'en').text).toMatch(/The SSA list of agreements of United States \(2019-02\)/);
    const none = answer('NP', 'QA', 'fr').text;
    expect(none).toMatch(/Aucune source que je détiens ne mentionne de convention/);
  });

  it('give the EU/EEA/CH coordination rules to every pair of members, and the CMISS with its date', () => {
    const rule = content.kb.rules.find((r) => r.id === 'rule-eu-coordination')!;
    const members = rule.members.map((m) => m.party);
    expect(members).toHaveLength(31);
    for (const a of members)
      for (const b of members) {
        if (a >= b) continue;
        expect(answer(a, b, 'en').text, `${a}-${b}`).toMatch(/EU coordination rules since 201\d/);
      }
    const esPt = answer('ES', 'PT', 'pt').text;
    expect(esPt).toMatch(/Ibero-Americana de Segurança Social desde 2014-07-21/);
    expect(esPt).toMatch(/regra mais favorável/);
    expect(answer('ES', 'GB', 'en').text).toMatch(/Trade and Cooperation Agreement/);
  });

  it('tell a worker what an agreement does only as far as its record says', () => {
    const us = answer('US', 'DE', 'en').text;
    expect(us).toMatch(/periods in both countries are added up/);
    expect(us).toMatch(/Not covered: health insurance and social assistance/);
    const nl = answer('PH', 'NL', 'en').text;
    expect(nl).toMatch(/pensions can be paid to you in the other country/);
    expect(nl).not.toMatch(/added up/);
    expect(answer('DE', 'TR', 'en').text).toMatch(/not described in my sources/);
  });

  it('answer Québec on its own and with Canada', () => {
    const qc = answer('PH', 'CA-QC', 'en').text;
    expect(qc).toMatch(/Québec–Philippines: a social security agreement is in force since 1998/);
    expect(qc).toMatch(/Canada \(federal benefits\): Canada–Philippines: .* since 1997-03-01/);
  });
});

describe('validation guards', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mrb-records-'));
    await mkdir(path.join(dir, 'knowledge'));
    await writeFile(
      path.join(dir, 'knowledge', 'records.yaml'),
      [
        'kind: agreement-record',
        'entries:',
        '  - id: ssa-aa-bb',
        '    parties: [PH, ES]',
        '    status: in-force',
        '    in_force: 2001-01-01',
        '    sources:',
        '      - { title: A blog post, url: https://example.org/a, shown: 2020, tier: secondary, gives: [status] }',
        '    reviewed: 2026-12-01',
        '  - id: ssa-cc-dd',
        '    parties: [PH, JP]',
        '    status: in-force',
        '    secondary_only: true',
        '    in_force: 2018',
        '    sources:',
        '      - { title: A news report, url: https://example.org/b, shown: 2023, tier: secondary, gives: [status, in_force] }',
        '    reviewed: 2026-12-01',
      ].join('\n'),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuse "in-force" without an official source, and a date without a source', async () => {
    const { errors } = await loadContent(dir);
    const messages = errors.map((e) => `${e.field ?? ''}: ${e.message}`);
    expect(messages.length, messages.join('\n')).toBeGreaterThan(0);
    expect(
      messages.some((m) => /entries\.0\.status: "in-force" needs an official or gazette source/.test(m)),
    ).toBe(true);
    expect(messages.some((m) => /entries\.0\.in_force: in_force 2001-01-01 has no source/.test(m))).toBe(
      true,
    );
    // The secondary-only record with a sourced date is accepted.
    expect(messages.filter((m) => m.includes('entries.1'))).toEqual([]);
  });
});

describe('ratifications', () => {
  it('give dated, sourced ratifications and counts with their date', () => {
    const r = (c: string, i: string) =>
      content.kb.ratifications.find((x) => x.country === c && x.instrument === i);
    expect(r('PH', 'c189')).toMatchObject({ date: '2012-09-05', in_force: '2013-09-05' });
    expect(r('PH', 'c97')?.date).toBe('2009');
    expect(r('PH', 'c143')?.date).toBe('2006');
    expect(r('PH', 'icrmw')?.date).toBe('1995');
    expect(r('PY', 'c102')?.date).toBe('2021-10-25');
    const c102 = content.kb.ratifications.find((x) => x.instrument === 'c102' && !x.country);
    expect(c102).toMatchObject({ count: 60, as_of: '2021-10-25' });
    for (const x of content.kb.ratifications) expect(x.sources.length, x.id).toBeGreaterThan(0);
  });
});

describe('through the whole bot', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ content: REPO_ROOT });
  }, 300_000);
  afterAll(() => t.close());

  it.each([
    [
      'has the Philippines ratified C189?',
      /Philippines ratified C189 on 2012-09-05; in force for it from 2013-09-05/,
    ],
    ['how many countries ratified C102?', /60 ratifications as of 2021-10-25/],
    ['has india ratified c189', /no record of India ratifying C189\. My lists are incomplete/],
    ['¿Filipinas ratificó el convenio 143?', /Filipinas ratificó o se adhirió al C143 en 2006/],
  ])('%s', async (question, expected) => {
    const r = await t.say(question, `rat-${question}`);
    expect(r.trace.intent).toBe('instrument_ratification');
    expect(r.replies[0]!.text).toMatch(expected);
    expect(r.replies[0]!.text).toMatch(/(Source|Fuente): .*\d{4}-\d{2}-\d{2}/);
  });

  it.each([
    ['I work in the uk', 'GB'],
    ['I work in the U.K.', 'GB'],
    ['going to Britain next year', 'GB'],
    ['I live in the USA', 'US'],
    ['I live in the U.S.', 'US'],
    ['my brother works in the States', 'US'],
    ['she is in the Emirates', 'AE'],
    ['I work in KSA', 'SA'],
    ['je travaille au Québec', 'CA-QC'],
    ['trabajo en Quebec', 'CA-QC'],
    ['trabajo en EE.UU.', 'US'],
  ])('understands "%s" as %s', async (text, iso) => {
    const r = await t.say(text, `country-${text}`);
    expect(r.trace.entities.countries.map((c) => c.iso2)).toContain(iso);
  });
});

describe('every pair of the sheet, asked as a worker would, in rotating languages', () => {
  let results: PairResult[] = [];
  let eu: PairResult[] = [];
  beforeAll(async () => {
    ({ results, eu } = await walkPairs(REPO_ROOT));
  }, 600_000);

  it('walks all 465 pairs', () => {
    expect(results).toHaveLength(465);
    expect(new Set(results.map((r) => r.language)).size).toBe(8);
  });

  it('gets the status, the in-force year and the source of the sheet for every pair', () => {
    const failed = results
      .filter((r) => !r.ok)
      .map((r) => `${r.id} [${r.language}] ${r.problems.join('; ')}`);
    expect(failed).toEqual([]);
  });

  it('gives the EU coordination rules to EU/EEA/CH pairs', () => {
    expect(eu.length).toBeGreaterThanOrEqual(30);
    expect(eu.filter((r) => !r.ok).map((r) => `${r.id}: ${r.problems.join('; ')}`)).toEqual([]);
  });
});
