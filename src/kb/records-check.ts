/**
 * Guards for agreement records, multilateral rules, official lists and ratification records (issue 9):
 *
 * - every party is a country (or subdivision) the bot knows;
 * - `in-force` rests on an `official` or `gazette` source that gives the status, unless the record is
 *   marked `secondary_only` (then the bot says whose report it is);
 * - no date without a source: each date field needs a source that `gives` it (a date marked as coming
 *   from a secondary source needs a secondary one);
 * - a posting period needs a source that gives it; "none" needs a source that gives the absence;
 * - a replaced record points to a record that exists, and each pair has at most one current record.
 */
import type { KnowledgeBase, Problem } from './loader.ts';
import type { RecordSource } from './schema.ts';

type At = (id: string, ...rest: (string | number)[]) => Omit<Problem, 'message'>;

const STRONG = new Set(['official', 'gazette']);

function gives(sources: RecordSource[], fact: RecordSource['gives'][number], tier?: 'secondary'): boolean {
  return sources.some((s) => s.gives.includes(fact) && (tier === undefined || s.tier === tier));
}

export function checkRecords(kb: KnowledgeBase, at: At): Problem[] {
  const problems: Problem[] = [];
  const hasCountries = kb.countries.length > 0;
  const knownParty = (code: string) => !hasCountries || kb.countryByIso.has(code);
  const current = new Map<string, string>();

  for (const r of kb.records) {
    r.parties.forEach((p, i) => {
      if (!knownParty(p))
        problems.push({
          ...at(r.id, 'parties', i),
          message: `unknown country "${p}" (add it to knowledge/)`,
        });
    });
    if (r.parties[0] === r.parties[1])
      problems.push({ ...at(r.id, 'parties'), message: 'an agreement needs two different parties' });
    if (r.status === 'in-force' && !r.secondary_only) {
      const strong = r.sources.some((s) => STRONG.has(s.tier) && s.gives.includes('status'));
      if (!strong)
        problems.push({
          ...at(r.id, 'status'),
          message:
            '"in-force" needs an official or gazette source that gives the status, or secondary_only: true (then the bot says who reported it)',
        });
    }
    if ((r.status === 'in-force' || r.status === 'none') && r.secondary_only) {
      if (!gives(r.sources, r.status === 'none' ? 'absence' : 'status', 'secondary'))
        problems.push({
          ...at(r.id, 'secondary_only'),
          message: 'secondary_only, but no secondary source gives it',
        });
    }
    if (r.status === 'none' && !gives(r.sources, 'absence'))
      problems.push({ ...at(r.id, 'status'), message: '"none" needs a source that gives the absence' });
    for (const field of ['signed', 'in_force', 'extended_from', 'ended'] as const) {
      if (r[field] === undefined) continue;
      const fact = field === 'signed' ? 'signed' : 'in_force';
      const secondary =
        (field === 'signed' && r.signed_secondary) || (field === 'in_force' && r.in_force_secondary);
      if (!gives(r.sources, fact, secondary ? 'secondary' : undefined))
        problems.push({
          ...at(r.id, field),
          message: `${field} ${r[field]} has no ${secondary ? 'secondary ' : ''}source that gives it (no date without a source)`,
        });
    }
    if (r.scope.posting_max_months !== undefined && !gives(r.sources, 'posting'))
      problems.push({
        ...at(r.id, 'scope', 'posting_max_months'),
        message: 'a posting period needs a source',
      });
    if (r.scope.posting_secondary && !gives(r.sources, 'posting', 'secondary'))
      problems.push({
        ...at(r.id, 'scope', 'posting_secondary'),
        message: 'no secondary source gives the posting period',
      });
    for (const link of ['replaces', 'replaced_by'] as const) {
      const target = r[link];
      if (target && kb.byId.get(target)?.kind !== 'agreement-record')
        problems.push({ ...at(r.id, link), message: `unknown agreement record "${target}"` });
    }
    if (r.status !== 'replaced') {
      const key = [...r.parties].sort().join('|');
      const prev = current.get(key);
      if (prev)
        problems.push({
          ...at(r.id, 'parties'),
          message: `"${prev}" already covers this pair: mark one as replaced, or merge them`,
        });
      else current.set(key, r.id);
    }
  }

  for (const rule of kb.rules) {
    [...rule.members.map((m) => m.party), ...rule.with].forEach((p) => {
      if (!knownParty(p)) problems.push({ ...at(rule.id, 'members'), message: `unknown country "${p}"` });
    });
    if (rule.entry && !kb.byId.has(rule.entry))
      problems.push({ ...at(rule.id, 'entry'), message: `unknown entry "${rule.entry}"` });
    if (rule.status === 'in-force' && !rule.secondary_only && !rule.sources.some((s) => STRONG.has(s.tier)))
      problems.push({ ...at(rule.id, 'status'), message: '"in-force" needs an official or gazette source' });
    if ((rule.in_force || rule.members.some((m) => m.from)) && !gives(rule.sources, 'in_force'))
      problems.push({ ...at(rule.id, 'in_force'), message: 'dates need a source that gives them' });
  }

  for (const list of kb.lists) {
    [list.owner, ...list.partners].forEach((p) => {
      if (!knownParty(p)) problems.push({ ...at(list.id, 'partners'), message: `unknown country "${p}"` });
    });
    if (!list.sources.some((s) => STRONG.has(s.tier)))
      problems.push({ ...at(list.id, 'sources'), message: 'an official list needs an official source' });
  }

  for (const r of kb.ratifications) {
    if (kb.byId.get(r.instrument)?.kind !== 'instrument')
      problems.push({ ...at(r.id, 'instrument'), message: `unknown instrument "${r.instrument}"` });
    if (r.country === undefined && (r.count === undefined || !r.as_of))
      problems.push({ ...at(r.id, 'count'), message: 'a count needs its as_of date' });
    if (r.country !== undefined && r.date === undefined && r.accepted_by === undefined && !r.signatory)
      problems.push({ ...at(r.id, 'date'), message: 'a ratification needs its date (or signatory: true)' });
    if (!r.secondary_only && !r.sources.some((s) => STRONG.has(s.tier)))
      problems.push({
        ...at(r.id, 'sources'),
        message: 'only secondary sources: mark it secondary_only so the bot says so',
      });
  }
  return problems;
}

export interface AuditLine {
  id: string;
  file?: string;
  reason: string;
}

/** `kb audit`: entries resting only on secondary sources, and reviews older than the limit. */
export function auditRecords(kb: KnowledgeBase, maxAgeDays: number, now = new Date()): AuditLine[] {
  const out: AuditLine[] = [];
  for (const [id, e] of kb.byId) {
    const sources = e.sources as { tier?: string }[];
    const tiers = sources.map((s) => s.tier).filter((t): t is string => t !== undefined);
    if (tiers.length > 0 && tiers.every((t) => t === 'secondary'))
      out.push({ id, reason: 'only secondary sources' });
    else if ('secondary_only' in e && e.secondary_only)
      out.push({ id, reason: 'status rests on secondary sources only' });
    const age = (now.getTime() - new Date(e.reviewed).getTime()) / 86_400_000;
    if (age > maxAgeDays)
      out.push({ id, reason: `reviewed ${e.reviewed}, more than ${maxAgeDays} days ago` });
  }
  return out;
}
