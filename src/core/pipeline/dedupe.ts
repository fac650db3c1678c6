/** Step: a message the platform delivers twice is handled once. */
import { messageKey } from '../pseudonym.ts';
import { step } from './context.ts';

export const dedupe = step('dedupe', async (ctx, next) => {
  const { inbound, services } = ctx;
  // Keyed on the worker's pseudonym and a keyed digest of the message id: never a chat id.
  if (!(await services.store.markSeen(messageKey(services.pseudonymize, ctx.ref, inbound), ctx.ref))) {
    services.log.info({ ref: ctx.ref }, 'duplicate delivery ignored');
    ctx.trace.outcome = 'ignored';
    ctx.skipPersist = true;
    return;
  }
  await next();
});
