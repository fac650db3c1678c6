/**
 * Commands and their plain-word forms. Commands are checked before anything else, so "/forget"
 * or "borrar mis datos" always works, even while a request is with union staff.
 */
import { normalizeForCompare } from '../kb/text.ts';

export type CommandName = 'start' | 'help' | 'language' | 'human' | 'forget' | 'cancel';

export interface ParsedCommand {
  name: CommandName;
  /** Text after the command, e.g. "es" in "/language es". */
  arg: string;
}

const SLASH: Record<string, CommandName> = {
  start: 'start',
  help: 'help',
  ayuda: 'help',
  aide: 'help',
  ajuda: 'help',
  bantuan: 'help',
  tulong: 'help',
  language: 'language',
  lang: 'language',
  idioma: 'language',
  langue: 'language',
  bahasa: 'language',
  wika: 'language',
  human: 'human',
  person: 'human',
  persona: 'human',
  forget: 'forget',
  olvidar: 'forget',
  cancel: 'cancel',
  cancelar: 'cancel',
  annuler: 'cancel',
  batal: 'cancel',
};

/** Whole-message plain-word forms (compared without accents or punctuation). */
const PLAIN: [CommandName, string[]][] = [
  [
    'help',
    [
      'help',
      'ayuda',
      'aide',
      'ajuda',
      'bantuan',
      'tolong',
      'tulong',
      'menu',
      'menú',
      'मद्दत',
      'सहायता',
      'madat',
      'مساعدة',
      'ساعدني',
    ],
  ],
  [
    'language',
    [
      'language',
      'change language',
      'idioma',
      'cambiar idioma',
      'langue',
      'changer de langue',
      'mudar idioma',
      'mudar de lingua',
      'ganti bahasa',
      'bahasa',
      'wika',
      'palitan ang wika',
      'भाषा',
      'भाषा बदल्नुहोस्',
      'اللغة',
      'تغيير اللغة',
    ],
  ],
  [
    'human',
    [
      'human',
      'agent',
      'operator',
      'talk to a person',
      'talk to a human',
      'speak to a person',
      'real person',
      'hablar con una persona',
      'persona',
      'humano',
      'parler a une personne',
      'parler a quelqu un',
      'falar com uma pessoa',
      'pessoa',
      'bicara dengan orang',
      'manusia',
      'kausapin ang tao',
      'tao po',
      'मान्छेसँग कुरा गर्ने',
      'मान्छेसँग कुरा गर्न चाहन्छु',
      'التحدث مع شخص',
      'أريد التحدث مع شخص',
    ],
  ],
  [
    'forget',
    [
      'forget me',
      'delete my data',
      'erase my data',
      'borrar mis datos',
      'borra mis datos',
      'olvidame',
      'oublie moi',
      'supprimer mes donnees',
      'efface mes donnees',
      'apague meus dados',
      'apagar meus dados',
      'esqueca me',
      'hapus data saya',
      'hapus data',
      'burahin ang data ko',
      'burahin mo ako',
      'मेरो डाटा मेटाउनुहोस्',
      'मेरो जानकारी मेटाउनुहोस्',
      'احذف بياناتي',
      'امسح بياناتي',
    ],
  ],
  [
    'cancel',
    [
      'cancel',
      'cancelar',
      'annuler',
      'batal',
      'batalkan',
      'kanselahin',
      'back to the bot',
      'volver al bot',
      'रद्द गर्नुहोस्',
      'रद्द',
      'إلغاء',
      'الغاء',
    ],
  ],
];
const PLAIN_MAP = new Map<string, CommandName>(
  PLAIN.flatMap(([name, forms]) => forms.map((f) => [normalizeForCompare(f), name] as const)),
);

/** Recognises "/cmd arg", "/cmd@BotName arg" and the plain-word forms; undefined for anything else. */
export function parseCommand(text: string): ParsedCommand | undefined {
  const slash = /^\/([a-z]+)(?:@\w+)?(?:\s+(.*))?$/i.exec(text.trim());
  if (slash) {
    const name = SLASH[slash[1]!.toLowerCase()];
    return name ? { name, arg: (slash[2] ?? '').trim() } : undefined;
  }
  const name = PLAIN_MAP.get(normalizeForCompare(text));
  return name ? { name, arg: '' } : undefined;
}
