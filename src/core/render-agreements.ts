/**
 * Agreement and ratification answers written from records (issue 9): knowledge/agreement-records.yaml,
 * agreement-rules.yaml, agreement-lists.yaml and ratifications.yaml. The sentences come from
 * src/core/agreement-strings.ts; every fact from a record, which is cited under the answer.
 *
 * - a bilateral record: its status and dates, what it does for a worker (only what the record says),
 *   what it does not cover, where to claim;
 * - multilateral rules that bind both countries (EU/EEA/CH coordination, UK–EU, CMISS, MERCOSUR, CARICOM…),
 *   together with any bilateral agreement;
 * - absence said honestly: "not on the SSA list (2019-02)" where an official list is meant to be complete,
 *   otherwise "no source I hold mentions one — ask …".
 */
import type { Content, KnowledgeEntry } from '../kb/loader.ts';
import type {
  AgreementList,
  AgreementRecord,
  AgreementScope,
  Branch,
  Language,
  MultilateralRule,
  RatificationRecord,
  RecordSource,
} from '../kb/schema.ts';
import { at, dated } from './agreement-strings.ts';
import { COVERAGE_STRINGS, cov } from './coverage-strings.ts';
import { t } from './strings.ts';

type Cite = (e: KnowledgeEntry) => void;

function name(content: Content, iso: string, lang: Language): string {
  const c = content.kb.countryByIso.get(iso);
  return c ? (c.names[lang]?.[0] ?? c.names.en?.[0] ?? iso) : iso;
}

/** The records between two parties (either order), current first, replaced ones after. */
export function recordsBetween(content: Content, a: string, b: string): AgreementRecord[] {
  return content.kb.records
    .filter((r) => (r.parties[0] === a && r.parties[1] === b) || (r.parties[0] === b && r.parties[1] === a))
    .sort((x, y) => Number(x.status === 'replaced') - Number(y.status === 'replaced'));
}

export interface RuleMatch {
  rule: MultilateralRule;
  /** The later of the two members' start dates, when the rule gives them. */
  since?: string;
}

/** Multilateral rules that bind both parties. */
export function rulesBetween(content: Content, a: string, b: string): RuleMatch[] {
  const out: RuleMatch[] = [];
  for (const rule of content.kb.rules) {
    const from = new Map(rule.members.map((m) => [m.party, m.from]));
    const other = new Set(rule.with);
    const both = from.has(a) && from.has(b) && a !== b && other.size === 0;
    const across = other.size > 0 && ((from.has(a) && other.has(b)) || (from.has(b) && other.has(a)));
    if (!both && !across) continue;
    const dates = [from.get(a), from.get(b)].filter((d): d is string => !!d);
    const since: string | undefined = dates.length ? dates.sort().at(-1) : rule.in_force;
    out.push({ rule, since });
  }
  return out;
}

/** An official list meant to be complete, owned by one party, that does not name the other. */
export function listsWithout(content: Content, a: string, b: string): AgreementList[] {
  return content.kb.lists.filter(
    (l) => (l.owner === a && !l.partners.includes(b)) || (l.owner === b && !l.partners.includes(a)),
  );
}

/** At most this many records are cited for an absence (the source line shows the first, "All sources" all). */
const MAX_CHECKED = 8;

/**
 * The records read for a pair that none of them names: the agreements of each country's own list
 * (the fact sheet files a pair under the country whose list it was read from, first of its
 * parties), else every record that names either country. What an answer saying "no source I hold
 * mentions one" rests on, rather than a general page about agreements.
 */
export function checkedFor(content: Content, a: string, b: string): AgreementRecord[] {
  const current = content.kb.records.filter((r) => r.status !== 'replaced');
  const own = current.filter((r) => r.parties[0] === a || r.parties[0] === b);
  const named = own.length > 0 ? own : current.filter((r) => r.parties.includes(a) || r.parties.includes(b));
  return named.slice(0, MAX_CHECKED);
}

/** The institution where a worker claims in a country, when the content names one. */
export function institutionOf(content: Content, iso: string): string | undefined {
  const gov = content.kb.organisations.find(
    (o) =>
      o.type === 'government' &&
      o.countries.length === 1 &&
      o.countries[0] === iso &&
      !/consular/i.test(o.id),
  );
  if (gov) return gov.name;
  return content.kb.lists.find((l) => l.owner === iso)?.institution;
}

