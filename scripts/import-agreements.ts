/**
 * Imports the official-source fact sheet (agreements-official.md) into knowledge records:
 *
 *   knowledge/agreement-records.yaml   one record per Table A pair (+ the older agreements a row says were replaced)
 *   knowledge/agreement-rules.yaml     the multilateral rules with each member's start date
 *   knowledge/agreement-lists.yaml     the official lists meant to be complete (SSA, EPFO, DSS, JPS), with their dates
 *   knowledge/ratifications.yaml       Table B: ratifications per country and dated counts
 *
 * Facts carry over as data (codes, dates, flags, source titles and URLs); no prose is generated.
 * Table C corrections are applied where the table rows alone would not carry them (see CORRECTIONS).
 *
 *   npx tsx scripts/import-agreements.ts [path/to/agreements-official.md] [--reviewed YYYY-MM-DD]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Document, isScalar, visit } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const SHEET =
  args.find((a) => !a.startsWith('--') && a.endsWith('.md')) ?? '/work/shared/agreements-official.md';
const REVIEWED = args.includes('--reviewed') ? args[args.indexOf('--reviewed') + 1]! : '2026-12-01';

type Tier = 'official' | 'gazette' | 'secondary' | 'seed';
type Fact = 'status' | 'signed' | 'in_force' | 'scope' | 'posting' | 'absence' | 'count';
interface Src {
  title: string;
  url?: string;
  shown: string;
  tier: Tier;
  gives: Fact[];
}

const text = readFileSync(SHEET, 'utf8');
const lines = text.split('\n');

/** Cells of a Markdown table row (outer pipes dropped). */
function cells(line: string): string[] {
  return line
    .replace(/^\|\s?/, '')
    .replace(/\s?\|$/, '')
    .split(' | ')
    .map((c) => c.trim());
}

const GAZETTE =
  /gazette|BOE-|BOE |Tractatenblad|Staatscourant|Federal Register|LégisQuébec|Justice Canada|SI\/|Swiss SR|Decree|\blaw\b|Skatteverket, law|SFS /i;

/**
 * Sources in a cell: "Title — URL — shown: date; Title — URL — shown: date" and, in the secondary
 * column, "secondary: Title — URL — date; free notes". Titles may contain "; " themselves.
 */
function parseSources(cell: string, column: 'official' | 'secondary'): { sources: Src[]; notes: string[] } {
  const sources: Src[] = [];
  const notes: string[] = [];
  if (!cell || cell.startsWith('— (no official source found)') || cell === '—') return { sources, notes };
  const chunks = cell.split('; ');
  let acc: string[] = [];
  const complete = (s: string) => / — https?:\/\/\S+ — /.test(s) || (/^secondary: /.test(s) && / — /.test(s));
  const flushNotes = () => {
    if (acc.length) notes.push(acc.join('; '));
    acc = [];
  };
  for (const chunk of chunks) {
    if (chunk.startsWith('secondary: ') && acc.length) flushNotes();
    acc.push(chunk);
    const joined = acc.join('; ');
    if (!complete(joined)) continue;
    const secondary = joined.startsWith('secondary: ') || column === 'secondary';
    const body = joined.replace(/^secondary: /, '');
    const m = /^(.*?) — (https?:\/\/\S+) — (?:shown: )?(.*)$/.exec(body);
    let src: Src;
    if (m) {
      src = {
        title: m[1]!.trim(),
        url: m[2]!,
        shown: m[3]!.trim(),
        tier: secondary ? 'secondary' : GAZETTE.test(m[1]!) ? 'gazette' : 'official',
        gives: [],
      };
    } else {
      const n = /^(.*) — (.*)$/.exec(body)!;
      src = { title: n[1]!.trim(), shown: n[2]!.trim(), tier: 'secondary', gives: [] };
    }
    sources.push(src);
    acc = [];
  }
  flushNotes();
  return { sources, notes };
}

