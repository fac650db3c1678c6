/**
 * The web chat's own words: labels of the page and the widget, and the short notices the page shows
 * without asking the core (a message too long, too many messages, a button no longer active). What
 * the assistant answers comes from the core, in the conversation's language.
 * `{name}` placeholders are filled by {@link webText}.
 */
import { LANGUAGES, type Language } from '../../src/kb/schema.ts';

export interface WebStrings {
  /** The page title and heading. */
  title: string;
  /** One line under the heading: what the chat is for. */
  intro: string;
  language: string;
  /** The accessible name of the message field. */
  message: string;
  placeholder: string;
  send: string;
  human: string;
  clear: string;
  leave: string;
  /** The accessible name of the conversation log. */
  conversation: string;
  privacy: string;
  you: string;
  assistant: string;
  union: string;
  tooLong: string;
  rateLimited: string;
  sendFailed: string;
  offline: string;
  cleared: string;
  expiredButton: string;
  noscript: string;
  /** The widget's launcher button. */
  open: string;
  close: string;
  sending: string;
  error: string;
  /** A request the server refused as not coming from this page (an old tab, a foreign site). */
  refused: string;
}

export const WEB_STRINGS: Record<Language, WebStrings> = {
  en: {
    title: "Workers' rights assistant",
    intro:
      'Questions about social protection when you work in another country. Every answer comes with its sources.',
    language: 'Language',
    message: 'Message',
    placeholder: 'Write your question',
    send: 'Send',
    human: 'Talk to a person',
    clear: 'Clear this conversation',
    leave: 'Leave quickly',
    conversation: 'Conversation',
    privacy:
      'We never ask for your name, phone number or e-mail. “Clear this conversation” erases it from this phone and from our server.',
    you: 'You',
    assistant: 'Assistant',
    union: 'Union',
    tooLong:
      'Your message is too long ({count} characters). Please keep it under {max} characters, or send it in parts. Your text is still in the box.',
    rateLimited: 'You are sending messages very quickly. Please wait a moment, then try again.',
    sendFailed: 'Your message could not be sent. Check your connection and try again.',
    offline: 'Connection lost. Reconnecting…',
    cleared: 'This conversation has been erased.',
    expiredButton: 'That button is no longer active. Please type your question.',
    noscript: 'This chat needs JavaScript to work.',
    open: 'Ask about your rights',
    close: 'Close the chat',
    sending: 'Sending…',
    error: 'Sorry, something went wrong on our side. Please try again in a few minutes.',
    refused: 'This page is out of date. Please reload it and try again.',
  },
  es: {
    title: 'Asistente de derechos de los trabajadores',
    intro:
      'Preguntas sobre protección social cuando trabajas en otro país. Cada respuesta lleva sus fuentes.',
    language: 'Idioma',
    message: 'Mensaje',
    placeholder: 'Escribe tu pregunta',
    send: 'Enviar',
    human: 'Hablar con una persona',
    clear: 'Borrar esta conversación',
    leave: 'Salir rápido',
    conversation: 'Conversación',
    privacy:
      'Nunca pedimos tu nombre, teléfono ni correo. «Borrar esta conversación» la elimina de este teléfono y de nuestro servidor.',
    you: 'Tú',
    assistant: 'Asistente',
    union: 'Sindicato',
    tooLong:
      'Tu mensaje es demasiado largo ({count} caracteres). Escribe menos de {max} caracteres o envíalo en partes. Tu texto sigue en la casilla.',
    rateLimited: 'Estás enviando mensajes muy rápido. Espera un momento y vuelve a intentarlo.',
    sendFailed: 'No se pudo enviar tu mensaje. Revisa tu conexión e inténtalo de nuevo.',
    offline: 'Se perdió la conexión. Reconectando…',
    cleared: 'La conversación se ha borrado.',
    expiredButton: 'Ese botón ya no está activo. Escribe tu pregunta.',
    noscript: 'Este chat necesita JavaScript para funcionar.',
    open: 'Pregunta por tus derechos',
    close: 'Cerrar el chat',
    sending: 'Enviando…',
    error: 'Lo siento, algo falló de nuestro lado. Inténtalo de nuevo en unos minutos.',
    refused: 'Esta página está desactualizada. Vuelve a cargarla e inténtalo de nuevo.',
  },
  fr: {
    title: 'Assistant droits des travailleurs',
    intro:
      'Questions sur la protection sociale quand vous travaillez dans un autre pays. Chaque réponse cite ses sources.',
    language: 'Langue',
    message: 'Message',
    placeholder: 'Écrivez votre question',
    send: 'Envoyer',
    human: 'Parler à une personne',
    clear: 'Effacer cette conversation',
    leave: 'Partir vite',
    conversation: 'Conversation',
    privacy:
      'Nous ne demandons jamais votre nom, votre numéro ni votre e-mail. « Effacer cette conversation » la supprime de ce téléphone et de notre serveur.',
    you: 'Vous',
    assistant: 'Assistant',
    union: 'Syndicat',
    tooLong:
      'Votre message est trop long ({count} caractères). Restez sous {max} caractères ou envoyez-le en plusieurs fois. Votre texte est toujours dans la case.',
    rateLimited: 'Vous envoyez des messages très vite. Attendez un instant, puis réessayez.',
    sendFailed: "Votre message n'a pas pu être envoyé. Vérifiez votre connexion et réessayez.",
    offline: 'Connexion perdue. Reconnexion…',
    cleared: 'La conversation a été effacée.',
    expiredButton: "Ce bouton n'est plus actif. Écrivez votre question.",
    noscript: 'Ce chat a besoin de JavaScript pour fonctionner.',
    open: 'Questions sur vos droits',
    close: 'Fermer le chat',
    sending: 'Envoi…',
    error: 'Désolé, un problème est survenu de notre côté. Réessayez dans quelques minutes.',
    refused: "Cette page n'est plus à jour. Rechargez-la et réessayez.",
  },
  pt: {
    title: 'Assistente de direitos dos trabalhadores',
    intro:
      'Perguntas sobre proteção social quando trabalha noutro país. Cada resposta indica as suas fontes.',
    language: 'Idioma',
    message: 'Mensagem',
    placeholder: 'Escreva a sua pergunta',
    send: 'Enviar',
    human: 'Falar com uma pessoa',
    clear: 'Apagar esta conversa',
    leave: 'Sair depressa',
    conversation: 'Conversa',
    privacy:
      'Nunca pedimos o seu nome, telefone ou e-mail. «Apagar esta conversa» elimina-a deste telefone e do nosso servidor.',
    you: 'Você',
    assistant: 'Assistente',
    union: 'Sindicato',
    tooLong:
      'A sua mensagem é demasiado longa ({count} caracteres). Escreva menos de {max} caracteres ou envie-a em partes. O seu texto continua na caixa.',
    rateLimited: 'Está a enviar mensagens muito depressa. Aguarde um momento e tente novamente.',
    sendFailed: 'Não foi possível enviar a sua mensagem. Verifique a ligação e tente novamente.',
    offline: 'Ligação perdida. A ligar de novo…',
    cleared: 'A conversa foi apagada.',
    expiredButton: 'Esse botão já não está ativo. Escreva a sua pergunta.',
    noscript: 'Este chat precisa de JavaScript para funcionar.',
    open: 'Pergunte pelos seus direitos',
    close: 'Fechar o chat',
    sending: 'A enviar…',
    error: 'Desculpe, algo correu mal do nosso lado. Tente novamente dentro de alguns minutos.',
    refused: 'Esta página está desatualizada. Recarregue-a e tente novamente.',
  },
  id: {
    title: 'Asisten hak pekerja',
    intro:
      'Pertanyaan tentang perlindungan sosial saat Anda bekerja di negara lain. Setiap jawaban disertai sumbernya.',
    language: 'Bahasa',
    message: 'Pesan',
    placeholder: 'Tulis pertanyaan Anda',
    send: 'Kirim',
    human: 'Bicara dengan orang',
    clear: 'Hapus percakapan ini',
    leave: 'Keluar cepat',
    conversation: 'Percakapan',
    privacy:
      'Kami tidak pernah meminta nama, nomor telepon, atau email Anda. “Hapus percakapan ini” menghapusnya dari ponsel ini dan dari server kami.',
    you: 'Anda',
    assistant: 'Asisten',
    union: 'Serikat pekerja',
    tooLong:
      'Pesan Anda terlalu panjang ({count} karakter). Tulis kurang dari {max} karakter atau kirim dalam beberapa bagian. Teks Anda masih ada di kotak.',
    rateLimited: 'Anda mengirim pesan terlalu cepat. Tunggu sebentar, lalu coba lagi.',
    sendFailed: 'Pesan Anda tidak terkirim. Periksa koneksi Anda dan coba lagi.',
    offline: 'Koneksi terputus. Menyambung kembali…',
    cleared: 'Percakapan sudah dihapus.',
    expiredButton: 'Tombol itu sudah tidak aktif. Silakan ketik pertanyaan Anda.',
    noscript: 'Obrolan ini memerlukan JavaScript.',
    open: 'Tanya tentang hak Anda',
    close: 'Tutup obrolan',
    sending: 'Mengirim…',
    error: 'Maaf, ada masalah di pihak kami. Silakan coba lagi dalam beberapa menit.',
    refused: 'Halaman ini sudah kedaluwarsa. Muat ulang halaman lalu coba lagi.',
  },
  tl: {
    title: 'Katuwang sa karapatan ng manggagawa',
    intro:
      'Mga tanong tungkol sa social protection kapag nagtatrabaho ka sa ibang bansa. May kasamang pinagmulan ang bawat sagot.',
    language: 'Wika',
    message: 'Mensahe',
    placeholder: 'Isulat ang iyong tanong',
    send: 'Ipadala',
    human: 'Makipag-usap sa tao',
    clear: 'Burahin ang usapang ito',
    leave: 'Umalis agad',
    conversation: 'Usapan',
    privacy:
      'Hindi namin hinihingi ang iyong pangalan, numero ng telepono o email. Binubura ng “Burahin ang usapang ito” ang usapan sa teleponong ito at sa aming server.',
    you: 'Ikaw',
    assistant: 'Katuwang',
    union: 'Unyon',
    tooLong:
      'Masyadong mahaba ang iyong mensahe ({count} na character). Paikliin ito sa mas mababa sa {max} na character o ipadala nang hati-hati. Nasa kahon pa rin ang iyong teksto.',
    rateLimited: 'Masyadong mabilis ang pagpapadala mo ng mensahe. Maghintay sandali at subukang muli.',
    sendFailed: 'Hindi naipadala ang iyong mensahe. Tingnan ang iyong koneksyon at subukang muli.',
    offline: 'Naputol ang koneksyon. Kumokonekta muli…',
    cleared: 'Nabura na ang usapang ito.',
    expiredButton: 'Hindi na gumagana ang button na iyon. Paki-type ang iyong tanong.',
    noscript: 'Kailangan ng chat na ito ang JavaScript.',
    open: 'Magtanong tungkol sa iyong karapatan',
    close: 'Isara ang chat',
    sending: 'Ipinapadala…',
    error: 'Paumanhin, may nagkaproblema sa aming panig. Pakisubukang muli pagkalipas ng ilang minuto.',
    refused: 'Luma na ang pahinang ito. Paki-reload ito at subukang muli.',
  },
  ne: {
    title: 'कामदारका अधिकार सहायक',
    intro: 'अर्को देशमा काम गर्दा सामाजिक सुरक्षाबारे प्रश्नहरू। हरेक जवाफसँग त्यसको स्रोत हुन्छ।',
    language: 'भाषा',
    message: 'सन्देश',
    placeholder: 'आफ्नो प्रश्न लेख्नुहोस्',
    send: 'पठाउनुहोस्',
    human: 'मान्छेसँग कुरा गर्नुहोस्',
    clear: 'यो कुराकानी मेटाउनुहोस्',
    leave: 'छिट्टै निस्कनुहोस्',
    conversation: 'कुराकानी',
    privacy:
      'हामी तपाईंको नाम, फोन नम्बर वा इमेल कहिल्यै सोध्दैनौं। “यो कुराकानी मेटाउनुहोस्” ले यसलाई यो फोन र हाम्रो सर्भरबाट मेटाउँछ।',
    you: 'तपाईं',
    assistant: 'सहायक',
    union: 'युनियन',
    tooLong:
      'तपाईंको सन्देश धेरै लामो छ ({count} अक्षर)। {max} अक्षरभन्दा छोटो बनाउनुहोस् वा टुक्रा-टुक्रा गरेर पठाउनुहोस्। तपाईंको पाठ अझै बाकसमै छ।',
    rateLimited: 'तपाईं धेरै छिटो सन्देश पठाउँदै हुनुहुन्छ। केही बेर पर्खेर फेरि प्रयास गर्नुहोस्।',
    sendFailed: 'तपाईंको सन्देश पठाउन सकिएन। इन्टरनेट जाँचेर फेरि प्रयास गर्नुहोस्।',
    offline: 'सम्पर्क टुट्यो। फेरि जोड्दै…',
    cleared: 'यो कुराकानी मेटाइयो।',
    expiredButton: 'त्यो बटन अब चल्दैन। कृपया आफ्नो प्रश्न लेख्नुहोस्।',
    noscript: 'यो च्याट चलाउन JavaScript चाहिन्छ।',
    open: 'आफ्नो अधिकारबारे सोध्नुहोस्',
    close: 'च्याट बन्द गर्नुहोस्',
    sending: 'पठाउँदै…',
    error: 'माफ गर्नुहोस्, हाम्रो तर्फबाट केही गडबड भयो। केही मिनेटपछि फेरि प्रयास गर्नुहोस्।',
    refused: 'यो पाना पुरानो भयो। कृपया पाना फेरि खोलेर प्रयास गर्नुहोस्।',
  },
  ar: {
    title: 'مساعد حقوق العمال',
    intro: 'أسئلة عن الحماية الاجتماعية عندما تعمل في بلد آخر. كل إجابة مع مصادرها.',
    language: 'اللغة',
    message: 'الرسالة',
    placeholder: 'اكتب سؤالك',
    send: 'إرسال',
    human: 'التحدث مع شخص',
    clear: 'مسح هذه المحادثة',
    leave: 'مغادرة سريعة',
    conversation: 'المحادثة',
    privacy:
      'لا نطلب أبدًا اسمك أو رقم هاتفك أو بريدك الإلكتروني. زر «مسح هذه المحادثة» يحذفها من هذا الهاتف ومن خادمنا.',
    you: 'أنت',
    assistant: 'المساعد',
    union: 'النقابة',
    tooLong:
      'رسالتك طويلة جدًا ({count} حرفًا). اجعلها أقل من {max} حرف، أو أرسلها على أجزاء. نصّك ما زال في الخانة.',
    rateLimited: 'أنت ترسل الرسائل بسرعة كبيرة. انتظر قليلًا ثم حاول مرة أخرى.',
    sendFailed: 'تعذّر إرسال رسالتك. تحقّق من الاتصال وحاول مرة أخرى.',
    offline: 'انقطع الاتصال. جارٍ إعادة الاتصال…',
    cleared: 'تم مسح هذه المحادثة.',
    expiredButton: 'هذا الزر لم يعد يعمل. اكتب سؤالك من فضلك.',
    noscript: 'تحتاج هذه المحادثة إلى JavaScript لتعمل.',
    open: 'اسأل عن حقوقك',
    close: 'إغلاق المحادثة',
    sending: 'جارٍ الإرسال…',
    error: 'عذرًا، حدث خطأ من جهتنا. حاول مرة أخرى بعد بضع دقائق.',
    refused: 'هذه الصفحة قديمة. أعد تحميلها وحاول مرة أخرى.',
  },
};

/** Languages written right to left. */
export const RTL_LANGUAGES: readonly Language[] = ['ar'];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The page language for a code such as "es", "pt-BR" or "fil"; undefined when none fits. */
export function pageLanguage(code: string | undefined): Language | undefined {
  const base = (code ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (base === 'fil') return 'tl';
  if (base === 'in') return 'id';
  return isLanguage(base) ? base : undefined;
}

/** The first supported language of an Accept-Language header, by the browser's weights. */
export function fromAcceptLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const lang = pageLanguage(tag);
    if (lang) return lang;
  }
  return undefined;
}

export function webText(lang: Language, key: keyof WebStrings, vars: Record<string, string | number> = {}) {
  const text = WEB_STRINGS[lang][key] ?? WEB_STRINGS.en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    vars[name] === undefined ? whole : String(vars[name]),
  );
}
