/** Step: a message the platform delivers twice is handled once. */
import { step } from './context.ts';

export const dedupe = step('dedupe', async (ctx, next) => {
  const { inbound, services } = ctx;
  if (!(await services.store.markSeen(`${inbound.address.channel}:${inbound.messageId}`))) {
    services.log.info({ ref: ctx.ref }, 'duplicate delivery ignored');
    ctx.trace.outcome = 'ignored';
    ctx.skipPersist = true;
    return;
  }
  await next();
});