/** The first date in a cell, ignoring decree numbers ("D. 1400-2001", "O.C. 917-2016"). */
function firstDate(cell: string): string | undefined {
  const clean = cell
    .replace(/\b(?:D\.|O\.C\.|decree D\.)\s*[\d-]+/g, '')
    .replace(/R-9, r\. [\d.]+/g, '')
    .replace(/Decree [\d.,]+ of/g, '');
  const m = /\b(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?\b/.exec(clean);
  if (!m) return undefined;
  return [m[1], m[2], m[3]].filter(Boolean).join('-');
}

const SECONDARY_DATE = /secondary|as reported|per secondary/i;

interface Rec {
  id: string;
  row: string;
  parties: [string, string];
  status: 'in-force' | 'signed' | 'agreed' | 'replaced' | 'terminated' | 'none';
  secondary_only?: boolean;
  detail?: string;
  signed?: string;
  signed_secondary?: boolean;
  in_force?: string;
  in_force_secondary?: boolean;
  extended_from?: string;
  ended?: string;
  scope: Record<string, unknown>;
  branches?: string[];
  replaces?: string;
  replaced_by?: string;
  more_favourable?: boolean;
  sources: Src[];
  reviewed: string;
}

function parseScope(
  cell: string,
  status: Rec['status'],
): { scope: Record<string, unknown>; branches: string[] } {
  const s = cell.toLowerCase();
  const scope: Record<string, unknown> = { kind: 'unknown' };
  const branches: string[] = [];
  if (status !== 'in-force') return { scope: { kind: 'unknown', not_covered: [] }, branches };
  const postingOnly =
    /(posting\/coverage|coverage\/posting|posting|contribution exemption|contributions\/coverage|coverage \(contributions\)|contribution exemption\/coverage|applicable legislation \(posting\)|contributions) only/.test(
      s,
    ) || /^partial: posting only|double contributions convention: contributions\/coverage only/.test(s);
  if (/^full/.test(s)) {
    Object.assign(scope, { kind: 'full', posting: true, totalisation: true, export: true });
  } else if (postingOnly) {
    Object.assign(scope, { kind: 'posting-only', posting: true, totalisation: false });
  } else if (/export of social insurance benefits only/.test(s)) {
    Object.assign(scope, { kind: 'export-only', export: true, totalisation: false });
  } else if (/transfer of pension payments only/.test(s)) {
    Object.assign(scope, { kind: 'export-only', export: true });
  } else {
    if (/totalisation(?! not verified| \(reported\)|\/export vary)/.test(s) && !/no totalisation/.test(s))
      scope.totalisation = true;
    if (/\bexport\b/.test(s) && !/totalisation\/export vary/.test(s)) scope.export = true;
    if (
      /posting rules|double-coverage \(posting\) rules: yes|double-coverage rules(?!.*no double)|posting up to|posting agreement|coverage\/posting \+|contribution exemption|certificates of coverage \(posting\)|applicable legislation/.test(
        s,
      ) &&
      !/no double-coverage rules|no posting\/coverage provisions/.test(s)
    )
      scope.posting = true;
    if (/equal treatment/.test(s)) scope.equal_treatment = true;
    if (scope.totalisation || scope.export || scope.posting) scope.kind = 'partial';
  }
  const posting =
    /(?:posting(?:\/coverage)?|detachment) (?:up to )?(\d+) months(?: \+ (\d+))?(?: \(([^)]*)\)| per (secondary))?/.exec(
      s,
    );
  if (posting) {
    scope.posting = true;
    scope.posting_max_months = Number(posting[1]);
    if (/secondary/.test(`${posting[3] ?? ''} ${posting[4] ?? ''}`)) scope.posting_secondary = true;
    if (scope.kind === 'unknown') scope.kind = 'partial';
  }
  const notCovered: string[] = [];
  if (/not medicare\/ssi/.test(s)) notCovered.push('health-insurance', 'social-assistance');
  if (/no medical care/.test(s)) notCovered.push('health-insurance');
  if (/no unemployment\/sickness/.test(s)) notCovered.push('unemployment', 'sickness');
  if (scope.totalisation === false) notCovered.push('totalisation');
  scope.not_covered = notCovered;
  if (/long-term benefits only/.test(s)) scope.long_term_only = true;
  if (/old age/.test(s)) branches.push('old-age');
  if (/survivors/.test(s)) branches.push('survivors');
  if (/invalidity|disability/.test(s)) branches.push('invalidity');
  if (/work injury/.test(s)) branches.push('employment-injury');
  if (/sickness\/maternity/.test(s) && !/no unemployment\/sickness/.test(s))
    branches.push('sickness', 'maternity');
  return { scope, branches };
}

