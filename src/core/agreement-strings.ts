/**
 * Sentence templates for agreement and ratification answers built from records (issue 9), in the eight
 * languages the bot speaks. Every fact in them comes from a record in knowledge/: these are only the
 * words around the facts. `{name}` placeholders are filled by {@link at}.
 */
import type { Language } from '../kb/schema.ts';

export interface AgreementStrings {
  /** Headlines, one per bilateral record. */
  inForceSince: string;
  inForceNoDate: string;
  extended: string;
  inForceSecondary: string;
  signedNotInForce: string;
  signedUnverified: string;
  listedAsSigned: string;
  statusNotVerified: string;
  agreed: string;
  terminated: string;
  replaced: string;
  replacedSigned: string;
  notOnList: string;
  noneSecondary: string;
  noSource: string;
  /** What it does. */
  does: string;
  addsUp: string;
  paysAbroad: string;
  postedMonths: string;
  posted: string;
  equalTreatment: string;
  longTermOnly: string;
  postingOnly: string;
  notCovered: string;
  scopeUnknown: string;
  secondaryMark: string;
  /** Multilateral rules. */
  euRules: string;
  euSupersedes: string;
  ukEu: string;
  cmiss: string;
  moreFavourable: string;
  mercosur: string;
  caricom: string;
  europeanConvention: string;
  euAssociation: string;
  quebecOwn: string;
  canadaToo: string;
  claim: string;
  claimUnknown: string;
  /** Not-covered items. */
  nc_health: string;
  nc_assistance: string;
  nc_unemployment: string;
  nc_sickness: string;
  nc_totalisation: string;
  /** Ratifications. */
  ratified: string;
  ratifiedInForce: string;
  ratifiedYear: string;
  accepted118: string;
  signatory: string;
  noRatificationRecord: string;
  count: string;
  countSecondary: string;
  unverified: string;
  and: string;
  undated: string;
}

const en: AgreementStrings = {
  inForceSince: '{a}–{b}: a social security agreement is in force since {date}.',
  inForceNoDate: '{a}–{b}: a social security agreement is in force (my sources give no start date).',
  extended: 'It was extended on {date}.',
  inForceSecondary:
    '{a}–{b}: only a secondary source ({who}) says an agreement is in force{since}; no official list I hold confirms it.',
  signedNotInForce: '{a}–{b}: an agreement was signed{on}, but it is not in force.',
  signedUnverified: '{a}–{b}: an agreement was signed{on}; my sources do not say whether it is in force.',
  listedAsSigned:
    "{a}–{b}: Québec's government lists an understanding as signed{on}; whether it is in force is not confirmed.",
  statusNotVerified:
    '{a}–{b}: an agreement signed{on} took effect{from}; whether it still applies is not confirmed.',
  agreed: '{a}–{b}: an agreement has been agreed but is not in force yet.',
  terminated: '{a}–{b}: the former agreement ended on {date}; none is in force on my sources.',
  replaced: 'It replaced an earlier agreement{from}.',
  replacedSigned: 'It replaced an earlier agreement signed{on}.',
  notOnList: 'The {institution} list of agreements of {owner} ({asOf}) does not include {other}.',
  noneSecondary: 'A secondary source ({who}) reports no agreement between {a} and {b}.',
  noSource:
    'No source I hold mentions a social security agreement between {a} and {b}. That does not prove there is none: ask {inst}.',
  does: 'What it does: {items}.',
  addsUp: 'your insurance periods in both countries are added up',
  paysAbroad: 'pensions can be paid to you in the other country',
  postedMonths:
    'if your employer sends you over for up to {months} months, you keep paying into the home scheme{mark}',
  posted: 'if your employer sends you over for a while, you pay into one country only',
  equalTreatment: 'you are treated like nationals',
  longTermOnly: 'it covers long-term benefits (pensions) only',
  postingOnly: 'it only settles which country you pay into when posted',
  notCovered: 'Not covered: {items}.',
  scopeUnknown: 'What it covers is not described in my sources: ask the institutions.',
  secondaryMark: ' (secondary source)',
  euRules:
    'Both apply the EU coordination rules{since}: periods add up, benefits are paid abroad, one country’s law at a time.',
  euSupersedes: 'They replace most older bilateral treaties between these countries.',
  ukEu: 'UK–EU: moves from 1 Jan 2021 fall under the Trade and Cooperation Agreement (postings up to 24 months, secondary source); earlier situations keep the EU rules.',
  cmiss: 'The Ibero-American Social Security Convention applies between them{since}.',
  moreFavourable: 'Where a bilateral agreement also exists, the more favourable rule applies.',
  mercosur: 'The MERCOSUR social security agreement applies (Brazil lists it as in force).',
  caricom:
    'The CARICOM Agreement on Social Security (in force since {date}) applies where both have ratified it.',
  europeanConvention: 'The European Convention on Social Security applies between them{since}.',
  euAssociation:
    'The EU association agreement does not yet pay benefits abroad at EU level: only national law or a bilateral agreement does.',
  quebecOwn: 'Québec (its own pension plan): {line}',
  canadaToo: 'Canada (federal benefits): {line}',
  claim: 'Where to claim: {inst}.',
  claimUnknown: 'the social security institution in each country',
  nc_health: 'health insurance',
  nc_assistance: 'social assistance',
  nc_unemployment: 'unemployment benefits',
  nc_sickness: 'sickness benefits',
  nc_totalisation: 'adding up periods',
  ratified: '{country} ratified {code} on {date}.',
  ratifiedInForce: '{country} ratified {code} on {date}; in force for it from {inForce}.',
  ratifiedYear: '{country} ratified or acceded to {code} in {date}.',
  accepted118:
    "Sweden's 1976 ordinance lists {country} as applying {code} from {date} (not a ratification date; it may have changed since).",
  signatory: '{country} signed {code} but had not ratified it in the UN extract I hold (c. 2022–23).',
  noRatificationRecord:
    'I have no record of {country} ratifying {code}. My lists are incomplete, so that does not prove it has not: check {where}.',
  count: '{count} ratifications as of {asOf}.',
  countSecondary: '{count} ratifications as of {asOf} (secondary source only; not verified).',
  unverified: '(the source’s date looks doubtful; not verified)',
  and: 'and',
  undated: 'undated page',
};

