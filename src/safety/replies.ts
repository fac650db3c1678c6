/**
 * The worker's reply when the detector finds a sign of danger, composed from `safety/replies.yaml`
 * (the bot's own words, per language) and the help lines in `knowledge/` (numbers, sources, dates).
 * Short on purpose: serious and not your fault; the first safe step; the numbers where the worker is;
 * what the bot does now. For self-harm: a crisis line and the emergency number, no lecture.
 */
import { z } from 'zod';
import type { Content } from '../kb/loader.ts';
import { Language, type Hotline } from '../kb/schema.ts';
import type { Category } from './schema.ts';

const texts = z
  .object({
    /** Opening line: serious, and not the worker's fault. */
    serious: z.string().min(5),
    /** Opening line for self-harm: no lecture. */
    selfharm: z.string().min(5),
    /** The first safe step, per category (`default` for the rest). */
    step: z.object({ default: z.string().min(5) }).catchall(z.string().min(5)),
    /** Heading over the numbers; {country} is where the worker is. */
    numbersIn: z.string().includes('{country}'),
    /** Heading over the origin country's office; {country} is the worker's home country. */
    numbersFrom: z.string().includes('{country}'),
    /** When the content has no number for the country: say so honestly. */
    noNumbers: z.string().min(5),
    /** Destination unknown: ask for it, in the same reply. */
    askCountry: z.string().min(5),
    /**
     * Destination unknown: what holds in every country (the local emergency number, the worker's embassy),
     * without a number, since no checked line works from everywhere.
     */
    anywhere: z.string().min(5),
    /**
     * The same when every sign is about work, not bodily danger (wages, debt, documents, a false job
     * offer): who helps with that (embassy, labour inspection, a union), the emergency number last.
     */
    anywhereWork: z.string().min(5),
    /** Heading over the home office of the country most who write this language come from (a guess). */
    ifFrom: z.string().includes('{country}'),
    /**
     * Where most who write this language come from (ISO code), when nearly all do (Tagalog: PH); their
     * home office is offered, said as a guess, while the worker's own country is unknown. Leave it out
     * for a language spoken in many countries.
     */
    homeGuess: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
    /** What the bot does now. */
    alerted: z.string().min(5),
    /** What the bot does now, when a request to staff was already open. */
    alertedAgain: z.string().min(5),
    /** Labels of the kinds of lines. */
    types: z
      .object({
        emergency: z.string(),
        trafficking: z.string(),
        labour: z.string(),
        crisis: z.string(),
        'migrant-office': z.string(),
        embassy: z.string(),
      })
      .strict(),
    /** How strong the source is, said to the worker. */
    tiers: z.object({ official: z.string(), ngo: z.string(), secondary: z.string() }).strict(),
    /** "checked {date}" after the source. */
    checked: z.string().includes('{date}'),
    /** One tap: may staff see the worker's name and phone number? */
    consent: z.string().min(5),
    consentYes: z.string().min(1),
    consentNo: z.string().min(1),
    consentGiven: z.string().min(5),
    consentRefused: z.string().min(5),
  })
  .strict();

export const RepliesFile = z.object({ replies: z.partialRecord(Language, texts) }).strict();
export type RepliesFile = z.infer<typeof RepliesFile>;
export type ReplyTexts = z.infer<typeof texts>;

/** Lines where the worker is (by type, in a useful order) and from their home country's offices. */
export function linesFor(
  content: Content,
  input: { destination?: string; origin?: string; categories: Category[] },
): { here: Hotline[]; home: Hotline[] } {
  const { kb } = content;
  const regions = input.destination ? (kb.countryByIso.get(input.destination)?.regions ?? []) : [];
  const inCountry = (h: Hotline) =>
    !!input.destination &&
    h.for_nationals.length === 0 &&
    (h.where.includes(input.destination) || h.regions.some((r) => regions.includes(r)));
  const selfharm = input.categories.includes('selfharm');
  const others = input.categories.some((c) => c !== 'selfharm');
  const order: Hotline['type'][] = [
    'emergency',
    ...(selfharm ? (['crisis'] as const) : []),
    ...(others ? (['trafficking', 'labour'] as const) : []),
  ];
  const here: Hotline[] = [];
  for (const type of order) {
    const candidates = kb.hotlines.filter((h) => h.type === type && inCountry(h));
    // A country's own line before a regional one (112 in the EU), official before secondary.
    candidates.sort((a, b) => rank(a, input.destination) - rank(b, input.destination));
    here.push(...candidates.slice(0, type === 'emergency' ? 1 : 2));
  }
  const home = input.origin
    ? kb.hotlines
        .filter(
          (h) =>
            h.for_nationals.includes(input.origin!) &&
            (h.where.length === 0 || (!!input.destination && h.where.includes(input.destination))),
        )
        .sort((a, b) => Number(b.where.length > 0) - Number(a.where.length > 0) || tierRank(a) - tierRank(b))
        .slice(0, 2)
    : [];
  return { here, home };
}