function mapStatus(cell: string): { status: Rec['status']; secondary_only?: boolean; detail?: string } {
  switch (cell) {
    case 'in force':
      return { status: 'in-force' };
    case 'in force (secondary only)':
      return { status: 'in-force', secondary_only: true };
    case 'signed, not in force':
      return { status: 'signed', detail: 'not-in-force' };
    case 'signed; in force not verified':
      return { status: 'signed', detail: 'in-force-not-verified' };
    case 'listed by Québec as signed; in force not verified':
      return { status: 'signed', detail: 'listed-as-signed' };
    case 'agreed, not in force':
      return { status: 'agreed' };
    case 'terminated':
      return { status: 'terminated' };
    case 'none on official list':
      return { status: 'none' };
    case 'none known (secondary only)':
      return { status: 'none', secondary_only: true };
    default:
      if (/listed by MOFA/.test(cell)) return { status: 'signed', detail: 'current-status-not-verified' };
      throw new Error(`unknown status: ${cell}`);
  }
}

const idOf = (a: string, b: string) => `ssa-${a.toLowerCase()}-${b.toLowerCase()}`;

/** Older agreements that a row says the current one replaced (Table C C03 and C34, and rows that say so). */
const REPLACED: Record<string, { signed?: string; in_force?: string }> = {
  // C03: first Spain–Philippines convenio, signed 1988-05-20, ratified by Spain 1989; replaced in 2012.
  'ES-PH': { signed: '1988-05-20' },
  // C34: France–Morocco convention of 1965-07-09, in force 1967-01-01; replaced 2011-06-01.
  'MA-FR': { signed: '1965-07-09', in_force: '1967-01-01' },
};

