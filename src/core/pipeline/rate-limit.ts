/**
 * Step: a per-worker rate limit (default 30 messages a minute). Past the limit the worker is told
 * once to slow down and further messages are dropped, except while a request is open with union
 * staff: then nothing is dropped (every message goes on to staff, queued in the outbox) and the
 * worker is told once that they may slow down.
 */
import { t } from '../strings.ts';
import { step, type TurnContext } from './context.ts';

/** Set in `ctx.state` when the worker passed the limit while talking to staff (told once). */
export const SLOW_DOWN = 'rateLimit.slowDown';

function count(ctx: TurnContext): { over: boolean; first: boolean } {
  const { services } = ctx;
  const { messages, perMs } = services.rateLimit ?? { messages: 30, perMs: 60_000 };
  const now = services.now().getTime();
  const times = (services.recent.get(ctx.ref) ?? []).filter((x) => now - x < perMs);
  times.push(now);
  services.recent.delete(ctx.ref);
  services.recent.set(ctx.ref, times);
  if (services.recent.size > 10_000) services.recent.delete(services.recent.keys().next().value!);
  return { over: times.length > messages, first: times.length === messages + 1 };
}

export const rateLimit = step('rate-limit', async (ctx, next) => {
  const { over, first } = count(ctx);
  if (!over) return next();
  if (ctx.session.openTicket) {
    if (first) ctx.state[SLOW_DOWN] = true;
    return next();
  }
  ctx.skipPersist = true;
  ctx.trace.outcome = 'ignored';
  if (first) ctx.replies.push({ text: t(ctx.trace.language, 'rateLimited') });
});
