/**
 * The few lines an adapter says on its own, without the core: command descriptions for Telegram's
 * menu and polite replies to things the adapter handles itself (group chats, edited messages,
 * expired buttons, an internal error). Everything else the worker reads comes from the core.
 * English is the fallback for any language not listed here.
 */

/** Languages the adapters have their own lines for (Telegram's command menu is registered in each). */
export const ADAPTER_LANGUAGES = ['en', 'es', 'fr', 'pt', 'id', 'tl', 'ne', 'ar'] as const;
export type AdapterLanguage = (typeof ADAPTER_LANGUAGES)[number];

export const COMMANDS = ['start', 'help', 'language', 'human', 'forget'] as const;
export type CommandName = (typeof COMMANDS)[number];

export const COMMAND_DESCRIPTIONS: Record<AdapterLanguage, Record<CommandName, string>> = {
  en: {
    start: 'Start and see what I can do',
    help: 'How to use this assistant',
    language: 'Change the language',
    human: 'Talk to a person from the union',
    forget: 'Delete everything stored about you',
  },
  es: {
    start: 'Empezar y ver qué puedo hacer',
    help: 'Cómo usar este asistente',
    language: 'Cambiar el idioma',
    human: 'Hablar con una persona del sindicato',
    forget: 'Borrar todo lo guardado sobre ti',
  },
  fr: {
    start: 'Commencer et voir ce que je peux faire',
    help: 'Comment utiliser cet assistant',
    language: 'Changer de langue',
    human: 'Parler à une personne du syndicat',
    forget: 'Effacer tout ce qui est enregistré sur vous',
  },
  pt: {
    start: 'Começar e ver o que posso fazer',
    help: 'Como usar este assistente',
    language: 'Mudar o idioma',
    human: 'Falar com uma pessoa do sindicato',
    forget: 'Apagar tudo o que foi guardado sobre você',
  },
  id: {
    start: 'Mulai dan lihat apa yang bisa saya bantu',
    help: 'Cara memakai asisten ini',
    language: 'Ganti bahasa',
    human: 'Bicara dengan orang dari serikat pekerja',
    forget: 'Hapus semua data tentang Anda',
  },
  tl: {
    start: 'Magsimula at tingnan ang kaya kong gawin',
    help: 'Paano gamitin ang assistant na ito',
    language: 'Palitan ang wika',
    human: 'Makipag-usap sa isang tao mula sa unyon',
    forget: 'Burahin ang lahat ng naka-save tungkol sa iyo',
  },
  ne: {
    start: 'सुरु गर्नुहोस् र म के गर्न सक्छु हेर्नुहोस्',
    help: 'यो सहायक कसरी प्रयोग गर्ने',
    language: 'भाषा बदल्नुहोस्',
    human: 'युनियनको मान्छेसँग कुरा गर्नुहोस्',
    forget: 'तपाईंबारे राखिएको सबै मेटाउनुहोस्',
  },
  ar: {
    start: 'ابدأ واعرف ما يمكنني فعله',
    help: 'كيف تستخدم هذا المساعد',
    language: 'تغيير اللغة',
    human: 'التحدث مع شخص من النقابة',
    forget: 'حذف كل ما حُفظ عنك',
  },
};

export type NoticeKey = 'group' | 'edited' | 'expiredButton' | 'error';

