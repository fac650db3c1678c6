/**
 * "What if I move to Canada?", "¿y si me voy a Chile?", "et si je pars au Canada ?", "e se eu for
 * para a Espanha?", "kalau saya pindah ke Jepang?", "paano kung lumipat ako sa Canada?", "यदि म जापान
 * गएँ भने?", "وإذا انتقلت إلى الكويت؟": after an answer that depends on the worker's countries, a
 * move to a country is the same subject for that country, and the country is the new country of
 * work. The words of such a move (verbs of going and moving, "if", "I", "to") only make the message
 * a follow-up; they are no new subject for the matcher.
 */
import { normalizeForCompare } from '../../kb/text.ts';

const MOVE_VERBS = [
  // en
  'move',
  'moving',
  'moved',
  'relocate',
  'relocating',
  'go',
  'going',
  'went',
  'leave',
  'leaving',
  'transfer',
  'transferred',
  // es
  'voy',
  'vaya',
  'fuera',
  'iria',
  'mudo',
  'mudara',
  'mudase',
  'mudarme',
  'muevo',
  'traslado',
  'trasladan',
  'trasladara',
  'irme',
  // fr
  'pars',
  'partais',
  'partir',
  'vais',
  'allais',
  'demenage',
  'demenageais',
  'demenager',
  'installe',
  'installais',
  // pt
  'for',
  'fosse',
  'vou',
  'mudar',
  'mudasse',
  'mudo',
  'ir',
  // id
  'pindah',
  'pergi',
  'berangkat',
  // tl
  'lumipat',
  'lilipat',
  'pumunta',
  'pupunta',
  'lipat',
  // ne
  'गएँ',
  'गए',
  'गएमा',
  'जान्छु',
  'जाँदा',
  'सरें',
  'सरेँ',
  'सर्छु',
  'सरेमा',
  'gaye',
  'gaya',
  'janchu',
  'sare',
  // ar
  'انتقلت',
  'انتقل',
  'رحت',
  'ذهبت',
  'سافرت',
  'رايح',
].map(normalizeForCompare);

/** Words around a move that add nothing: "if", "I", "to", "then". */
const MOVE_GLUE = [
  'to',
  'if',
  'i',
  'me',
  'je',
  'j',
  'eu',
  'se',
  'saya',
  'aku',
  'ke',
  'ako',
  'kung',
  'यदि',
  'म',
  'भने',
  'yadi',
  'bhane',
  'اذا',
  'لو',
  'الى',
  'انا',
].map(normalizeForCompare);

const VERBS = new Set(MOVE_VERBS);
const GLUE = new Set([...MOVE_VERBS, ...MOVE_GLUE]);

/** Arabic glues "and" (و) to the next word: "وإذا انتقلت" is "and if I moved". */
const bare = (w: string) => (/^\u0648\p{L}{2,}/u.test(w) ? w.slice(1) : w);

/** Whether the message says the worker moves (goes, relocates) somewhere. */
export function saysMove(text: string): boolean {
  return normalizeForCompare(text)
    .split(' ')
    .some((w) => VERBS.has(w) || VERBS.has(bare(w)));
}

/** Whether a word only makes a move a follow-up ("if", "I", "move", "to"). */
export function isMoveWord(word: string): boolean {
  return GLUE.has(word) || GLUE.has(bare(word));
}
