/**
 * Step: while a request is open with union staff, the worker's words go to staff, not to the
 * matcher. Nothing is dropped: each message joins the ticket through the outbox (queued until the
 * desk takes it). The worker hears "added to your request" while nobody has picked it up yet, and
 * once, when they pass the rate limit, that they can slow down.
 */
import { t } from '../strings.ts';
import { step } from './context.ts';
import { SLOW_DOWN } from './rate-limit.ts';

export const openTicket = step('open-ticket', async (ctx, next) => {
  const { session, services } = ctx;
  if (!session.openTicket) return next();
  const ticket = await services.tickets.workerWrote(session.openTicket, ctx.text);
  if (!ticket) {
    session.openTicket = undefined;
    return next();
  }
  ctx.trace.handoff = 'started';
  ctx.trace.outcome = 'handoff';
  const lang = ticket.language;
  if (ctx.state[SLOW_DOWN]) ctx.replies.push({ text: t(lang, 'ticketSlowDown') });
  else if (ticket.status === 'open') ctx.replies.push({ text: t(lang, 'ticketWaiting') });
});
