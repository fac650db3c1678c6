/**
 * Step: SAFETY — signs of forced labour, violence or self-harm (src/safety/). Runs after commands
 * and buttons and before the open-ticket step, so it also reads what a worker writes while a request
 * is open with union staff. When the detector finds a sign of danger, the worker gets the safety reply
 * at once (serious, not your fault, the first safe step, the numbers where they are, what happens now),
 * an urgent ticket is opened or the open one raised (the message still reaches staff), and the turn
 * ends here; otherwise the message goes on unchanged.
 */
import { countryName } from '../render.ts';
import { step } from './context.ts';
import { chooseLanguage } from './language.ts';

export const safety = step('safety', async (ctx, next) => {
  const guard = ctx.services.safety;
  if (!guard || !ctx.text) return next();
  const replies = await guard.run(ctx, ctx.text, {
    chooseLanguage: () => chooseLanguage(ctx, ctx.text),
    countries: (text) => ctx.nlu.entities.extract(text).countries.filter((m) => !m.fuzzy),
    countryName: (iso, lang) => countryName(ctx.content, iso, lang),
  });
  if (!replies) return next();
  ctx.replies.push(...replies);
  ctx.trace.outcome = 'urgent';
});
