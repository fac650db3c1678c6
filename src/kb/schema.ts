/**
 * Content schemas. Everything the bot states comes from files validated here:
 * `knowledge/` (facts, each with sources and a reviewed date) and `intents/`
 * (what workers ask, held-out tests, and answer templates built from knowledge).
 */
import { z } from 'zod';

/** Languages the bot can speak. A language is claimed only when every intent answers in it. */
export const LANGUAGES = ['en', 'es', 'fr', 'pt', 'id', 'tl', 'ne', 'ar'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  es: 'Español',
  fr: 'Français',
  pt: 'Português',
  id: 'Bahasa Indonesia',
  tl: 'Tagalog',
  ne: 'नेपाली',
  ar: 'العربية',
};

const isoDate = z.union([
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
  z.date().transform((d) => d.toISOString().slice(0, 10)),
]);

/** Text in several languages; English is always present as the reference. */
export const LocalizedText = z
  .object({
    en: z.string().min(1),
    es: z.string().min(1).optional(),
    fr: z.string().min(1).optional(),
    pt: z.string().min(1).optional(),
    id: z.string().min(1).optional(),
    tl: z.string().min(1).optional(),
    ne: z.string().min(1).optional(),
    ar: z.string().min(1).optional(),
  })
  .strict();
export type LocalizedText = z.infer<typeof LocalizedText>;

/** Lists of words per language (names, demonyms, examples). */
export const LocalizedList = z.partialRecord(Language, z.array(z.string().min(1)));
export type LocalizedList = z.infer<typeof LocalizedList>;

/** Where a fact comes from: a public page (url) or one of the seed documents (seed file name). */
export const Source = z
  .object({
    title: z.string().min(3),
    url: z.url().optional(),
    seed: z.string().optional(),
    /** A document of this project (for texts that describe the bot itself), e.g. README.md. */
    doc: z.string().optional(),
  })
  .strict()
  .refine(
    (s) => s.url !== undefined || s.seed !== undefined || s.doc !== undefined,
    'a source needs a url, a seed or a doc',
  );
export type Source = z.infer<typeof Source>;

/** How sure we are, as marked in the fact sheet. Partly confirmed facts must be attributed in the text. */
export const Certainty = z.enum(['confirmed', 'partly-confirmed']);

const entryBase = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case letters, digits and dashes'),
  sources: z.array(Source).min(1, 'every entry needs at least one source'),
  reviewed: isoDate,
  certainty: Certainty.default('confirmed'),
};

/** A count of ratifications or parties is only ever given with the date it was true. */
export const DatedCount = z.object({ count: z.number().int().nonnegative(), as_of: isoDate }).strict();

export const Instrument = z
  .object({
    ...entryBase,
    type: z.enum(['ilo-convention', 'ilo-recommendation', 'un-convention', 'un-declaration', 'un-compact']),
    /** Short code workers or staff may type: C102, R202, ICRMW… */
    code: z.string().min(1),
    /** Other ways to refer to it: "convention 157", "migrant workers convention". */
    aliases: z.array(z.string()).default([]),
    title: LocalizedText,
    adopted: isoDate.optional(),
    in_force: isoDate.optional(),
    binding: z.boolean(),
    /** Plain-language summary in our own words. */
    summary: LocalizedText,
    ratifications: DatedCount.optional(),
  })
  .strict();
export type Instrument = z.infer<typeof Instrument>;

export const Branch = z.enum([
  'medical-care',
  'sickness',
  'unemployment',
  'old-age',
  'employment-injury',
  'family',
  'maternity',
  'invalidity',
  'survivors',
  'death-grant',
]);
export type Branch = z.infer<typeof Branch>;

export const Agreement = z
  .object({
    ...entryBase,
    type: z.enum([
      'bilateral-ssa',
      'regional-framework',
      'multilateral',
      'union-partnership',
      'national-scheme',
    ]),
    title: LocalizedText,
    /** ISO 3166-1 alpha-2 codes of the countries it binds or serves. */
    parties: z.array(z.string().regex(/^[A-Z]{2}$/)).default([]),
    /** Region tags (as in Country.regions) whose members are parties, for regional frameworks. */
    regions: z.array(z.string()).default([]),
    /** Parties that signed but where it is not (or not confirmed) in force. */
    not_in_force_for: z.array(z.string().regex(/^[A-Z]{2}$/)).default([]),
    branches: z.array(Branch).default([]),
    signed: isoDate.optional(),
    in_force: isoDate.optional(),
    status: z.enum(['in-force', 'signed', 'adopted', 'pilot', 'unknown']),
    summary: LocalizedText,
    /** Organisations to contact about it. */
    organisations: z.array(z.string()).default([]),
  })
  .strict();
