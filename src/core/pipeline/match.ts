/** Step: ranks the content's intents for the message (unless a follow-up already settled the turn). */
import { step } from './context.ts';

export const match = step('match', async (ctx, next) => {
  if (!ctx.decision && !ctx.ranked) {
    const ranked = ctx.nlu.matcher.rank(ctx.text, { language: ctx.trace.language });
    ctx.ranked = ranked;
    ctx.trace.ranked = ranked.slice(0, 3);
  }
  await next();
});