const es: AgreementStrings = {
  inForceSince: '{a}–{b}: hay un convenio de seguridad social vigente desde {date}.',
  inForceNoDate:
    '{a}–{b}: hay un convenio de seguridad social vigente (mis fuentes no dan la fecha de inicio).',
  extended: 'Se amplió el {date}.',
  inForceSecondary:
    '{a}–{b}: solo una fuente secundaria ({who}) dice que hay un convenio vigente{since}; ninguna lista oficial que tengo lo confirma.',
  signedNotInForce: '{a}–{b}: se firmó un convenio{on}, pero no está vigente.',
  signedUnverified: '{a}–{b}: se firmó un convenio{on}; mis fuentes no dicen si está vigente.',
  listedAsSigned:
    '{a}–{b}: el gobierno de Quebec lo lista como firmado{on}; no está confirmado que esté vigente.',
  statusNotVerified:
    '{a}–{b}: un convenio firmado{on} entró en vigor{from}; no está confirmado que siga aplicándose.',
  agreed: '{a}–{b}: se acordó un convenio, pero aún no está vigente.',
  terminated: '{a}–{b}: el convenio anterior terminó el {date}; según mis fuentes no hay ninguno vigente.',
  replaced: 'Sustituyó a un convenio anterior{from}.',
  replacedSigned: 'Sustituyó a un convenio anterior firmado{on}.',
  notOnList: 'Los convenios de {owner} en la lista de {institution} ({asOf}) no incluyen a {other}.',
  noneSecondary: 'Una fuente secundaria ({who}) informa que no hay convenio entre {a} y {b}.',
  noSource:
    'Ninguna fuente que tengo menciona un convenio de seguridad social entre {a} y {b}. Eso no prueba que no exista: pregunta en {inst}.',
  does: 'Qué hace: {items}.',
  addsUp: 'se suman tus períodos de seguro en ambos países',
  paysAbroad: 'la pensión se te puede pagar en el otro país',
  postedMonths: 'si tu empleador te desplaza hasta {months} meses, sigues cotizando en tu país{mark}',
  posted: 'si tu empleador te desplaza un tiempo, cotizas en un solo país',
  equalTreatment: 'recibes el mismo trato que los nacionales',
  longTermOnly: 'solo cubre prestaciones a largo plazo (pensiones)',
  postingOnly: 'solo decide en qué país cotizas cuando te desplazan',
  notCovered: 'No cubre: {items}.',
  scopeUnknown: 'Mis fuentes no describen qué cubre: pregunta en las instituciones.',
  secondaryMark: ' (fuente secundaria)',
  euRules:
    'Ambos aplican las normas de coordinación de la UE{since}: se suman los períodos, se pagan prestaciones en el extranjero y rige la ley de un solo país.',
  euSupersedes: 'Sustituyen a la mayoría de los tratados bilaterales anteriores entre estos países.',
  ukEu: 'Reino Unido–UE: los traslados desde el 1 de enero de 2021 se rigen por el Acuerdo de Comercio y Cooperación (desplazamientos hasta 24 meses, fuente secundaria); las situaciones anteriores conservan las normas de la UE.',
  cmiss: 'Entre ellos se aplica el Convenio Multilateral Iberoamericano de Seguridad Social{since}.',
  moreFavourable: 'Si también hay un convenio bilateral, se aplica la norma más favorable.',
  mercosur: 'Se aplica el acuerdo de seguridad social del MERCOSUR (Brasil lo lista como vigente).',
  caricom:
    'Se aplica el Acuerdo de Seguridad Social de la CARICOM (vigente desde {date}) donde ambos lo ratificaron.',
  europeanConvention: 'Entre ellos se aplica el Convenio Europeo de Seguridad Social{since}.',
  euAssociation:
    'El acuerdo de asociación con la UE aún no permite pagar prestaciones en el extranjero a nivel de la UE: solo la ley nacional o un convenio bilateral.',
  quebecOwn: 'Quebec (su propio régimen de pensiones): {line}',
  canadaToo: 'Canadá (prestaciones federales): {line}',
  claim: 'Dónde reclamar: {inst}.',
  claimUnknown: 'la institución de seguridad social de cada país',
  nc_health: 'seguro de salud',
  nc_assistance: 'asistencia social',
  nc_unemployment: 'prestaciones de desempleo',
  nc_sickness: 'prestaciones por enfermedad',
  nc_totalisation: 'la suma de períodos',
  ratified: '{country} ratificó el {code} el {date}.',
  ratifiedInForce: '{country} ratificó el {code} el {date}; vigente para el país desde {inForce}.',
  ratifiedYear: '{country} ratificó o se adhirió al {code} en {date}.',
  accepted118:
    'Una ordenanza sueca de 1976 indica que {country} aplicaba el {code} desde {date} (no es la fecha de ratificación; puede haber cambiado).',
  signatory:
    '{country} firmó el {code} pero no lo había ratificado en el extracto de la ONU que tengo (c. 2022–23).',
  noRatificationRecord:
    'No tengo registro de que {country} haya ratificado el {code}. Mis listas están incompletas, así que no prueba que no lo hiciera: consulta {where}.',
  count: '{count} ratificaciones a {asOf}.',
  countSecondary: '{count} ratificaciones a {asOf} (solo fuente secundaria; sin verificar).',
  unverified: '(la fecha de la fuente parece dudosa; sin verificar)',
  and: 'y',
  undated: 'página sin fecha',
};

