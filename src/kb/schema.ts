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

/**
 * When each language's texts of an entry were last written or checked against the English
 * (`en`: when the English text last changed; the entry's `reviewed` date when not given). A
 * translation dated before the English is flagged in the console's knowledge health; dates can
 * be filled from git history with scripts/translation-dates.ts.
 */
export const TextReviewed = z.partialRecord(Language, isoDate);
export type TextReviewed = z.infer<typeof TextReviewed>;

const entryBase = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case letters, digits and dashes'),
  sources: z.array(Source).min(1, 'every entry needs at least one source'),
  reviewed: isoDate,
  text_reviewed: TextReviewed.optional(),
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
    iso2: z.string().regex(/^[A-Z]{2}(-[A-Z]{2})?$/),
    /** Absent only for a subdivision that signs its own agreements (CA-QC). */
    iso3: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    /** For a subdivision (CA-QC): the country it belongs to. */
    part_of: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
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
/* ------------------------------------------------------------------------------------------------
 * Agreements as data (issue 9). Each bilateral social security agreement is a record imported from
 * /work/shared/agreements-official.md by scripts/import-agreements.ts; the bot writes the sentence
 * from the record with per-language templates (src/core/render-agreements.ts).
 * ---------------------------------------------------------------------------------------------- */

/** A date at the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD. */
export const PartialDate = z.union([
  z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD'),
  z.date().transform((d) => d.toISOString().slice(0, 10)),
  z.number().int().min(1900).max(2100).transform(String),
]);

/** A party: ISO 3166-1 alpha-2, or a subdivision that signs its own agreements (CA-QC, Québec). */
export const PartyCode = z
  .string()
  .regex(/^[A-Z]{2}(-[A-Z]{2})?$/, 'expected an ISO code such as PH or CA-QC');

/** How much a source can carry: official lists and gazettes may say "in force"; the rest is attributed. */
export const SourceTier = z.enum(['official', 'gazette', 'secondary', 'seed']);
export type SourceTier = z.infer<typeof SourceTier>;

/** What a source is cited for, so every date and status can be traced to one. */
export const RecordFact = z.enum(['status', 'signed', 'in_force', 'scope', 'posting', 'absence', 'count']);

export const RecordSource = z
  .object({
    title: z.string().min(3),
    url: z.url().optional(),
    /** The date the page itself shows ("undated" when it shows none). */
    shown: z.union([z.string().min(1), z.number().transform(String)]),
    tier: SourceTier,
    /** Facts of the record this source supports. */
    gives: z.array(RecordFact).default([]),
    /** As in Source: a seed document or a project document instead of a page (rare for records). */
    seed: z.string().optional(),
    doc: z.string().optional(),
  })
  .strict();
export type RecordSource = z.infer<typeof RecordSource>;

const recordBase = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case letters, digits and dashes'),
  sources: z.array(RecordSource).min(1, 'every record needs at least one source'),
  reviewed: isoDate,
  text_reviewed: TextReviewed.optional(),
  /** Row of the fact sheet it comes from (A001…, C17…), for editors. */
  row: z.string().optional(),
  /** A short note per language, only where the record needs one. */
  note: LocalizedText.optional(),
  certainty: Certainty.default('confirmed'),
};

/** What an agreement does for a worker, only as far as a source says. */
export const AgreementScope = z
  .object({
    /** full | posting-only | export-only | partial (some of the below) | unknown (source lists it only). */
    kind: z.enum(['full', 'posting-only', 'export-only', 'partial', 'unknown']),
    totalisation: z.boolean().optional(),
    export: z.boolean().optional(),
    equal_treatment: z.boolean().optional(),
    posting: z.boolean().optional(),
    /** Longest posting during which the worker stays insured at home, when a source gives it. */
    posting_max_months: z.number().int().positive().optional(),
    /** The posting period comes from a secondary source only. */
    posting_secondary: z.boolean().optional(),
    /** Benefits or schemes a source says it does not cover. */
    not_covered: z
      .array(z.enum(['health-insurance', 'social-assistance', 'unemployment', 'sickness', 'totalisation']))
      .default([]),
    /** Only long-term benefits (pensions) according to the source. */
    long_term_only: z.boolean().optional(),
  })
  .strict();
export type AgreementScope = z.infer<typeof AgreementScope>;

export const AgreementRecordStatus = z.enum([
  'in-force',
  'signed',
  'agreed',
  'replaced',
  'terminated',
  'none',
]);
export type AgreementRecordStatus = z.infer<typeof AgreementRecordStatus>;

