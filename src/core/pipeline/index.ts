/**
 * The core's pipeline: the steps every message goes through, in order (see context.ts for how
 * steps compose). To add a step, write one file exporting a `step(...)` and put it in the list.
 *
 * dedupe → session → rate limit → normalise → commands and buttons → safety → open ticket →
 * language → follow-up resolution → match → pair questions → retiring (not a refund) → decide → render → persist
 *
 * Safety sits before the open-ticket step so it sees messages that go to staff too.
 */
import { commands } from './commands.ts';
import { compose, reply, step, type Step } from './context.ts';
import { decide } from './decide.ts';
import { dedupe } from './dedupe.ts';
import { followUp } from './follow-up.ts';
import { language } from './language.ts';
import { match } from './match.ts';
import { normalise } from './normalise.ts';
import { openTicket } from './open-ticket.ts';
import { pair } from './pair.ts';
import { persist } from './persist.ts';
import { rateLimit } from './rate-limit.ts';
import { retire } from './retire.ts';
import { render } from './render.ts';
import { safety } from './safety.ts';
import { loadSession } from './session.ts';

export const STEPS: readonly Step[] = [
  dedupe,
  loadSession,
  rateLimit,
  normalise,
  commands,
  safety,
  openTicket,
  language,
  followUp,
  match,
  pair,
  retire,
  decide,
  render,
  persist,
];

export { compose, step, reply };
export type * from './context.ts';