const fr: AgreementStrings = {
  inForceSince: '{a}–{b} : une convention de sécurité sociale est en vigueur depuis le {date}.',
  inForceNoDate:
    '{a}–{b} : une convention de sécurité sociale est en vigueur (mes sources ne donnent pas de date de début).',
  extended: 'Elle a été étendue le {date}.',
  inForceSecondary:
    '{a}–{b} : seule une source secondaire ({who}) dit qu’une convention est en vigueur{since} ; aucune liste officielle que je détiens ne le confirme.',
  signedNotInForce: '{a}–{b} : une convention a été signée{on}, mais elle n’est pas en vigueur.',
  signedUnverified:
    '{a}–{b} : une convention a été signée{on} ; mes sources ne disent pas si elle est en vigueur.',
  listedAsSigned:
    '{a}–{b} : le gouvernement du Québec la liste comme signée{on} ; son entrée en vigueur n’est pas confirmée.',
  statusNotVerified:
    '{a}–{b} : une convention signée{on} a pris effet{from} ; rien ne confirme qu’elle s’applique encore.',
  agreed: '{a}–{b} : une convention a été conclue, mais elle n’est pas encore en vigueur.',
  terminated:
    '{a}–{b} : l’ancienne convention a pris fin le {date} ; aucune n’est en vigueur selon mes sources.',
  replaced: 'Elle a remplacé une convention antérieure{from}.',
  replacedSigned: 'Elle a remplacé une convention antérieure signée{on}.',
  notOnList: 'Les conventions de {owner} sur la liste de {institution} ({asOf}) n’incluent pas {other}.',
  noneSecondary: 'Une source secondaire ({who}) indique qu’il n’y a pas de convention entre {a} et {b}.',
  noSource:
    'Aucune source que je détiens ne mentionne de convention de sécurité sociale entre {a} et {b}. Cela ne prouve pas qu’il n’y en a pas : demandez à {inst}.',
  does: 'Ce qu’elle fait : {items}.',
  addsUp: 'vos périodes d’assurance dans les deux pays s’additionnent',
  paysAbroad: 'la pension peut vous être versée dans l’autre pays',
  postedMonths:
    'si votre employeur vous détache jusqu’à {months} mois, vous cotisez toujours au régime d’origine{mark}',
  posted: 'si votre employeur vous détache un temps, vous cotisez dans un seul pays',
  equalTreatment: 'vous êtes traité comme les nationaux',
  longTermOnly: 'elle ne couvre que les prestations à long terme (pensions)',
  postingOnly: 'elle fixe seulement le pays où vous cotisez quand vous êtes détaché',
  notCovered: 'Non couvert : {items}.',
  scopeUnknown: 'Mes sources ne décrivent pas ce qu’elle couvre : demandez aux caisses.',
  secondaryMark: ' (source secondaire)',
  euRules:
    'Les deux appliquent les règles de coordination de l’UE{since} : les périodes s’additionnent, les prestations sont versées à l’étranger, une seule loi à la fois.',
  euSupersedes: 'Elles remplacent la plupart des anciens traités bilatéraux entre ces pays.',
  ukEu: 'Royaume-Uni–UE : les mobilités depuis le 1er janvier 2021 relèvent de l’accord de commerce et de coopération (détachements jusqu’à 24 mois, source secondaire) ; les situations antérieures gardent les règles de l’UE.',
  cmiss: 'La Convention multilatérale ibéro-américaine de sécurité sociale s’applique entre eux{since}.',
  moreFavourable: 'Si une convention bilatérale existe aussi, la règle la plus favorable s’applique.',
  mercosur: 'L’accord de sécurité sociale du MERCOSUR s’applique (le Brésil le liste comme en vigueur).',
  caricom:
    'L’accord de sécurité sociale de la CARICOM (en vigueur depuis le {date}) s’applique là où les deux l’ont ratifié.',
  europeanConvention: 'La Convention européenne de sécurité sociale s’applique entre eux{since}.',
  euAssociation:
    'L’accord d’association avec l’UE ne permet pas encore de verser des prestations à l’étranger au niveau de l’UE : seuls le droit national ou une convention bilatérale le font.',
  quebecOwn: 'Québec (son propre régime de rentes) : {line}',
  canadaToo: 'Canada (prestations fédérales) : {line}',
  claim: 'Où faire la demande : {inst}.',
  claimUnknown: 'la caisse de sécurité sociale de chaque pays',
  nc_health: 'l’assurance maladie',
  nc_assistance: 'l’aide sociale',
  nc_unemployment: 'les allocations chômage',
  nc_sickness: 'les indemnités maladie',
  nc_totalisation: 'le cumul des périodes',
  ratified: '{country} a ratifié la {code} le {date}.',
  ratifiedInForce: '{country} a ratifié la {code} le {date} ; en vigueur pour ce pays depuis le {inForce}.',
  ratifiedYear: '{country} a ratifié la {code} ou y a adhéré en {date}.',
  accepted118:
    'Une ordonnance suédoise de 1976 indique que {country} appliquait la {code} depuis le {date} (ce n’est pas la date de ratification ; cela a pu changer).',
  signatory:
    '{country} a signé la {code} mais ne l’avait pas ratifiée dans l’extrait de l’ONU que je détiens (vers 2022–23).',
  noRatificationRecord:
    'Je n’ai aucune trace d’une ratification de la {code} par {country}. Mes listes sont incomplètes : cela ne prouve rien, vérifiez {where}.',
  count: '{count} ratifications au {asOf}.',
  countSecondary: '{count} ratifications au {asOf} (source secondaire seulement ; non vérifié).',
  unverified: '(la date de la source semble douteuse ; non vérifiée)',
  and: 'et',
  undated: 'page non datée',
};

