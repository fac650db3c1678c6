/**
 * `npx tsx bench/profile-summary.ts <folder or .cpuprofile>…`: where the CPU time of V8 profiles went —
 * self time by function and by package or source file, the top rows of each. Used with the benches'
 * BENCH_PROFILE option.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const TOP = Number(process.env.TOP ?? 30);

async function files(args: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) {
    if ((await stat(arg)).isDirectory()) {
      for (const name of await readdir(arg)) if (name.endsWith('.cpuprofile')) out.push(path.join(arg, name));
    } else out.push(arg);
  }
  return out;
}

/** node_modules/<package> or the source file under the repository, or a V8 category. */
function place(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'native'})`;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return url;
  const src = url.indexOf('/src/');
  return src >= 0 ? url.slice(src + 1) : url.replace(/^file:\/\//, '');
}

function summarise(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    total += us;
    const where = place(url, functionName);
    const key = `${functionName || '(anonymous)'}  ${where}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byPlace.set(where, (byPlace.get(where) ?? 0) + us);
  }
  return { total, byFunction, byPlace };
}

function print(title: string, rows: Map<string, number>, total: number): void {
  console.log(`\n${title}`);
  for (const [key, us] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(
      `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${key}`,
    );
}

const paths = await files(process.argv.slice(2));
if (paths.length === 0) {
  console.log('usage: tsx bench/profile-summary.ts <folder or .cpuprofile>…');
  process.exit(1);
}
for (const file of paths) {
  const { total, byFunction, byPlace } = summarise(JSON.parse(await readFile(file, 'utf8')) as Profile);
  console.log(`\n== ${path.basename(file)}: ${(total / 1000).toFixed(0)} ms busy (idle excluded)`);
  print('self time by package or file', byPlace, total);
  print('self time by function', byFunction, total);
}
