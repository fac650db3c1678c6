/**
 * The editors' tool: `npm run kb -- <command>`.
 *
 *   validate     check all content; every problem names file, line and field (exit 1 on errors)
 *   eval         held-out tests and k-fold cross-validation per language (exit 1 below --min);
 *                `eval --dialogue`: held-out, out-of-scope and conversation tests through the whole bot
 *   pairs        every agreement pair asked through the whole bot, checked against its record
 *   audit        entries resting only on secondary sources; reviews older than KB_MAX_REVIEW_AGE_DAYS
 *   unanswered   what workers asked that the bot could not answer, grouped, anonymised
 *   lengths      how long answers are on a phone screen, per language (median, p90, max; --all lists them)
 */
import '../quiet.ts';
import path from 'node:path';
import { REPO_ROOT } from '../app.ts';
import { loadEnv } from '../config/env.ts';
import { formatProblem } from '../kb/loader.ts';
import { validateContent } from '../kb/validate.ts';

async function validate(root: string, maxAge: number): Promise<number> {
  const { content, errors, warnings } = await validateContent(root, { maxReviewAgeDays: maxAge });
  for (const w of warnings) console.log(`warning ${formatProblem(w)}`);
  for (const e of errors) console.log(`error   ${formatProblem(e)}`);
  const kb = content.kb;
  console.log(
    `${content.intents.length} intents, ${kb.instruments.length} instruments, ${kb.agreements.length} agreements, ` +
      `${kb.organisations.length} organisations, ${kb.countries.length} countries, ${kb.topics.length} topics, ${kb.hotlines.length} help lines; ` +
      `languages claimed: ${content.languages.join(', ') || 'none'}`,
  );
  console.log(
    errors.length === 0
      ? `OK (${warnings.length} warnings)`
      : `${errors.length} errors, ${warnings.length} warnings`,
  );
  return errors.length === 0 ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  const env = loadEnv();
  const [command, ...rest] = argv;
  const root = path.resolve(env.CONTENT_DIR !== '.' ? env.CONTENT_DIR : REPO_ROOT);
  switch (command) {
    case 'validate':
      return validate(root, env.KB_MAX_REVIEW_AGE_DAYS);
    case 'eval': {
      const { runEval } = await import('./kb-eval.ts');
      return runEval(root, rest);
    }
    case 'lengths': {
      const { runLengths } = await import('./kb-lengths.ts');
      return runLengths(root, rest);
    }
    case 'pairs': {
      const { runPairs } = await import('./kb-pairs.ts');
      return runPairs(root, rest);
    }
    case 'audit': {
      const { runAudit } = await import('./kb-audit.ts');
      return runAudit(root, env.KB_MAX_REVIEW_AGE_DAYS, rest);
    }
    case 'unanswered': {
      const { runUnanswered } = await import('./kb-unanswered.ts');
      return runUnanswered(env, rest);
    }
    default:
      console.log(
        'usage: npm run kb -- validate | eval [--min 0.9] [--folds 5] [--safety | --dialogue [--heldout2 file.yaml]] [--json] | pairs [--lang en] [--json] | audit [--json] | unanswered [--json] | lengths [--all]',
      );
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