const records: Rec[] = [];
const dropped: string[] = [];
const rowsByPair = new Map<string, Rec>();
for (const line of lines) {
  if (!/^\| A\d{3} \|/.test(line)) continue;
  const [row, a, b, statusCell, signedCell, inForceCell, scopeCell, officialCell, secondaryCell] = cells(
    line,
  ) as [string, string, string, string, string, string, string, string, string];
  const pa = a.split(' ')[0]!;
  const pb = b.split(' ')[0]!;
  const st = mapStatus(statusCell);
  const off = parseSources(officialCell, 'official');
  const sec = parseSources(secondaryCell, 'secondary');
  const sources = [...off.sources, ...sec.sources];
  const rec: Rec = {
    id: idOf(pa, pb),
    row,
    parties: [pa, pb],
    status: st.status,
    scope: {},
    sources,
    reviewed: REVIEWED,
  };
  if (st.secondary_only) rec.secondary_only = true;
  if (st.detail) rec.detail = st.detail;
  const notes = [...off.notes, ...sec.notes].join('; ');

  // Signature date (an unresolved one is left out: "do not state it as settled").
  if (signedCell && signedCell !== '—' && !/unresolved|not verified/.test(signedCell)) {
    const d = firstDate(signedCell);
    if (d) {
      rec.signed = d;
      if (
        SECONDARY_DATE.test(signedCell) ||
        /signature date from (?:a|the) (?:secondary|copy)|signature date from a copy/i.test(notes)
      )
        rec.signed_secondary = true;
    }
  }
  // A signature after every official source of the row was published cannot come from them: it comes
  // from the row's secondary sources (US–Mexico: GAO 2003 describes a proposal; signed 2004 per a blog).
  if (rec.signed && !rec.signed_secondary) {
    const year = (x: string) => Number(/\b(19|20)\d{2}\b/.exec(x)?.[0] ?? NaN);
    const official = off.sources.map((x) => year(x.shown));
    if (official.length > 0 && official.every((y) => y < year(rec.signed!))) rec.signed_secondary = true;
  }
  // Entry into force.
  const inf = inForceCell;
  if (st.status === 'terminated') {
    rec.ended = firstDate(inf);
  } else if (
    inf &&
    inf !== '—' &&
    !/^(not read|to enter|amended text applied provisionally|promulgated)/.test(inf)
  ) {
    if (/^implemented/.test(inf)) {
      const after = inf.split('; ')[1];
      if (after && firstDate(after)) {
        rec.in_force = firstDate(after);
        rec.in_force_secondary = SECONDARY_DATE.test(after);
      }
    } else if (/^current agreement since (\d{4})/.test(inf)) {
      rec.in_force = /^current agreement since (\d{4})/.exec(inf)![1];
    } else {
      const d = firstDate(inf);
      if (d) {
        rec.in_force = d;
        const first = inf.split('; ')[0]!;
        if (SECONDARY_DATE.test(first) || /date from secondary/.test(first)) rec.in_force_secondary = true;
        if (/from a copy of/.test(first)) rec.in_force_secondary = true;
      }
      const full = /(\d{4}-\d{2}-\d{2}) \(full agreement\)/.exec(inf);
      if (full) rec.extended_from = full[1];
    }
  }
  // A 2024 date "1st of a month (month not verified)" is a year.
  if (/month not verified/.test(inf) && rec.in_force) rec.in_force = rec.in_force.slice(0, 4);
  if (/via European Convention/.test(inf)) rec.more_favourable = false;

  const { scope, branches } = parseScope(scopeCell, st.status);
  rec.scope = scope;
  if (branches.length) rec.branches = branches;
  if (/CMISS also applies/.test(scopeCell)) rec.more_favourable = true;

  // What each source is cited for. Secondary-only facts go to secondary sources.
  const official = sources.filter((s) => s.tier !== 'secondary');
  const secondary = sources.filter((s) => s.tier === 'secondary');
  const give = (list: Src[], f: Fact) => list.forEach((s) => s.gives.includes(f) || s.gives.push(f));
  if (st.status === 'none') give(st.secondary_only ? secondary : official, 'absence');
  else give(st.secondary_only || official.length === 0 ? secondary : official, 'status');
  if (rec.signed)
    give(
      rec.signed_secondary && secondary.length ? secondary : official.length ? official : secondary,
      'signed',
    );
  if (rec.in_force || rec.extended_from)
    give(
      rec.in_force_secondary && secondary.length ? secondary : official.length ? official : secondary,
      'in_force',
    );
  if (rec.ended) give(official.length ? official : secondary, 'in_force');
  if (scope.kind !== 'unknown' || branches.length || (scope.not_covered as string[]).length)
    give(official.length ? official : secondary, 'scope');
  if (scope.posting_max_months)
    give(
      scope.posting_secondary && secondary.length ? secondary : official.length ? official : secondary,
      'posting',
    );

  // A date whose only stated origin is a source the row does not cite cannot be kept (no date without a source).
  if (rec.signed && rec.signed_secondary && secondary.length === 0) {
    dropped.push(`${row} ${pa}-${pb}: signed ${rec.signed} (the row cites no source for it)`);
    delete rec.signed;
    delete rec.signed_secondary;
    rec.sources.forEach((s) => (s.gives = s.gives.filter((g) => g !== 'signed')));
  }
  if (rec.in_force && rec.in_force_secondary && secondary.length === 0) {
    dropped.push(`${row} ${pa}-${pb}: in force ${rec.in_force} (the row cites no source for it)`);
    delete rec.in_force;
    delete rec.in_force_secondary;
  }
  const key = `${pa}-${pb}`;
  const old = REPLACED[key] ?? inferReplaced(inf);
  if (old) {
    const oldRec: Rec = {
      id: `${rec.id}-old`,
      row,
      parties: [pa, pb],
      status: 'replaced',
      scope: { kind: 'unknown', not_covered: [] },
      replaced_by: rec.id,
      sources: sources.map((s) => ({
        ...s,
        gives: [
          'status',
          ...(old.signed ? ['signed' as const] : []),
          ...(old.in_force ? ['in_force' as const] : []),
        ],
      })),
      reviewed: REVIEWED,
    };
    if (old.signed) oldRec.signed = old.signed;
    if (old.in_force) oldRec.in_force = old.in_force;
    rec.replaces = oldRec.id;
    records.push(rec, oldRec);
  } else {
    records.push(rec);
  }
  rowsByPair.set([pa, pb].sort().join('-'), rec);
}

/** "1997-04-01 (current convention); earlier agreement from 1972-10-01", "… (replaced 1995 agreement)". */
function inferReplaced(inf: string): { signed?: string; in_force?: string } | undefined {
  const m = /earlier agreement from (\d{4}-\d{2}-\d{2})/.exec(inf) ?? /replaced (\d{4}) agreement/.exec(inf);
  return m ? { in_force: m[1] } : undefined;
}

// Table C corrections that the rows alone do not carry.
// C13: PH–KR in force 2024-04-01 (MOFA announcement as reported): the row carries it. C44: no Morocco–Romania
// record (no source). C48: MERCOSUR in force (rule below). C29: no India–Singapore agreement (row A312).
const CORRECTIONS_APPLIED = ['C03', 'C34', 'C44', 'C48', 'C50', 'C51', 'C52', 'C53', 'C54', 'C55'];