const pt: AgreementStrings = {
  inForceSince: '{a}–{b}: há um acordo de segurança social em vigor desde {date}.',
  inForceNoDate:
    '{a}–{b}: há um acordo de segurança social em vigor (as minhas fontes não dão a data de início).',
  extended: 'Foi alargado em {date}.',
  inForceSecondary:
    '{a}–{b}: só uma fonte secundária ({who}) diz que há um acordo em vigor{since}; nenhuma lista oficial que tenho o confirma.',
  signedNotInForce: '{a}–{b}: foi assinado um acordo{on}, mas não está em vigor.',
  signedUnverified: '{a}–{b}: foi assinado um acordo{on}; as minhas fontes não dizem se está em vigor.',
  listedAsSigned:
    '{a}–{b}: o governo do Quebec lista-o como assinado{on}; não está confirmado que esteja em vigor.',
  statusNotVerified:
    '{a}–{b}: um acordo assinado{on} entrou em vigor{from}; não está confirmado que ainda se aplique.',
  agreed: '{a}–{b}: foi acordado um acordo, mas ainda não está em vigor.',
  terminated:
    '{a}–{b}: o acordo anterior terminou em {date}; segundo as minhas fontes não há nenhum em vigor.',
  replaced: 'Substituiu um acordo anterior{from}.',
  replacedSigned: 'Substituiu um acordo anterior assinado{on}.',
  notOnList: 'Os acordos de {owner} na lista de {institution} ({asOf}) não incluem {other}.',
  noneSecondary: 'Uma fonte secundária ({who}) informa que não há acordo entre {a} e {b}.',
  noSource:
    'Nenhuma fonte que tenho menciona um acordo de segurança social entre {a} e {b}. Isso não prova que não exista: pergunte a {inst}.',
  does: 'O que faz: {items}.',
  addsUp: 'os seus períodos de seguro nos dois países somam-se',
  paysAbroad: 'a pensão pode ser paga a si no outro país',
  postedMonths: 'se o empregador o destacar até {months} meses, continua a descontar no seu país{mark}',
  posted: 'se o empregador o destacar por um tempo, desconta num só país',
  equalTreatment: 'é tratado como os nacionais',
  longTermOnly: 'só cobre prestações de longo prazo (pensões)',
  postingOnly: 'só decide em que país desconta quando é destacado',
  notCovered: 'Não cobre: {items}.',
  scopeUnknown: 'As minhas fontes não descrevem o que cobre: pergunte às instituições.',
  secondaryMark: ' (fonte secundária)',
  euRules:
    'Ambos aplicam as regras de coordenação da UE{since}: os períodos somam-se, os benefícios são pagos no estrangeiro, vale a lei de um só país.',
  euSupersedes: 'Substituem a maioria dos antigos tratados bilaterais entre estes países.',
  ukEu: 'Reino Unido–UE: as mudanças desde 1 de janeiro de 2021 seguem o Acordo de Comércio e Cooperação (destacamentos até 24 meses, fonte secundária); situações anteriores mantêm as regras da UE.',
  cmiss: 'Aplica-se entre eles a Convenção Multilateral Ibero-Americana de Segurança Social{since}.',
  moreFavourable: 'Se também houver um acordo bilateral, aplica-se a regra mais favorável.',
  mercosur: 'Aplica-se o acordo de previdência social do MERCOSUL (o Brasil lista-o como em vigor).',
  caricom:
    'Aplica-se o Acordo de Segurança Social da CARICOM (em vigor desde {date}) onde ambos o ratificaram.',
  europeanConvention: 'Aplica-se entre eles a Convenção Europeia de Segurança Social{since}.',
  euAssociation:
    'O acordo de associação com a UE ainda não paga benefícios no estrangeiro a nível da UE: só a lei nacional ou um acordo bilateral.',
  quebecOwn: 'Quebec (regime de pensões próprio): {line}',
  canadaToo: 'Canadá (benefícios federais): {line}',
  claim: 'Onde pedir: {inst}.',
  claimUnknown: 'a instituição de segurança social de cada país',
  nc_health: 'seguro de saúde',
  nc_assistance: 'assistência social',
  nc_unemployment: 'subsídio de desemprego',
  nc_sickness: 'subsídio de doença',
  nc_totalisation: 'a soma de períodos',
  ratified: '{country} ratificou a {code} em {date}.',
  ratifiedInForce: '{country} ratificou a {code} em {date}; em vigor para o país desde {inForce}.',
  ratifiedYear: '{country} ratificou ou aderiu à {code} em {date}.',
  accepted118:
    'Uma portaria sueca de 1976 indica que {country} aplicava a {code} desde {date} (não é a data de ratificação; pode ter mudado).',
  signatory:
    '{country} assinou a {code} mas não a tinha ratificado no extrato da ONU que tenho (c. 2022–23).',
  noRatificationRecord:
    'Não tenho registo de {country} ter ratificado a {code}. As minhas listas estão incompletas, por isso isso não prova nada: verifique {where}.',
  count: '{count} ratificações em {asOf}.',
  countSecondary: '{count} ratificações em {asOf} (só fonte secundária; não verificado).',
  unverified: '(a data da fonte parece duvidosa; não verificada)',
  and: 'e',
  undated: 'página sem data',
};

