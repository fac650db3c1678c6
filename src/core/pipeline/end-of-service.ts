/**
 * End-of-service pay ("gratuity", "مكافأة نهاية الخدمة", "indemnización de fin de servicio") is a
 * payment under the labour rules of the country of work, not a pension, and the content holds no
 * checked facts on how it is reckoned. When a worker asks about it and the bot answers another
 * subject (their pension, say), the answer says first that it does not answer that part and offers
 * a person, rather than let the pension answer pass for one about end-of-service pay. (The intent
 * about pay still owed, `unpaid_wages`, citing ILO R151 para. 34, is not touched.)
 */
import { normalizeForCompare } from '../../kb/text.ts';

/** Pension subjects an end-of-service question lands on ("…what happens to my end of service benefits?"). */
const PENSION_SUBJECTS = new Set([
  'pension_portability_return',
  'totalisation_explained',
  'export_of_benefits',
  'contributions_on_return',
  'agreement_between_countries',
]);

const WORDS = [
  'end of service',
  'end-of-service',
  'gratuity',
  'fin de servicio',
  'indemnizacion por fin',
  'fin de service',
  'indemnite de fin de',
  'fim de servico',
  'indenizacao de fim',
  'pesangon',
  'separation pay',
  'ग्रेच्युटी',
  'ग्र्याच्युटी',
  'उपदान',
  'सेवा समाप्ति',
  'نهاية الخدمة',
  'مكافاة نهاية',
].map(normalizeForCompare);

/** Whether the message asks about end-of-service pay. */
export function mentionsEndOfService(text: string): boolean {
  const norm = ` ${normalizeForCompare(text)} `;
  return WORDS.some((w) => norm.includes(` ${w} `) || norm.includes(` ${w}`));
}

/** Whether an answer on `intent` to this message must first say it does not answer the end-of-service part. */
export function endOfServiceUnanswered(text: string, intent: string): boolean {
  return PENSION_SUBJECTS.has(intent) && mentionsEndOfService(text);
}
