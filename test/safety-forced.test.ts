/**
 * Safeguarding misses found by QA (December 2026), each with its contrast: work forced without pay in
 * every language; a recruiter's promise of another job ("said I'd be a …"); Taglish deportation threats
 * ("ipapadeport daw"); a child made to work in Taglish; months unpaid with the pronoun in the middle
 * ("hindi ako sinasahuran"); romanised Nepali "hajar" (thousand) read as Indonesian "hajar" (beat); and
 * the reply when the worker's country is unknown. Every sentence here is written for this file: none is
 * taken from scripts/qa/safety-cases.yaml or safety/heldout/.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../src/kb/loader.ts';
import type { SafetyContent } from '../src/safety/load.ts';
import { loadRealSafety } from './helpers/safety.ts';
import { composeSafetyReply, linesFor } from '../src/safety/replies.ts';
import type { Category } from '../src/safety/schema.ts';

let safety: SafetyContent;
let content: Content;

beforeAll(async () => {
  ({ safety, content } = await loadRealSafety());
});

const detect = (text: string) => safety.detector.detect(text);

/** Every danger text is caught with the category; every ordinary text is not flagged at all. */
function expectCaught(category: Category, texts: string[]) {
  const missed = texts.filter((t) => !detect(t)?.categories.includes(category));
  expect(missed.join('\n'), `missed as ${category}`).toBe('');
}
function expectQuiet(texts: string[]) {
  const alarms = texts
    .map((t) => [t, detect(t)?.rules.join(' ')] as const)
    .filter(([, rules]) => rules !== undefined)
    .map(([t, rules]) => `${t} ← ${rules}`);
  expect(alarms.join('\n'), 'false alarms').toBe('');
}

describe('work forced without pay, in every language', () => {
  const danger: Record<string, string[]> = {
    en: [
      'my employer forces me to work every day and there is no salary',
      'I am forced to work without pay in this house',
      'the boss makes us work from morning to night without pay',
      'they are making me work for free on the boat',
      'my employer forced me to work for three weeks and paid me nothing',
      'I am made to work in the kitchen without any salary',
    ],
    es: [
      'el patrón me obliga a trabajar todos los días sin pagarme nada',
      'nos hacen trabajar gratis en el campo',
      'estoy obligada a trabajar sin sueldo',
      'la patrona nos obliga a limpiar la casa y no nos paga',
    ],
    fr: [
      "mon patron m'oblige à travailler sans salaire",
      'ils nous font travailler gratuitement tous les jours',
      'je suis forcée de travailler sans être payée',
    ],
    pt: [
      'a patroa me obriga a trabalhar sem salário',
      'eles nos fazem trabalhar de graça na obra',
      'sou obrigada a trabalhar sem receber nada',
    ],
    ar: ['الكفيل يجبرني أشتغل بدون راتب', 'أجبرونا على العمل بلا أجر', 'أنا مجبورة أشتغل ببلاش عندهم'],
    id: [
      'majikan memaksa saya bekerja tanpa digaji',
      'kami dipaksa kerja gratis setiap hari',
      'saya dipaksa bekerja tapi tidak dibayar sama sekali',
      'saya dipaksa bekerja di kebun tanpa diupah',
    ],
    tl: [
      'pinipilit akong magtrabaho ng amo ko nang walang sahod',
      'pinagtatrabaho kami araw-araw nang walang bayad',
      'sapilitan kaming pinagtatrabaho nang libre',
    ],
    ne: [
      'साहुले मलाई बिना तलब काम गर्न बाध्य बनायो',
      'जबरजस्ती काम गराउँछन्, तलब दिँदैनन्',
      'तलब नदिई दिनभरि काम लगाउँछन्',
    ],
    'ne-latn': [
      'sahu le malai bina talab kaam garna badhya banayo',
      'jabarjasti kaam garauchhan, talab didainan',
    ],
    'ar-latn': ['el kafeel bijbourni ishtghel bala rateb', 'ana majboura eshtghel bdoun ma3ash'],
  };
  for (const [lang, texts] of Object.entries(danger))
    it(`is caught as unpaid work (${lang})`, () => expectCaught('wages', texts));

  it('ordinary messages with the same words do not alarm', () =>
    expectQuiet([
      'my boss forced me to take a day off without pay last week',
      'my manager forced me to take unpaid leave because there was no work',
      'can my employer force me to work on a public holiday?',
      'they made me work from home, do I still pay social security?',
      'I want to work without pay as a volunteer for the union',
      'mi jefe me obligó a tomar vacaciones sin sueldo',
      '¿me pueden obligar a trabajar un domingo?',
      "mon patron m'a obligé à prendre un congé sans solde",
      "est-ce qu'on peut m'obliger à travailler le dimanche ?",
      'o chefe me obrigou a tirar licença sem vencimento do trabalho',
      'posso ser obrigado a trabalhar no feriado?',
      'أجبرني المدير على أخذ إجازة من العمل بدون راتب',
      'هل يمكن أن يجبرني صاحب العمل على العمل يوم الجمعة؟',
      'bos memaksa saya ambil cuti kerja tanpa gaji',
      'apakah saya bisa dipaksa kerja di hari libur?',
      'pinilit ako ng boss na mag-leave sa trabaho nang walang sahod',
      'libre ba ang training bago magtrabaho sa abroad?',
      'कम्पनीले बिना तलब बिदा लिन बाध्य बनायो, काम छैन',
      'company le bina talab bida lina badhya banayo, kaam chaina',
    ]));
});