export type Agreement = z.infer<typeof Agreement>;

export const Contact = z
  .object({
    url: z.url().optional(),
    email: z.email().optional(),
    phone: z.string().optional(),
    note: LocalizedText.optional(),
  })
  .strict();

export const Organisation = z
  .object({
    ...entryBase,
    type: z.enum(['union', 'union-network', 'government', 'intergovernmental', 'ngo']),
    name: z.string().min(2),
    /** Countries it serves (ISO alpha-2); empty means international. */
    countries: z.array(z.string().regex(/^[A-Z]{2}$/)).default([]),
    summary: LocalizedText,
    contact: Contact.optional(),
  })
  .strict();
export type Organisation = z.infer<typeof Organisation>;

export const Ratification = z
  .object({
    instrument: z.string(),
    date: isoDate,
    source: Source.optional(),
  })
  .strict();

export const Country = z
  .object({
    ...entryBase,
    /** ISO 3166-1 alpha-2, upper case, e.g. PH. (The id is its lower-case form.) */
    iso2: z.string().regex(/^[A-Z]{2}$/),
    iso3: z.string().regex(/^[A-Z]{3}$/),
    /** Names per language; the first is the display name. English is required. */
    names: LocalizedList.refine((n) => (n.en?.length ?? 0) > 0, 'names.en is required'),
    demonyms: LocalizedList.default({}),
    /** Language-independent aliases and common misspellings: "RP", "Pinas", "Phillipines". */
    aliases: z.array(z.string()).default([]),
    /**
     * Words that look like this country's name but are ordinary words in a language, and so are not
     * read as the country in a message in that language (Tagalog "mali" means "wrong", not Mali).
     */
    false_friends: LocalizedList.default({}),
    /** Regions it belongs to, for regional frameworks: eu, eea, mercosur, sadc, gcc, asean, ecowas… */
    regions: z.array(z.string()).default([]),
    ratifications: z.array(Ratification).default([]),
  })
  .strict();
export type Country = z.infer<typeof Country>;

export const Topic = z
  .object({
    ...entryBase,
    title: LocalizedText,
    text: LocalizedText,
    /** A short form of `text` for phone-sized answers (`{{k:ID.summary}}`); the same facts, fewer words. */
    summary: LocalizedText.optional(),
  })
  .strict();
export type Topic = z.infer<typeof Topic>;

/**
 * A help line: an emergency number, an anti-trafficking, labour or crisis line where the worker is, or an
 * origin country's office for its workers abroad. Every number is copied exactly from its source; the tier
 * says how strong the source is (official, an NGO about its own line, or secondary: a lead to verify).
 */
export const Hotline = z
  .object({
    ...entryBase,
    type: z.enum(['emergency', 'trafficking', 'labour', 'crisis', 'migrant-office', 'embassy']),
    /** Countries where the line serves (ISO alpha-2). */
    where: z.array(z.string().regex(/^[A-Z]{2}$/)).default([]),
    /** Region tags (as in Country.regions) where the line serves, e.g. eu for 112. */
    regions: z.array(z.string()).default([]),
    /** An origin country's service for its own nationals abroad. */
    for_nationals: z.array(z.string().regex(/^[A-Z]{2}$/)).default([]),
    /** The service's name, as the source gives it. */
    service: z.string().min(3),
    /** Number, short code, app or address, exactly as the source prints it. */
    number: z.string().min(2),
    tier: z.enum(['official', 'ngo', 'secondary']),
    /** The date the source page shows (or "no date shown"). */
    source_date: z.string().min(4),
  })
  .strict()
  .refine(
    (h) => h.where.length + h.regions.length + h.for_nationals.length > 0,
    'a hotline needs where, regions or for_nationals',
  );
export type Hotline = z.infer<typeof Hotline>;