// ---------------------------------------------------------------------------------------------------
// Multilateral rules. Members and dates are read from the rule rows; the shapes are fixed here.
const ruleRows = new Map<string, string[]>();
{
  let inRules = false;
  for (const line of lines) {
    if (line.startsWith('## Multilateral rules')) inRules = true;
    else if (line.startsWith('## ') && inRules) break;
    if (inRules && line.startsWith('| ') && !line.startsWith('| rule') && !line.startsWith('|---'))
      ruleRows.set(cells(line)[0]!, cells(line));
  }
}
function ruleSources(name: string, facts: Fact[]): Src[] {
  const row = ruleRows.get(name);
  if (!row) throw new Error(`rule row not found: ${name}`);
  const { sources } = parseSources(row[3]!, 'official');
  for (const s of sources) s.gives = s.tier === 'secondary' ? ['scope'] : [...facts];
  return sources;
}
const EU27 = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' ');
const cmissRow = ruleRows.get('Ibero-American Multilateral Convention (CMISS)')![2]!;
const cmissMembers: { party: string; from: string }[] = [];
for (const m of cmissRow.matchAll(/((?:[A-Z]{2}(?: and )?)+) (\d{4}-\d{2}-\d{2})/g)) {
  for (const code of m[1]!.split(' and ')) cmissMembers.push({ party: code.trim(), from: m[2]! });
}

const rules = [
  {
    id: 'rule-eu-coordination',
    entry: 'eu-coordination',
    row: 'multilateral: EU coordination',
    status: 'in-force',
    in_force: '2010-05-01',
    members: [
      ...EU27.map((party) => ({ party, from: '2010-05-01' })),
      { party: 'CH', from: '2012-04-01' },
      ...['IS', 'LI', 'NO'].map((party) => ({ party, from: '2012-06-01' })),
    ],
    scope: {
      kind: 'full',
      posting: true,
      totalisation: true,
      export: true,
      equal_treatment: true,
      not_covered: [],
    },
    supersedes_bilateral: true,
    sources: [
      ...ruleSources('EU coordination (Regulations 883/2004 and 987/2009)', ['status', 'in_force']),
      ...ruleSources('same rules, extended', ['status', 'in_force']),
    ],
    reviewed: REVIEWED,
  },
  {
    id: 'rule-uk-eu-tca',
    entry: 'eu-uk-tca',
    row: 'multilateral: UK after Brexit',
    status: 'in-force',
    signed: '2020-12-24',
    in_force: '2021-01-01',
    members: [{ party: 'GB', from: '2021-01-01' }],
    with: EU27,
    scope: {
      kind: 'partial',
      posting: true,
      posting_max_months: 24,
      posting_secondary: true,
      totalisation: true,
      not_covered: [],
    },
    sources: ruleSources('UK after Brexit', ['status', 'signed', 'in_force']).map((s) =>
      s.tier === 'secondary' ? { ...s, gives: ['posting' as Fact] } : s,
    ),
    reviewed: REVIEWED,
  },
  {
    id: 'rule-cmiss',
    entry: 'ibero-american-ssa',
    row: 'multilateral: CMISS',
    status: 'in-force',
    signed: '2007-11-10',
    in_force: '2011-05-01',
    members: cmissMembers,
    more_favourable: true,
    scope: { kind: 'unknown', not_covered: [] },
    sources: ruleSources('Ibero-American Multilateral Convention (CMISS)', ['status', 'signed', 'in_force']),
    reviewed: REVIEWED,
  },
  {
    id: 'rule-mercosur',
    entry: 'mercosur-ssa',
    row: 'multilateral: MERCOSUR (C48)',
    status: 'in-force',
    in_force: '2005',
    in_force_note: 'secondary',
    members: ['AR', 'BR', 'PY', 'UY'].map((party) => ({ party })),
    scope: { kind: 'unknown', not_covered: [] },
    sources: ruleSources('MERCOSUR Multilateral Agreement', ['status']).map((s) =>
      s.tier === 'secondary' ? { ...s, gives: ['in_force' as Fact] } : s,
    ),
    reviewed: REVIEWED,
  },
  {
    id: 'rule-caricom',
    entry: 'caricom-ssa',
    row: 'multilateral: CARICOM',
    status: 'in-force',
    in_force: '1997-04-01',
    // The states where the Agreement is in effect, as tagged in knowledge/countries.yaml (Haiti and
    // Suriname are CARICOM members where it is not in effect, and are left out).
    members: ['AG', 'BB', 'BS', 'BZ', 'DM', 'GD', 'GY', 'JM', 'KN', 'LC', 'MS', 'TT', 'VC'].map((party) => ({
      party,
    })),
    scope: { kind: 'unknown', not_covered: [] },
    sources: ruleSources('CARICOM Agreement on Social Security', ['status', 'in_force']),
    reviewed: REVIEWED,
  },
  {
    id: 'rule-european-convention',
    row: 'multilateral: European Convention on Social Security',
    status: 'in-force',
    members: [
      { party: 'IT', from: '1990-04-12' },
      { party: 'TR', from: '1990-04-12' },
    ],
    scope: { kind: 'unknown', not_covered: [] },
    sources: ruleSources('European Convention on Social Security (Council of Europe)', [
      'status',
      'in_force',
    ]),
    reviewed: REVIEWED,
  },
  {
    id: 'rule-eu-association',
    row: 'multilateral: EU association agreements',
    status: 'in-force',
    members: ['DZ', 'MA', 'TN', 'MK', 'IL'].map((party) => ({ party })),
    with: EU27,
    no_export: true,
    scope: { kind: 'unknown', not_covered: [] },
    sources: ruleSources('EU association agreements (DZ, MA, TN, MK, IL)', ['status', 'scope']),
    reviewed: REVIEWED,
  },
];
// The CARICOM row names no member dates; the MERCOSUR year is secondary.
for (const r of rules) delete (r as { in_force_note?: string }).in_force_note;
const mercosur = rules.find((r) => r.id === 'rule-mercosur')!;
(mercosur as Record<string, unknown>).secondary_only = false;

