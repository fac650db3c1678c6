/**
 * Sentences for follow-ups on an agreement already shown: "does it cover unemployment?", "and my
 * wife?" (src/core/render-agreements.ts, renderCoverage). Every fact they carry comes from a record
 * (its scope, `branches`, `not_covered`) and is cited under the answer; these are only the words
 * around the facts. A yes/no answer starts with yes, no or "it depends".
 */
import type { Branch, Language } from '../kb/schema.ts';

export interface CoverageStrings {
  yes: string;
  no: string;
  depends: string;
  /** Between the verdict and the sentence ("Yes: …", "Oui : …"). */
  colon: string;
  agreementOf: string;
  covers: string;
  notCovers: string;
  notListed: string;
  postingOnly: string;
  longTermOnly: string;
  sicknessOnly: string;
  unknown: string;
  noAgreement: string;
  familyCovers: string;
  familyUnknown: string;
  survivors: string;
  next: string;
  institutionIn: string;
  branches: Record<Branch, string>;
}

const en: CoverageStrings = {
  yes: 'Yes',
  no: 'No',
  depends: 'It depends',
  colon: ': ',
  agreementOf: 'the {a}–{b} agreement',
  covers: '{what} covers {branch}, according to my sources',
  notCovers: '{what} does not cover {branch}, according to my sources',
  notListed: 'my sources list what {what} covers ({list}), and {branch} is not among them',
  postingOnly: '{what} only settles which country you pay into when posted; it does not pay {branch}',
  longTermOnly: '{what} covers long-term benefits (pensions) only, so not {branch}',
  sicknessOnly: 'my sources say {what} covers sickness benefits; ask whether that includes your health care',
  unknown: 'my sources on {what} do not say whether it covers {branch}',
  noAgreement:
    'I hold no agreement in force between {a} and {b}, so for {branch} each country’s own law applies',
  familyCovers: '{what} covers family benefits, according to my sources',
  familyUnknown:
    'my sources do not say what {what} does for family members; that depends on its text and on each country’s law',
  survivors: '{what} also covers survivors’ benefits, which go to your family if you die',
  next: 'Next: ask {inst} what you can get and how to claim.',
  institutionIn: 'the social security institution in {country}',
  branches: {
    'medical-care': 'health care',
    sickness: 'sickness benefits',
    unemployment: 'unemployment benefits',
    'old-age': 'old-age pensions',
    'employment-injury': 'work accidents and occupational diseases',
    family: 'family benefits',
    maternity: 'maternity benefits',
    invalidity: 'invalidity (disability) benefits',
    survivors: 'survivors’ benefits',
    'death-grant': 'death grants',
  },
};

const es: CoverageStrings = {
  yes: 'Sí',
  no: 'No',
  depends: 'Depende',
  colon: ': ',
  agreementOf: 'el convenio {a}–{b}',
  covers: '{what} cubre {branch}, según mis fuentes',
  notCovers: '{what} no cubre {branch}, según mis fuentes',
  notListed: 'mis fuentes enumeran lo que cubre {what} ({list}) y {branch} no está entre ello',
  postingOnly: '{what} solo decide en qué país cotizas cuando te desplazan; no paga {branch}',
  longTermOnly: '{what} solo cubre prestaciones de largo plazo (pensiones), no {branch}',
  sicknessOnly:
    'según mis fuentes, {what} cubre las prestaciones por enfermedad; pregunta si eso incluye tu atención médica',
  unknown: 'mis fuentes sobre {what} no dicen si cubre {branch}',
  noAgreement:
    'no tengo ningún convenio vigente entre {a} y {b}, así que para {branch} se aplica la ley de cada país',
  familyCovers: '{what} cubre las prestaciones familiares, según mis fuentes',
  familyUnknown:
    'mis fuentes no dicen qué prevé {what} para los familiares; depende de su texto y de la ley de cada país',
  survivors: '{what} también cubre las prestaciones de supervivencia, que recibe tu familia si falleces',
  next: 'Siguiente paso: pregunta a {inst} qué puedes recibir y cómo pedirlo.',
  institutionIn: 'la institución de seguridad social de {country}',
  branches: {
    'medical-care': 'la atención médica',
    sickness: 'las prestaciones por enfermedad',
    unemployment: 'el desempleo',
    'old-age': 'las pensiones de jubilación',
    'employment-injury': 'los accidentes de trabajo y las enfermedades profesionales',
    family: 'las prestaciones familiares',
    maternity: 'la maternidad',
    invalidity: 'la invalidez',
    survivors: 'las prestaciones de supervivencia',
    'death-grant': 'los subsidios por defunción',
  },
};

