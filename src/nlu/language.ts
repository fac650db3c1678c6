/**
 * A language guesser for the bot's languages (en, es, fr, pt, id, tl, ne, ar), for short chat messages.
 *
 * Script decides Nepali (Devanagari) and Arabic. Latin-script text goes to franc-min, restricted to the
 * six Latin-script languages, for its trigram profiles; no general detector knows how workers type
 * Nepali and Arabic in Latin letters (romanised Nepali, Arabizi with 3/7/5 for ع ح خ) or mix Tagalog
 * with English, so the project's own function words and spelling cues add their evidence. The result
 * carries a confidence so callers can keep the worker's chosen language when the guess is weak.
 */
import { francAll } from 'franc-min';

export const DETECTABLE_LANGUAGES = ['en', 'es', 'fr', 'pt', 'id', 'tl', 'ne', 'ar'] as const;

export interface LanguageGuess {
  language: string;
  /** In [0, 1]: 0 means no evidence at all, values above ~0.5 are reliable for chat messages. */
  confidence: number;
}

const STOPWORDS: Record<string, string> = {
  en: 'the a an and or of to in on for from with is are was were be been i you he she it we they my your our their me what how where when why who which do does did can could will would should not no yes this that there have has had about if at by am get want need work job pay paid please hello hi thanks thank',
  es: 'el la los las un una unos unas y o de del al en con por para que es son fue ser estar esta este esto estoy mi mis tu su sus yo usted nosotros como donde cuando porque cual quien no si puedo quiero necesito tengo trabajo pago hola gracias por favor muy pero tambien hay mas',
  fr: 'le la les un une des et ou de du au aux en avec pour par que qui est sont etre je tu il elle nous vous ils mon ma mes ton ta ses notre votre comment ou quand pourquoi quel quelle ne pas oui non puis je veux dois ai travail bonjour merci sil plait tres mais aussi dans sur ce cette',
  pt: 'o a os as um uma uns umas e ou de do da dos das no na nos nas em com por para que e sao foi ser estar esta este isso eu voce ele ela nos meu minha seu sua como onde quando porque qual quem nao sim posso quero preciso tenho trabalho obrigado obrigada ola muito mas tambem mais pra pro pela pelo tem direito direitos ajuda podem paguei voltar vou estou trabalhar fazer aposentadoria previdencia meus minhas',
  id: 'yang dan di ke dari untuk dengan pada dalam ini itu adalah atau saya aku kamu anda dia kami kita mereka apa bagaimana dimana kapan mengapa siapa tidak bukan ya bisa mau ingin perlu punya ada sudah belum akan kerja bekerja gaji terima kasih tolong juga tapi saja lagi minta karena cara dapat gak nggak boleh gimana hak luar negeri izin tinggal anak takut hukum kalau kalo udah sama buat bagi jika apakah kenapa berapa harus masih orang uang tahun bulan hari pulang majikan',
  // Romanised Nepali and Arabizi (Arabic in Latin letters and digits), as workers type them.
  ne: 'mero malai hamro hamilai tapai tapailai cha chha chaina chhaina huncha hunchha hunna garna garne gareko garnu kasari kati kun kaha kahile kina ho hoina lai bata ma pani ra ni paisa kaam kam sakchu sakincha parcha parchha bhayo bhaye bhane bhanne chahiyo lagi sanga pachi dinu diyena',
  ar: 'ana enta enti howa heya ehna e7na bdi badi biddi 3ndi 3andi 3ala 3la ma3 mn min fi fe shu sho shou eh ezay izay kif keef leh lesh msh mesh mish mafi law lw wala walla yalla el 7aq haq 5alas khalas keda kda ba3d 3ashan 3shan momken mumkin',
  tl: 'ang ng mga sa ay at o na ni si kay ako ko ikaw ka siya kami tayo sila namin natin ko ba po ho ano paano saan kailan bakit sino hindi oo pwede puwede gusto kailangan may wala trabaho sahod salamat lang din rin naman kung pag nasa ito iyan iyon akin',
};

// Spelling cues: [regex, language, weight]. Applied to the lower-cased text before accent stripping.
const CUES: [RegExp, string, number][] = [
  [/[ñ¿¡]/u, 'es', 2],
  [/ción\b|ciones\b/u, 'es', 1.5],
  [/[ãõ]/u, 'pt', 2],
  [/ção\b|ções\b|lh|nh/u, 'pt', 1],
  [/[èêëœùû]/u, 'fr', 1.5],
  [/\bqu'|\bl'|\bd'|\bj'|\bc'|\bn'/u, 'fr', 1.5],
  [/tion\b/u, 'fr', 0.3],
  [/tion\b|ing\b|\bth/u, 'en', 0.8],
  [/\bmga\b|\bng\b|\bnang\b|\bpo\b/u, 'tl', 1.5],
  [/\w+nya\b|\w+kan\b|\bmeng|\bber\w{3,}/u, 'id', 1],
  // Arabizi writes ع ح خ ء as 3 7 5 2 inside words.
  [/\b[a-z]*[a-z][2357][a-z]+|\b[2357][a-z]{2,}/u, 'ar', 2],
  [/\w+(?:chha|cha|chu|nu|ko|lai)\b/u, 'ne', 0.5],
];

