/**
 * The editors' unanswered list (src/console/editor/unanswered.ts) and the identity masking
 * (redact.ts): similar questions grouped whatever the order, counts and languages right, nearest
 * intent from the running matcher, nothing that identifies a worker, /forget honoured by the store.
 */
import { describe, expect, it } from 'vitest';
import { groupUnanswered } from '../src/console/editor/unanswered.ts';
import { ordinaryWordsOf, redactIdentity } from '../src/console/editor/redact.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import type { UnansweredRecord } from '../src/store/port.ts';
import type { Matcher } from '../src/nlu/types.ts';

const rec = (
  text: string,
  language: 'en' | 'es' = 'en',
  extra: Partial<UnansweredRecord> = {},
): UnansweredRecord => ({
  text,
  language,
  reason: 'fallback',
  at: '2026-11-22T10:11:12Z',
  workerRef: 'ref-of-a-worker',
  ...extra,
});

describe('grouping unanswered questions', () => {
  const records = [
    rec('can my wife get a visa'),
    rec('how do I get a tax refund', 'en', { topIntent: 'contributions_on_return', score: 0.3 }),
    rec('can my wife get a visa too', 'en', { reason: 'ambiguous', at: '2026-11-25T08:00:00Z' }),
    rec('my wife visa question'),
    rec('tax refund how do I get it', 'en', { topIntent: 'contributions_on_return', score: 0.2 }),
    rec('mi esposa puede tener visa', 'es'),
    rec('can my wiffe get a visa'),
  ];

  it('groups alike wordings (typos too), most asked first, with counts, reasons, languages and days', () => {
    const groups = groupUnanswered(records);
    expect(groups.map((g) => g.count)).toEqual([4, 2, 1]);
    const [wife, tax] = groups;
    expect(wife!.examples.map((e) => e.text)).toContain('can my wiffe get a visa');
    expect(wife!.reasons).toEqual({ fallback: 3, ambiguous: 1 });
    expect(wife!.languages).toEqual([{ language: 'en', count: 4 }]);
    expect([wife!.firstDay, wife!.lastDay]).toEqual(['2026-11-22', '2026-11-25']);
    expect(tax!.nearest).toEqual({ intent: 'contributions_on_return', score: 0.25 });
    expect(groups[2]!.languages).toEqual([{ language: 'es', count: 1 }]);
  });

  it('gives the same groups (and ids) in any order', () => {
    const a = groupUnanswered(records);
    const b = groupUnanswered([...records].reverse());
    expect(b).toEqual(a);
    expect(new Set(a.map((g) => g.id)).size).toBe(a.length);
  });

  it('ranks the nearest intent with the running matcher when given', () => {
    const matcher: Matcher = {
      intents: ['out_immigration'],
      rank: (text) => [{ intent: text.includes('visa') ? 'out_immigration' : 'x', score: 0.42 }],
      serialize: () => ({}),
    };
    const [wife] = groupUnanswered(records, { matcher });
    expect(wife!.nearest).toEqual({ intent: 'out_immigration', score: 0.42 });
  });

  it('shows nothing that identifies a worker', () => {
    const groups = groupUnanswered([
      rec('my name is Maria Santos, call me on +63 917 555 0134 about my pension'),
      rec('write to maria.s@example.com about pension 123456789'),
      rec('me llamo José y mi pasaporte es AB1234567', 'es'),
    ]);
    const shown = JSON.stringify(groups);
    for (const secret of [
      'Maria',
      'Santos',
      '917',
      '0134',
      'maria.s@',
      '123456789',
      'José',
      '1234567',
      'ref-of-a-worker',
      '10:11',
    ])
      expect(shown).not.toContain(secret);
    expect(shown).toContain('[name]');
    expect(shown).toContain('[email]');
    expect(shown).toContain('[number]');
  });

  it('leaves out questions already added to the content', () => {
    const content = {
      intents: [{ id: 'x', examples: { en: ['Can my wife get a visa?'] }, tests: {} }],
    } as unknown as NonNullable<Parameters<typeof groupUnanswered>[1]>['content'];
    const groups = groupUnanswered(records, { content });
    expect(groups[0]!.count).toBe(3);
  });

  it('a worker who used /forget is gone from the list (the store drops their questions)', async () => {
    const store = createMemoryStore();
    await store.addUnanswered(rec('question of the forgetful worker', 'en', { workerRef: 'w1' }));
    await store.addUnanswered(rec('question of another worker', 'en', { workerRef: 'w2' }));
    await store.forgetWorker('w1');
    const shown = JSON.stringify(groupUnanswered(await store.listUnanswered()));
    expect(shown).not.toContain('forgetful');
    expect(shown).toContain('another worker');
  });
});