const fr: CoverageStrings = {
  yes: 'Oui',
  no: 'Non',
  depends: 'Cela dépend',
  colon: ' : ',
  agreementOf: 'l’accord {a}–{b}',
  covers: '{what} couvre {branch}, d’après mes sources',
  notCovers: '{what} ne couvre pas {branch}, d’après mes sources',
  notListed: 'mes sources indiquent ce que couvre {what} ({list}), et {branch} n’y figure pas',
  postingOnly:
    '{what} décide seulement dans quel pays vous cotisez quand vous êtes détaché ; il ne paie pas {branch}',
  longTermOnly: '{what} ne couvre que les prestations de long terme (pensions), donc pas {branch}',
  sicknessOnly:
    'd’après mes sources, {what} couvre les indemnités maladie ; demandez si cela comprend vos soins de santé',
  unknown: 'mes sources sur {what} ne disent pas s’il couvre {branch}',
  noAgreement:
    'je n’ai aucun accord en vigueur entre {a} et {b} : pour {branch}, c’est la loi de chaque pays qui s’applique',
  familyCovers: '{what} couvre les prestations familiales, d’après mes sources',
  familyUnknown:
    'mes sources ne disent pas ce que {what} prévoit pour la famille ; cela dépend de son texte et de la loi de chaque pays',
  survivors: '{what} couvre aussi les prestations de survivants, versées à votre famille si vous décédez',
  next: 'Étape suivante : demandez à {inst} ce que vous pouvez obtenir et comment le demander.',
  institutionIn: 'l’organisme de sécurité sociale de {country}',
  branches: {
    'medical-care': 'les soins de santé',
    sickness: 'les indemnités maladie',
    unemployment: 'le chômage',
    'old-age': 'les pensions de vieillesse (retraite)',
    'employment-injury': 'les accidents du travail et les maladies professionnelles',
    family: 'les prestations familiales',
    maternity: 'la maternité',
    invalidity: 'l’invalidité',
    survivors: 'les prestations de survivants',
    'death-grant': 'les allocations de décès',
  },
};

const pt: CoverageStrings = {
  yes: 'Sim',
  no: 'Não',
  depends: 'Depende',
  colon: ': ',
  agreementOf: 'o acordo {a}–{b}',
  covers: '{what} cobre {branch}, segundo as minhas fontes',
  notCovers: '{what} não cobre {branch}, segundo as minhas fontes',
  notListed: 'as minhas fontes indicam o que {what} cobre ({list}), e {branch} não está entre isso',
  postingOnly: '{what} só decide em que país desconta quando é destacado; não paga {branch}',
  longTermOnly: '{what} só cobre prestações de longo prazo (pensões), não {branch}',
  sicknessOnly:
    'segundo as minhas fontes, {what} cobre o subsídio de doença; pergunte se isso inclui os seus cuidados de saúde',
  unknown: 'as minhas fontes sobre {what} não dizem se cobre {branch}',
  noAgreement:
    'não tenho nenhum acordo em vigor entre {a} e {b}, por isso, para {branch}, aplica-se a lei de cada país',
  familyCovers: '{what} cobre os abonos de família, segundo as minhas fontes',
  familyUnknown:
    'as minhas fontes não dizem o que {what} prevê para a família; depende do texto e da lei de cada país',
  survivors: '{what} também cobre as pensões de sobrevivência, pagas à sua família se morrer',
  next: 'Próximo passo: pergunte a {inst} o que pode receber e como pedir.',
  institutionIn: 'a instituição de segurança social de {country}',
  branches: {
    'medical-care': 'os cuidados de saúde',
    sickness: 'o subsídio de doença',
    unemployment: 'o desemprego',
    'old-age': 'as pensões de velhice (reforma)',
    'employment-injury': 'os acidentes de trabalho e as doenças profissionais',
    family: 'os abonos de família',
    maternity: 'a maternidade',
    invalidity: 'a invalidez',
    survivors: 'as pensões de sobrevivência',
    'death-grant': 'o subsídio por morte',
  },
};

