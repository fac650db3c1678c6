/**
 * `npm run kb -- pairs`: every country pair of the agreement records, asked through the whole bot as a
 * worker would, in rotating languages ("I am Filipino working in Spain, is there an agreement?"), and
 * checked: the right intent, both countries understood, the status and in-force year of the record, and
 * its source under the answer. Also every pair of EU/EEA/CH states gets the coordination rules.
 *
 *   npm run kb -- pairs [--json] [--lang en] [--limit 50]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Content } from '../kb/loader.ts';
import { LANGUAGES, type AgreementRecord, type Language } from '../kb/schema.ts';

export interface PairResult {
  id: string;
  parties: [string, string];
  status: string;
  language: Language;
  question: string;
  ok: boolean;
  problems: string[];
  reply: string;
}

function nameIn(content: Content, iso: string, lang: Language): string {
  const c = content.kb.countryByIso.get(iso)!;
  return c.names[lang]?.[0] ?? c.names.en![0]!;
}

function demonymIn(content: Content, iso: string, lang: Language): string | undefined {
  return content.kb.countryByIso.get(iso)?.demonyms[lang]?.[0];
}

/** A worker's question about two countries in one language. */
export function pairQuestion(
  content: Content,
  a: string,
  b: string,
  lang: Language,
  variant: number,
): string {
  const A = nameIn(content, a, lang);
  const B = nameIn(content, b, lang);
  const dem = demonymIn(content, a, lang);
  switch (lang) {
    case 'en':
      return dem && variant % 2 === 0
        ? `I am ${dem} working in ${B}, is there an agreement on social security?`
        : `is there a social security agreement between ${A} and ${B}?`;
    case 'es':
      return dem && variant % 2 === 0
        ? `soy ${dem} y trabajo en ${B}, ¿hay convenio de seguridad social?`
        : `¿hay convenio de seguridad social entre ${A} y ${B}?`;
    case 'fr':
      return `y a-t-il une convention de sécurité sociale entre ${A} et ${B} ?`;
    case 'pt':
      return `existe acordo de segurança social entre ${A} e ${B}?`;
    case 'id':
      return `apakah ada perjanjian jaminan sosial antara ${A} dan ${B}?`;
    case 'tl':
      return `may social security agreement ba ang ${A} at ${B}?`;
    case 'ne':
      return `${A} र ${B} बीच सामाजिक सुरक्षा सम्झौता छ?`;
    case 'ar':
      return `هل توجد اتفاقية ضمان اجتماعي بين ${A} و ${B}؟`;
  }
}

