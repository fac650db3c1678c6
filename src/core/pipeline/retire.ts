/**
 * Step: "¿puedo jubilarme allá con mis aportes de acá?", "can I retire there with what I paid in
 * here?", "posso me aposentar lá com as contribuições daqui?", "pwede ba akong magretiro doon gamit
 * ang hulog ko dito?": retiring in one country on contributions paid in another is about keeping the
 * pension across borders (the pair's agreement, adding up the years), not about getting the
 * contributions back. The matcher reads "retire" close to "retirar"/"retirer" (withdraw) and
 * "contributions" as the refund question's word, so such a message can land on the refund intent.
 * When the message says retiring and no word of getting money back, the refund intent gives its
 * place to the pension one. Naming the countries instead of "there/here" does not change the
 * ranking: the session's countries give the answer its pair either way.
 */
import { normalizeForCompare } from '../../kb/text.ts';
import type { RankedIntent } from '../../nlu/types.ts';
import { step } from './context.ts';

const REFUND = 'contributions_on_return';
const PENSION = 'pension_portability_return';

/** Retiring, as a verb or the state (not "retirar", withdraw). Latin words by their start. */
const RETIRE_WORDS = ['retire', 'retiring', 'retired'];
const RETIRE_STARTS = ['jubil', 'aposent', 'retraite'];
/** Arabic and Devanagari stems, anywhere in a word (clitics are written together with it). */
const RETIRE_INSIDE = ['تقاعد', 'अवकाश', 'रिटायर', 'gretir', 'greretir'].map(normalizeForCompare);

/** Getting money back: refund, withdraw, cash out, lump sum… (word starts; Arabic/Devanagari inside). */
const REFUND_STARTS = [
  'refund',
  'back',
  'withdraw',
  'cash',
  'lump',
  'reimburs',
  'payout',
  'devol',
  'devuelv',
  'reembols',
  'reintegr',
  'retirar',
  'retiro',
  'sacar',
  'recuper',
  'rembours',
  'retirer',
  'rend',
  'resgat',
  'levantar',
  'restitu',
  'kembali',
  'cair',
  'tarik',
  'ibalik',
  'bawi',
  'firta',
].map(normalizeForCompare);
const REFUND_INSIDE = ['फिर्ता', 'استرد', 'استرج', 'يرجع', 'ترجع', 'يردو'].map(normalizeForCompare);

const NON_LATIN = /\p{Script=Arabic}|\p{Script=Devanagari}/u;

/** "Back" is going home in "retire back home", "go back to Peru": not money back. */
const BACK_PLACE = new Set(['home', 'to', 'there', 'in', 'at']);

function says(text: string, exact: string[], starts: string[], inside: string[]): boolean {
  const norm = normalizeForCompare(text);
  const words = norm.split(' ');
  return (
    words.some(
      (w, i) =>
        exact.includes(w) ||
        (!NON_LATIN.test(w) &&
          starts.some((s) => w.startsWith(s)) &&
          !(w === 'back' && BACK_PLACE.has(words[i + 1] ?? ''))),
    ) || inside.some((s) => norm.includes(s))
  );
}

/** Whether the message says retiring ("jubilarme", "me aposentar", "ma retraite", "أتقاعد"). */
export function saysRetire(text: string): boolean {
  return says(text, RETIRE_WORDS, RETIRE_STARTS, RETIRE_INSIDE);
}

/** Whether the message asks for money back ("refund", "devolver", "récupérer", "फिर्ता"). */
export function saysRefund(text: string): boolean {
  return says(text, [], REFUND_STARTS, REFUND_INSIDE);
}

/**
 * The ranking with the pension intent first (at the first score) when the refund intent leads on a
 * message about retiring that asks for no money back (the refund intent is left out, as the pair
 * step leaves out what it displaced); else the ranking as it was. Only the refund intent gives way:
 * "does each country pay its part of my retirement?" stays with the explainer the matcher chose.
 */
export function preferPensionForRetiring(ranked: RankedIntent[], text: string): RankedIntent[] {
  const [top] = ranked;
  if (!top || top.intent !== REFUND || !saysRetire(text) || saysRefund(text)) return ranked;
  return [
    { intent: PENSION, score: top.score },
    ...ranked.filter((r) => r.intent !== PENSION && r.intent !== REFUND),
  ];
}

export const retire = step('retire', async (ctx, next) => {
  if (!ctx.decision && ctx.ranked) {
    const ranked = preferPensionForRetiring(ctx.ranked, ctx.text);
    if (ranked !== ctx.ranked) {
      ctx.ranked = ranked;
      ctx.trace.ranked = ranked.slice(0, 3);
    }
  }
  await next();
});