describe('masking identity', () => {
  it('masks names introduced or greeted, known names, handles, numbers and e-mails', () => {
    expect(redactIdentity('Hi Maria, your claim is filed.')).toBe('Hi [name], your claim is filed.');
    expect(redactIdentity('hola Juan Pérez: ya está')).toBe('hola [name]: ya está');
    expect(redactIdentity('je m’appelle Amina et je travaille')).toBe('je m’appelle [name] et je travaille');
    // Over-masking is the safe side: a capitalised word after "saya" is taken for a name.
    expect(redactIdentity('Nama saya Siti, saya TKI')).toBe('Nama saya [name], saya [name]');
    expect(redactIdentity('Ana will call you back', ['Ana Staff'])).toBe('[name] will call you back');
    expect(redactIdentity('ask @rosa_union')).toBe('ask [handle]');
    expect(redactIdentity('call 0917 555 0134 or x@y.org')).toBe('call [number] or [email]');
  });

  it('leaves ordinary words alone', () => {
    expect(redactIdentity('I am from Nepal and this is about my pension')).toBe(
      'I am from Nepal and this is about my pension',
    );
    expect(redactIdentity('hi there, can I get my pension?')).toBe('hi there, can I get my pension?');
  });

  it('masks a bare name opening the message and names given in each of the eight languages', () => {
    const cases: [string, string][] = [
      // A name before "here" (and its French and Tagalog forms) at the start.
      ['Rosa here, my boss took my passport', '[name] here, my boss took my passport'],
      ['Rosa Lima here my boss took my passport', '[name] here my boss took my passport'],
      ['Fatima ici, une question sur ma retraite', '[name] ici, une question sur ma retraite'],
      ['Liza po ito, may tanong po ako', '[name] po ito, may tanong po ako'],
      // Introductions that always give a name: masked in lower case too, one to three words.
      ['Ako si Maria, tanong ko lang', 'Ako si [name], tanong ko lang'],
      ['ako si maria, tanong ko lang', 'ako si [name], tanong ko lang'],
      ['ako po si liza dela cruz, taga cebu', 'ako po si [name], taga cebu'],
      ['my name is maria santos and i work in spain', 'my name is [name] and i work in spain'],
      ['me llamo josé y trabajo en murcia', 'me llamo [name] y trabajo en murcia'],
      ["je m'appelle fatima et je travaille", "je m'appelle [name] et je travaille"],
      ['o meu nome é Joana Silva, trabalho em Lisboa', 'o meu nome é [name], trabalho em Lisboa'],
      ['nama saya siti dan saya kerja di taiwan', 'nama saya [name] dan saya kerja di taiwan'],
      ['اسمي فاطمة من المغرب', 'اسمي [name] من المغرب'],
      ['ismi fatima w ana bashtaghal', 'ismi [name] w ana bashtaghal'],
      ['मेरो नाम राम हो, मलाई पेन्सन', 'मेरो नाम [name] हो, मलाई पेन्सन'],
      ['mero naam ram ho', 'mero naam [name] ho'],
      // Weaker forms ("I am", "je suis", "soy", "eu sou", "saya"): a capitalised word only.
      ['Je suis Fatima et je travaille à Lyon', 'Je suis [name] et je travaille à Lyon'],
      ['Hi, I am Rosa', 'Hi, I am [name]'],
      ['Hola, soy María', 'Hola, soy [name]'],
      ['Eu sou Joana', 'Eu sou [name]'],
      ['Good morning po, ako po si Liza', 'Good morning po, ako po si [name]'],
      // Greetings and sign-offs.
      ['Bom dia Joana, tudo bem?', 'Bom dia [name], tudo bem?'],
      ['thanks, Rosa', 'thanks, [name]'],
      ['salamat po, Liza', 'salamat po, [name]'],
      // Phone numbers written in Arabic-Indic and Devanagari digits.
      ['رقمي ٠٥٥١٢٣٤٥٦٧', 'رقمي [number]'],
      ['मेरो नम्बर ९८४१२३४५६७ हो', 'मेरो नम्बर [number] हो'],
    ];
    for (const [text, masked] of cases) expect(redactIdentity(text), text).toBe(masked);
  });

  it('does not take ordinary words for names', () => {
    const ordinary = ordinaryWordsOf({
      kb: {
        countries: [
          {
            names: { en: ['Philippines'], fr: ['Maroc'] },
            demonyms: { en: ['Filipino', 'Filipina'], fr: ['marocain', 'marocaine'] },
            aliases: [],
          },
        ],
      },
      intents: [
        {
          examples: {
            en: ['life here is hard for workers', 'question about my pension'],
            tl: ['may tanong ako tungkol sa pensyon'],
            ar: ['ana bashtaghal fi lubnan'],
          },
        },
      ],
    } as unknown as Parameters<typeof ordinaryWordsOf>[0]);
    const same = [
      ['my name is not on the contract', 'en'],
      ['my name is wrong in my passport', 'en'],
      ['soy filipina y trabajo en España', 'es'],
      ['je suis malade', 'fr'],
      ['Je suis Marocaine', 'fr'],
      ['I am Filipino working in Spain', 'en'],
      ['Life here is hard', 'en'],
      ['Nobody here helps us', 'en'],
      ['Trabajo aquí en España', 'es'],
      ['Kerja di sini susah', 'id'],
      ['Ano ito po', 'tl'],
      ['call me back please', 'en'],
      ['saya mau pulang', 'id'],
      ['i am sick', 'en'],
      ['Namaste, pension kasari paune?', 'ne'],
    ];
    for (const [text, language] of same)
      expect(redactIdentity(text!, [], { ordinary, language }), text).toBe(text);
    // A word of another language's examples is still a name ("ana" is "I" in Arabizi, a name in Spanish).
    expect(redactIdentity('Hola, soy Ana', [], { ordinary, language: 'es' })).toBe('Hola, soy [name]');
    // After "my name is" a country or demonym is still taken for a name.
    expect(redactIdentity('My name is Filipina Santos', [], { ordinary, language: 'en' })).toBe(
      'My name is [name]',
    );
  });
});