/** "Mindanao Examiner, citing SSS data, May 2023" from a secondary source. */
function whoSaid(s: RecordSource | undefined): string {
  if (!s) return '?';
  let title = s.title
    .replace(/^\(audit\)\s*/, '')
    .split(' (')[0]!
    .split(': ')[0]!
    .trim();
  // "Publisher, what it is": the publisher is enough, unless the rest says whom it cites.
  const [first, ...rest] = title.split(', ');
  if (rest.length && !/^citing /.test(rest.join(', '))) title = first!;
  const year = /\b(19|20)\d{2}\b/.exec(s.shown)?.[0];
  return year ? `${title}, ${year}` : title;
}

function statusSource(r: { sources: RecordSource[] }, fact: 'status' | 'absence'): RecordSource | undefined {
  return r.sources.find((s) => s.tier === 'secondary' && s.gives.includes(fact));
}

function asOfText(lang: Language, asOf: string): string {
  return asOf === 'undated' ? at(lang, 'undated') : asOf;
}

function join(lang: Language, items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${at(lang, 'and')} ${items.at(-1)}`;
}

/** The status sentence of one record. */
function headline(content: Content, r: AgreementRecord, lang: Language): string {
  const [pa, pb] = r.parties as [string, string];
  const a = name(content, pa, lang);
  const b = name(content, pb, lang);
  const mark = at(lang, 'secondaryMark');
  const inForce = r.in_force ? `${r.in_force}${r.in_force_secondary ? mark : ''}` : undefined;
  const signed = r.signed ? `${r.signed}${r.signed_secondary ? mark : ''}` : undefined;
  switch (r.status) {
    case 'in-force':
      if (r.secondary_only)
        return at(lang, 'inForceSecondary', {
          a,
          b,
          who: whoSaid(statusSource(r, 'status')),
          since: dated(lang, 'since', r.in_force),
        });
      return inForce
        ? at(lang, 'inForceSince', { a, b, date: inForce })
        : at(lang, 'inForceNoDate', { a, b });
    case 'signed':
      if (r.detail === 'not-in-force')
        return at(lang, 'signedNotInForce', { a, b, on: dated(lang, 'on', signed) });
      if (r.detail === 'listed-as-signed')
        return at(lang, 'listedAsSigned', { a, b, on: dated(lang, 'on', signed) });
      if (r.detail === 'current-status-not-verified')
        return at(lang, 'statusNotVerified', {
          a,
          b,
          on: dated(lang, 'on', signed),
          from: dated(lang, 'from', inForce),
        });
      return at(lang, 'signedUnverified', { a, b, on: dated(lang, 'on', signed) });
    case 'agreed':
      return at(lang, 'agreed', { a, b });
    case 'terminated':
      return at(lang, 'terminated', { a, b, date: r.ended ?? '?' });
    case 'replaced':
      return r.in_force
        ? at(lang, 'replaced', { from: dated(lang, 'from', inForce) })
        : at(lang, 'replacedSigned', { on: dated(lang, 'on', signed) });
    case 'none': {
      if (r.secondary_only)
        return at(lang, 'noneSecondary', { a, b, who: whoSaid(statusSource(r, 'absence')) });
      const list = content.kb.lists.find((l) => r.parties.includes(l.owner));
      if (!list) return at(lang, 'noSource', { a, b, inst: at(lang, 'claimUnknown') });
      const other = pa === list.owner ? pb : pa;
      return at(lang, 'notOnList', {
        owner: name(content, list.owner, lang),
        institution: list.institution,
        asOf: asOfText(lang, list.as_of),
        other: name(content, other, lang),
      });
    }
  }
}

/** What an in-force agreement does for the worker, only as far as the record says. */
function whatItDoes(r: AgreementRecord, lang: Language): string[] {
  if (r.status !== 'in-force' || r.secondary_only) return [];
  const s = r.scope;
  const items: string[] = [];
  if (s.totalisation) items.push(at(lang, 'addsUp'));
  if (s.export) items.push(at(lang, 'paysAbroad'));
  if (s.posting) {
    if (s.posting_max_months)
      items.push(
        at(lang, 'postedMonths', {
          months: s.posting_max_months,
          mark: s.posting_secondary ? at(lang, 'secondaryMark') : '',
        }),
      );
    else items.push(at(lang, s.kind === 'posting-only' ? 'postingOnly' : 'posted'));
  }
  if (s.equal_treatment) items.push(at(lang, 'equalTreatment'));
  if (s.long_term_only) items.push(at(lang, 'longTermOnly'));
  const out: string[] = [];
  if (items.length) out.push(at(lang, 'does', { items: items.join('; ') }));
  const notCovered = s.not_covered.map((k) =>
    at(
      lang,
      k === 'health-insurance'
        ? 'nc_health'
        : k === 'social-assistance'
          ? 'nc_assistance'
          : k === 'unemployment'
            ? 'nc_unemployment'
            : k === 'sickness'
              ? 'nc_sickness'
              : 'nc_totalisation',
    ),
  );
  if (notCovered.length) out.push(at(lang, 'notCovered', { items: join(lang, notCovered) }));
  if (!items.length && !notCovered.length) out.push(at(lang, 'scopeUnknown'));
  if (r.extended_from) out.push(at(lang, 'extended', { date: r.extended_from }));
  return out;
}

function ruleLine(m: RuleMatch, lang: Language): string[] {
  const since = dated(lang, 'since', m.since);
  switch (m.rule.id) {
    case 'rule-eu-coordination':
      return [at(lang, 'euRules', { since }), at(lang, 'euSupersedes')];
    case 'rule-uk-eu-tca':
      return [at(lang, 'ukEu')];
    case 'rule-cmiss':
      return [at(lang, 'cmiss', { since }), ...(m.rule.more_favourable ? [at(lang, 'moreFavourable')] : [])];
    case 'rule-mercosur':
      return [at(lang, 'mercosur')];
    case 'rule-caricom':
      return [at(lang, 'caricom', { date: m.rule.in_force ?? '?' })];
    case 'rule-european-convention':
      return [at(lang, 'europeanConvention', { since })];
    case 'rule-eu-association':
      return [at(lang, 'euAssociation')];
    default:
      return [];
  }
}

function cited(content: Content, id: string, cite: Cite): void {
  const e = content.kb.byId.get(id);
  if (e) cite(e);
}

/** The lines about one pair's bilateral record(s), or [] when there is none. */
function bilateralLines(
  content: Content,
  a: string,
  b: string,
  lang: Language,
  cite: Cite,
  form: 'full' | 'short' = 'full',
): string[] {
  const lines: string[] = [];
  const recs = recordsBetween(content, a, b);
  for (const r of recs) {
    if (r.status === 'replaced' && recs.some((x) => x.replaces === r.id)) {
      if (form === 'full') lines.push(headline(content, r, lang));
      continue;
    }
    cited(content, r.id, cite);
    lines.push(headline(content, r, lang), ...(form === 'full' ? whatItDoes(r, lang) : []));
  }
  return lines;
}

/** The {{agreements}} text for two countries, or undefined when the content holds no records at all. */
export function renderAgreementRecords(
  content: Content,
  ctx: { language: Language; origin?: string; destination?: string },
  cite: Cite,
  /** 'short' ({{agreementnames}}): status lines only, without what an agreement does or where to claim. */
  form: 'full' | 'short' = 'full',
): string | undefined {
  const kb = content.kb;
  if (kb.records.length === 0 && kb.rules.length === 0) return undefined;
  const lang = ctx.language;
  const a = ctx.origin;
  const b = ctx.destination;
  if (!a || !b || a === b) return undefined;
  const lines: string[] = [];
  const direct = bilateralLines(content, a, b, lang, cite, form);
  lines.push(...direct);

  // Québec signs its own understandings; Canada's federal agreement applies there too.
  const parent = (iso: string) => kb.countryByIso.get(iso)?.part_of;
  const children = (iso: string) => kb.countries.filter((c) => c.part_of === iso).map((c) => c.iso2);
  // The short form names Canada's agreement only when Québec has none of its own (and the reverse).
  for (const [x, y] of form === 'short' && direct.length > 0
    ? []
    : ([
        [a, b],
        [b, a],
      ] as const)) {
    const p = parent(x);
    if (p && p !== y) {
      const more = bilateralLines(content, p, y, lang, cite, form);
      if (more.length) lines.push(at(lang, 'canadaToo', { line: more.join(' ') }));
    }
    for (const child of children(x)) {
      if (child === y) continue;
      const more = bilateralLines(content, child, y, lang, cite, form);
      if (more.length) lines.push(at(lang, 'quebecOwn', { line: more.join(' ') }));
    }
  }

  // Canada's agreement answers for Québec (and Québec's for Canada) when the pair has none of its own.
  const viaParent = lines.length > direct.length;
  const rules = rulesBetween(content, a, b);
  const ruleLines: string[] = [];
  for (const m of rules) {
    if (form === 'short' && m.rule.no_export) continue;
    cited(content, m.rule.id, cite);
    ruleLines.push(...(form === 'full' ? ruleLine(m, lang) : ruleLine(m, lang).slice(0, 1)));
  }
  // With no bilateral line before it, the first rule line names the two countries ("Bolivia–Spain: …").
  if (lines.length === 0 && ruleLines.length > 0 && rules.some((m) => !m.rule.no_export))
    ruleLines[0] = `${name(content, a, lang)}–${name(content, b, lang)}: ${ruleLines[0]}`;
  // A rule that pays nothing abroad (EU association) comes after the answer for the pair.
  const onlyNoExport = rules.length > 0 && rules.every((m) => m.rule.no_export);
  if (!onlyNoExport) lines.push(...ruleLines);

  const current = recordsBetween(content, a, b).filter((r) => r.status !== 'replaced');
  // "Where to claim" only under an agreement that is in force: a signed one pays nothing yet.
  const hasAgreement =
    viaParent || current.some((r) => r.status === 'in-force') || rules.some((m) => !m.rule.no_export);
  if (current.length === 0 && !viaParent) {
    const lists = listsWithout(content, a, b);
    for (const l of lists) {
      cited(content, l.id, cite);
      const other = l.owner === a ? b : a;
      lines.push(
        at(lang, 'notOnList', {
          owner: name(content, l.owner, lang),
          institution: l.institution,
          asOf: asOfText(lang, l.as_of),
          other: name(content, other, lang),
        }),
      );
    }
    if (lists.length === 0 && rules.every((m) => m.rule.no_export)) {
      const inst = [a, b].map((x) => institutionOf(content, x)).filter((x): x is string => !!x);
      lines.push(
        at(lang, 'noSource', {
          a: name(content, a, lang),
          b: name(content, b, lang),
          inst: inst.length === 2 ? join(lang, inst) : at(lang, 'claimUnknown'),
        }),
      );
      // Cite what was checked and found silent on the pair: each country's own list of agreements.
      for (const r of checkedFor(content, a, b)) cited(content, r.id, cite);
      const schemeFor = kb.agreements.some((s) => s.type === 'national-scheme' && s.parties.includes(a));
      if (!schemeFor) cited(content, 'b-check-official-list', cite);
    }
  }
  // Signed (or agreed, or ended) but in force nowhere: a complete official list of one of the two
  // that leaves the other out is what says so ("not on the SSA list of agreements in force").
  if (
    form === 'full' &&
    !viaParent &&
    current.length > 0 &&
    current.every((r) => r.status !== 'in-force' && r.status !== 'none')
  ) {
    for (const l of listsWithout(content, a, b)) {
      cited(content, l.id, cite);
      const other = l.owner === a ? b : a;
      lines.push(
        at(lang, 'notOnList', {
          owner: name(content, l.owner, lang),
          institution: l.institution,
          asOf: asOfText(lang, l.as_of),
          other: name(content, other, lang),
        }),
      );
    }
  }
  if (onlyNoExport) lines.push(...ruleLines);
  // Schemes the home country runs for its nationals abroad help where no agreement does.
  if (form === 'full' && !current.some((r) => r.status === 'in-force')) {
    const schemes = kb.agreements.filter((s) => s.type === 'national-scheme' && s.parties.includes(a));
    for (const s of schemes) {
      cite({ kind: 'agreement', ...s });
      lines.push(`${t(lang, 'agreementsAlso')} ${s.title[lang] ?? s.title.en}`);
    }
  }
  if (hasAgreement && form === 'full') {
    const inst = [a, b].map((x) => institutionOf(content, x)).filter((x): x is string => !!x);
    if (inst.length) lines.push(at(lang, 'claim', { inst: join(lang, inst) }));
  }
  return lines.join('\n');
}

/** Structured facts for one pair, for `kb pairs` and tests. */
export function pairSummary(content: Content, a: string, b: string) {
  const current = recordsBetween(content, a, b).filter((r) => r.status !== 'replaced');
  return {
    records: current,
    rules: rulesBetween(content, a, b).map((m) => ({ id: m.rule.id, since: m.since })),
    lists: listsWithout(content, a, b).map((l) => l.id),
  };
}

// ------------------------------------------------------------------------------------------------
// Ratifications.

const WHERE: Record<string, string> = {
  icrmw: 'UN Treaty Collection (treaties.un.org)',
};

function ratificationLine(content: Content, r: RatificationRecord, code: string, lang: Language): string {
  const country = name(content, r.country!, lang);
  const doubt = r.unverified ? ` ${at(lang, 'unverified')}` : '';
  const mark = r.secondary_only ? at(lang, 'secondaryMark') : '';
  if (r.signatory) return at(lang, 'signatory', { country, code });
  if (r.accepted_by) return at(lang, 'accepted118', { country, code, date: r.accepted_by });
  const date = r.date ?? '?';
  if (/^\d{4}$/.test(date))
    return at(lang, 'ratifiedYear', { country, code, date: `${date}${mark}` }) + doubt;
  if (r.in_force)
    return at(lang, 'ratifiedInForce', { country, code, date, inForce: r.in_force }) + mark + doubt;
  return at(lang, 'ratified', { country, code, date }) + mark + doubt;
}

/**
 * The {{instrument}} text: the dated count (with its source) and, when a country is named, its
 * ratification record. Undefined when the content holds no ratification records (older content).
 */
export function renderInstrumentRecords(
  content: Content,
  ctx: { language: Language; instrument?: string; instrumentCountry?: string },
  cite: Cite,
): string | undefined {
  const kb = content.kb;
  if (kb.ratifications.length === 0) return undefined;
  const inst = ctx.instrument ? kb.instruments.find((i) => i.id === ctx.instrument) : undefined;
  if (!inst) return undefined;
  const lang = ctx.language;
  cite({ kind: 'instrument', ...inst });
  // The answer to the question first (the country's ratification, the dated count), then what it is.
  const lines: string[] = [];
  const about = `• ${inst.code} — ${inst.title[lang] ?? inst.title.en}: ${inst.summary[lang] ?? inst.summary.en}`;
  const iso = ctx.instrumentCountry;
  if (iso) {
    const r = kb.ratifications.find((x) => x.instrument === inst.id && x.country === iso);
    const older = kb.countryByIso.get(iso);
    const dated = older?.ratifications.find((x) => x.instrument === inst.id);
    if (r) {
      cite({ kind: 'ratification', ...r });
      lines.push(ratificationLine(content, r, inst.code, lang));
    } else if (older && dated) {
      // Instruments outside the seven of the sheet (C98…) keep their dated record on the country.
      cite({ kind: 'country', ...older });
      lines.push(
        at(lang, 'ratified', { country: name(content, iso, lang), code: inst.code, date: dated.date }),
      );
    } else {
      lines.push(
        at(lang, 'noRatificationRecord', {
          country: name(content, iso, lang),
          code: inst.code,
          where: WHERE[inst.id] ?? 'ILO NORMLEX (normlex.ilo.org)',
        }),
      );
    }
  }
  const count = kb.ratifications.find((x) => x.instrument === inst.id && x.country === undefined);
  if (count && count.count !== undefined) {
    cite({ kind: 'ratification', ...count });
    lines.push(
      at(lang, count.secondary_only ? 'countSecondary' : 'count', { count: count.count, asOf: count.as_of }),
    );
  }
  lines.push(about);
  return lines.join('\n');
}

// ------------------------------------------------------------------------------------------------
// Follow-ups on an agreement already shown: "does it cover unemployment?", "and my wife?".

type Verdict = 'yes' | 'no' | 'unknown';

/** Benefits paid for a while (not pensions): what a "long-term benefits only" agreement leaves out. */
const SHORT_TERM: readonly Branch[] = ['unemployment', 'sickness', 'maternity', 'medical-care', 'family'];
/** not_covered values and the benefit each one names. */
const NOT_COVERED: Record<string, Branch[]> = {
  'health-insurance': ['medical-care'],
  sickness: ['sickness'],
  unemployment: ['unemployment'],
};

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** What one record or rule says about a benefit (or family members), only as far as it says it. */
function coverageOf(
  scope: AgreementScope,
  branches: readonly Branch[],
  asked: Branch | 'family',
  what: string,
  lang: Language,
): { verdict: Verdict; line: string; extra?: string } {
  const names = COVERAGE_STRINGS[lang].branches;
  if (asked === 'family') {
    const extra = branches.includes('survivors') ? cov(lang, 'survivors', { what }) : undefined;
    if (branches.includes('family'))
      return { verdict: 'yes', line: cov(lang, 'familyCovers', { what }), extra };
    return { verdict: 'unknown', line: cov(lang, 'familyUnknown', { what }), extra };
  }
  const branch = names[asked];
  if (branches.includes(asked)) return { verdict: 'yes', line: cov(lang, 'covers', { what, branch }) };
  if (scope.not_covered.some((k) => NOT_COVERED[k]?.includes(asked)))
    return { verdict: 'no', line: cov(lang, 'notCovers', { what, branch }) };
  if (scope.kind === 'posting-only')
    return { verdict: 'no', line: cov(lang, 'postingOnly', { what, branch }) };
  if (scope.long_term_only && SHORT_TERM.includes(asked))
    return { verdict: 'no', line: cov(lang, 'longTermOnly', { what, branch }) };
  if (asked === 'medical-care' && branches.includes('sickness'))
    return { verdict: 'unknown', line: cov(lang, 'sicknessOnly', { what }) };
  if (branches.length > 0) {
    const list = branches.map((b) => names[b]).join(', ');
    return { verdict: 'no', line: cov(lang, 'notListed', { what, branch, list }) };
  }
  return { verdict: 'unknown', line: cov(lang, 'unknown', { what, branch }) };
}

/** "the Philippines and Germany institutions": where the worker asks, on each side. */
export function institutionsFor(content: Content, a: string, b: string, lang: Language): string {
  const known = [a, b].map((x) => institutionOf(content, x));
  if (known.every((x) => !x)) return at(lang, 'claimUnknown');
  const inst = [a, b].map(
    (x, i) => known[i] ?? cov(lang, 'institutionIn', { country: name(content, x, lang) }),
  );
  return join(lang, inst);
}

/**
 * Does the agreement between the worker's two countries cover a benefit (or family members)?
 * Starts with yes, no or "it depends", from the in-force records and multilateral rules that bind
 * both countries (their scope, `branches`, `not_covered`), then who to ask. Undefined when the
 * two countries are not both known.
 */
export function renderCoverage(
  content: Content,
  ctx: { language: Language; origin?: string; destination?: string },
  asked: Branch | 'family',
  cite: Cite,
): string | undefined {
  const lang = ctx.language;
  const a = ctx.origin;
  const b = ctx.destination;
  if (!a || !b || a === b) return undefined;
  const found: { verdict: Verdict; line: string; extra?: string }[] = [];
  for (const r of recordsBetween(content, a, b)) {
    if (r.status !== 'in-force') continue;
    cited(content, r.id, cite);
    const [pa, pb] = r.parties as [string, string];
    const what = cov(lang, 'agreementOf', { a: name(content, pa, lang), b: name(content, pb, lang) });
    found.push(coverageOf(r.scope, r.branches, asked, what, lang));
  }
  for (const m of rulesBetween(content, a, b)) {
    if (m.rule.no_export) continue;
    cited(content, m.rule.id, cite);
    const entry = m.rule.entry ? content.kb.agreements.find((x) => x.id === m.rule.entry) : undefined;
    if (entry?.branches.length) cite({ kind: 'agreement', ...entry });
    const title = entry?.title ?? m.rule.title;
    const what = title ? (title[lang] ?? title.en) : m.rule.id;
    found.push(coverageOf(m.rule.scope, entry?.branches ?? [], asked, what, lang));
  }
  const s = COVERAGE_STRINGS[lang];
  const lines: string[] = [];
  if (found.length === 0) {
    const branch = asked === 'family' ? s.branches.family : s.branches[asked];
    lines.push(
      `${s.depends}${s.colon}${cov(lang, 'noAgreement', { a: name(content, a, lang), b: name(content, b, lang), branch })}.`,
    );
  } else {
    // The answer first: yes if one of them covers it, no if all say no, otherwise it depends.
    const order: Verdict[] = ['yes', 'no', 'unknown'];
    found.sort((x, y) => order.indexOf(x.verdict) - order.indexOf(y.verdict));
    const verdict =
      found[0]!.verdict === 'yes' ? 'yes' : found.every((f) => f.verdict === 'no') ? 'no' : 'unknown';
    const word = verdict === 'yes' ? s.yes : verdict === 'no' ? s.no : s.depends;
    const [first, ...rest] = found;
    lines.push(`${word}${s.colon}${first!.line}.`);
    for (const f of rest.slice(0, 1)) lines.push(`${capitalised(f.line)}.`);
    const extra = found.find((f) => f.extra)?.extra;
    if (extra) lines.push(`${capitalised(extra)}.`);
  }
  lines.push(cov(lang, 'next', { inst: institutionsFor(content, a, b, lang) }));
  return lines.join('\n');
}
