/** Step: turns the decision into replies (the answer with its sources, a question back, a fallback). */
import { step } from './context.ts';
import { answer, askWhich, fallback, recordUnanswered } from './respond.ts';

export const render = step('render', async (ctx, next) => {
  const d = ctx.decision;
  if (d?.kind === 'answer') {
    ctx.replies.push(...(await answer(ctx, d.intent, d.entities)));
    // An intent the bot does not answer (visas, taxes, small talk): it said so, with who can help.
    if (d.intent.scope === 'out' && ctx.text)
      await recordUnanswered(ctx, ctx.text, 'out_of_scope', ctx.trace.ranked[0]);
  } else if (d?.kind === 'ask-which')
    ctx.replies.push(...(await askWhich(ctx, d.text, d.options, d.top, d.prompt)));
  else if (d?.kind === 'fallback') ctx.replies.push(...(await fallback(ctx, d.text, d.reason)));
  else if (d?.kind === 'reply') {
    ctx.replies.push(...d.replies);
    ctx.trace.outcome = d.outcome;
    // "That is not something I can answer": editors see it too (a topic the bot may need, or one to
    // leave to others).
    if (d.outcome === 'out-of-scope' && ctx.text)
      await recordUnanswered(ctx, ctx.text, 'out_of_scope', ctx.trace.ranked[0]);
  } else ctx.replies.push(...(await fallback(ctx, ctx.text, 'fallback')));
  await next();
});