describe("a recruiter's promise of another job", () => {
  it('is caught when the promised job and the real one differ', () =>
    expectCaught('deception', [
      "my agent said I'd be a caregiver but now I clean two houses 17 hours a day",
      'the agency told me I would be a waitress but they put me cleaning three houses',
      "the recruiter said I'd work in a hotel, instead I look after pigs on a farm",
    ]));

  it('in other languages too, when the worker is made to do another job', () =>
    expectCaught('deception', [
      'me prometieron trabajo en un hotel y me obligaron a limpiar establos',
      'prometeram trabalho de garçonete e me obrigaram a cuidar de porcos',
      "on m'avait promis un travail à l'hôtel mais on me force à faire le ménage chez le patron",
      'وعدوني بشغل ممرضة لكنهم أجبروني أشتغل خادمة',
    ]));

  it('not when the promise is only late or needs a step first', () =>
    expectQuiet([
      'me prometieron trabajo de enfermera y me obligan a hacer un examen de idioma primero',
      "on m'a promis un poste d'infirmière et on m'oblige à passer un examen de langue",
      'prometeram emprego de enfermeira e me obrigam a fazer uma prova de idioma antes',
      'وعدوني بعمل في فندق لكنهم طلبوا شهادة صحية أولاً',
      'قالوا لي العمل في مصنع لكن التأشيرة تأخرت',
      "the agent said I'd be a nurse in Germany but I need a language test first, how long does it take?",
      "the agent said I'd start work in May but the flight is delayed",
      "my agency said I'd get my visa in two weeks but it is late",
    ]));
});

describe('Taglish and Tagalog', () => {
  it('a threat of deportation with "daw" or the employer named', () =>
    expectCaught('threats', [
      'ipapadeport daw ako ni madam kasi nagreklamo ako sa sahod',
      'idedeport daw kami ng agency pag nagsumbong kami',
      'ipapadeport ako ng amo ko kapag umuwi ako ng maaga',
    ]));

  it('not a question about being deported', () =>
    expectQuiet([
      'ipapadeport ba ako kung mag-expire ang visa ko?',
      'baka ipadeport ako kung mawalan ako ng trabaho, ano ang karapatan ko?',
      'pwede ba akong ipadeport kung wala akong trabaho?',
      'sabi nila ma-deport daw ang walang visa sa Kuwait, totoo ba?',
    ]));

  it('a child made to work, in English and Tagalog mixed', () =>
    expectCaught('children', [
      'my cousin is just 13 pero pinapagtrabaho na siya sa pabrika',
      'yung pinsan ko 15 lang, pinagtatrabaho na ng tito niya sa tubuhan',
      'my little brother is 12 and they make him work sa construction',
    ]));

  it('not a teenager who wants a summer job', () =>
    expectQuiet([
      'my son is 16 and wants to work part-time in the summer, is that allowed?',
      'my cousin is 17 and wants to work sa mall this summer',
      'ang anak ko ay 16 at gusto niyang magtrabaho part time, pwede ba?',
    ]));

  it('months unpaid with the pronoun in the middle', () =>
    expectCaught('wages', [
      'hindi kami pinapasahod ng agency nang tatlong buwan na',
      'hindi ako nabayaran ng amo ko ng 4 na buwan',
      'mag-aanim na buwan na hindi ako sinusuwelduhan',
      'hinde ako pinapasahod ni madam for 5 months',
      'hindi na kami sinusuwelduhan ng agency mula Marso',
    ]));

  it('not one month of overtime', () =>
    expectQuiet([
      'hindi sinasahuran ng overtime ngayong buwan',
      'hindi ako sinahuran ng holiday pay noong isang buwan, tama ba yun?',
    ]));
});

describe('romanised Nepali "hajar" (a thousand) is not Indonesian "hajar" (to beat)', () => {
  it('money amounts do not alarm', () =>
    expectQuiet([
      'mero 20 hajar rupiya ghar pathaune sasto tarika kun ho?',
      'remit garda 1 lakh 30 hajar ko charge kati lagchha?',
      'mahina ko 40 hajar talab aaucha, tax kati katcha?',
    ]));

  it('nor romanised Nepali "lagchha" (it takes, it costs), nor a loan one can apply for', () =>
    expectQuiet([
      'passport banauna kati din lagchha?',
      'visa ko lagi kati kharcha lagchha?',
      'सहकारीबाट ऋण पाइन्छ? मेरो तलब २० हजार छ',
      'pwede ba akong mag-apply ng salary loan habang nasa abroad?',
    ]));

  it('while the employer taking the passport still alarms', () =>
    expectCaught('documents', ['malik le mero passport lagyo', 'sahu le passport rakheko cha, didaina']));

  it('a beating in Indonesian still does', () =>
    expectCaught('violence', ['majikan hajar saya sampai memar', 'saya dihajar majikan tadi malam']));
});

