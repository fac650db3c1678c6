import { describe, expect, it } from 'vitest';
import {
  loadMatcher,
  OUT_OF_SCOPE_OPTIONS,
  trainMatcher,
  type SerializedMatcher,
} from '../src/nlu/matcher.ts';
import { tokenize } from '../src/nlu/text.ts';
import type { TrainingExample } from '../src/nlu/types.ts';

const ex = (intent: string, language: string, texts: string[]): TrainingExample[] =>
  texts.map((text) => ({ text, intent, language }));

/** A small multilingual training set in the shape the bot's intents produce. */
const TRAIN: TrainingExample[] = [
  ...ex('pension_portability', 'en', [
    'can I take my pension home when I return',
    'will I lose my pension if I go back to my country',
    'my pension contributions when I leave the country',
    'how do I get my old age pension abroad',
    'is my retirement pension paid if I move home',
    'pension after working abroad for ten years',
  ]),
  ...ex('pension_portability', 'es', [
    'puedo llevar mi pensión a mi país cuando regrese',
    'pierdo mi jubilación si vuelvo a mi país',
    'qué pasa con mis aportes de pensión si me voy',
    'cobrar la pensión en el extranjero',
    'mi pensión de vejez después de trabajar afuera',
  ]),
  ...ex('health_care', 'en', [
    'can I see a doctor without papers',
    'do I have health insurance as a migrant',
    'hospital care for undocumented workers',
    'who pays if I get sick at work',
    'medical treatment when I am ill',
    'I need a doctor but I have no insurance',
  ]),
  ...ex('health_care', 'es', [
    'puedo ir al médico sin papeles',
    'tengo seguro de salud como migrante',
    'atención en el hospital para indocumentados',
    'necesito un médico y no tengo seguro',
    'me enfermé y no sé quién paga',
  ]),
  ...ex('find_union', 'en', [
    'how do I join a union',
    'is there a trade union for domestic workers',
    'I want to contact a union near me',
    'which union can help migrant workers',
    'find a workers organisation',
  ]),
  ...ex('find_union', 'es', [
    'cómo me afilio a un sindicato',
    'hay un sindicato para trabajadoras del hogar',
    'quiero contactar un sindicato',
    'qué sindicato ayuda a los migrantes',
    'buscar una organización de trabajadores',
  ]),
  ...ex('greeting', 'en', ['hello', 'hi there', 'good morning', 'hey, can you help me']),
  ...ex('greeting', 'es', ['hola', 'buenos días', 'buenas tardes', 'hola, me puedes ayudar']),
];

describe('matcher', () => {
  const m = trainMatcher(TRAIN);

  it('knows every intent', () => {
    expect([...m.intents].sort()).toEqual(['find_union', 'greeting', 'health_care', 'pension_portability']);
  });

  it('returns all intents, best first, with scores in [0, 1]', () => {
    for (const q of ['my pension', 'sindicato', '', '!!!', 'नमस्ते', 'xyzzy qqq']) {
      const r = m.rank(q);
      expect(r.map((x) => x.intent).sort()).toEqual([...m.intents].sort());
      for (const x of r) {
        expect(x.score).toBeGreaterThanOrEqual(0);
        expect(x.score).toBeLessThanOrEqual(1);
      }
      for (let i = 1; i < r.length; i++) expect(r[i - 1]!.score).toBeGreaterThanOrEqual(r[i]!.score);
    }
  });

  it('ranks held-out phrasings in both languages, with and without a language hint', () => {
    const cases: [string, string, string][] = [
      ['will my pension follow me when I go home', 'en', 'pension_portability'],
      ['me puedo llevar la jubilación a mi país', 'es', 'pension_portability'],
      ['is there a doctor for people without papers', 'en', 'health_care'],
      ['no tengo papeles, puedo ir al hospital', 'es', 'health_care'],
      ['I would like to join a trade union', 'en', 'find_union'],
      ['quiero afiliarme a un sindicato', 'es', 'find_union'],
      ['hello!', 'en', 'greeting'],
      ['hola buenas', 'es', 'greeting'],
    ];
    for (const [text, language, intent] of cases) {
      expect(m.rank(text, { language })[0]!.intent, `${text} (${language})`).toBe(intent);
      expect(m.rank(text)[0]!.intent, `${text} (no hint)`).toBe(intent);
    }
  });

  it('tolerates typos through character n-grams', () => {
    expect(m.rank('pensoin')[0]!.intent).toBe('pension_portability');
    expect(m.rank('can i tak my pensoin hom')[0]!.intent).toBe('pension_portability');
    expect(m.rank('sindicatto')[0]!.intent).toBe('find_union');
  });

  it('gives a flat, low-confidence ranking for text it knows nothing about', () => {
    const r = m.rank('zzzz qqqq');
    expect(r[0]!.score).toBeLessThan(0.5);
  });

  it('round-trips through JSON serialisation with identical ranks', () => {
    const copy = loadMatcher(JSON.parse(JSON.stringify(m.serialize())));
    expect(copy.intents).toEqual(m.intents);
    for (const q of ['my pension abroad', 'necesito un médico', 'pensoin', 'hola']) {
      expect(copy.rank(q)).toEqual(m.rank(q));
      expect(copy.rank(q, { language: 'es' })).toEqual(m.rank(q, { language: 'es' }));
    }
  });

  it('rejects what is not a serialised model', () => {
    expect(() => loadMatcher({})).toThrow();
    expect(() => loadMatcher({ ...(m.serialize() as object), version: -1 })).toThrow(/version/);
  });

  it('is deterministic', () => {
    const again = trainMatcher(TRAIN);
    expect(again.rank('pension abroad')).toEqual(m.rank('pension abroad'));
  });

  it('refuses to train on nothing', () => {
    expect(() => trainMatcher([])).toThrow();
  });
});