// ---------------------------------------------------------------------------------------------------
// Official lists meant to be complete ("none on official list" in the sheet's words).
const LISTS = [
  {
    owner: 'US',
    institution: 'SSA',
    url: 'https://secure.ssa.gov/poms.nsf/lnx/0201701005',
    as_of: '2019-02',
  },
  {
    owner: 'IN',
    institution: 'EPFO',
    url: 'https://www.epfindia.gov.in/site_en/International_workers.php?id=sm3_index',
    as_of: 'undated',
  },
  {
    owner: 'AU',
    institution: 'DSS',
    url: 'https://dss.gov.au/living-in-australia-and-overseas-updates/changes-to-the-waiting-period-for-newly-arrived-migrants',
    as_of: 'undated',
  },
  {
    owner: 'JP',
    institution: 'Japan Pension Service',
    url: 'https://www.nenkin.go.jp/service/shaho-kyotei/kunibetsu/kyoteitimesystem.html',
    as_of: '2025-10-27',
  },
];
const lists = LISTS.map((l) => {
  const partners = new Set<string>();
  let source: Src | undefined;
  for (const r of records) {
    if (!r.parties.includes(l.owner) || r.status !== 'in-force' || r.secondary_only) continue;
    const s = r.sources.find((x) => x.url === l.url);
    if (s) source ??= { ...s, gives: ['absence'] };
    const partner = r.parties[0] === l.owner ? r.parties[1] : r.parties[0];
    // Québec's own understandings are not on the national lists.
    if (!partner.includes('-')) partners.add(partner);
  }
  if (!source) throw new Error(`no rows cite ${l.url}`);
  console.log(`${l.owner} ${l.institution}: ${partners.size} partners`);
  return {
    id: `list-${l.owner.toLowerCase()}-${l.institution.toLowerCase().replace(/[^a-z]+/g, '-')}`,
    owner: l.owner,
    institution: l.institution,
    as_of: l.as_of,
    partners: [...partners].sort(),
    sources: [source],
    reviewed: REVIEWED,
  };
});

