/**
 * The editors' unanswered list (src/console/editor/unanswered.ts) and the identity masking
 * (redact.ts): similar questions grouped whatever the order, counts and languages right, nearest
 * intent from the running matcher, nothing that identifies a worker, /forget honoured by the store.
 */
import { describe, expect, it } from 'vitest';
import { groupUnanswered } from '../src/console/editor/unanswered.ts';
import { redactIdentity } from '../src/console/editor/redact.ts';
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
});
