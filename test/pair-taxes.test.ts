/**
 * A tax treaty is not a social security agreement: a question about double taxation between two
 * countries gets the out-of-scope answer about taxes, not the pair's social security agreement —
 * and questions about social security "taxes" or a driver's taxi stay with the pair.
 */
import { describe, expect, it } from 'vitest';
import { aboutTaxes, preferPair } from '../src/core/pipeline/pair.ts';
import type { Entities } from '../src/core/pipeline/context.ts';

const two: Entities = {
  countries: [
    { iso2: 'PH', text: 'philippines' },
    { iso2: 'CA', text: 'canada' },
  ] as Entities['countries'],
  instruments: [],
};
const ranking = (...ids: string[]) => ids.map((intent, i) => ({ intent, score: 0.9 - i * 0.2 }));

describe('tax treaties and the pair step', () => {
  it('recognises tax questions in the languages, but not taxis, employees or social security taxes', () => {
    for (const text of [
      'is there a tax treaty between the philippines and canada',
      'double taxation agreement philippines canada',
      'convenio de doble imposición entre méxico y españa',
      'acordo de bitributação entre brasil e itália',
      'convention fiscale : double imposition france maroc',
      'perjanjian pajak indonesia malaysia',
      'may kasunduan ba sa buwis ang pinas at japan',
      'नेपाल र कतारबीच कर सम्झौता',
      'اتفاقية الازدواج الضريبي بين مصر وفرنسا',
    ])
      expect(aboutTaxes(text), text).toBe(true);
    for (const text of [
      'i drive a taxi in dubai, is there an agreement between pakistan and the uae',
      'do i pay social security taxes twice, is there a totalization agreement between india and the us',
      'नेपाल र कतारबीच कर्मचारीको सम्झौता',
      'is there a social security agreement between the philippines and canada',
    ])
      expect(aboutTaxes(text), text).toBe(false);
  });

  it('puts the tax answer first when the matcher chose the pair and the tax answer is close behind', () => {
    const ranked = ranking('agreement_between_countries', 'out_taxes', 'key_terms');
    expect(preferPair(ranked, two, 'tax treaty between the philippines and canada?')[0]!.intent).toBe(
      'out_taxes',
    );
    // Not a tax question: the ranking stays.
    expect(preferPair(ranked, two, 'agreement between the philippines and canada?')).toBe(ranked);
    // The tax answer far down the ranking: left alone.
    const far = ranking('agreement_between_countries', 'key_terms', 'totalisation_explained', 'out_taxes');
    expect(preferPair(far, two, 'tax treaty between the philippines and canada?')).toBe(far);
  });

  it('never turns a tax question placed on taxes into the pair answer', () => {
    const ranked = ranking('out_taxes', 'agreement_between_countries');
    expect(preferPair(ranked, two, 'double taxation agreement philippines canada', () => true)).toBe(ranked);
  });
});