export const AgreementRecord = z
  .object({
    ...recordBase,
    parties: z.array(PartyCode).length(2),
    /**
     * in-force | signed | agreed (text agreed, not in force) | replaced | terminated |
     * none (a source says there is no agreement: an official list meant to be complete, or a secondary report).
     */
    status: AgreementRecordStatus,
    /** Only secondary sources say so: rendered as "a 2023 news report citing SSS says …". */
    secondary_only: z.boolean().default(false),
    /**
     * For `signed`: not-in-force (a source says so), in-force-not-verified (no source says either way),
     * listed-as-signed (Québec's list says "signed"), current-status-not-verified (old record, no newer source).
     */
    detail: z
      .enum(['not-in-force', 'in-force-not-verified', 'listed-as-signed', 'current-status-not-verified'])
      .optional(),
    signed: PartialDate.optional(),
    in_force: PartialDate.optional(),
    /** The date came from a secondary source only. */
    signed_secondary: z.boolean().default(false),
    in_force_secondary: z.boolean().default(false),
    /** A later date from which the agreement was extended (e.g. a full agreement after a posting one). */
    extended_from: PartialDate.optional(),
    ended: PartialDate.optional(),
    scope: AgreementScope.default({ kind: 'unknown', not_covered: [] }),
    branches: z.array(Branch).default([]),
    replaces: z.string().optional(),
    replaced_by: z.string().optional(),
    /** The more favourable of this and a multilateral rule applies, where a source says so. */
    more_favourable: z.boolean().default(false),
    /** Institutions where the worker claims, per party (name as the institution writes it). */
    institutions: z.partialRecord(PartyCode, z.string()).default({}),
  })
  .strict();
export type AgreementRecord = z.infer<typeof AgreementRecord>;

/** A multilateral rule (EU coordination, CMISS, MERCOSUR, CARICOM…) with the date each member joined. */
export const MultilateralRule = z
  .object({
    ...recordBase,
    /** The descriptive agreement entry (knowledge/agreements.yaml) whose title the bot uses. */
    entry: z.string().optional(),
    /** Only where no descriptive entry gives the title; the bot's sentences come from templates. */
    title: LocalizedText.optional(),
    status: z.enum(['in-force', 'signed']),
    secondary_only: z.boolean().default(false),
    signed: PartialDate.optional(),
    in_force: PartialDate.optional(),
    /** Members and the date the rule applies to each (or the group's date when the source gives one). */
    members: z.array(z.object({ party: PartyCode, from: PartialDate.optional() }).strict()).min(1),
    /** Only between a member of `members` and a member of `with` (UK–EU: UK with the EU 27). */
    with: z.array(PartyCode).default([]),
    scope: AgreementScope.default({ kind: 'unknown', not_covered: [] }),
    /** Bilateral agreements between members still apply, the more favourable rule winning. */
    more_favourable: z.boolean().default(false),
    /** Bilateral agreements between members are superseded (EU coordination). */
    supersedes_bilateral: z.boolean().default(false),
    /** It gives no cross-border rights by itself (EU association agreements): said so, never as coverage. */
    no_export: z.boolean().default(false),
  })
  .strict();
export type MultilateralRule = z.infer<typeof MultilateralRule>;

/** An official list meant to show all of a country's agreements, with its date: absence is evidence. */
export const AgreementList = z
  .object({
    ...recordBase,
    owner: PartyCode,
    /** Who keeps it, as the worker would know it: SSA, EPFO, DSS, Japan Pension Service. */
    institution: z.string().min(2),
    /** The date it shows, at the precision it shows. */
    as_of: z.union([z.string().min(4), z.number().transform(String)]),
    partners: z.array(PartyCode),
  })
  .strict();
export type AgreementList = z.infer<typeof AgreementList>;

/** One country's ratification of an instrument, or a dated count of ratifications (no country). */
export const RatificationRecord = z
  .object({
    ...recordBase,
    instrument: z.string(),
    country: PartyCode.optional(),
    date: PartialDate.optional(),
    /** When it entered into force for that country. */
    in_force: PartialDate.optional(),
    count: z.number().int().nonnegative().optional(),
    /** The date a count was true, at the precision the source gives. */
    as_of: z.union([z.string(), z.number().transform(String)]).optional(),
    /** The source only shows acceptance by some date (C118, Sweden 1976), not a ratification date. */
    accepted_by: PartialDate.optional(),
    /** The source only shows a signature (ICRMW signatories). */
    signatory: z.boolean().default(false),
    secondary_only: z.boolean().default(false),
    /** The sheet marks the date or count as unverified or unresolved. */
    unverified: z.boolean().default(false),
  })
  .strict();
export type RatificationRecord = z.infer<typeof RatificationRecord>;

/** One knowledge file: a kind and a list of entries of that kind. */
export const KnowledgeFile = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('instrument'), entries: z.array(Instrument) }).strict(),
  z.object({ kind: z.literal('agreement'), entries: z.array(Agreement) }).strict(),
  z.object({ kind: z.literal('organisation'), entries: z.array(Organisation) }).strict(),
  z.object({ kind: z.literal('country'), entries: z.array(Country) }).strict(),
  z.object({ kind: z.literal('topic'), entries: z.array(Topic) }).strict(),
  z.object({ kind: z.literal('hotline'), entries: z.array(Hotline) }).strict(),
  z.object({ kind: z.literal('agreement-record'), entries: z.array(AgreementRecord) }).strict(),
  z.object({ kind: z.literal('multilateral-rule'), entries: z.array(MultilateralRule) }).strict(),
  z.object({ kind: z.literal('agreement-list'), entries: z.array(AgreementList) }).strict(),
  z.object({ kind: z.literal('ratification'), entries: z.array(RatificationRecord) }).strict(),
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