const id: CoverageStrings = {
  yes: 'Ya',
  no: 'Tidak',
  depends: 'Tergantung',
  colon: ': ',
  agreementOf: 'perjanjian {a}–{b}',
  covers: '{what} mencakup {branch}, menurut sumber saya',
  notCovers: '{what} tidak mencakup {branch}, menurut sumber saya',
  notListed: 'sumber saya menyebut apa yang dicakup {what} ({list}), dan {branch} tidak termasuk',
  postingOnly:
    '{what} hanya menentukan di negara mana Anda membayar iuran saat ditugaskan; {branch} tidak dibayar olehnya',
  longTermOnly: '{what} hanya mencakup manfaat jangka panjang (pensiun), jadi tidak {branch}',
  sicknessOnly:
    'menurut sumber saya, {what} mencakup tunjangan sakit; tanyakan apakah itu termasuk layanan kesehatan Anda',
  unknown: 'sumber saya tentang {what} tidak menyebut apakah {branch} tercakup',
  noAgreement:
    'saya tidak punya catatan perjanjian yang berlaku antara {a} dan {b}, jadi {branch} mengikuti hukum masing-masing negara',
  familyCovers: '{what} mencakup tunjangan keluarga, menurut sumber saya',
  familyUnknown:
    'sumber saya tidak menyebut apa yang diberikan {what} untuk anggota keluarga; itu tergantung isi perjanjian dan hukum tiap negara',
  survivors:
    '{what} juga mencakup tunjangan ahli waris, yang dibayarkan ke keluarga Anda jika Anda meninggal',
  next: 'Langkah berikutnya: tanyakan ke {inst} apa yang bisa Anda dapat dan cara mengajukannya.',
  institutionIn: 'lembaga jaminan sosial di {country}',
  branches: {
    'medical-care': 'layanan kesehatan',
    sickness: 'tunjangan sakit',
    unemployment: 'tunjangan pengangguran',
    'old-age': 'pensiun hari tua',
    'employment-injury': 'kecelakaan kerja dan penyakit akibat kerja',
    family: 'tunjangan keluarga',
    maternity: 'tunjangan melahirkan',
    invalidity: 'tunjangan cacat',
    survivors: 'tunjangan ahli waris',
    'death-grant': 'uang duka kematian',
  },
};

const tl: CoverageStrings = {
  yes: 'Oo',
  no: 'Hindi',
  depends: 'Depende',
  colon: ': ',
  agreementOf: 'kasunduan ng {a} at {b}',
  covers: 'sakop ng {what} ang {branch}, ayon sa mga sanggunian ko',
  notCovers: 'hindi sakop ng {what} ang {branch}, ayon sa mga sanggunian ko',
  notListed: 'nakalista sa mga sanggunian ko ang sakop ng {what} ({list}), at wala roon ang {branch}',
  postingOnly:
    'sinasabi lang ng {what} kung saang bansa ka maghuhulog kapag ipinadala ka roon ng employer; hindi nito binabayaran ang {branch}',
  longTermOnly: 'pangmatagalang benepisyo (pensyon) lang ang sakop ng {what}, kaya hindi kasama ang {branch}',
  sicknessOnly:
    'ayon sa mga sanggunian ko, sakop ng {what} ang benepisyo sa pagkakasakit; itanong kung kasama roon ang pagpapagamot mo',
  unknown: 'hindi sinasabi ng mga sanggunian ko kung sakop ng {what} ang {branch}',
  noAgreement:
    'wala akong hawak na kasunduang may bisa sa pagitan ng {a} at {b}, kaya batas ng bawat bansa ang masusunod sa {branch}',
  familyCovers: 'sakop ng {what} ang benepisyo para sa pamilya, ayon sa mga sanggunian ko',
  familyUnknown:
    'hindi sinasabi ng mga sanggunian ko kung ano ang naibibigay ng {what} sa pamilya mo; nakadepende iyon sa teksto nito at sa batas ng bawat bansa',
  survivors: 'sakop din ng {what} ang benepisyo ng naulila, na napupunta sa pamilya mo kung mamatay ka',
  next: 'Susunod: itanong sa {inst} kung ano ang makukuha mo at paano mag-claim.',
  institutionIn: 'ang social security institution sa {country}',
  branches: {
    'medical-care': 'pagpapagamot (health care)',
    sickness: 'benepisyo sa pagkakasakit',
    unemployment: 'benepisyo sa kawalan ng trabaho (unemployment)',
    'old-age': 'pensyon sa pagtanda',
    'employment-injury': 'aksidente at sakit na dulot ng trabaho',
    family: 'benepisyo para sa pamilya',
    maternity: 'benepisyo sa panganganak',
    invalidity: 'benepisyo sa kapansanan',
    survivors: 'benepisyo ng naulila',
    'death-grant': 'tulong sa pagpapalibing',
  },
};

