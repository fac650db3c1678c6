/**
 * The generic language guesser on short messages written for this test (not taken from the content):
 * the six Latin-script languages through franc-min, Devanagari and Arabic script, and the ways workers
 * type that no general detector knows: romanised Nepali, Arabizi and Taglish.
 */
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../src/nlu/language.ts';

const SAMPLES: Record<string, string[]> = {
  en: [
    'my employer stopped paying into my pension last year',
    'can my children get health insurance where I work',
    'how long do I have to work before I can claim unemployment money',
  ],
  es: [
    'mi patrón no me ha dado de alta en la seguridad social',
    'cuántos años tengo que cotizar para cobrar una jubilación',
    'me quedé sin trabajo y no sé si puedo pedir el paro',
  ],
  fr: [
    'mon patron ne déclare pas mes heures à la caisse de retraite',
    'est-ce que je peux toucher les allocations familiales pour mes enfants restés au pays',
    "je suis tombé malade et l'hôpital me demande de payer",
  ],
  pt: [
    'trabalhei cinco anos na Suíça e voltei para o Brasil, perco as contribuições?',
    'minha patroa não assinou a carteira de trabalho',
    'quero saber se posso receber a aposentadoria morando fora',
  ],
  id: [
    'majikan saya tidak mendaftarkan saya ke jaminan sosial',
    'apakah saya bisa mengambil uang pensiun kalau pulang ke kampung',
    'gaji saya dipotong tiap bulan tapi tidak tahu untuk apa',
  ],
  tl: [
    'hindi ako binabayaran ng amo ko ng tama sa oras',
    'paano ko makukuha ang benepisyo ng SSS habang nasa abroad',
    'yung contribution ko po ba sa Saudi ay mabibilang pag-uwi ko',
  ],
  ne: [
    'मेरो रोजगारदाताले पेन्सनको पैसा काट्यो',
    'malai pension ko barema janna cha',
    'mero sahu le talab diyena tin mahina dekhi',
  ],
  ar: [
    'صاحب العمل لم يسجلني في التأمينات الاجتماعية',
    'ana bdi a3ref iza fi ta2min sa7i lal 3ummal',
    'el kafeel mesh 3ayez yedfa3li el ma3ash',
  ],
};

describe('detectLanguage', () => {
  for (const [language, samples] of Object.entries(SAMPLES))
    it(`recognises ${language}`, () => {
      for (const text of samples) expect(detectLanguage(text).language, text).toBe(language);
    });

  it('is confident on a full sentence and unsure on nothing', () => {
    expect(detectLanguage('where can I find a union that helps domestic workers').confidence).toBeGreaterThan(
      0.5,
    );
    expect(detectLanguage('12345 !!!')).toEqual({ language: 'en', confidence: 0 });
    expect(detectLanguage('')).toEqual({ language: 'en', confidence: 0 });
  });

  it('chooses only among the candidates it is given', () => {
    const guess = detectLanguage('mi patrón no me paga', ['en', 'pt']);
    expect(['en', 'pt']).toContain(guess.language);
  });
});