const id: AgreementStrings = {
  inForceSince: '{a}–{b}: ada perjanjian jaminan sosial yang berlaku sejak {date}.',
  inForceNoDate:
    '{a}–{b}: ada perjanjian jaminan sosial yang berlaku (sumber saya tidak menyebut tanggal mulainya).',
  extended: 'Perjanjian ini diperluas pada {date}.',
  inForceSecondary:
    '{a}–{b}: hanya sumber sekunder ({who}) yang menyebut ada perjanjian yang berlaku{since}; tidak ada daftar resmi yang saya punya yang memastikannya.',
  signedNotInForce: '{a}–{b}: perjanjian sudah ditandatangani{on}, tetapi belum berlaku.',
  signedUnverified:
    '{a}–{b}: perjanjian sudah ditandatangani{on}; sumber saya tidak menyebut apakah sudah berlaku.',
  listedAsSigned:
    '{a}–{b}: pemerintah Quebec mencatatnya sebagai sudah ditandatangani{on}; belum pasti apakah sudah berlaku.',
  statusNotVerified:
    '{a}–{b}: perjanjian yang ditandatangani{on} mulai berlaku{from}; belum pasti apakah masih berlaku.',
  agreed: '{a}–{b}: perjanjian sudah disepakati, tetapi belum berlaku.',
  terminated: '{a}–{b}: perjanjian lama berakhir pada {date}; menurut sumber saya tidak ada yang berlaku.',
  replaced: 'Perjanjian ini menggantikan perjanjian sebelumnya{from}.',
  replacedSigned: 'Perjanjian ini menggantikan perjanjian sebelumnya yang ditandatangani{on}.',
  notOnList: 'Perjanjian {owner} dalam daftar {institution} ({asOf}) tidak mencakup {other}.',
  noneSecondary: 'Sumber sekunder ({who}) melaporkan tidak ada perjanjian antara {a} dan {b}.',
  noSource:
    'Tidak ada sumber yang saya punya yang menyebut perjanjian jaminan sosial antara {a} dan {b}. Itu bukan bukti tidak ada: tanyakan ke {inst}.',
  does: 'Manfaatnya: {items}.',
  addsUp: 'masa kepesertaan Anda di kedua negara dijumlahkan',
  paysAbroad: 'pensiun bisa dibayarkan kepada Anda di negara lain',
  postedMonths:
    'jika majikan menugaskan Anda ke sana sampai {months} bulan, Anda tetap membayar iuran di negara asal{mark}',
  posted: 'jika majikan menugaskan Anda sementara ke sana, Anda membayar iuran di satu negara saja',
  equalTreatment: 'Anda diperlakukan sama dengan warga negara',
  longTermOnly: 'hanya mencakup manfaat jangka panjang (pensiun)',
  postingOnly: 'hanya menentukan di negara mana Anda membayar iuran saat ditugaskan',
  notCovered: 'Tidak mencakup: {items}.',
  scopeUnknown: 'Sumber saya tidak menjelaskan cakupannya: tanyakan ke lembaganya.',
  secondaryMark: ' (sumber sekunder)',
  euRules:
    'Keduanya menerapkan aturan koordinasi Uni Eropa{since}: masa kepesertaan dijumlahkan, manfaat dibayar ke luar negeri, hanya hukum satu negara yang berlaku.',
  euSupersedes: 'Aturan ini menggantikan sebagian besar perjanjian bilateral lama antarnegara ini.',
  ukEu: 'Inggris–UE: perpindahan sejak 1 Januari 2021 diatur Perjanjian Perdagangan dan Kerja Sama (penugasan sampai 24 bulan, sumber sekunder); situasi sebelumnya tetap memakai aturan UE.',
  cmiss: 'Konvensi Multilateral Ibero-Amerika tentang Jaminan Sosial berlaku di antara keduanya{since}.',
  moreFavourable: 'Jika ada juga perjanjian bilateral, yang berlaku adalah aturan yang lebih menguntungkan.',
  mercosur: 'Perjanjian jaminan sosial MERCOSUR berlaku (Brasil mencatatnya sebagai berlaku).',
  caricom:
    'Perjanjian Jaminan Sosial CARICOM (berlaku sejak {date}) berlaku jika keduanya telah meratifikasinya.',
  europeanConvention: 'Konvensi Eropa tentang Jaminan Sosial berlaku di antara keduanya{since}.',
  euAssociation:
    'Perjanjian asosiasi dengan UE belum membayar manfaat ke luar negeri di tingkat UE: hanya hukum nasional atau perjanjian bilateral.',
  quebecOwn: 'Quebec (program pensiunnya sendiri): {line}',
  canadaToo: 'Kanada (manfaat federal): {line}',
  claim: 'Tempat mengajukan klaim: {inst}.',
  claimUnknown: 'lembaga jaminan sosial di masing-masing negara',
  nc_health: 'asuransi kesehatan',
  nc_assistance: 'bantuan sosial',
  nc_unemployment: 'tunjangan pengangguran',
  nc_sickness: 'tunjangan sakit',
  nc_totalisation: 'penjumlahan masa kepesertaan',
  ratified: '{country} meratifikasi {code} pada {date}.',
  ratifiedInForce: '{country} meratifikasi {code} pada {date}; berlaku untuk negara itu sejak {inForce}.',
  ratifiedYear: '{country} meratifikasi atau mengaksesi {code} pada {date}.',
  accepted118:
    'Peraturan Swedia tahun 1976 mencatat {country} menerapkan {code} sejak {date} (bukan tanggal ratifikasi; bisa sudah berubah).',
  signatory:
    '{country} menandatangani {code} tetapi belum meratifikasinya dalam ekstrak PBB yang saya punya (sekitar 2022–23).',
  noRatificationRecord:
    'Saya tidak punya catatan {country} meratifikasi {code}. Daftar saya tidak lengkap, jadi itu bukan bukti: periksa {where}.',
  count: '{count} ratifikasi per {asOf}.',
  countSecondary: '{count} ratifikasi per {asOf} (hanya sumber sekunder; belum diverifikasi).',
  unverified: '(tanggal dari sumber tampak meragukan; belum diverifikasi)',
  and: 'dan',
  undated: 'halaman tanpa tanggal',
};