const ne: CoverageStrings = {
  yes: 'हो',
  no: 'होइन',
  depends: 'भर पर्छ',
  colon: ': ',
  agreementOf: '{a}–{b} सम्झौता',
  covers: 'मेरा स्रोतअनुसार {what} ले {branch} समेट्छ',
  notCovers: 'मेरा स्रोतअनुसार {what} ले {branch} समेट्दैन',
  notListed: 'मेरा स्रोतले {what} ले समेट्ने कुरा ({list}) बताउँछन्, तर {branch} त्यसमा छैन',
  postingOnly: '{what} ले काममा खटाइँदा कुन देशमा योगदान तिर्ने भन्ने मात्र तय गर्छ; {branch} दिँदैन',
  longTermOnly: '{what} ले दीर्घकालीन सुविधा (पेन्सन) मात्र समेट्छ, {branch} होइन',
  sicknessOnly:
    'मेरा स्रोतअनुसार {what} ले बिरामी हुँदाको सुविधा समेट्छ; त्यसमा तपाईंको स्वास्थ्य उपचार पर्छ कि पर्दैन सोध्नुहोस्',
  unknown: 'मेरा स्रोतले {what} ले {branch} समेट्छ कि समेट्दैन भन्दैनन्',
  noAgreement: 'मसँग {a} र {b} बीच लागू भएको कुनै सम्झौता छैन, त्यसैले {branch} प्रत्येक देशको आफ्नै कानुनअनुसार हुन्छ',
  familyCovers: 'मेरा स्रोतअनुसार {what} ले पारिवारिक सुविधा समेट्छ',
  familyUnknown:
    'मेरा स्रोतले {what} ले परिवारका सदस्यका लागि के गर्छ भन्दैनन्; त्यो सम्झौताको पाठ र प्रत्येक देशको कानुनमा भर पर्छ',
  survivors: '{what} ले मृतकका आश्रितको सुविधा पनि समेट्छ, जुन तपाईंको मृत्यु भएमा परिवारले पाउँछ',
  next: 'अर्को कदम: के पाउन सकिन्छ र कसरी दाबी गर्ने भनेर {inst} मा सोध्नुहोस्।',
  institutionIn: '{country} को सामाजिक सुरक्षा संस्था',
  branches: {
    'medical-care': 'स्वास्थ्य उपचार',
    sickness: 'बिरामी हुँदाको सुविधा',
    unemployment: 'बेरोजगारी सुविधा',
    'old-age': 'वृद्धावस्था पेन्सन',
    'employment-injury': 'कार्यस्थल दुर्घटना र पेसागत रोग',
    family: 'पारिवारिक सुविधा',
    maternity: 'मातृत्व सुविधा',
    invalidity: 'अशक्तता सुविधा',
    survivors: 'मृतकका आश्रितको सुविधा',
    'death-grant': 'मृत्यु अनुदान',
  },
};

const ar: CoverageStrings = {
  yes: 'نعم',
  no: 'لا',
  depends: 'يعتمد ذلك',
  colon: ': ',
  agreementOf: 'اتفاقية {a}–{b}',
  covers: 'تشمل {what} {branch} بحسب مصادري',
  notCovers: 'لا تشمل {what} {branch} بحسب مصادري',
  notListed: 'تذكر مصادري ما تشمله {what} ({list})، وليست {branch} من بينها',
  postingOnly: 'لا تحدد {what} إلا البلد الذي تدفع فيه الاشتراكات عند الانتداب، ولا تدفع {branch}',
  longTermOnly: 'لا تشمل {what} إلا الاستحقاقات الطويلة الأجل (المعاشات)، فلا تشمل {branch}',
  sicknessOnly: 'بحسب مصادري تشمل {what} إعانات المرض؛ اسأل إن كان ذلك يشمل رعايتك الصحية',
  unknown: 'لا تذكر مصادري إن كانت {what} تشمل {branch}',
  noAgreement: 'ليس لديّ أي اتفاقية سارية بين {a} و{b}، لذلك تخضع {branch} لقانون كل بلد',
  familyCovers: 'تشمل {what} الإعانات العائلية بحسب مصادري',
  familyUnknown: 'لا تذكر مصادري ما تقدمه {what} لأفراد الأسرة؛ فذلك يعتمد على نصها وعلى قانون كل بلد',
  survivors: 'وتشمل {what} أيضًا إعانات الورثة، التي تُدفع لأسرتك إذا توفيت',
  next: 'الخطوة التالية: اسأل {inst} عمّا يمكنك الحصول عليه وكيف تقدّم الطلب.',
  institutionIn: 'مؤسسة الضمان الاجتماعي في {country}',
  branches: {
    'medical-care': 'الرعاية الصحية',
    sickness: 'إعانات المرض',
    unemployment: 'إعانات البطالة',
    'old-age': 'معاشات الشيخوخة (التقاعد)',
    'employment-injury': 'حوادث العمل والأمراض المهنية',
    family: 'الإعانات العائلية',
    maternity: 'إعانات الأمومة',
    invalidity: 'إعانات العجز',
    survivors: 'إعانات الورثة',
    'death-grant': 'منحة الوفاة',
  },
};

export const COVERAGE_STRINGS: Record<Language, CoverageStrings> = { en, es, fr, pt, id, tl, ne, ar };

/** A coverage sentence with its `{name}` placeholders filled. */
export function cov(
  lang: Language,
  key: Exclude<keyof CoverageStrings, 'branches'>,
  vars: Record<string, string | undefined> = {},
): string {
  return COVERAGE_STRINGS[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}
