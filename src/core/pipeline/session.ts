/** Step: loads the worker's session (or starts one) and the language to begin the turn with. */
import type { Content } from '../../kb/loader.ts';
import type { Language } from '../../kb/schema.ts';
import { step } from './context.ts';

/** A platform locale hint ("pt-BR", "fil") as a language the content speaks. */
export function hintLanguage(hint: string | undefined, content: Content): Language | undefined {
  const code = hint?.toLowerCase().split(/[-_]/)[0];
  if (code === 'fil') return content.languages.includes('tl') ? 'tl' : undefined;
  return content.languages.find((l) => l === code);
}

export const loadSession = step('session', async (ctx, next) => {
  const { inbound, services } = ctx;
  const stored = await services.store.getSession(ctx.ref);
  if (stored) ctx.session = stored;
  ctx.session.address = inbound.address;
  ctx.trace.language = ctx.session.language ?? hintLanguage(inbound.localeHint, ctx.content) ?? 'en';
  await next();
});
