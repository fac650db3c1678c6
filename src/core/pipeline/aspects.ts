/**
 * What a short follow-up asks about the subject already on the table: a benefit ("does it cover
 * unemployment?", "¿y la baja por enfermedad?"), the worker's family ("and my wife?"), or how to
 * claim ("how do I claim it?", "et comment je la demande ?"). The follow-up step answers these from
 * the agreement records of the worker's two countries instead of sending them to the matcher,
 * which would answer the general topic (or call "¿y cómo la pido?" out of scope).
 *
 * The word lists are small, per meaning rather than per language (the bot's eight languages share
 * them), compared without accents: a stem matches the start of a word in Latin script, and anywhere
 * in a word in Devanagari and Arabic script, where postpositions and clitics are written together
 * with the noun.
 *
 * @example findAspect('does it cover unemployment?') // { kind: 'branch', branch: 'unemployment', cue: true }
 */
import type { Branch } from '../../kb/schema.ts';
import { normalizeForCompare } from '../../kb/text.ts';

export type Aspect =
  { kind: 'branch'; branch: Branch; cue: boolean } | { kind: 'family'; cue: boolean } | { kind: 'claim' };

/** Benefits (ILO C102 branches, as knowledge/ names them), in the words workers use. */
const BRANCH_WORDS: Record<Branch, string[]> = {
  unemployment: [
    'unemploy',
    'jobless',
    'desempleo',
    'paro',
    'cesantia',
    'chomage',
    'desemprego',
    'pengangguran',
    'menganggur',
    'kawalan ng trabaho',
    'walang trabaho',
    'बेरोजगार',
    'بطالة',
    'البطالة',
  ],
  'medical-care': [
    'health insurance',
    'assurance maladie',
    'seguro de salud',
    'seguro medico',
    'plano de saude',
    'seguro de saude',
    'asuransi kesehatan',
    'health',
    'medical',
    'doctor',
    'hospital',
    'salud',
    'sanidad',
    'atencion medica',
    'sante',
    'soins',
    'saude',
    'kesehatan',
    'berobat',
    'rumah sakit',
    'kalusugan',
    'pagpapagamot',
    'ospital',
    'philhealth',
    'स्वास्थ्य',
    'उपचार',
    'अस्पताल',
    'الصحة',
    'صحي',
    'علاج',
    'الطبي',
    'مستشفى',
  ],
  sickness: [
    'sick',
    'illness',
    'enfermedad',
    'maladie',
    'doenca',
    'sakit',
    'pagkakasakit',
    'बिरामी',
    'रोग',
    'المرض',
    'مرض',
  ],
  maternity: [
    'maternity',
    'pregnan',
    'maternidad',
    'embaraz',
    'maternite',
    'grossesse',
    'enceinte',
    'maternidade',
    'gravid',
    'melahirkan',
    'hamil',
    'persalinan',
    'panganganak',
    'buntis',
    'मातृत्व',
    'सुत्केरी',
    'गर्भ',
    'الامومة',
    'الأمومة',
    'ولادة',
  ],
  'employment-injury': [
    'injur',
    'accident',
    'occupational',
    'accidente',
    'acidente',
    'kecelakaan',
    'aksidente',
    'disgrasya',
    'दुर्घटना',
    'चोट',
    'اصابة',
    'إصابة',
    'حادث',
    'حوادث',
  ],
  invalidity: [
    'disabilit',
    'disabled',
    'invalid',
    'incapacidad',
    'discapacidad',
    'handicap',
    'incapacidade',
    'cacat',
    'disabilitas',
    'kapansanan',
    'अपाङ्ग',
    'अशक्त',
    'العجز',
    'اعاقة',
    'إعاقة',
  ],
  'old-age': [
    'pension',
    'retire',
    'old age',
    'jubilacion',
    'vejez',
    'retraite',
    'vieillesse',
    'aposentadoria',
    'pensao',
    'reforma',
    'velhice',
    'pensiun',
    'hari tua',
    'pensyon',
    'pagreretiro',
    'पेन्सन',
    'निवृत्त',
    'التقاعد',
    'تقاعد',
    'معاش',
  ],
  survivors: [
    'survivor',
    'widow',
    'viudedad',
    'viudez',
    'orfandad',
    'survivant',
    'reversion',
    'veuve',
    'viuvez',
    'pensao por morte',
    'janda',
    'ahli waris',
    'naulila',
    'balo',
    'विधवा',
    'ارملة',
    'أرملة',
    'الورثة',
  ],
  family: [
    'family benefit',
    'child benefit',
    'prestaciones familiares',
    'allocations familiales',
    'abono de familia',
    'salario familia',
    'tunjangan anak',
    'पारिवारिक',
    'الاعانات العائلية',
  ],
  'death-grant': ['death grant', 'funeral', 'funerario', 'funeraire', 'pemakaman', 'pampalibing'],
};

