/**
 * `npm run bench:startup`: how long the bot takes to be ready with its own content, cold (no cached
 * model) and warm (model cached, content unchanged). Measured inside the process, after imports.
 */
import '../src/quiet.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../src/app.ts';
import { buildNlu, cachedIn } from '../src/kb/live.ts';

const cacheDir = await mkdtemp(path.join(tmpdir(), 'mrb-startup-'));
const runs: { run: string; ms: number }[] = [];
for (const run of ['cold', 'warm', 'warm', 'warm']) {
  const t = performance.now();
  const nlu = await buildNlu({ root: REPO_ROOT, matcherFactory: cachedIn(cacheDir) });
  runs.push({ run, ms: Math.round(performance.now() - t) });
  if (run === 'cold')
    console.log(
      `${nlu.content.intents.length} intents, threshold chosen from held-out tests: ${nlu.policy.threshold}`,
    );
}
await rm(cacheDir, { recursive: true, force: true });
for (const r of runs) console.log(`${r.run.padEnd(5)} ${String(r.ms).padStart(6)} ms`);
const warm = runs.filter((r) => r.run === 'warm').map((r) => r.ms);
console.log(`median warm start-up: ${warm.sort((a, b) => a - b)[1]} ms (target < 1000 ms)`);