/** franc's ISO 639-3 codes for the bot's Latin-script languages. */
const FRANC_CODES: Record<string, string> = {
  en: 'eng',
  es: 'spa',
  fr: 'fra',
  pt: 'por',
  id: 'ind',
  tl: 'tgl',
};
const FROM_FRANC: Record<string, string> = Object.fromEntries(
  Object.entries(FRANC_CODES).map(([k, v]) => [v, k]),
);
const LATIN = new Set(Object.keys(FRANC_CODES));
/** How many function words franc's best guess on a long sentence is worth. */
const FRANC_WEIGHT = 3;

const STOP_SETS: Record<string, Set<string>> = Object.fromEntries(
  Object.entries(STOPWORDS).map(([lang, words]) => [lang, new Set(words.split(/\s+/))]),
);

const ALL_STOPWORDS = new Set(Object.values(STOP_SETS).flatMap((set) => [...set]));

/** True for frequent function words of the Latin-script languages (normalised, no accents). */
export function isCommonWord(word: string): boolean {
  return ALL_STOPWORDS.has(word);
}

function stripAccents(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');
}

/**
 * Guess the language of `text` among `candidates` (default: all eight).
 * Returns the best candidate (the first candidate when there is no evidence) and a confidence.
 */
export function detectLanguage(
  text: string,
  candidates: readonly string[] = DETECTABLE_LANGUAGES,
): LanguageGuess {
  const fallback = candidates[0] ?? 'en';
  const lower = text.normalize('NFKC').toLowerCase();
  let deva = 0;
  let arab = 0;
  let latin = 0;
  for (const ch of lower) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x0900 && c <= 0x097f) deva++;
    else if ((c >= 0x0600 && c <= 0x06ff) || (c >= 0x0750 && c <= 0x077f)) arab++;
    else if ((c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) latin++;
  }
  const total = deva + arab + latin;
  if (total === 0) return { language: fallback, confidence: 0 };
  if (deva >= arab && deva > latin && candidates.includes('ne')) {
    return { language: 'ne', confidence: deva / total };
  }
  if (arab > deva && arab > latin && candidates.includes('ar')) {
    return { language: 'ar', confidence: arab / total };
  }

  const scores = new Map<string, number>();
  for (const lang of candidates) if (STOP_SETS[lang] !== undefined) scores.set(lang, 0);
  if (scores.size === 0) return { language: fallback, confidence: 0 };

  // The project's own cues first: function words (which carry romanised Nepali, Arabizi and Taglish)
  // and spellings.
  const words = stripAccents(lower).match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const w of words) {
    for (const [lang, set] of Object.entries(STOP_SETS)) {
      if (set.has(w) && scores.has(lang)) scores.set(lang, scores.get(lang)! + 1);
    }
  }
  for (const [re, lang, weight] of CUES) {
    if (scores.has(lang) && re.test(lower)) scores.set(lang, scores.get(lang)! + weight);
  }
  // Then franc's trigram evidence, worth more as the text grows (it is weak on a word or two), and
  // less when the text already reads as romanised Nepali or Arabizi, which franc does not know.
  const latinCandidates = candidates.filter((l) => FRANC_CODES[l] && LATIN.has(l));
  if (latinCandidates.length > 0) {
    const romanised = Math.max(scores.get('ne') ?? 0, scores.get('ar') ?? 0);
    const weight = FRANC_WEIGHT * Math.min(1, latin / 60) * Math.max(0, 1 - romanised / 1.5);
    const only = latinCandidates.map((l) => FRANC_CODES[l]!);
    if (weight > 0)
      for (const [code, score] of francAll(lower, { only, minLength: 1 })) {
        const lang = FROM_FRANC[code];
        if (lang && scores.has(lang)) scores.set(lang, scores.get(lang)! + weight * score ** 4);
      }
  }
  let best = fallback;
  let bestScore = -1;
  let second = 0;
  for (const [lang, s] of scores) {
    if (s > bestScore) {
      second = Math.max(second, bestScore);
      best = lang;
      bestScore = s;
    } else if (s > second) second = s;
  }
  if (bestScore <= 0) return { language: scores.has(fallback) ? fallback : best, confidence: 0 };
  // Confidence grows with the margin over the runner-up and with the amount of evidence.
  const margin = (bestScore - second) / bestScore;
  const evidence = 1 - Math.exp(-bestScore / 1.5);
  return { language: best, confidence: Math.min(1, margin * evidence + 0.15 * evidence) };
}
