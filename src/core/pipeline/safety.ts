/**
 * Step: SAFETY — the place for the danger-sign detector (src/safety/…, the safeguarding issue).
 *
 * Today a no-op: it passes every message on. It runs after commands and buttons and BEFORE the
 * open-ticket step, so it also sees what a worker writes while a request is open with union staff
 * (`ctx.session.openTicket` is then set and the open-ticket step forwards the message after this
 * one). The detector can read `ctx.text` (normalised; '' for a button), `ctx.inbound`,
 * `ctx.session`, `ctx.trace.language` (the session's language so far; the language step refines it
 * later — call `ctx.services.detectLanguage(ctx.text)` if needed), and may:
 * - add replies (`ctx.replies.push(...)`), set `ctx.trace.outcome = 'urgent'` and end the turn by
 *   not calling `next()` (persist still runs), or
 * - note its findings in `ctx.state` and call `next()` so the turn goes on (e.g. to staff).
 */
import { step } from './context.ts';

export const safety = step('safety', async (_ctx, next) => {
  await next();
});