const tl: AgreementStrings = {
  inForceSince: '{a}–{b}: may social security agreement na may bisa mula {date}.',
  inForceNoDate:
    '{a}–{b}: may social security agreement na may bisa (walang petsa ng simula sa mga source ko).',
  extended: 'Pinalawak ito noong {date}.',
  inForceSecondary:
    '{a}–{b}: isang secondary source lang ({who}) ang nagsasabing may agreement na may bisa{since}; walang opisyal na listahan sa akin na nagkukumpirma nito.',
  signedNotInForce: '{a}–{b}: may pinirmahang agreement{on}, pero wala pa itong bisa.',
  signedUnverified:
    '{a}–{b}: may pinirmahang agreement{on}; hindi sinasabi ng mga source ko kung may bisa na ito.',
  listedAsSigned:
    '{a}–{b}: nakalista ito sa gobyerno ng Québec bilang pinirmahan{on}; hindi kumpirmado kung may bisa na.',
  statusNotVerified:
    '{a}–{b}: ang agreement na pinirmahan{on} ay nagkabisa{from}; hindi kumpirmado kung umiiral pa.',
  agreed: '{a}–{b}: napagkasunduan na ang agreement, pero wala pa itong bisa.',
  terminated: '{a}–{b}: natapos ang dating agreement noong {date}; walang may bisa ayon sa mga source ko.',
  replaced: 'Pinalitan nito ang naunang agreement{from}.',
  replacedSigned: 'Pinalitan nito ang naunang agreement na pinirmahan{on}.',
  notOnList:
    'Ang mga agreement ng {owner} sa listahan ng {institution} ({asOf}) ay hindi kasama ang {other}.',
  noneSecondary: 'Ayon sa isang secondary source ({who}), walang agreement ang {a} at {b}.',
  noSource:
    'Walang source sa akin na bumabanggit ng social security agreement ng {a} at {b}. Hindi iyon patunay na wala: magtanong sa {inst}.',
  does: 'Ang nagagawa nito: {items}.',
  addsUp: 'pinagsasama ang mga hulog mo sa dalawang bansa',
  paysAbroad: 'puwedeng ibigay sa iyo ang pension sa kabilang bansa',
  postedMonths:
    'kung ipadala ka ng employer mo roon nang hanggang {months} buwan, sa sariling bansa ka pa rin naghuhulog{mark}',
  posted: 'kung ipadala ka ng employer mo roon nang pansamantala, sa iisang bansa ka lang naghuhulog',
  equalTreatment: 'pantay ang trato sa iyo at sa mga mamamayan',
  longTermOnly: 'pangmatagalang benepisyo (pension) lang ang sakop',
  postingOnly: 'itinatakda lang nito kung saang bansa ka naghuhulog kapag na-post ka',
  notCovered: 'Hindi sakop: {items}.',
  scopeUnknown: 'Hindi inilalarawan ng mga source ko kung ano ang sakop: magtanong sa mga institusyon.',
  secondaryMark: ' (secondary source)',
  euRules:
    'Parehong sakop ng EU coordination rules{since}: pinagsasama ang mga hulog, binabayaran ang benepisyo sa ibang bansa, batas ng iisang bansa lang.',
  euSupersedes: 'Pinapalitan nito ang karamihan ng mga lumang bilateral na kasunduan ng mga bansang ito.',
  ukEu: 'UK–EU: ang paglipat mula Enero 1, 2021 ay sakop ng Trade and Cooperation Agreement (posting hanggang 24 buwan, secondary source); ang mas naunang sitwasyon ay nasa EU rules pa rin.',
  cmiss: 'Umiiral sa pagitan nila ang Ibero-American Social Security Convention{since}.',
  moreFavourable: 'Kung may bilateral agreement din, ang mas pabor na patakaran ang susundin.',
  mercosur: 'Umiiral ang MERCOSUR social security agreement (nakalista itong may bisa sa Brazil).',
  caricom:
    'Umiiral ang CARICOM Agreement on Social Security (may bisa mula {date}) kung niratipika ito ng dalawa.',
  europeanConvention: 'Umiiral sa pagitan nila ang European Convention on Social Security{since}.',
  euAssociation:
    'Hindi pa nagbabayad ng benepisyo sa ibang bansa ang EU association agreement sa antas ng EU: batas lang ng bansa o bilateral agreement.',
  quebecOwn: 'Québec (sariling pension plan): {line}',
  canadaToo: 'Canada (federal na benepisyo): {line}',
  claim: 'Saan mag-claim: {inst}.',
  claimUnknown: 'ang social security institution sa bawat bansa',
  nc_health: 'health insurance',
  nc_assistance: 'social assistance',
  nc_unemployment: 'benepisyo sa kawalan ng trabaho',
  nc_sickness: 'sickness benefit',
  nc_totalisation: 'pagsasama ng mga hulog',
  ratified: 'Niratipika ng {country} ang {code} noong {date}.',
  ratifiedInForce: 'Niratipika ng {country} ang {code} noong {date}; may bisa roon mula {inForce}.',
  ratifiedYear: 'Niratipika o sinalihan ng {country} ang {code} noong {date}.',
  accepted118:
    'Ayon sa ordinansa ng Sweden noong 1976, ipinatutupad ng {country} ang {code} mula {date} (hindi ito petsa ng ratipikasyon; maaaring nagbago na).',
  signatory:
    'Pinirmahan ng {country} ang {code} pero hindi pa niratipika sa UN extract na hawak ko (mga 2022–23).',
  noRatificationRecord:
    'Wala akong rekord na niratipika ng {country} ang {code}. Kulang ang mga listahan ko, kaya hindi iyon patunay: tingnan ang {where}.',
  count: '{count} ratipikasyon noong {asOf}.',
  countSecondary: '{count} ratipikasyon noong {asOf} (secondary source lang; hindi beripikado).',
  unverified: '(mukhang mali ang petsa sa source; hindi beripikado)',
  and: 'at',
  undated: 'walang petsa ang pahina',
};

