/**
 * Held-out check of country pairs against the official-source fact sheet itself (not against the
 * knowledge records generated from it), through the whole dialogue, worded as workers write.
 *
 *   npx tsx scripts/qa/check-pairs.ts [--sheet ../shared/agreements-official.md] [--seed 7] [--n 110]
 *                                     [--absent 20] [--verbose] [--json out.json]
 *
 * Parts: (1) a random sample of Table A rows with an agreement, in random order of the two countries,
 * in rotating languages and wordings; (2) every "none on official list / none known" row plus pairs the
 * sheet does not mention at all (origin × Gulf/Asian destinations): nothing may be claimed in force;
 * (3) the multilateral rules (EU/EEA/CH with each state's start, UK–EU, Ibero-American with each state's
 * start, MERCOSUR, CARICOM); (4) ratifications of C97, C102, C118, C143, C189 and the ICRMW from Table B.
 * Every year in an answer's main text must appear in the sheet for that pair (nothing invented), and an
 * answer that states a status must cite one of the row's source addresses.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../src/app.ts';
import type { Language } from '../../src/kb/schema.ts';
import { argValue, openHarness, pick, rng, type Turn } from './harness.ts';

const args = process.argv.slice(2);
const sheetPath = argValue(args, '--sheet') ?? path.resolve(REPO_ROOT, '../shared/agreements-official.md');
const seed = Number(argValue(args, '--seed') ?? 7);
const N = Number(argValue(args, '--n') ?? 110);
const ABSENT = Number(argValue(args, '--absent') ?? 20);
const verbose = args.includes('--verbose');
const random = rng(seed);
const sheet = readFileSync(sheetPath, 'utf8');
const lines = sheet.split('\n');

interface Row {
  id: string;
  a: string;
  b: string;
  status: string;
  signed: string;
  inForce: string;
  line: string;
}
const cells = (l: string) => l.split('|').map((c) => c.trim());
const rows: Row[] = lines
  .filter((l) => /^\| A\d{3} \|/.test(l))
  .map((l) => {
    const c = cells(l);
    return {
      id: c[1]!,
      a: c[2]!.split(' ')[0]!,
      b: c[3]!.split(' ')[0]!,
      status: c[4]!,
      signed: c[5]!,
      inForce: c[6]!,
      line: l,
    };
  });
const multiStart = lines.findIndex((l) => l.startsWith('## Multilateral rules'));
const multiEnd = lines.findIndex((l) => l.startsWith('## Table A'));
const multilateral = lines.slice(multiStart, multiEnd).join('\n');
const years = (s: string) => new Set(s.match(/\b(19|20)\d{2}\b/g) ?? []);
const urls = (s: string) => [...(s.match(/https?:\/\/[^\s|)]+/g) ?? [])];

const EU27 = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' ');
const EEA = ['IS', 'LI', 'NO'];
const CMISS: Record<string, string> = {
  ES: '2011-05-01',
  BO: '2011-05-01',
  BR: '2011-05-19',
  EC: '2011-06-20',
  CL: '2011-09-01',
  UY: '2011-10-01',
  PY: '2011-10-28',
  SV: '2012-11-17',
  PT: '2014-07-21',
  AR: '2016-08-01',
  PE: '2016-10-20',
  DO: '2020-07-14',
  CO: '2023-08-01',
};
// The sheet's own words, checked here so this script stays true to it.
for (const [iso, d] of Object.entries(CMISS))
  if (!new RegExp(`\\b${iso}\\b[^,]{0,10}${d}`).test(multilateral))
    throw new Error(`CMISS start ${iso} ${d} not in the sheet`);

// ---- how each language says things (patterns over the bot's output) ----
const IN_FORCE_YEAR: Record<Language, (y: string) => RegExp> = {
  en: (y) => new RegExp(`in force since ${y}`),
  es: (y) => new RegExp(`vigente desde ${y}`),
  fr: (y) => new RegExp(`en vigueur depuis (le )?${y}`),
  pt: (y) => new RegExp(`em vigor desde ${y}`),
  id: (y) => new RegExp(`berlaku sejak ${y}`),
  tl: (y) => new RegExp(`may bisa mula ${y}`),
  ne: (y) => new RegExp(`${y}[^\\n]*देखि[^\\n]*लागू`),
  ar: (y) => new RegExp(`سارية منذ ${y}`),
};
const IN_FORCE_WORD: Record<Language, RegExp> = {
  en: /in force/,
  es: /vigente/,
  fr: /en vigueur/,
  pt: /em vigor/,
  id: /berlaku/,
  tl: /may bisa/,
  ne: /लागू/,
  ar: /سارية/,
};
const SECONDARY: Record<Language, RegExp> = {
  en: /secondary/,
  es: /secundaria/,
  fr: /secondaire/,
  pt: /secundária/,
  id: /sekunder/,
  tl: /secondary|sekundarya/,
  ne: /माध्यमिक/,
  ar: /ثانوي/,
};

// ---- worker wordings (written for this check; not in intents/) ----
type Names = { name: (iso: string) => string; dem: (iso: string) => string | undefined };
const TEMPLATES: Record<Language, ((n: Names, a: string, b: string) => string)[]> = {
  en: [
    (n, a, b) =>
      n.dem(a)
        ? `I'm ${n.dem(a)} working in ${n.name(b)}, is there an agreement?`
        : `I'm from ${n.name(a)} working in ${n.name(b)}, is there an agreement?`,
    (n, a, b) =>
      `I worked 6 years in ${n.name(a)} and now I'm in ${n.name(b)}. is there a social security deal between them`,
    (n, a, b) => `does ${n.name(a)} have a totalization agreement with ${n.name(b)}?`,
  ],
  es: [
    (n, a, b) =>
      n.dem(a)
        ? `soy ${n.dem(a)} y trabajo en ${n.name(b)}, hay convenio?`
        : `soy de ${n.name(a)} y trabajo en ${n.name(b)}, hay convenio?`,
    (n, a, b) =>
      `trabajé en ${n.name(a)} y ahora estoy en ${n.name(b)}, existe algún convenio de seguridad social entre los dos países?`,
  ],
  fr: [
    (n, a, b) =>
      `Est-ce qu'il existe une convention de sécurité sociale entre ${n.name(a)} et ${n.name(b)} pour ma retraite ?`,
    (n, a, b) => `accord sécurité sociale ${n.name(a)} ${n.name(b)}, ça existe ?`,
  ],
  pt: [
    (n, a, b) =>
      n.dem(a)
        ? `sou ${n.dem(a)} e trabalho em ${n.name(b)}, tem acordo de previdência?`
        : `sou de ${n.name(a)} e trabalho em ${n.name(b)}, tem acordo de previdência?`,
    (n, a, b) => `Há acordo previdenciário entre ${n.name(a)} e ${n.name(b)}?`,
  ],
  id: [
    (n, a, b) => `Saya orang ${n.name(a)} kerja di ${n.name(b)}, ada perjanjian jaminan sosial tidak?`,
    (n, a, b) => `Apakah ${n.name(a)} punya perjanjian jaminan sosial dengan ${n.name(b)}?`,
  ],
  tl: [
    (n, a, b) =>
      `taga-${n.name(a)} ako at nagtatrabaho sa ${n.name(b)}, may kasunduan ba sa social security?`,
    (n, a, b) => `May agreement ba ang ${n.name(a)} at ${n.name(b)} sa SSS o pension?`,
  ],
  ne: [
    (n, a, b) => `म ${n.name(a)} को हुँ र ${n.name(b)} मा काम गर्छु, सामाजिक सुरक्षा सम्झौता छ?`,
    (n, a, b) => `${n.name(a)} र ${n.name(b)} को बीचमा पेन्सन सम्झौता छ कि छैन?`,
  ],
  ar: [
    (n, a, b) => `أنا من ${n.name(a)} وأعمل في ${n.name(b)}، هل توجد اتفاقية ضمان اجتماعي؟`,
    (n, a, b) => `هل هناك اتفاق للضمان الاجتماعي بين ${n.name(a)} و${n.name(b)}؟`,
  ],
};
const LANGS = Object.keys(TEMPLATES) as Language[];

interface Result {
  part: string;
  ref: string;
  lang: Language;
  question: string;
  ok: boolean;
  problems: string[];
  reply: string;
}

const h = await openHarness();
const content = h.app.live.current().content;
const known = (iso: string) => content.kb.countryByIso.has(iso) || iso === 'CA-QC';
const namesFor = (lang: Language): Names => ({
  name: (iso) => {
    if (iso === 'CA-QC') return lang === 'en' ? 'Quebec' : 'Québec';
    const c = content.kb.countryByIso.get(iso)!;
    return c.names[lang]?.[0] ?? c.names.en![0]!;
  },
  dem: (iso) => (iso === 'CA-QC' ? undefined : content.kb.countryByIso.get(iso)?.demonyms[lang]?.[0]),
});
let user = 0;
const ask = (q: string): Promise<Turn> => h.say(`pairs-${++user}`, q);
const results: Result[] = [];
let langTurn = 0;
const nextLang = () => LANGS[langTurn++ % LANGS.length]!;
const question = (lang: Language, a: string, b: string) =>
  pick(random, TEMPLATES[lang])(namesFor(lang), a, b);

function understood(t: Turn, a: string, b: string): string[] {
  const p: string[] = [];
  if (t.trace.intent !== 'agreement_between_countries')
    p.push(`intent ${t.trace.intent} (${t.trace.outcome})`);
  const found = new Set(t.trace.entities.countries.map((c) => c.iso2));
  const want = [a, b].map((x) => (x === 'CA-QC' ? 'CA' : x));
  if (!want.every((x) => found.has(x) || (x === 'CA' && found.has('CA-QC'))))
    p.push(`countries understood: ${[...found].join(',') || 'none'}`);
  return p;
}
function invented(main: string, allowed: Set<string>): string[] {
  const extra = [...years(main)].filter((y) => !allowed.has(y));
  return extra.length ? [`year(s) not in the sheet for this pair: ${extra.join(',')}`] : [];
}
const rowsOf = (iso: string) => rows.filter((r) => r.a === iso || r.b === iso);

// ---- part 1: rows with an agreement ----
const withAgreement = rows.filter((r) => !/^none/.test(r.status) && known(r.a) && known(r.b));
const unknownRows = rows.filter((r) => !known(r.a) || !known(r.b));
const sample = [...withAgreement].sort(() => random() - 0.5).slice(0, N);
for (const r of sample) {
  const lang = nextLang();
  const [a, b] = random() < 0.5 ? [r.a, r.b] : [r.b, r.a];
  const q = question(lang, a, b);
  const t = await ask(q);
  const problems = understood(t, a, b);
  if (problems.length === 0) {
    // Only a cell that starts with a date gives the in-force date ("promulgated by decree of 2015" does not).
    const year = r.inForce.match(/^((?:19|20)\d{2})(-\d{2})?\b/)?.[1];
    // For Québec the bot adds Canada's federal agreement on its own line: judge Québec's line.
    const main = a === 'CA-QC' || b === 'CA-QC' ? (t.main.split('\n')[0] ?? '') : t.main;
    if (r.status === 'in force') {
      if (year && !IN_FORCE_YEAR[lang](year).test(main)) problems.push(`"in force since ${year}" missing`);
      if (!year && !IN_FORCE_WORD[lang].test(main)) problems.push('"in force" missing');
    } else if (r.status === 'in force (secondary only)') {
      if (!SECONDARY[lang].test(main)) problems.push('secondary-only not said as such');
      if (year && !main.includes(year)) problems.push(`year ${year} missing`);
    } else if (IN_FORCE_YEAR[lang]('(19|20)\\d{2}').test(main)) {
      problems.push(`stated in force although the sheet says "${r.status}"`);
    }
    // The bot adds Québec's own agreement on its own line for a Canada pair (and Canada's for Québec).
    const quebec = (x: string, y: string) =>
      x === 'CA' || x === 'CA-QC'
        ? rows.filter(
            (q) =>
              (q.a === (x === 'CA' ? 'CA-QC' : 'CA') && q.b === y) ||
              (q.b === (x === 'CA' ? 'CA-QC' : 'CA') && q.a === y),
          )
        : [];
    const related = [...quebec(r.a, r.b), ...quebec(r.b, r.a)];
    const allowed = new Set([
      ...years(r.line),
      ...years(multilateral),
      ...related.flatMap((q) => [...years(q.line)]),
    ]);
    problems.push(...invented(main, allowed));
    const cited = urls(r.line).concat(urls(multilateral));
    if (!cited.some((u) => t.text.includes(u.replace(/[.,;]$/, ''))))
      problems.push('no source of the row cited');
  }
  results.push({
    part: 'agreement',
    ref: `${r.id} ${a}-${b} [${r.status}]`,
    lang,
    question: q,
    ok: problems.length === 0,
    problems,
    reply: t.text,
  });
}

// ---- part 2: no agreement (sheet says none, or the sheet does not mention the pair) ----
const none = rows.filter((r) => /^none/.test(r.status) && known(r.a) && known(r.b));
const inSheet = new Set(rows.map((r) => [r.a, r.b].sort().join('-')));
const ORIGINS = ['NP', 'BD', 'PK', 'LK', 'ID', 'VN', 'MM', 'ET', 'KE', 'UG', 'GH', 'NG', 'KH', 'PH', 'IN'];
const DESTS = ['SA', 'AE', 'QA', 'KW', 'OM', 'BH', 'MY', 'SG', 'HK', 'LB', 'JO', 'TW', 'TH'];
const absentPool: [string, string][] = [];
for (const o of ORIGINS)
  for (const d of DESTS)
    if (known(o) && known(d) && !inSheet.has([o, d].sort().join('-'))) absentPool.push([o, d]);
const absent = absentPool.sort(() => random() - 0.5).slice(0, ABSENT);
const negatives: { ref: string; a: string; b: string; line: string }[] = [
  ...none.map((r) => ({ ref: `${r.id} [${r.status}]`, a: r.a, b: r.b, line: r.line })),
  ...absent.map(([a, b]) => ({ ref: 'not in sheet', a, b, line: '' })),
];
for (const x of negatives) {
  const lang = nextLang();
  const [a, b] = random() < 0.5 ? [x.a, x.b] : [x.b, x.a];
  const q = question(lang, a, b);
  const t = await ask(q);
  const problems = understood(t, a, b);
  if (problems.length === 0) {
    if (IN_FORCE_YEAR[lang]('(19|20)\\d{2}').test(t.main)) problems.push('an agreement stated in force');
    // A date may only come from a row naming one of the two countries (an official list's date) or a rule.
    const allowed = new Set([
      ...years(x.line),
      ...rowsOf(a).flatMap((r) => [...years(r.line)]),
      ...rowsOf(b).flatMap((r) => [...years(r.line)]),
      ...years(multilateral),
    ]);
    problems.push(...invented(t.main, allowed));
  }
  results.push({
    part: 'none',
    ref: `${x.ref} ${a}-${b}`,
    lang,
    question: q,
    ok: problems.length === 0,
    problems,
    reply: t.text,
  });
}

// ---- part 3: multilateral rules ----
const multi: { ref: string; a: string; b: string; expect: (t: Turn, lang: Language) => string[] }[] = [];
const EUALL = [...EU27, ...EEA, 'CH'];
const start = (iso: string) =>
  iso === 'CH' ? '2012-04-01' : EEA.includes(iso) ? '2012-06-01' : '2010-05-01';
for (let k = 0; k < 14; k++) {
  const a = pick(random, EUALL);
  let b = pick(random, EUALL);
  while (b === a) b = pick(random, EUALL);
  const want = [start(a), start(b)].sort().at(-1)!;
  multi.push({
    ref: `EU ${a}-${b}`,
    a,
    b,
    expect: (t) => (t.main.includes(want) ? [] : [`EU/EEA/CH start ${want} missing`]),
  });
}
for (let k = 0; k < 6; k++) {
  const b = pick(random, EU27);
  multi.push({
    ref: `UK-EU GB-${b}`,
    a: 'GB',
    b,
    expect: (t) =>
      /2021|2020/.test(t.main) &&
      /TCA|Trade and Cooperation|Withdrawal|Brexit|2020-12-31|2021-01-01/i.test(t.text)
        ? []
        : ['UK–EU rules (Withdrawal Agreement / TCA from 2021) missing'],
  });
}
for (const b of ['IS', 'NO', 'CH', 'LI']) {
  multi.push({
    ref: `UK-EEA/CH GB-${b} (TCA does not cover)`,
    a: 'GB',
    b,
    expect: (t) =>
      /2021-01-01[^\n]*(TCA|Trade)/.test(t.main) && !/not cover|no cubre|ne couvre|não cobre/.test(t.text)
        ? ['TCA applied to a non-EU state']
        : [],
  });
}
const cmissStates = Object.keys(CMISS);
for (let k = 0; k < 10; k++) {
  const a = pick(random, cmissStates);
  let b = pick(random, cmissStates);
  while (b === a) b = pick(random, cmissStates);
  if (a === 'ES' && b === 'PT') continue;
  if (b === 'ES' && a === 'PT') continue;
  const want = [CMISS[a]!, CMISS[b]!].sort().at(-1)!;
  multi.push({
    ref: `CMISS ${a}-${b}`,
    a,
    b,
    expect: (t) => (t.text.includes(want) ? [] : [`Ibero-American start ${want} missing`]),
  });
}
for (const [a, b] of [
  ['AR', 'PY'],
  ['BR', 'UY'],
  ['PY', 'BR'],
  ['UY', 'AR'],
] as const)
  multi.push({
    ref: `MERCOSUR ${a}-${b}`,
    a,
    b,
    expect: (t) => (/MERCOSUR|MERCOSUL|ميركوسور|मर्कोसुर/i.test(t.text) ? [] : ['MERCOSUR missing']),
  });
for (const [a, b] of [
  ['JM', 'TT'],
  ['BB', 'TT'],
  ['GY', 'JM'],
  ['TT', 'BZ'],
] as const)
  multi.push({
    ref: `CARICOM ${a}-${b}`,
    a,
    b,
    expect: (t) => (/CARICOM/.test(t.text) && t.text.includes('1997') ? [] : ['CARICOM (1997) missing']),
  });
for (const m of multi) {
  if (!known(m.a) || !known(m.b)) continue;
  const lang = nextLang();
  const q = question(lang, m.a, m.b);
  const t = await ask(q);
  const problems = understood(t, m.a, m.b);
  if (problems.length === 0) problems.push(...m.expect(t, lang));
  results.push({
    part: 'multilateral',
    ref: m.ref,
    lang,
    question: q,
    ok: problems.length === 0,
    problems,
    reply: t.text,
  });
}

// ---- part 4: ratifications (Table B) ----
function tableB(heading: string): Map<string, string> {
  const i = lines.findIndex((l) => l.startsWith(heading));
  const out = new Map<string, string>();
  for (let k = i + 1; k < lines.length && !lines[k]!.startsWith('#'); k++) {
    const c = cells(lines[k]!);
    // Two-column layout in B7 (country | year | | country | year).
    for (const [ci, di] of [
      [1, 2],
      [4, 5],
    ] as const) {
      const m = c[ci]?.match(/^([A-Z]{2}) /);
      if (m && /\d{4}/.test(c[di] ?? '')) out.set(m[1]!, c[di]!.match(/\d{4}(-\d{2}-\d{2})?/)![0]);
    }
  }
  return out;
}
const B: Record<string, Map<string, string>> = {
  C97: tableB('### B1'),
  C102: tableB('### B2'),
  C143: tableB('### B4'),
  C189: tableB('### B6'),
  ICRMW: tableB('### B7'),
};
const RAT_Q: Record<string, (n: string, i: string) => string> = {
  en: (n, i) => `has ${n} ratified ${i}?`,
  es: (n, i) => `¿${n} ratificó ${i}?`,
  fr: (n, i) => `est-ce que ${n} a ratifié ${i} ?`,
  pt: (n, i) => `${n} ratificou ${i}?`,
};
const INSTR_DEFAULT: Record<string, (i: string) => string> = {
  en: (i) => `ILO ${i}`,
  es: (i) => `el convenio ${i}`,
  fr: (i) => `la convention ${i}`,
  pt: (i) => `a convenção ${i}`,
};
const INSTR_WORD: Record<string, Record<string, string>> = {
  ICRMW: {
    en: 'the UN migrant workers convention',
    es: 'la convención de la ONU sobre trabajadores migratorios',
    fr: 'la convention de l’ONU sur les travailleurs migrants',
    pt: 'a convenção da ONU sobre trabalhadores migrantes',
  },
};
const RAT_COUNTRIES = [
  'PH',
  'ID',
  'NP',
  'IN',
  'BD',
  'LK',
  'MX',
  'BR',
  'AR',
  'ES',
  'IT',
  'DE',
  'FR',
  'MA',
  'EG',
  'SN',
  'ZA',
  'KE',
  'TR',
  'JP',
  'US',
  'SA',
  'CL',
  'PE',
  'EC',
];
for (const iso of RAT_COUNTRIES) {
  if (!known(iso)) continue;
  for (const instr of Object.keys(B)) {
    if (random() < 0.6) continue;
    const lang = pick(random, ['en', 'es', 'fr', 'pt'] as const);
    const name = namesFor(lang).name(iso);
    const q = RAT_Q[lang]!(name, INSTR_WORD[instr]?.[lang] ?? INSTR_DEFAULT[lang]!(instr));
    const t = await ask(q);
    const problems: string[] = [];
    if (t.trace.intent !== 'instrument_ratification')
      problems.push(`intent ${t.trace.intent} (${t.trace.outcome})`);
    const date = B[instr]!.get(iso);
    // The country's own sentence (the dated count follows on the next line).
    const main = t.text.split('\n')[0] ?? '';
    if (problems.length === 0) {
      if (date && !main.includes(date.slice(0, 4))) problems.push(`ratification ${date} (Table B) not given`);
      if (!date && /\b(19|20)\d{2}-\d{2}-\d{2}\b/.test(main))
        problems.push('a ratification date given that Table B does not have');
    }
    results.push({
      part: 'ratification',
      ref: `${instr} ${iso} (${date ?? 'not in Table B'})`,
      lang,
      question: q,
      ok: problems.length === 0,
      problems,
      reply: t.text,
    });
  }
}

await h.stop();

// ---- report ----
for (const r of results.filter((x) => !x.ok || verbose)) {
  console.log(
    `${r.ok ? 'ok  ' : 'FAIL'} ${r.part} ${r.ref} [${r.lang}] ${r.question}\n     ${r.problems.join('; ')}`,
  );
  if (!r.ok) console.log(`     reply: ${r.reply.split('\n').slice(0, 3).join(' / ').slice(0, 300)}`);
}
const parts = [...new Set(results.map((r) => r.part))];
for (const p of parts) {
  const xs = results.filter((r) => r.part === p);
  console.log(`${p.padEnd(13)} ${xs.filter((r) => r.ok).length}/${xs.length}`);
}
for (const l of LANGS) {
  const xs = results.filter((r) => r.lang === l);
  if (xs.length) console.log(`  ${l}: ${xs.filter((r) => r.ok).length}/${xs.length}`);
}
console.log(
  `total ${results.filter((r) => r.ok).length}/${results.length} (seed ${seed}; ${unknownRows.length} sheet rows skipped: country unknown to the bot: ${unknownRows.map((r) => r.id).join(',')})`,
);
const out = argValue(args, '--json');
if (out) writeFileSync(out, JSON.stringify(results, null, 2));