describe('documents: a theft by strangers or a refused visa is not confiscation', () => {
  it('does not alarm, in several languages', () =>
    expectQuiet([
      'someone stole my passport at the market, what do I do?',
      'انسرق جوازي في الباص كيف أطلع جواز جديد؟',
      'رفضت السفارة التأشيرة، هل أقدم من جديد؟',
      'me robaron el pasaporte en el metro, ¿cómo saco uno nuevo?',
      'nanakaw ang passport ko sa bus, paano kumuha ng bago?',
    ]));

  it('while the employer stealing or refusing still does', () =>
    expectCaught('documents', [
      'my boss stole my passport',
      'الكفيل سرق جوازي وما يرجعه',
      'طلبت جوازي من الكفيل ورفض يعطيني',
    ]));
});

describe('the reply when the country is unknown', () => {
  const name = (iso: string) => content.kb.countryByIso.get(iso)?.names.en?.[0] ?? iso;
  const compose = (language: string, input: { origin?: string; categories?: Category[] } = {}) =>
    composeSafetyReply(content, safety.replies, {
      language: language as never,
      categories: input.categories ?? ['confinement'],
      origin: input.origin,
      alreadyOpen: false,
      countryName: name,
    }).text;

  it('in every language: a route that holds everywhere, the question, and the person alerted', () => {
    for (const language of content.languages) {
      const t = safety.replies.replies[language]!;
      const text = compose(language);
      expect(text, language).toContain(t.anywhere);
      expect(text, language).toContain(t.askCountry);
      expect(text, language).toContain(t.alerted);
      // No number is made up: a bullet is a help line from knowledge/; the bot's own sentences have none.
      const known = content.kb.hotlines.map((h) => h.number);
      for (const line of text.split('\n')) {
        if (line.startsWith('• '))
          expect(
            known.some((n) => line.includes(n)),
            line,
          ).toBe(true);
        else if (!line.startsWith('  ')) expect(line, language).not.toMatch(/\d/);
      }
    }
  });

  it('signs about work only (wages, debt, documents, a false offer) point to who helps with work first', () => {
    for (const language of content.languages) {
      const t = safety.replies.replies[language]!;
      for (const categories of [['wages'], ['debt', 'documents'], ['deception']] as Category[][]) {
        const text = compose(language, { categories });
        expect(text, language).toContain(t.anywhereWork);
        expect(text, language).not.toContain(t.anywhere);
        expect(text, language).toContain(t.askCountry);
      }
      // Any sign of bodily danger with them: the emergency route first.
      const mixed = compose(language, { categories: ['violence', 'wages'] });
      expect(mixed, language).toContain(t.anywhere);
      expect(mixed, language).not.toContain(t.anywhereWork);
    }
  });

  it('the home office when the home country is known, with tier and date', () => {
    const text = compose('en', { origin: 'LK' });
    expect(text).toContain('1989');
    expect(text).toContain('Official source');
    expect(text).toMatch(/checked by us \d{4}-\d{2}-\d{2}/);
    expect(text).toMatch(/Which country are you in now\?/);
  });

  it('in Tagalog or Indonesian, the office of the country most who write it come from, said as a guess', () => {
    const tl = compose('tl');
    expect(tl).toContain('1348');
    expect(tl).toMatch(/Philippines|Pilipinas/);
    expect(tl).toContain(safety.replies.replies.tl!.tiers.secondary);
    const id = compose('id');
    expect(id).toContain('+62 21 29244800');
    // The same where the country is known but has no checked line; not where it has one, nor at home.
    const guessed = (destination: string) =>
      composeSafetyReply(content, safety.replies, {
        language: 'tl',
        categories: ['violence'],
        destination,
        alreadyOpen: false,
        countryName: name,
      }).text;
    const unchecked = content.kb.countries.find(
      (c) =>
        c.iso2 !== 'PH' &&
        linesFor(content, { destination: c.iso2, categories: ['violence'] }).here.length === 0,
    );
    expect(unchecked).toBeDefined();
    if (unchecked) expect(guessed(unchecked.iso2)).toContain('1348');
    expect(guessed('HK')).not.toMatch(/Pilipinas ka:/);
    expect(guessed('PH')).not.toMatch(/Pilipinas ka:/);
    // No guess for a language spoken in many countries.
    expect(compose('es')).not.toContain('• ');
    expect(compose('en')).not.toContain('• ');
  });
});