function tierRank(h: Hotline): number {
  return h.tier === 'official' ? 0 : h.tier === 'ngo' ? 1 : 2;
}

function rank(h: Hotline, destination?: string): number {
  return (destination && h.where.includes(destination) ? 0 : 10) + tierRank(h);
}

function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m);
}

/** One help line, with its source, the date the source shows, the tier and when we checked it. */
export function formatLine(h: Hotline, t: ReplyTexts): string {
  const source = h.sources[0]!;
  return (
    `• ${t.types[h.type]}: ${h.number} — ${h.service}\n` +
    `  ${t.tiers[h.tier]}: ${source.title} (${h.source_date}); ${fill(t.checked, { date: h.reviewed })}`
  );
}

export interface SafetyReplyInput {
  language: Language;
  categories: Category[];
  destination?: string;
  origin?: string;
  /** A request to staff was already open (it was raised to urgent). */
  alreadyOpen: boolean;
  countryName: (iso: string) => string;
  /** Only the numbers and what happens next (the worker already had the opening and the first step). */
  skipOpening?: boolean;
}

/** The reply text and the sources' links (for channels that show links apart). */
/** Signs about work rather than bodily danger: the reply points to who helps with work first. */
const WORK_SIGNS = new Set<Category>(['wages', 'debt', 'documents', 'deception']);

export function composeSafetyReply(
  content: Content,
  replies: RepliesFile,
  input: SafetyReplyInput,
): { text: string; links: { title: string; url: string }[] } {
  const t = replies.replies[input.language] ?? replies.replies.en!;
  const selfharm = input.categories[0] === 'selfharm' || input.categories.every((c) => c === 'selfharm');
  const parts: string[] = [];
  if (!input.skipOpening) {
    parts.push(selfharm ? t.selfharm : t.serious);
    const first = input.categories.find((c) => t.step[c]) ?? 'default';
    parts.push(t.step[first] ?? t.step.default);
  }
  const { here, home } = linesFor(content, input);
  const cited = [...here, ...home];
  if (input.destination) {
    if (here.length > 0)
      parts.push(
        [
          fill(t.numbersIn, { country: input.countryName(input.destination) }),
          ...here.map((h) => formatLine(h, t)),
        ].join('\n'),
      );
    else parts.push(t.noNumbers);
  }
  if (home.length > 0 && input.origin)
    parts.push(
      [
        fill(t.numbersFrom, { country: input.countryName(input.origin) }),
        ...home.map((h) => formatLine(h, t)),
      ].join('\n'),
    );
  // No line where the worker is (country unknown, or none checked there) and no home country known:
  // the office of the country nearly all who write this language come from, said as a guess.
  if (!input.origin && t.homeGuess && t.homeGuess !== input.destination && here.length === 0) {
    const guessed = linesFor(content, { origin: t.homeGuess, categories: input.categories }).home;
    if (guessed.length > 0) {
      parts.push(
        [
          fill(t.ifFrom, { country: input.countryName(t.homeGuess) }),
          ...guessed.map((h) => formatLine(h, t)),
        ].join('\n'),
      );
      cited.push(...guessed);
    }
  }
  if (!input.destination)
    parts.push(input.categories.every((c) => WORK_SIGNS.has(c)) ? t.anywhereWork : t.anywhere, t.askCountry);
  parts.push(input.alreadyOpen ? t.alertedAgain : t.alerted);
  const links = cited
    .map((h) => h.sources[0]!)
    .filter((s): s is typeof s & { url: string } => !!s.url)
    .map((s) => ({ title: s.title, url: s.url }));
  return { text: parts.join('\n\n'), links };
}
