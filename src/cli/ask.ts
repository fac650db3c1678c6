/**
 * Batch mode: `npm run --silent ask -- --json` reads one question per line on stdin and writes
 * exactly one JSON object per line on stdout (nothing else goes to stdout):
 * {"question","language","intent","confidence","entities","reply","handoff","outcome"}, where
 * outcome is answered | asked | fallback | out-of-scope | urgent | handoff | command | ignored, and
 * urgent is true when this message opened an urgent case for staff or raised one (src/safety).
 * Each line is a fresh user unless `--session ID` is given.
 */
import '../quiet.ts';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createApp } from '../app.ts';
import { loadEnv } from '../config/env.ts';
import { createLogger } from '../core/logger.ts';
import { createMemoryStore } from '../store/memory.ts';
import { openStore } from '../store/open.ts';
import { toPlainText } from './plain.ts';

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]) {
  const env = loadEnv();
  const json = args.includes('--json');
  const sessionId = argValue(args, '--session');
  const logger = createLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL, { pretty: env.LOG_PRETTY });
  const app = await createApp({
    // Fresh users leave nothing behind; a named session is kept in DATA_DIR like the bot's.
    env: {
      ...env,
      PSEUDONYM_SECRET: env.PSEUDONYM_SECRET ?? (sessionId ? undefined : randomBytes(24).toString('hex')),
    },
    store: sessionId ? await openStore(env) : createMemoryStore(),
    logger,
  });
  await app.start({ outboxIntervalMs: 60_000 });
  const staffNotes: string[] = [];
  app.registerChannel('console', async (_user, messages) => {
    staffNotes.push(toPlainText(messages));
  });

  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    const userId = sessionId ?? `batch-${n}`;
    const result = await app.core.handleDetailed({
      address: { channel: 'console', userId },
      messageId: `${Date.now()}-${n}`,
      text: line,
    });
    const reply = toPlainText(result.replies);
    if (json) {
      process.stdout.write(
        JSON.stringify({
          question: line,
          language: result.trace.language,
          intent: result.trace.intent,
          confidence: Number(result.trace.confidence.toFixed(4)),
          entities: {
            countries: result.trace.entities.countries.map((c) => ({
              iso2: c.iso2,
              text: c.text,
              role: c.role ?? null,
            })),
            instruments: result.trace.entities.instruments.map((i) => ({ id: i.id, text: i.text })),
          },
          reply,
          handoff: result.trace.handoff,
          outcome: result.trace.outcome,
          urgent: result.trace.urgent === true,
        }) + '\n',
      );
    } else {
      process.stdout.write(`> ${line}\n${reply}\n\n`);
    }
  }
  await app.stop();
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