/** `{link}` in the group notice is replaced with the bot's t.me link. */
export const NOTICES: Record<AdapterLanguage, Record<NoticeKey, string>> = {
  en: {
    group: 'For your privacy I only talk in private chats. Please write to me directly: {link}',
    edited: "I don't read edited messages. Please send your corrected message again as a new message.",
    expiredButton: 'That button is no longer active. Please type your question, or send /help.',
    error: 'Sorry, something went wrong on our side. Please try again in a few minutes.',
  },
  es: {
    group: 'Por tu privacidad solo hablo en chats privados. Escríbeme directamente: {link}',
    edited: 'No leo los mensajes editados. Por favor, envía el mensaje corregido como un mensaje nuevo.',
    expiredButton: 'Ese botón ya no está activo. Escribe tu pregunta o envía /help.',
    error: 'Lo siento, algo falló de nuestro lado. Inténtalo de nuevo en unos minutos.',
  },
  fr: {
    group:
      "Pour protéger votre vie privée, je ne parle qu'en conversation privée. Écrivez-moi directement : {link}",
    edited:
      "Je ne lis pas les messages modifiés. Merci d'envoyer le message corrigé comme un nouveau message.",
    expiredButton: "Ce bouton n'est plus actif. Écrivez votre question ou envoyez /help.",
    error: 'Désolé, un problème est survenu de notre côté. Réessayez dans quelques minutes.',
  },
  pt: {
    group: 'Para proteger a sua privacidade, só converso em chats privados. Escreva-me diretamente: {link}',
    edited: 'Não leio mensagens editadas. Por favor, envie a mensagem corrigida como uma nova mensagem.',
    expiredButton: 'Esse botão já não está ativo. Escreva a sua pergunta ou envie /help.',
    error: 'Desculpe, algo correu mal do nosso lado. Tente novamente dentro de alguns minutos.',
  },
  id: {
    group:
      'Demi privasi Anda, saya hanya melayani obrolan pribadi. Silakan kirim pesan langsung ke saya: {link}',
    edited:
      'Saya tidak membaca pesan yang diedit. Silakan kirim pesan yang sudah diperbaiki sebagai pesan baru.',
    expiredButton: 'Tombol itu sudah tidak aktif. Silakan ketik pertanyaan Anda atau kirim /help.',
    error: 'Maaf, ada masalah di pihak kami. Silakan coba lagi dalam beberapa menit.',
  },
  tl: {
    group:
      'Para sa iyong privacy, sa pribadong chat lang ako sumasagot. Mag-message ka sa akin nang direkta: {link}',
    edited:
      'Hindi ko nababasa ang mga in-edit na mensahe. Pakipadala muli ang itinamang mensahe bilang bagong mensahe.',
    expiredButton: 'Hindi na gumagana ang button na iyon. Paki-type ang iyong tanong o ipadala ang /help.',
    error: 'Paumanhin, may nagkaproblema sa aming panig. Pakisubukang muli pagkalipas ng ilang minuto.',
  },
  ne: {
    group: 'तपाईंको गोपनीयताका लागि म निजी च्याटमा मात्र कुरा गर्छु। कृपया मलाई सिधै लेख्नुहोस्: {link}',
    edited: 'म सम्पादन गरिएका सन्देश पढ्दिनँ। कृपया सच्याएको सन्देश नयाँ सन्देशका रूपमा फेरि पठाउनुहोस्।',
    expiredButton: 'त्यो बटन अब चल्दैन। कृपया आफ्नो प्रश्न लेख्नुहोस्, वा /help पठाउनुहोस्।',
    error: 'माफ गर्नुहोस्, हाम्रो तर्फबाट केही गडबड भयो। केही मिनेटपछि फेरि प्रयास गर्नुहोस्।',
  },
  ar: {
    group: 'حفاظًا على خصوصيتك، أتحدث في المحادثات الخاصة فقط. اكتب لي مباشرة: {link}',
    edited: 'لا أقرأ الرسائل المعدّلة. من فضلك أرسل رسالتك المصحّحة من جديد كرسالة جديدة.',
    expiredButton: 'هذا الزر لم يعد يعمل. اكتب سؤالك، أو أرسل /help.',
    error: 'عذرًا، حدث خطأ من جهتنا. حاول مرة أخرى بعد بضع دقائق.',
  },
};

/** Picks the adapter language for a locale hint such as "es", "pt-BR" or "fil"; English otherwise. */
export function adapterLanguage(localeHint: string | undefined): AdapterLanguage {
  const base = (localeHint ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  if (base === 'fil') return 'tl';
  if (base === 'in') return 'id'; // the old ISO code for Indonesian, still sent by some clients
  return (ADAPTER_LANGUAGES as readonly string[]).includes(base) ? (base as AdapterLanguage) : 'en';
}

/** The notice `key` in the language closest to `localeHint`. */
export function notice(
  key: NoticeKey,
  localeHint: string | undefined,
  vars: Record<string, string> = {},
): string {
  const text = NOTICES[adapterLanguage(localeHint)][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}