/** Family members: "and my wife?" asks what the agreement does for them. */
const FAMILY_WORDS = [
  'family',
  'wife',
  'husband',
  'spouse',
  'child',
  'children',
  'kids',
  'dependant',
  'dependent',
  'familia',
  'esposa',
  'esposo',
  'marido',
  'mujer',
  'hijo',
  'hija',
  'famille',
  'femme',
  'epouse',
  'epoux',
  'mari',
  'enfant',
  'mulher',
  'filho',
  'filha',
  'keluarga',
  'istri',
  'isteri',
  'suami',
  'anak',
  'pamilya',
  'asawa',
  'misis',
  'परिवार',
  'श्रीमती',
  'श्रीमान',
  'छोरा',
  'छोरी',
  'बच्चा',
  'زوجتي',
  'زوجي',
  'اولاد',
  'أولاد',
  'اطفال',
  'أطفال',
  'عائلة',
  'عائلتي',
  'اسرة',
  'أسرة',
  'اسرتي',
];

/** "Does it cover / include …": the message is about the agreement's scope even if it is longer. */
const COVER_WORDS = [
  'cover',
  'include',
  'apply to',
  'cubre',
  'cubrir',
  'incluye',
  'incluy',
  'couvre',
  'couvr',
  'comprend',
  'inclu',
  'cobre',
  'abrange',
  'termasuk',
  'mencakup',
  'menanggung',
  'ditanggung',
  'sakop',
  'saklaw',
  'kasama',
  'समेट',
  'पर्छ',
  'يشمل',
  'تشمل',
  'يغطي',
  'تغطي',
];

/** Asking how or where to claim. */
const CLAIM_WORDS = [
  'claim',
  'apply',
  'application',
  'file for',
  'pido',
  'pedir',
  'pedirla',
  'pedirlo',
  'solicit',
  'reclam',
  'tramit',
  'cobrarla',
  'cobrarlo',
  'demande',
  'demander',
  'reclamer',
  'percevoir',
  'peco',
  'requer',
  'dar entrada',
  'pedido',
  'aapply',
  'aaplay',
  'aplay',
  'klaim',
  'urus',
  'mengurus',
  'ajukan',
  'mengajukan',
  'cairkan',
  'mencairkan',
  'mag claim',
  'mag apply',
  'kunin',
  'makuha',
  'दाबी',
  'निवेदन',
  'आवेदन',
  'اطلب',
  'أطلب',
  'طلب',
  'اقدم',
  'أقدم',
  'تقديم',
  'مطالبة',
];

const NON_LATIN = /\p{Script=Arabic}|\p{Script=Devanagari}/u;

interface Entry {
  stem: string;
  raw: string;
}

function entries(words: string[]): Entry[] {
  return words
    .map((raw) => ({ raw, stem: normalizeForCompare(raw) }))
    .filter((e) => e.stem.length > 0)
    .sort((a, b) => b.stem.length - a.stem.length);
}

const BRANCHES = (Object.entries(BRANCH_WORDS) as [Branch, string[]][]).flatMap(([branch, words]) =>
  entries(words).map((e) => ({ ...e, branch })),
);
BRANCHES.sort((a, b) => b.stem.length - a.stem.length);
const FAMILY = entries(FAMILY_WORDS);
const COVER = entries(COVER_WORDS);
const CLAIM = entries(CLAIM_WORDS);

/** Where a stem occurs in normalised text (start of a word; anywhere in Devanagari and Arabic). */
function find(norm: string, stem: string): number {
  // Devanagari loses its vowel signs in comparison: a short stem only at the start of a word.
  if (NON_LATIN.test(stem) && stem.length >= 3) return norm.indexOf(stem);
  return ` ${norm}`.indexOf(` ${stem}`);
}

function has(norm: string, list: Entry[]): boolean {
  return list.some((e) => find(norm, e.stem) >= 0);
}

/** The stems a message uses from these lists (for telling how much else it says). */
export function aspectWords(text: string): string[] {
  const norm = normalizeForCompare(text);
  return [...BRANCHES, ...FAMILY, ...COVER, ...CLAIM]
    .filter((e) => find(norm, e.stem) >= 0)
    .map((e) => e.stem);
}

/** The aspect a message asks about, if any: a benefit first, then family, then how to claim. */
export function findAspect(text: string): Aspect | undefined {
  const norm = normalizeForCompare(text);
  if (!norm) return undefined;
  const cue = has(norm, COVER);
  const branch = BRANCHES.find((e) => find(norm, e.stem) >= 0);
  if (branch) return { kind: 'branch', branch: branch.branch, cue };
  if (has(norm, FAMILY)) return { kind: 'family', cue };
  if (has(norm, CLAIM)) return { kind: 'claim' };
  return undefined;
}