describe('matcher with OUT_OF_SCOPE_OPTIONS', () => {
  const base = trainMatcher(TRAIN);
  const m = trainMatcher(TRAIN, OUT_OF_SCOPE_OPTIONS);
  const queries = ['my pension abroad', 'necesito un médico', 'pensoin', 'hola', 'recommend a pizza place'];

  it('keeps the classifier order, with scores in [0, 1], best first', () => {
    for (const q of queries) {
      const r = m.rank(q);
      expect(r.map((x) => x.intent)).toEqual(base.rank(q).map((x) => x.intent));
      for (const x of r) {
        expect(x.score).toBeGreaterThanOrEqual(0);
        expect(x.score).toBeLessThanOrEqual(1);
      }
      for (let i = 1; i < r.length; i++) expect(r[i - 1]!.score).toBeGreaterThanOrEqual(r[i]!.score);
    }
  });

  it("scores words its best intent never saw lower than that intent's own phrasing", () => {
    // Only "doctor" belongs to health_care; the rest is unknown to every intent.
    const own = m.rank('I need a doctor, I have no insurance')[0]!;
    const mixed = m.rank('doctor pizza football weather')[0]!;
    expect(own.intent).toBe('health_care');
    expect(mixed.score).toBeLessThan(own.score);
    expect(mixed.score).toBeLessThan(base.rank('doctor pizza football weather')[0]!.score);
  });

  it('round-trips through JSON with identical ranks', () => {
    const copy = loadMatcher(JSON.parse(JSON.stringify(m.serialize())));
    for (const q of queries) expect(copy.rank(q)).toEqual(m.rank(q));
  });

  it('stores the per-intent n-gram table only when it is used', () => {
    expect((base.serialize() as SerializedMatcher).intentBits).toBe('');
    expect((m.serialize() as SerializedMatcher).intentBits.length).toBeGreaterThan(0);
  });
});

describe('matcher on scripts without a stemmer', () => {
  it('learns Nepali and Arabic intents from Unicode tokens', () => {
    const m = trainMatcher([
      ...ex('pension', 'ne', ['मेरो पेन्सन के हुन्छ', 'पेन्सन घर लैजान सकिन्छ', 'पेन्सन रकम']),
      ...ex('health', 'ne', ['म बिरामी छु', 'अस्पताल जान सक्छु', 'डाक्टर चाहियो']),
      ...ex('pension', 'ar', ['ماذا يحدث لمعاشي', 'هل يمكن نقل المعاش', 'معاش التقاعد']),
      ...ex('health', 'ar', ['أنا مريض', 'هل يمكنني الذهاب إلى المستشفى', 'أحتاج طبيب']),
    ]);
    expect(m.rank('पेन्सन')[0]!.intent).toBe('pension');
    expect(m.rank('अस्पताल')[0]!.intent).toBe('health');
    expect(m.rank('المعاش')[0]!.intent).toBe('pension');
    expect(m.rank('مستشفى')[0]!.intent).toBe('health');
  });
});

describe('tokenize', () => {
  it('gives tokens for Nepali and Arabic text', () => {
    expect(tokenize('मेरो पेन्सन के हुन्छ?')).toEqual(['मेरो', 'पेन्सन', 'के', 'हुन्छ']);
    expect(tokenize('ماذا يحدث لمعاشي؟').length).toBe(3);
  });

  it('folds case, width and Latin accents', () => {
    expect(tokenize('¿Pensión en MÉXICO?')).toEqual(['pension', 'en', 'mexico']);
    expect(tokenize('ＡＢＣ Ça')).toEqual(['abc', 'ca']);
  });

  it('folds Arabic spelling variants', () => {
    expect(tokenize('أحمد')).toEqual(tokenize('احمد'));
    expect(tokenize('مَعَاش')).toEqual(tokenize('معاش'));
  });
});

describe('matcher on awkward input', () => {
  const m = trainMatcher([
    ...ex('pension', 'en', ['my pension abroad', 'pension when I go home', 'retirement money']),
    ...ex('health', 'en', ['I need a doctor', 'hospital without papers', 'I am sick']),
  ]);
  it('ranks empty, emoji-only, control-character and very long messages without failing', () => {
    for (const q of ['', '🙂🙂🙂', '\u0000\u0007\u001b[2J', 'pension '.repeat(10_000), 'مرحبا ‏שלום‎']) {
      const r = m.rank(q);
      expect(r).toHaveLength(2);
      for (const x of r) expect(Number.isFinite(x.score)).toBe(true);
    }
    expect(m.rank('pension '.repeat(10_000))[0]!.intent).toBe('pension');
  });
});
