/**
 * `npm run kb -- audit`: what an editor should re-check. Lists every entry whose only sources are
 * secondary (or whose status rests on secondary sources only), and every `reviewed` date older than
 * KB_MAX_REVIEW_AGE_DAYS. Also prints the counts the closing notes need (agreements by status and tier).
 */
import { formatProblem, loadContent, type Content } from '../kb/loader.ts';
import { auditRecords } from '../kb/records-check.ts';

export function recordCounts(content: Content) {
  const kb = content.kb;
  const byStatus: Record<string, number> = {};
  const byTier: Record<string, number> = {};
  for (const r of kb.records) {
    const status = r.status === 'in-force' && r.secondary_only ? 'in-force (secondary only)' : r.status;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const tier = r.sources.some((s) => s.tier === 'gazette' && s.gives.length)
      ? 'gazette'
      : r.sources.some((s) => s.tier === 'official' && s.gives.length)
        ? 'official'
        : 'secondary';
    byTier[tier] = (byTier[tier] ?? 0) + 1;
  }
  const pairs = new Set(kb.records.map((r) => [...r.parties].sort().join('-')));
  return {
    records: kb.records.length,
    pairs: pairs.size,
    byStatus,
    byStrongestTier: byTier,
    rules: kb.rules.length,
    lists: kb.lists.length,
    ratifications: kb.ratifications.filter((r) => r.country).length,
    counts: kb.ratifications.filter((r) => !r.country).length,
    unverified: kb.ratifications.filter((r) => r.unverified).map((r) => r.id),
  };
}

export async function runAudit(root: string, maxAgeDays: number, args: string[]): Promise<number> {
  const { content, errors } = await loadContent(root);
  for (const e of errors) console.log(`error   ${formatProblem(e)}`);
  const lines = auditRecords(content.kb, maxAgeDays);
  const counts = recordCounts(content);
  if (args.includes('--json')) {
    console.log(JSON.stringify({ audit: lines, counts }, null, 2));
  } else {
    for (const l of lines) console.log(`${l.id.padEnd(32)} ${content.origins.get(l.id) ?? ''}  ${l.reason}`);
    console.log(`\n${lines.length} entries to re-check (review limit ${maxAgeDays} days)`);
    console.log(JSON.stringify(counts, null, 2));
  }
  return errors.length === 0 ? 0 : 1;
}
