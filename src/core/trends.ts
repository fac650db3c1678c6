/**
 * What a handled message adds to the organisers' trends: the week, what it was about (the intent,
 * or how it ended: not understood, out of scope, sent to staff, a sign of danger), the worker's
 * corridor and language, the channel, and a key that only counts distinct workers. Never text.
 *
 * The worker key is a keyed hash (PSEUDONYM_SECRET) of the worker's reference under a label used
 * for nothing else, so it matches no reference, message key or log field; /forget deletes the
 * worker's events by it (src/core/pipeline/commands.ts → Store.forgetWorker).
 */
import type { TrendEvent, TrendOutcome } from '../store/port.ts';
import { isoWeek } from '../store/trends.ts';
import type { ChannelName } from './messages.ts';
import type { Outcome, TurnContext } from './pipeline/context.ts';
import type { Pseudonymizer } from './pseudonym.ts';

/** The worker's key for counting distinct workers in the trends. */
export function trendKey(pseudonymize: Pseudonymizer, channel: ChannelName, ref: string): string {
  return `T-${pseudonymize({ channel, userId: `#trends:${ref}` }).slice(2)}`;
}

/** How a turn's outcome counts in the trends; commands and dropped messages do not count. */
const OUTCOMES: Partial<Record<Outcome, TrendOutcome>> = {
  answered: 'answered',
  asked: 'asked',
  fallback: 'fallback',
  'out-of-scope': 'out-of-scope',
  handoff: 'escalated',
  urgent: 'safety',
};

/** A country (ISO alpha-2) or a subdivision that has its own agreements (CA-QC). */
const ISO2 = /^[A-Z]{2}(-[A-Z]{2})?$/;

/** The turn's trend event, or undefined when the message does not count (a command, a redelivery). */
export function trendEventOf(ctx: TurnContext): TrendEvent | undefined {
  const { trace, session, inbound, services } = ctx;
  const outcome = trace.urgent ? 'safety' : OUTCOMES[trace.outcome];
  if (!outcome) return undefined;
  const topic =
    (outcome === 'answered' || outcome === 'asked' || outcome === 'out-of-scope') && trace.intent
      ? trace.intent
      : undefined;
  const origin = session.origin && ISO2.test(session.origin) ? session.origin : undefined;
  const destination = session.destination && ISO2.test(session.destination) ? session.destination : undefined;
  return {
    week: isoWeek(services.now()),
    outcome,
    ...(topic ? { topic } : {}),
    ...(origin ? { origin } : {}),
    ...(destination ? { destination } : {}),
    language: trace.language,
    channel: inbound.address.channel,
    workerKey: trendKey(services.pseudonymize, inbound.address.channel, ctx.ref),
  };
}