/** How each language says "in force since YEAR", "signed", "secondary". */
const IN_FORCE: Record<Language, (year: string) => RegExp> = {
  en: (y) => new RegExp(`in force since ${y}`),
  es: (y) => new RegExp(`vigente desde ${y}`),
  fr: (y) => new RegExp(`en vigueur depuis le ${y}`),
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
const SIGNED: Record<Language, RegExp> = {
  en: /signed/,
  es: /firmad|firmó/,
  fr: /signée/,
  pt: /assinado/,
  id: /ditandatangani/,
  tl: /pinirmahan/,
  ne: /हस्ताक्षर/,
  ar: /وُقّعت|موقّعة/,
};
const NOT_IN_FORCE: Record<Language, RegExp> = {
  en: /not in force|whether it is in force|not confirmed|whether it still applies/,
  es: /no está vigente|si está vigente|no está confirmado/,
  fr: /n’est pas en vigueur|si elle est en vigueur|n’est pas confirmée|rien ne confirme/,
  pt: /não está em vigor|se está em vigor|não está confirmado/,
  id: /belum berlaku|apakah sudah berlaku|belum pasti/,
  tl: /wala pa itong bisa|kung may bisa na|hindi kumpirmado/,
  ne: /लागू छैन|लागू भयो कि भएन|पुष्टि छैन/,
  ar: /ليست سارية|إن كانت سارية|لم يتأكد/,
};
const SECONDARY: Record<Language, RegExp> = {
  en: /secondary source/,
  es: /fuente secundaria/,
  fr: /source secondaire/,
  pt: /fonte secundária/,
  id: /sumber sekunder/,
  tl: /secondary source/,
  ne: /माध्यमिक स्रोत/,
  ar: /مصدر ثانوي/,
};
const EU_RULES: Record<Language, RegExp> = {
  en: /EU coordination rules/,
  es: /coordinación de la UE/,
  fr: /coordination de l’UE/,
  pt: /coordenação da UE/,
  id: /koordinasi Uni Eropa/,
  tl: /EU coordination rules/,
  ne: /युरोपेली संघको समन्वय/,
  ar: /التنسيق في الاتحاد الأوروبي/,
};

/** What the reply must show for one record, in one language. */
export function checkReply(content: Content, r: AgreementRecord, lang: Language, text: string): string[] {
  const problems: string[] = [];
  const year = r.in_force?.slice(0, 4);
  const main = text.split(/\n\n/)[0] ?? '';
  switch (r.status) {
    case 'in-force':
      if (r.secondary_only) {
        if (!SECONDARY[lang].test(main)) problems.push('secondary-only status not said as such');
        if (year && !main.includes(year)) problems.push(`in-force year ${year} missing`);
      } else if (year) {
        if (!IN_FORCE[lang](year).test(main)) problems.push(`"in force since ${year}" missing`);
      } else if (!IN_FORCE_WORD[lang].test(main)) problems.push('"in force" missing');
      break;
    case 'signed':
      if (!SIGNED[lang].test(main)) problems.push('"signed" missing');
      if (!NOT_IN_FORCE[lang].test(main)) problems.push('not said to be unconfirmed / not in force');
      break;
    case 'agreed':
    case 'terminated':
      if (IN_FORCE[lang]('\\d{4}').test(main)) problems.push('stated as in force');
      break;
    case 'none': {
      if (r.secondary_only && !SECONDARY[lang].test(main))
        problems.push('secondary absence not said as such');
      const list = content.kb.lists.find((l) => r.parties.includes(l.owner));
      if (!r.secondary_only && list && !main.includes(list.institution))
        problems.push(`list ${list.institution} not named`);
      break;
    }
  }
  const cited = r.sources.find((s) => s.url && s.gives.some((g) => g === 'status' || g === 'absence'));
  if (cited?.url && !text.includes(cited.url)) problems.push(`source ${cited.url} not cited`);
  if (main.length > 600) problems.push(`main text ${main.length} > 600 characters`);
  return problems;
}

export async function walkPairs(
  root: string,
  options: { languages?: readonly Language[]; limit?: number; euPairs?: boolean } = {},
): Promise<{ results: PairResult[]; eu: PairResult[] }> {
  const { createApp } = await import('../app.ts');
  const { createMemoryStore } = await import('../store/memory.ts');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mrb-pairs-'));
  const app = await createApp({
    env: {
      DATA_DIR: dataDir,
      CONTENT_DIR: root,
      PSEUDONYM_SECRET: 'evaluation-only-secret-0123456789',
      OFFICE_TZ: 'UTC',
    },
    store: createMemoryStore(),
  });
  const content = app.live.current().content;
  const languages = options.languages ?? LANGUAGES;
  let n = 0;
  const ask = async (question: string) => {
    const r = await app.core.handleDetailed({
      address: { channel: 'test', userId: `pairs-${++n}` },
      messageId: `pairs-${n}`,
      text: question,
    });
    return { trace: r.trace, text: r.replies.map((m) => m.text).join('\n') };
  };
  const results: PairResult[] = [];
  const records = content.kb.records.filter((r) => r.status !== 'replaced');
  const todo = options.limit ? records.slice(0, options.limit) : records;
  let i = 0;
  for (const r of todo) {
    const lang = languages[i % languages.length]!;
    const [a, b] = r.parties as [string, string];
    const question = pairQuestion(content, a, b, lang, Math.floor(i / languages.length));
    i++;
    const { trace, text } = await ask(question);
    const problems: string[] = [];
    if (trace.intent !== 'agreement_between_countries') problems.push(`intent ${trace.intent ?? 'none'}`);
    const found = new Set(trace.entities.countries.map((c) => c.iso2));
    if (!found.has(a) || !found.has(b))
      problems.push(`countries understood: ${[...found].join(', ') || 'none'}`);
    if (problems.length === 0) problems.push(...checkReply(content, r, lang, text));
    results.push({
      id: r.id,
      parties: [a, b],
      status: r.status,
      language: lang,
      question,
      ok: problems.length === 0,
      problems,
      reply: text,
    });
  }

  // EU/EEA/CH: every pair gets the coordination rules (a sample through the bot, one per member).
  const eu: PairResult[] = [];
  if (options.euPairs !== false) {
    const rule = content.kb.rules.find((x) => x.id === 'rule-eu-coordination');
    const members = rule?.members.map((m) => m.party) ?? [];
    members.forEach((a, k) => {
      const b = members[(k + 7) % members.length]!;
      if (a === b) return;
      eu.push({
        id: `eu:${a}-${b}`,
        parties: [a, b],
        status: 'eu',
        language: languages[k % languages.length]!,
        question: '',
        ok: false,
        problems: [],
        reply: '',
      });
    });
    for (const p of eu) {
      p.question = pairQuestion(content, p.parties[0], p.parties[1], p.language, 1);
      const { trace, text } = await ask(p.question);
      if (trace.intent !== 'agreement_between_countries') p.problems.push(`intent ${trace.intent ?? 'none'}`);
      else if (!EU_RULES[p.language].test(text)) p.problems.push('EU coordination rules not given');
      p.ok = p.problems.length === 0;
      p.reply = text;
    }
  }
  await app.stop();
  await rm(dataDir, { recursive: true, force: true });
  return { results, eu };
}

export async function runPairs(root: string, args: string[]): Promise<number> {
  const lang = args.includes('--lang') ? (args[args.indexOf('--lang') + 1] as Language) : undefined;
  const limit = args.includes('--limit') ? Number(args[args.indexOf('--limit') + 1]) : undefined;
  const { results, eu } = await walkPairs(root, { languages: lang ? [lang] : undefined, limit });
  const all = [...results, ...eu];
  if (args.includes('--json')) {
    console.log(
      JSON.stringify(
        all.map(({ reply: _reply, ...r }) => r),
        null,
        2,
      ),
    );
  } else {
    for (const r of all.filter((x) => !x.ok))
      console.log(`FAIL ${r.id} [${r.language}] ${r.question}\n     ${r.problems.join('; ')}`);
    const byStatus = new Map<string, { n: number; ok: number }>();
    for (const r of all) {
      const s = byStatus.get(r.status) ?? { n: 0, ok: 0 };
      s.n++;
      if (r.ok) s.ok++;
      byStatus.set(r.status, s);
    }
    for (const [s, v] of byStatus) console.log(`${s.padEnd(12)} ${v.ok}/${v.n} answered right`);
    console.log(
      `pairs: ${all.filter((r) => r.ok).length}/${all.length} right (records ${results.length}, EU/EEA/CH sample ${eu.length})`,
    );
  }
  return all.every((r) => r.ok) ? 0 : 1;
}