// ---------------------------------------------------------------------------------------------------
// Table B: ratifications.
const INSTRUMENT_ID: Record<string, string> = {
  B1: 'c97',
  B2: 'c102',
  B3: 'c118',
  B4: 'c143',
  B5: 'c157',
  B6: 'c189',
  B7: 'icrmw',
};
const ratifications: Record<string, unknown>[] = [];
const b0 = new Map<string, string[]>();
let section = '';
const sourceByKey: Record<string, Src> = {};
for (const line of lines) {
  const h = /^### (B\d)/.exec(line);
  if (h) section = h[1]!;
  else if (line.startsWith('## ')) section = '';
  if (
    !section ||
    !line.startsWith('| ') ||
    line.startsWith('| country') ||
    line.startsWith('| instrument') ||
    line.startsWith('|---')
  )
    continue;
  const c = cells(line);
  if (section === 'B0') {
    b0.set(c[0]!, c);
    continue;
  }
}
function b0Source(prefix: string): Src[] {
  const row = [...b0.entries()].find(([k]) => k.startsWith(prefix))?.[1];
  if (!row) throw new Error(`B0 row ${prefix}`);
  return parseSources(row[3]!, 'official').sources;
}
const COUNT_SOURCES: Record<string, Src[]> = {
  c97: b0Source('ILO C97'),
  c102: b0Source('ILO C102'),
  c143: b0Source('ILO C143'),
  c157: b0Source('ILO C157'),
  c189: b0Source('ILO C189'),
  icrmw: b0Source('UN ICRMW'),
};
// Named sources in Table B rows ("see B0", "Tractatenblad 2011 nr. 198", "SFS 1976:166").
sourceByKey.normlexC97 = COUNT_SOURCES.c97![0]!;
sourceByKey.tractatenblad = {
  title: 'Tractatenblad 2011 nr. 198 (C102 parties)',
  url: 'https://zoek.officielebekendmakingen.nl/trb-2011-198.html',
  shown: '2011',
  tier: 'gazette',
  gives: [],
};
sourceByKey.sfs = {
  title: 'Sweden SFS 1976:166 (states towards which Sweden applies C118)',
  url: 'http://klevringsjuridik.se/law/lag-1976-166/',
  shown: '1976',
  tier: 'gazette',
  gives: [],
};
const withFacts = (s: Src, gives: Fact[]): Src => ({ ...s, gives });

// Counts (B0), each with its as-of date.
const COUNTS: {
  instrument: string;
  count?: number;
  as_of?: string;
  secondary?: boolean;
  unverified?: boolean;
}[] = [
  { instrument: 'c97', count: 54, as_of: '2023-10-26 to 2024-10-26 (NORMLEX snapshot)' },
  { instrument: 'c102', count: 60, as_of: '2021-10-25' },
  { instrument: 'c143', count: 25, as_of: '2020', secondary: true },
  { instrument: 'c157', count: 4, as_of: '2008-11' },
  { instrument: 'c189', count: 30, as_of: '2020-10-05' },
  { instrument: 'icrmw', count: 57, as_of: '2022 (UN member states; newest party Chad, 2022)' },
];
for (const c of COUNTS) {
  const srcs = COUNT_SOURCES[c.instrument]!.filter((s) => (c.secondary ? true : s.tier !== 'secondary'));
  const rec: Record<string, unknown> = {
    id: `count-${c.instrument}`,
    row: `B0 ${c.instrument}`,
    instrument: c.instrument,
    count: c.count,
    as_of: c.as_of,
    sources: srcs.map((s) => withFacts(s, ['count'])),
    reviewed: REVIEWED,
  };
  if (c.secondary) rec.secondary_only = true;
  ratifications.push(rec);
}

section = '';
for (const line of lines) {
  const h = /^### (B\d)/.exec(line);
  if (h) {
    section = h[1]!;
    continue;
  }
  if (line.startsWith('## ')) section = '';
  if (
    !section ||
    section === 'B0' ||
    !line.startsWith('| ') ||
    /^\| (country|---)/.test(line) ||
    line.startsWith('|---')
  )
    continue;
  const instrument = INSTRUMENT_ID[section];
  if (!instrument) continue;
  const c = cells(line);
  const rows: string[][] =
    section === 'B7' ? [...line.matchAll(/([A-Z]{2} [^|]+?) \| (\d{4})/g)].map((m) => [m[1]!, m[2]!]) : [c];
  for (const r of rows) {
    const code = /^([A-Z]{2}) /.exec(r[0]!)?.[1];
    if (!code || code === 'ZR') continue; // Zaire (now DR Congo): a state that no longer exists under that name
    const rec: Record<string, unknown> = {
      id: `rat-${instrument}-${code.toLowerCase()}`,
      row: section,
      instrument,
      country: code,
      reviewed: REVIEWED,
    };
    if (section === 'B1') {
      rec.date = firstDate(r[1]!);
      if (/unresolved/.test(r[2] ?? '')) rec.unverified = true;
      const srcCell = r[3]!;
      rec.sources = srcCell.startsWith('NORMLEX C097')
        ? [withFacts(sourceByKey.normlexC97!, ['signed'])]
        : parseSources(srcCell, 'official').sources.map((s) => withFacts(s, ['signed']));
    } else if (section === 'B2') {
      rec.date = firstDate(r[1]!);
      rec.sources = r[3]!.startsWith('Tractatenblad')
        ? [withFacts(sourceByKey.tractatenblad!, ['signed'])]
        : [
            withFacts(
              COUNT_SOURCES.c102!.find((s) => s.tier !== 'secondary')!,
              ['signed'],
            ),
          ];
    } else if (section === 'B3') {
      rec.accepted_by = firstDate(r[1]!);
      rec.sources = [withFacts(sourceByKey.sfs!, ['signed'])];
    } else if (section === 'B4') {
      rec.date = firstDate(r[1]!);
      const srcs = r[2]!.startsWith('secondary')
        ? COUNT_SOURCES.c143!.filter((s) => s.tier === 'secondary').slice(0, 1)
        : parseSources(r[2]!, 'official').sources;
      if (r[2]!.startsWith('secondary')) rec.secondary_only = true;
      rec.sources = srcs.map((s) => withFacts(s, ['signed']));
    } else if (section === 'B6') {
      const printed = /as printed/.test(r[1]!) || /as printed/.test(r[2]!);
      rec.date = firstDate(r[1]!);
      rec.in_force = firstDate(r[2]!);
      if (printed) rec.unverified = true;
      rec.sources = COUNT_SOURCES.c189!.filter((s) => s.tier !== 'secondary').map((s) =>
        withFacts(s, ['signed', 'in_force']),
      );
    } else if (section === 'B7') {
      rec.date = r[1];
      rec.sources = COUNT_SOURCES.icrmw!.map((s) => withFacts(s, ['signed']));
    }
    ratifications.push(rec);
  }
}
// B7 signatories that had not ratified.
const sig = /Signatories that had not ratified in the extract: (.*)\./.exec(text)?.[1] ?? '';
for (const m of sig.matchAll(/\b([A-Z]{2}) [^;]+/g)) {
  ratifications.push({
    id: `rat-icrmw-${m[1]!.toLowerCase()}`,
    row: 'B7 signatories',
    instrument: 'icrmw',
    country: m[1],
    signatory: true,
    sources: COUNT_SOURCES.icrmw!.map((s) => withFacts(s, ['status'])),
    reviewed: REVIEWED,
  });
}

