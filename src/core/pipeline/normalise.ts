/**
 * Step: makes the text safe and comparable (see ../normalize.ts); a bare number or a choice's words
 * pick one of the choices shown last; empty messages and media get a clear reply.
 */
import { normalizeForCompare } from '../../kb/text.ts';
import type { Session } from '../../store/port.ts';
import { normalizeInbound } from '../normalize.ts';
import { t } from '../strings.ts';
import { step } from './context.ts';
import { humanChoice, topicChoices } from './respond.ts';

/** A bare number or a choice's words pick one of the choices shown last. */
export function choiceFromText(session: Session, text: string): string | undefined {
  const choices = session.lastChoices ?? [];
  if (choices.length === 0) return undefined;
  const n = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  if (n) return choices[Number(n[1]) - 1]?.value;
  const norm = normalizeForCompare(text);
  return choices.find((ch) => normalizeForCompare(ch.label) === norm)?.value;
}

export const normalise = step('normalise', async (ctx, next) => {
  const { inbound, session } = ctx;
  const lang = () => ctx.trace.language;
  ctx.action = inbound.action;
  if (!ctx.action && inbound.text !== undefined) {
    const n = normalizeInbound(inbound.text);
    ctx.text = n.text;
    if (n.unreadable) {
      ctx.replies.push({ text: t(lang(), 'unreadable') });
      ctx.trace.outcome = 'fallback';
      return;
    }
    if (n.truncated) ctx.notes.push({ text: t(lang(), 'truncated') });
    ctx.workerText = ctx.text || undefined;
    ctx.action = choiceFromText(session, ctx.text);
  }
  if (!ctx.action && !ctx.text) {
    if (inbound.media) {
      if (session.openTicket)
        await ctx.services.tickets.workerWrote(session.openTicket, `[${inbound.media}]`);
      ctx.replies.push({ text: t(lang(), 'media'), choices: [humanChoice(lang())] });
    } else {
      ctx.replies.push({ text: t(lang(), 'empty'), choices: topicChoices(ctx) });
    }
    ctx.trace.outcome = 'fallback';
    return;
  }
  await next();
});
