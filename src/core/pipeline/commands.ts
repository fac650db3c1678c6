/**
 * Step: commands ("/help", "borrar mis datos") and buttons. Every button value is checked: one the
 * bot never offers (any client can send any value) gets the help reply, never an exception.
 * While a request is open with staff, plain words that look like commands ("help", "persona") are
 * words for staff; only /commands, cancel and forget act.
 */
import type { Language } from '../../kb/schema.ts';
import { parseCommand, type CommandName } from '../commands.ts';
import type { OutboundMessage } from '../messages.ts';
import { t } from '../strings.ts';
import { trendKey } from '../trends.ts';
import { step, type TurnContext } from './context.ts';
import { setSlot } from './follow-up.ts';
import {
  allSources,
  answer,
  countriesNoted,
  escalate,
  fallback,
  intentChoices,
  moreDetail,
  nameOf,
  topicChoices,
} from './respond.ts';

const COMMANDS: readonly CommandName[] = ['start', 'help', 'language', 'human', 'forget', 'cancel'];

export function isCommandName(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

function help(ctx: TurnContext): OutboundMessage[] {
  ctx.trace.outcome = 'command';
  return [{ text: t(ctx.trace.language, 'help'), choices: topicChoices(ctx) }];
}

export async function onCommand(
  ctx: TurnContext,
  name: CommandName,
  arg: string,
): Promise<OutboundMessage[]> {
  const lang = ctx.trace.language;
  const { session, services, content } = ctx;
  ctx.trace.outcome = 'command';
  switch (name) {
    case 'start': {
      const greeting = content.intentById.get('greeting');
      const choices = greeting ? intentChoices(ctx, greeting) : topicChoices(ctx);
      return [{ text: `${t(lang, 'welcome')}\n\n${t(lang, 'privacy')}`, choices }];
    }
    case 'help':
      return help(ctx);
    case 'language': {
      const code = arg.toLowerCase() as Language;
      if (content.languages.includes(code)) return onAction(ctx, `lang:${code}`);
      return [
        {
          text: t(lang, 'chooseLanguage'),
          choices: content.languages.map((l) => ({ label: nameOf(l), value: `lang:${l}` })),
        },
      ];
    }
    case 'human':
      return escalate(ctx, 'asked');
    case 'cancel': {
      if (!session.openTicket) return [{ text: t(lang, 'nothingToCancel') }];
      await services.tickets.cancelByWorker(session.openTicket);
      session.openTicket = undefined;
      session.fallbacks = 0;
      return [{ text: t(lang, 'cancelled'), choices: topicChoices(ctx) }];
    }
    case 'forget': {
      await services.tickets.eraseWorker(session.ref, {
        trendKey: trendKey(services.pseudonymize, ctx.inbound.address.channel, session.ref),
      });
      await services.store.deleteSession(session.ref);
      await services.onForget?.(ctx.inbound.address);
      ctx.erased = true;
      return [{ text: t(lang, 'forgotten') }];
    }
  }
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

/**
 * A button value: `cmd:NAME`, `lang:CODE`, `intent:ID`, `more:ID` (More detail), `sources:ID`
 * (All sources), `role:origin|destination:ISO`, `human:yes|no`, `phone:yes|no`, `none`. Anything else gets the help reply.
 */
export async function onAction(ctx: TurnContext, action: string): Promise<OutboundMessage[]> {
  const [kind, value] = splitOnce(action, ':');
  const lang = ctx.trace.language;
  const { session, content } = ctx;
  switch (kind) {
    case 'cmd':
      return isCommandName(value) ? onCommand(ctx, value, '') : help(ctx);
    case 'lang': {
      if (!content.languages.includes(value as Language)) return onCommand(ctx, 'language', '');
      ctx.trace.language = value as Language;
      session.language = value as Language;
      session.languageLocked = true;
      ctx.trace.outcome = 'command';
      return [{ text: t(value as Language, 'languageSet'), choices: topicChoices(ctx) }];
    }
    case 'intent': {
      const intent = content.intentById.get(value);
      if (!intent) return help(ctx);
      ctx.trace.intent = intent.id;
      ctx.trace.confidence = 1;
      return answer(ctx, intent, { countries: [], instruments: [] });
    }
    case 'more':
    case 'sources': {
      const intent = content.intentById.get(value);
      if (!intent || intent.action || intent.scope === 'out') return help(ctx);
      return kind === 'more' ? moreDetail(ctx, intent) : allSources(ctx, intent);
    }
    case 'role': {
      // "Is Germany your home country or your country of work?": role:origin:DE / role:destination:DE
      const [slot, iso] = splitOnce(value, ':');
      if ((slot !== 'origin' && slot !== 'destination') || !content.kb.countryByIso.has(iso))
        return help(ctx);
      setSlot(session, slot, iso);
      const asked = session.question?.intent ?? session.topic;
      session.question = undefined;
      const intent = asked ? content.intentById.get(asked) : undefined;
      if (intent && !intent.action && intent.scope !== 'out')
        return answer(ctx, intent, { countries: [], instruments: [] });
      return countriesNoted(ctx);
    }
    case 'human':
      if (value === 'yes') return escalate(ctx, 'offered');
      return help(ctx);
    case 'phone': {
      ctx.trace.outcome = 'command';
      if (value === 'yes' && ctx.inbound.phone) {
        session.sharePhone = true;
        session.phone = ctx.inbound.phone;
        if (session.openTicket)
          await ctx.services.tickets.update(session.openTicket, { phone: ctx.inbound.phone });
        return [{ text: t(lang, 'phoneShared') }];
      }
      session.sharePhone = false;
      session.phone = undefined;
      return [{ text: t(lang, 'phoneNotShared') }];
    }
    case 'safety':
      ctx.trace.outcome = 'command';
      return ctx.services.safety ? ctx.services.safety.onAction(ctx, action) : help(ctx);
    case 'none':
      if (value !== '') return help(ctx);
      return fallback(ctx, session.lastQuestion ?? '', 'ambiguous');
    default:
      return help(ctx);
  }
}

export const commands = step('commands', async (ctx, next) => {
  if (ctx.action) {
    ctx.replies.push(...(await onAction(ctx, ctx.action)));
    return;
  }
  const command = parseCommand(ctx.text);
  // Talking to staff, a plain "help" or "persona" is words for them; only /commands, cancel and forget act.
  const forStaff =
    !!ctx.session.openTicket &&
    !!command &&
    !ctx.text.startsWith('/') &&
    !['cancel', 'forget'].includes(command.name);
  if (command && !forStaff) {
    ctx.replies.push(...(await onCommand(ctx, command.name, command.arg)));
    return;
  }
  await next();
});
