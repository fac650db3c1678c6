/**
 * The local chat: talk to the bot in the terminal on the embedded defaults (no tokens, no server).
 * Staff can be played from the same terminal: lines starting with "/staff" act on the latest ticket
 * (/staff claim, /staff reply <text>, /staff close, /staff back).
 */
import '../quiet.ts';
import { createInterface } from 'node:readline/promises';
import { slackDeskFromEnv } from '../../adapters/slack/desk.ts';
import { createApp } from '../app.ts';
import { loadEnv, type Env } from '../config/env.ts';
import { LocalDesk } from '../core/local-desk.ts';
import { createLogger } from '../core/logger.ts';
import { toPlainText } from './plain.ts';
import { DANGER_LABELS, type Category } from '../safety/schema.ts';

const STAFF = { id: 'local-staff', name: 'Sam' };

export async function runChat(env: Env) {
  const logger = createLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL, { pretty: env.LOG_PRETTY });
  // With Slack configured, escalations from the local chat go to the staff channel.
  const slack = slackDeskFromEnv(env, logger);
  const desk = new LocalDesk();
  const app = await createApp({ env, desk: slack ?? desk, logger });
  const out = (s: string) => process.stdout.write(s + '\n');
  app.registerChannel('console', async (_userId, messages) => {
    out(`\nbot> ${toPlainText(messages).replace(/\n/g, '\nbot> ')}`);
  });
  desk.events.on('event', (e) => {
    const urgent = e.ticket.urgent
      ? `URGENT (${(e.ticket.danger ?? []).map((d) => DANGER_LABELS[d as Category] ?? d).join('; ') || 'marked by staff'}) `
      : '';
    const what =
      e.type === 'opened'
        ? `${urgent}new ticket ${e.ticket.id} (${e.ticket.language}) from ${e.ticket.workerRef}: "${e.ticket.question}"`
        : e.type === 'message'
          ? `${urgent}${e.ticket.id} worker: ${e.entry.text}`
          : `${urgent}${e.ticket.id} is now ${e.ticket.status}`;
    out(`  [staff desk] ${what}`);
  });
  await app.start({ watchContent: true, outboxIntervalMs: 500 });

  out(
    'migrant-rights-bot — local chat. Type a question (any of: ' +
      app.live.current().content.languages.join(', ') +
      ').',
  );
  out(
    'Commands: /start /help /language /human /cancel /forget. Play staff with: /staff claim | /staff reply <text> | /staff close | /staff back | /staff urgent | /staff normal. /quit or Ctrl+D to quit.\n',
  );
  let n = 0;
  const first = await app.core.handle({
    address: { channel: 'console', userId: 'local' },
    messageId: `start-${Date.now()}`,
    text: '/start',
  });
  out(`bot> ${toPlainText(first).replace(/\n/g, '\nbot> ')}`);
  // Created only now, so no piped line is read before the loop below listens.
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  try {
    for await (const line of rl) {
      n++;
      // The terminal chat's own way out (not a bot command: on a real channel the worker just leaves).
      if (/^\/(quit|exit)\s*$/i.test(line.trim())) break;
      if (line.startsWith('/staff') && !slack) {
        const [, verb, ...rest] = line.split(' ');
        const ticket = (await desk.openTickets()).at(-1);
        if (!ticket) {
          out('  [staff desk] no open ticket');
          continue;
        }
        try {
          if (verb === 'claim') await desk.claim(ticket.id, STAFF);
          else if (verb === 'reply') await desk.reply(ticket.id, STAFF, rest.join(' '));
          else if (verb === 'close') await desk.close(ticket.id, STAFF);
          else if (verb === 'back') await desk.handBack(ticket.id, STAFF);
          else if (verb === 'urgent') await desk.setUrgent(ticket.id, true, STAFF);
          else if (verb === 'normal') await desk.setUrgent(ticket.id, false, STAFF);
          else out('  [staff desk] use: /staff claim | reply <text> | close | back | urgent | normal');
        } catch (error) {
          out(`  [staff desk] ${error instanceof Error ? error.message : String(error)}`);
        }
        await app.outbox.idle();
        continue;
      }
      const replies = await app.core.handle({
        address: { channel: 'console', userId: 'local' },
        messageId: `${Date.now()}-${n}`,
        text: line,
      });
      if (replies.length > 0) out(`bot> ${toPlainText(replies).replace(/\n/g, '\nbot> ')}\n`);
    }
  } finally {
    rl.close();
    await app.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runChat(loadEnv()).catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