/** One knowledge file: a kind and a list of entries of that kind. */
export const KnowledgeFile = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('instrument'), entries: z.array(Instrument) }).strict(),
  z.object({ kind: z.literal('agreement'), entries: z.array(Agreement) }).strict(),
  z.object({ kind: z.literal('organisation'), entries: z.array(Organisation) }).strict(),
  z.object({ kind: z.literal('country'), entries: z.array(Country) }).strict(),
  z.object({ kind: z.literal('topic'), entries: z.array(Topic) }).strict(),
  z.object({ kind: z.literal('hotline'), entries: z.array(Hotline) }).strict(),
]);
export type KnowledgeFile = z.infer<typeof KnowledgeFile>;

export const Slot = z.enum(['origin', 'destination']);
export type Slot = z.infer<typeof Slot>;

/** A follow-up choice shown under an answer: another intent, or a command such as /human. */
export const Choice = z
  .object({
    label: LocalizedText,
    intent: z.string().optional(),
    command: z.enum(['human', 'help', 'language', 'forget']).optional(),
  })
  .strict()
  .refine(
    (c) => (c.intent === undefined) !== (c.command === undefined),
    'a choice has an intent or a command',
  );
export type Choice = z.infer<typeof Choice>;

/**
 * One intent file. Answer templates may use:
 *  {{k:ID}}          the entry's summary/text in the reply language (topic text, instrument/agreement summary)
 *  {{k:ID.title}}    its title or name
 *  {{k:ID.summary}}  a topic's short summary (its text when it has none)
 *  {{origin}} {{destination}}   the worker's countries, by name in the reply language
 *  {{agreements}}    the agreements found between origin and destination (or a plain "no record" line)
 *  {{agreementnames}} the same agreements by name only (for short answers)
 *  {{instrument}}    the instrument the worker named, with its ratification by the named country when known
 *  {{organisations}} unions and networks serving the worker's countries
 */
export const Intent = z
  .object({
    id: z.string().regex(/^[a-z0-9_]+$/, 'intent ids are lower_snake_case'),
    description: z.string().min(3),
    /** A short label for menus and "did you mean" questions; else taken from choices that point here. */
    title: LocalizedText.optional(),
    examples: LocalizedList,
    tests: LocalizedList,
    answer: LocalizedText,
    /**
     * More of the answer, shown when the worker presses "More detail" (same placeholders as `answer`).
     * Without it, "More detail" shows what did not fit the phone-sized main text, if anything.
     */
    detail: LocalizedText.optional(),
    /** Knowledge entries the answer rests on: their sources and reviewed dates are cited under it. */
    knowledge: z.array(z.string()).default([]),
    /** Slots the answer needs; the bot asks for the missing ones before answering. */
    requires: z.array(Slot).default([]),
    choices: z.array(Choice).default([]),
    /** Add "this is general information, not legal advice; a person can help" under the answer. */
    disclaimer: z.boolean().default(false),
    /** Always offer a person under the answer. */
    offer_human: z.boolean().default(false),
    /** Special behaviour handled by the core: greeting, thanks, human (start escalation). */
    action: z.enum(['human', 'help']).optional(),
    /**
     * `out`: a question outside social protection (visas, taxes, passports, job search, small talk).
     * Its answer says briefly that the bot cannot answer it and who can; the core offers a person.
     */
    scope: z.literal('out').optional(),
  })
  .strict();
export type Intent = z.infer<typeof Intent>;

/** One turn of a conversation test: what the worker says and what must be true after the bot's reply. */
export const ConversationTurn = z
  .object({
    say: z.string(),
    /** The intent the turn must be understood as (trace.intent). */
    intent: z.string().optional(),
    /** The worker's countries in the session after the turn (ISO alpha-2). */
    origin: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
    destination: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
    outcome: z.enum(['answered', 'asked', 'fallback', 'out-of-scope', 'urgent', 'handoff']).optional(),
    /** Case-insensitive substrings the whole reply text must contain (all of them). */
    contains: z.array(z.string().min(1)).default([]),
    /** Case-insensitive substrings the whole reply text must not contain. */
    notContains: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type ConversationTurn = z.infer<typeof ConversationTurn>;

/** A multi-turn test conversation (conversations/<lang>.yaml holds a list of them). */
export const Conversation = z
  .object({
    id: z.string().min(1),
    turns: z.array(ConversationTurn).min(1),
  })
  .strict();
export type Conversation = z.infer<typeof Conversation>;

export const ConversationFile = z.array(Conversation);
