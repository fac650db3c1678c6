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

/** Short yes and no replies in the bot's languages (compared without accents or punctuation). */
const YES = new Set(
  [
    'yes',
    'yeah',
    'yep',
    'ok',
    'okay',
    'sure',
    'yes please',
    'please',
    'si',
    'claro',
    'vale',
    'si por favor',
    'oui',
    'oui merci',
    'd accord',
    'sim',
    'pode ser',
    'sim por favor',
    'ya',
    'iya',
    'boleh',
    'oke',
    'ya tolong',
    'oo',
    'opo',
    'sige',
    'oo po',
    'ho',
    'huncha',
    'हो',
    'हुन्छ',
    'نعم',
    'ايوه',
    'اي',
    'طيب',
    'naam',
  ].map(normalizeForCompare),
);
const NO = new Set(
  [
    'no',
    'nope',
    'no thanks',
    'no gracias',
    'non',
    'non merci',
    'nao',
    'nao obrigado',
    'tidak',
    'nggak',
    'gak',
    'ga',
    'tdk',
    'hindi',
    'hindi po',
    'ayoko',
    'hoina',
    'pardaina',
    'होइन',
    'पर्दैन',
    'لا',
    'لا شكرا',
  ].map(normalizeForCompare),
);

/**
 * A reply to the choices shown last: a bare number, a choice's words, or a yes/no to a yes/no
 * question (yes picks the "yes" choice — or the only option of a "did you mean…?" — and no the
 * "no" choice, or the topics). `out-of-range` for a number that matches no choice.
 */
export function choiceFromText(session: Session, text: string): string | 'out-of-range' | undefined {
  const choices = session.lastChoices ?? [];
  if (choices.length === 0) return undefined;
  const n = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  if (n) return choices[Number(n[1]) - 1]?.value ?? 'out-of-range';
  const norm = normalizeForCompare(text);
  const byLabel = choices.find((ch) => normalizeForCompare(ch.label) === norm)?.value;
  if (byLabel) return byLabel;
  if (YES.has(norm)) {
    const yes = choices.find((ch) => ch.value.endsWith(':yes'));
    if (yes) return yes.value;
    const options = choices.filter((ch) => ch.value.startsWith('intent:'));
    if (options.length === 1 && choices.some((ch) => ch.value === 'none')) return options[0]!.value;
  }
  if (NO.has(norm)) {
    const no = choices.find((ch) => ch.value.endsWith(':no') || ch.value === 'none');
    if (no) return no.value;
    if (choices.some((ch) => ch.value.endsWith(':yes'))) return 'cmd:help';
  }
  return undefined;
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
    const chosen = choiceFromText(session, ctx.text);
    if (chosen === 'out-of-range' && !session.openTicket) {
      // "7" when three choices were shown: say which numbers work and show the choices again.
      const choices = session.lastChoices ?? [];
      ctx.replies.push({ text: t(lang(), 'pickNumber', { n: choices.length }), choices });
      ctx.trace.outcome = 'asked';
      return;
    }
    ctx.action = chosen === 'out-of-range' ? undefined : chosen;
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