const ne: AgreementStrings = {
  inForceSince: '{a}–{b}: {date} देखि सामाजिक सुरक्षा सम्झौता लागू छ।',
  inForceNoDate: '{a}–{b}: सामाजिक सुरक्षा सम्झौता लागू छ (मेरा स्रोतमा सुरु मिति छैन)।',
  extended: 'यसलाई {date} मा विस्तार गरियो।',
  inForceSecondary:
    '{a}–{b}: एउटा माध्यमिक स्रोतले मात्र ({who}) सम्झौता लागू छ भन्छ{since}; मसँग भएको कुनै आधिकारिक सूचीले पुष्टि गर्दैन।',
  signedNotInForce: '{a}–{b}: सम्झौतामा हस्ताक्षर भएको छ{on}, तर लागू छैन।',
  signedUnverified: '{a}–{b}: सम्झौतामा हस्ताक्षर भएको छ{on}; लागू भयो कि भएन मेरा स्रोतले भन्दैनन्।',
  listedAsSigned: '{a}–{b}: क्युबेक सरकारले यसलाई हस्ताक्षरित भनी सूचीमा राखेको छ{on}; लागू भएको पुष्टि छैन।',
  statusNotVerified: '{a}–{b}: हस्ताक्षर भएको{on} सम्झौता लागू भएको थियो{from}; अझै लागू छ कि छैन पुष्टि छैन।',
  agreed: '{a}–{b}: सम्झौतामा सहमति भएको छ, तर अझै लागू भएको छैन।',
  terminated: '{a}–{b}: पुरानो सम्झौता {date} मा अन्त्य भयो; मेरा स्रोतअनुसार अहिले कुनै लागू छैन।',
  replaced: 'यसले पहिलेको सम्झौतालाई प्रतिस्थापन गर्‍यो{from}।',
  replacedSigned: 'यसले पहिले हस्ताक्षर भएको{on} सम्झौतालाई प्रतिस्थापन गर्‍यो।',
  notOnList: '{institution} को सूचीमा ({asOf}) रहेका {owner} का सम्झौतामा {other} छैन।',
  noneSecondary: 'एउटा माध्यमिक स्रोत ({who}) अनुसार {a} र {b} बीच सम्झौता छैन।',
  noSource:
    'मसँग भएका कुनै पनि स्रोतमा {a} र {b} बीचको सामाजिक सुरक्षा सम्झौताको उल्लेख छैन। यसले छैन भन्ने प्रमाणित गर्दैन: {inst} मा सोध्नुहोस्।',
  does: 'यसले के गर्छ: {items}।',
  addsUp: 'दुवै देशका बीमा अवधि जोडिन्छन्',
  paysAbroad: 'पेन्सन अर्को देशमा पनि पाउन सकिन्छ',
  postedMonths:
    'रोजगारदाताले तपाईंलाई {months} महिनासम्म त्यहाँ खटाए, तपाईं आफ्नै देशको योजनामा योगदान तिरिरहनुहुन्छ{mark}',
  posted: 'रोजगारदाताले केही समय खटाए, तपाईं एउटै देशमा मात्र योगदान तिर्नुहुन्छ',
  equalTreatment: 'तपाईंलाई नागरिकसरह व्यवहार गरिन्छ',
  longTermOnly: 'यसले दीर्घकालीन सुविधा (पेन्सन) मात्र समेट्छ',
  postingOnly: 'खटाइँदा कुन देशमा योगदान तिर्ने भन्ने मात्र तय गर्छ',
  notCovered: 'समेटिँदैन: {items}।',
  scopeUnknown: 'यसले के समेट्छ भनेर मेरा स्रोतमा छैन: संस्थाहरूलाई सोध्नुहोस्।',
  secondaryMark: ' (माध्यमिक स्रोत)',
  euRules:
    'दुवैले युरोपेली संघको समन्वय नियम लागू गर्छन्{since}: अवधि जोडिन्छ, सुविधा विदेशमा पाइन्छ, एक पटकमा एउटै देशको कानुन।',
  euSupersedes: 'यी नियमले यी देशबीचका धेरैजसो पुराना द्विपक्षीय सन्धिलाई प्रतिस्थापन गर्छन्।',
  ukEu: 'बेलायत–युरोपेली संघ: 1 जनवरी 2021 देखिको बसाइसराइ व्यापार तथा सहयोग सम्झौताअन्तर्गत पर्छ (24 महिनासम्म खटाइ, माध्यमिक स्रोत); त्योभन्दा अघिका अवस्थामा EU नियम नै लागू हुन्छ।',
  cmiss: 'उनीहरूबीच इबेरो-अमेरिकी बहुपक्षीय सामाजिक सुरक्षा महासन्धि लागू छ{since}।',
  moreFavourable: 'द्विपक्षीय सम्झौता पनि भए, बढी लाभदायक नियम लागू हुन्छ।',
  mercosur: 'MERCOSUR सामाजिक सुरक्षा सम्झौता लागू हुन्छ (ब्राजिलले यसलाई लागू भनी सूचीमा राखेको छ)।',
  caricom: 'CARICOM सामाजिक सुरक्षा सम्झौता ({date} देखि लागू) दुवैले अनुमोदन गरेको भए लागू हुन्छ।',
  europeanConvention: 'उनीहरूबीच युरोपेली सामाजिक सुरक्षा महासन्धि लागू छ{since}।',
  euAssociation:
    'युरोपेली संघसँगको सहबद्धता सम्झौताले अझै EU तहमा विदेशमा सुविधा भुक्तानी गर्दैन: राष्ट्रिय कानुन वा द्विपक्षीय सम्झौताले मात्र गर्छ।',
  quebecOwn: 'क्युबेक (आफ्नै पेन्सन योजना): {line}',
  canadaToo: 'क्यानाडा (संघीय सुविधा): {line}',
  claim: 'दाबी कहाँ गर्ने: {inst}।',
  claimUnknown: 'प्रत्येक देशको सामाजिक सुरक्षा संस्था',
  nc_health: 'स्वास्थ्य बीमा',
  nc_assistance: 'सामाजिक सहायता',
  nc_unemployment: 'बेरोजगारी सुविधा',
  nc_sickness: 'बिरामी सुविधा',
  nc_totalisation: 'अवधि जोड्ने व्यवस्था',
  ratified: '{country} ले {date} मा {code} अनुमोदन गर्‍यो।',
  ratifiedInForce: '{country} ले {date} मा {code} अनुमोदन गर्‍यो; त्यहाँ {inForce} देखि लागू।',
  ratifiedYear: '{country} ले {date} मा {code} अनुमोदन वा सम्मिलन गर्‍यो।',
  accepted118:
    'स्वीडेनको 1976 को अध्यादेशअनुसार {country} ले {date} देखि {code} लागू गर्थ्यो (यो अनुमोदन मिति होइन; पछि बदलिएको हुन सक्छ)।',
  signatory:
    '{country} ले {code} मा हस्ताक्षर गरेको छ तर मसँग भएको संयुक्त राष्ट्रसंघको विवरणमा (करिब 2022–23) अनुमोदन गरेको छैन।',
  noRatificationRecord:
    '{country} ले {code} अनुमोदन गरेको अभिलेख मसँग छैन। मेरा सूची अपूर्ण छन्, त्यसैले यो प्रमाण होइन: {where} हेर्नुहोस्।',
  count: '{asOf} सम्म {count} अनुमोदन।',
  countSecondary: '{asOf} सम्म {count} अनुमोदन (माध्यमिक स्रोत मात्र; पुष्टि भएको छैन)।',
  unverified: '(स्रोतको मिति शंकास्पद देखिन्छ; पुष्टि भएको छैन)',
  and: 'र',
  undated: 'मिति नभएको पृष्ठ',
};