// ---------------------------------------------------------------------------------------------------
function write(file: string, header: string, kind: string, entries: unknown[]) {
  const doc = new Document({ kind, entries }, { aliasDuplicateObjects: false });
  // Short lists of codes on one line: [PH, ES].
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((i) => isScalar(i))) node.flow = true;
    },
  });
  const body = doc.toString({ lineWidth: 0 });
  writeFileSync(path.join(ROOT, 'knowledge', file), `${header}\n${body}`);
}
const HEADER = (what: string) =>
  [
    `# ${what}`,
    '# Generated by scripts/import-agreements.ts from the official-source fact sheet (agreements-official.md,',
    `# compiled 2026-12-01). Do not edit by hand: fix the sheet or the script and run it again.`,
    `# Table C corrections applied by the script: ${CORRECTIONS_APPLIED.join(', ')} (the others are carried by Table A rows).`,
  ].join('\n');

const ORDER = [
  'id',
  'row',
  'parties',
  'status',
  'secondary_only',
  'detail',
  'signed',
  'signed_secondary',
  'in_force',
  'in_force_secondary',
  'extended_from',
  'ended',
  'scope',
  'branches',
  'replaces',
  'replaced_by',
  'more_favourable',
  'sources',
  'reviewed',
];
function ordered(r: Rec): Record<string, unknown> {
  const src = r as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of ORDER) if (src[k] !== undefined) out[k] = src[k];
  // The sources that give the status (or the absence) first: they are the ones cited under an answer.
  out.sources = [...r.sources].sort(
    (x, y) => Number(!/status|absence/.test(x.gives.join())) - Number(!/status|absence/.test(y.gives.join())),
  );
  return out;
}
write(
  'agreement-records.yaml',
  HEADER('Bilateral social security agreements, one record per country pair.'),
  'agreement-record',
  records.map(ordered),
);
write(
  'agreement-rules.yaml',
  HEADER('Multilateral rules, with the date each member joined.'),
  'multilateral-rule',
  rules,
);
write(
  'agreement-lists.yaml',
  HEADER('Official lists meant to show all of a country’s agreements, with their dates.'),
  'agreement-list',
  lists,
);
write(
  'ratifications.yaml',
  HEADER('Ratifications of C97, C102, C118, C143, C157, C189 and the ICRMW, and dated counts.'),
  'ratification',
  ratifications,
);
for (const d of dropped) console.log(`left out: ${d}`);
console.log(
  `${records.length} agreement records (${rowsByPair.size} pairs), ${rules.length} rules, ${lists.length} lists, ${ratifications.length} ratification records`,
);
