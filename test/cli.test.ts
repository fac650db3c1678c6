import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_CONTENT } from './helpers/app.ts';

const run = promisify(execFile);
const TSX = path.resolve('node_modules/.bin/tsx');
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Runs a CLI entry point with `input` on stdin; never throws on a non-zero exit. */
async function cli(args: string[], input = '', env: Record<string, string> = {}) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mrb-cli-'));
  dirs.push(dataDir);
  const child = run(TSX, args, {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      CONTENT_DIR: FIXTURE_CONTENT,
      ...env,
    },
    timeout: 60_000,
  });
  child.child.stdin!.end(input);
  try {
    return { stdout: (await child).stdout, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; code: number };
    return { stdout: e.stdout, code: e.code };
  }
}

describe('npm run ask -- --json', () => {
  it('writes exactly one JSON object per input line and nothing else on stdout', async () => {
    const input = [
      'will i lose my pension when i go home',
      'soy filipino y trabajo en España, ¿pierdo mi pensión si vuelvo?',
      'qwzx plorf vrandle',
      '/human',
      '',
    ].join('\n');
    const { stdout, code } = await cli(['src/cli/ask.ts', '--json'], input + '\n');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    const rows = lines.map((l) => JSON.parse(l));
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(
        [
          'confidence',
          'entities',
          'handoff',
          'intent',
          'language',
          'outcome',
          'question',
          'reply',
          'urgent',
        ].sort(),
      );
    }
    expect(rows[0].intent).toBe('pension_portability_return');
    // Answer first: the general answer now, the countries asked for in the same reply.
    expect(rows[0].outcome).toBe('answered');
    expect(rows[0].reply).toMatch(/home country/);
    expect(rows[1].language).toBe('es');
    expect(rows[1].entities.countries.map((c: { iso2: string }) => c.iso2)).toEqual(['PH', 'ES']);
    expect(rows[1].reply).toMatch(/Fuente/);
    expect(rows[1].outcome).toBe('answered');
    expect(rows[2].intent).toBeNull();
    expect(rows[2].outcome).toBe('fallback');
    expect(rows[2].handoff).toBe('offered');
    expect(rows[2].reply).toMatch(/1\. /);
    expect(rows[3].handoff).toBe('started');
    expect(rows[3].outcome).toBe('handoff');
    expect(rows[4].reply).toMatch(/empty/);
  });

  it('keeps one session across lines with --session', async () => {
    const { stdout } = await cli(
      ['src/cli/ask.ts', '--json', '--session', 'abc'],
      'will i lose my pension when i go home\nFilipino\nSpain\n',
    );
    const rows = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows[2].reply).toMatch(/Between Philippines and Spain/);
  });
});

describe('npm run kb -- validate', () => {
  it('passes on good content', async () => {
    const r = await cli(['src/cli/kb.ts', 'validate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/OK/);
  });

  it('names file, line and field for every error, and exits 1', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'mrb-content-'));
    dirs.push(root);
    await cp(FIXTURE_CONTENT, root, { recursive: true });
    const intent = path.join(root, 'intents/health_care.yaml');
    await writeFile(
      intent,
      (await readFile(intent, 'utf8')).replace('knowledge: [t-health]', 'knowledge: [t-nope]'),
    );
    const topics = path.join(root, 'knowledge/topics.yaml');
    await writeFile(topics, (await readFile(topics, 'utf8')).replace('doc: README.md }]', '}]'));
    const r = await cli(['src/cli/kb.ts', 'validate'], '', { CONTENT_DIR: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /intents\/health_care\.yaml:\d+ \[knowledge\.0\]: unknown knowledge entry "t-nope"/,
    );
    expect(r.stdout).toMatch(
      /knowledge\/topics\.yaml:\d+ \[entries\.2\.sources\.0\]: a source needs a url, a seed or a doc/,
    );
  });
});