const ar: AgreementStrings = {
  inForceSince: '{a}–{b}: توجد اتفاقية ضمان اجتماعي سارية منذ {date}.',
  inForceNoDate: '{a}–{b}: توجد اتفاقية ضمان اجتماعي سارية (لا تذكر مصادري تاريخ بدئها).',
  extended: 'وُسّعت في {date}.',
  inForceSecondary:
    '{a}–{b}: مصدر ثانوي فقط ({who}) يقول إن هناك اتفاقية سارية{since}؛ ولا تؤكد ذلك أي قائمة رسمية لديّ.',
  signedNotInForce: '{a}–{b}: وُقّعت اتفاقية{on}، لكنها ليست سارية.',
  signedUnverified: '{a}–{b}: وُقّعت اتفاقية{on}؛ ولا تذكر مصادري إن كانت سارية.',
  listedAsSigned: '{a}–{b}: تُدرجها حكومة كيبيك على أنها موقّعة{on}؛ ولم يتأكد سريانها.',
  statusNotVerified: '{a}–{b}: اتفاقية موقّعة{on} دخلت حيز النفاذ{from}؛ ولم يتأكد أنها ما زالت تُطبّق.',
  agreed: '{a}–{b}: تم الاتفاق على اتفاقية لكنها لم تدخل حيز النفاذ بعد.',
  terminated: '{a}–{b}: انتهت الاتفاقية السابقة في {date}؛ ولا توجد اتفاقية سارية حسب مصادري.',
  replaced: 'وقد حلّت محل اتفاقية سابقة{from}.',
  replacedSigned: 'وقد حلّت محل اتفاقية سابقة وُقّعت{on}.',
  notOnList: 'اتفاقيات {owner} في قائمة {institution} ({asOf}) لا تشمل {other}.',
  noneSecondary: 'يفيد مصدر ثانوي ({who}) بعدم وجود اتفاقية بين {a} و{b}.',
  noSource: 'لا يذكر أي مصدر لديّ اتفاقية ضمان اجتماعي بين {a} و{b}. هذا لا يثبت عدم وجودها: اسأل {inst}.',
  does: 'ما تقدّمه: {items}.',
  addsUp: 'تُجمع فترات تأمينك في البلدين',
  paysAbroad: 'يمكن دفع المعاش لك في البلد الآخر',
  postedMonths: 'إذا أرسلك صاحب العمل إلى هناك حتى {months} شهرًا، تبقى تدفع الاشتراكات في بلدك{mark}',
  posted: 'إذا أرسلك صاحب العمل إلى هناك لفترة، تدفع الاشتراكات في بلد واحد فقط',
  equalTreatment: 'تُعامل مثل المواطنين',
  longTermOnly: 'لا تشمل إلا الاستحقاقات الطويلة الأجل (المعاشات)',
  postingOnly: 'تحدد فقط البلد الذي تدفع فيه الاشتراكات عند الانتداب',
  notCovered: 'لا تشمل: {items}.',
  scopeUnknown: 'لا تصف مصادري ما تشمله: اسأل المؤسسات المعنية.',
  secondaryMark: ' (مصدر ثانوي)',
  euRules:
    'يطبّق البلدان قواعد التنسيق في الاتحاد الأوروبي{since}: تُجمع الفترات، وتُدفع الاستحقاقات في الخارج، ويسري قانون بلد واحد في كل مرة.',
  euSupersedes: 'وهي تحل محل معظم المعاهدات الثنائية القديمة بين هذين البلدين.',
  ukEu: 'المملكة المتحدة–الاتحاد الأوروبي: التنقل منذ 1 يناير 2021 يخضع لاتفاق التجارة والتعاون (الانتداب حتى 24 شهرًا، مصدر ثانوي)؛ والحالات السابقة تبقى تحت قواعد الاتحاد الأوروبي.',
  cmiss: 'تسري بينهما الاتفاقية الأيبيرية الأمريكية المتعددة الأطراف للضمان الاجتماعي{since}.',
  moreFavourable: 'إذا وُجدت اتفاقية ثنائية أيضًا، تُطبّق القاعدة الأكثر فائدة.',
  mercosur: 'تسري اتفاقية الضمان الاجتماعي لميركوسور (تدرجها البرازيل على أنها سارية).',
  caricom: 'تسري اتفاقية الضمان الاجتماعي للجماعة الكاريبية (سارية منذ {date}) حيث صادق عليها البلدان.',
  europeanConvention: 'تسري بينهما الاتفاقية الأوروبية للضمان الاجتماعي{since}.',
  euAssociation:
    'لا يتيح اتفاق الشراكة مع الاتحاد الأوروبي بعدُ دفع الاستحقاقات في الخارج على مستوى الاتحاد: فقط القانون الوطني أو اتفاقية ثنائية.',
  quebecOwn: 'كيبيك (نظام معاشاتها الخاص): {line}',
  canadaToo: 'كندا (الاستحقاقات الاتحادية): {line}',
  claim: 'أين تقدّم الطلب: {inst}.',
  claimUnknown: 'مؤسسة الضمان الاجتماعي في كل بلد',
  nc_health: 'التأمين الصحي',
  nc_assistance: 'المساعدة الاجتماعية',
  nc_unemployment: 'إعانات البطالة',
  nc_sickness: 'إعانات المرض',
  nc_totalisation: 'جمع الفترات',
  ratified: 'صادقت {country} على {code} في {date}.',
  ratifiedInForce: 'صادقت {country} على {code} في {date}؛ وهي سارية فيها منذ {inForce}.',
  ratifiedYear: 'صادقت {country} على {code} أو انضمت إليها في {date}.',
  accepted118:
    'يذكر مرسوم سويدي من عام 1976 أن {country} كانت تطبّق {code} منذ {date} (ليس تاريخ المصادقة؛ وقد يكون تغيّر).',
  signatory: 'وقّعت {country} على {code} لكنها لم تصادق عليها في مستخرج الأمم المتحدة الذي لديّ (نحو 2022–23).',
  noRatificationRecord:
    'ليس لديّ سجل بمصادقة {country} على {code}. قوائمي غير مكتملة، فهذا لا يثبت شيئًا: راجع {where}.',
  count: '{count} مصادقة حتى {asOf}.',
  countSecondary: '{count} مصادقة حتى {asOf} (مصدر ثانوي فقط؛ غير مؤكد).',
  unverified: '(يبدو تاريخ المصدر موضع شك؛ غير مؤكد)',
  and: 'و',
  undated: 'صفحة غير مؤرخة',
};

const ALL: Record<Language, AgreementStrings> = { en, es, fr, pt, id, tl, ne, ar };

/** Optional parts that carry a date: " on 2001-09-17", " since 2011-05-01", " (from 1967-01-01)". */
const ON: Record<Language, { on: string; since: string; from: string }> = {
  en: { on: ' on {d}', since: ' since {d}', from: ' from {d}' },
  es: { on: ' el {d}', since: ' desde {d}', from: ' desde {d}' },
  fr: { on: ' le {d}', since: ' depuis le {d}', from: ' à partir du {d}' },
  pt: { on: ' em {d}', since: ' desde {d}', from: ' desde {d}' },
  id: { on: ' pada {d}', since: ' sejak {d}', from: ' sejak {d}' },
  tl: { on: ' noong {d}', since: ' mula {d}', from: ' mula {d}' },
  ne: { on: ' ({d})', since: ' ({d} देखि)', from: ' ({d} देखि)' },
  ar: { on: ' في {d}', since: ' منذ {d}', from: ' منذ {d}' },
};

export function dated(lang: Language, kind: 'on' | 'since' | 'from', date: string | undefined): string {
  return date ? ON[lang][kind].replace('{d}', date) : '';
}

export function at(
  lang: Language,
  key: keyof AgreementStrings,
  vars: Record<string, string | number | undefined> = {},
): string {
  return ALL[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    vars[name] !== undefined ? String(vars[name]) : whole,
  );
}

export const AGREEMENT_STRINGS = ALL;
