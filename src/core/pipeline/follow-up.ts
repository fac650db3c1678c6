/**
 * Step: finds the countries and instruments in the message, and resolves it against the
 * conversation so far: a country answering the bot's question about the worker's countries
 * completes the pending answer.
 */
import { normalizeForCompare } from '../../kb/text.ts';
import type { Session } from '../../store/port.ts';
import { step, type CountryMention, type Entities, type TurnContext } from './context.ts';

/** Drops mentions that are ordinary words in the message's language (content: countries' false_friends). */
function withoutFalseFriends(ctx: TurnContext, countries: CountryMention[]): CountryMention[] {
  return countries.filter((m) => {
    const words = ctx.content.kb.countryByIso.get(m.iso2)?.false_friends[ctx.trace.language] ?? [];
    return !words.some((w) => normalizeForCompare(w) === normalizeForCompare(m.text));
  });
}

export function findEntities(ctx: TurnContext, text: string): Entities {
  const { entities: finder, vocabulary } = ctx.nlu;
  const found = finder.extract(text);
  return {
    ...found,
    // A misspelling match on a word the content uses ("medico" is not México) is not a country.
    countries: withoutFalseFriends(ctx, found.countries).filter((m) => !(m.fuzzy && vocabulary.has(m.text))),
  };
}

/** Countries in a message update the worker's origin and destination. */
export function fillSlots(
  session: Session,
  countries: { iso2: string; role?: 'origin' | 'destination' }[],
  expected?: 'origin' | 'destination',
): void {
  const unique = countries.filter((x, i) => countries.findIndex((y) => y.iso2 === x.iso2) === i);
  const withRole = unique.filter((x) => x.role);
  const roles = new Set(withRole.map((x) => x.role));
  if (unique.length >= 2 && roles.size === 2) {
    for (const x of withRole) session[x.role!] = x.iso2;
    return;
  }
  if (unique.length >= 2) {
    // Two countries, roles unclear: the first named is usually where the worker comes from.
    const [a, b] = unique;
    const aRole = a!.role ?? (b!.role === 'origin' ? 'destination' : 'origin');
    session[aRole] = a!.iso2;
    session[aRole === 'origin' ? 'destination' : 'origin'] = b!.iso2;
    return;
  }
  const one = unique[0];
  if (!one) return;
  const slot = one.role ?? expected ?? (session.origin && !session.destination ? 'destination' : 'origin');
  session[slot] = one.iso2;
  if (session.origin === session.destination) {
    if (slot === 'origin') session.destination = undefined;
    else session.origin = undefined;
  }
}

export const followUp = step('follow-up', async (ctx, next) => {
  const { session, content } = ctx;
  const entities = findEntities(ctx, ctx.text);
  ctx.entities = entities;
  ctx.trace.entities = entities;

  // A pending question about the worker's countries: a country in the reply fills it.
  if (session.pending && entities.countries.length > 0) {
    const intent = content.intentById.get(session.pending.intent);
    if (intent) {
      ctx.trace.intent = intent.id;
      ctx.trace.confidence = 1;
      fillSlots(session, entities.countries, session.pending.slot);
      session.pending = undefined;
      ctx.decision = { kind: 'answer', intent, entities };
    }
  }
  await next();
});
