/**
 * Schemas of the safeguarding content in `safety/`: the categories, the per-language patterns the
 * detector reads, the replies, and the held-out test sets. Editors change these files, not code.
 *
 * A pattern file names word lists (`terms`) and, per category, rules. A rule matches when one term of
 * every group in `all` occurs within `within` words of each other, and no `unless` term occurs near
 * them. A term is one or more words separated by spaces; in a word, `*` at the end matches any ending
 * (`confiscat*`), at the start any beginning (`*جواز`), at both ends any word containing it. `#num` is a
 * number, `#minor` a number from 5 to 17 (an age). A group is a list of terms or `$NAME` of a list in
 * `terms`.
 */
import { z } from 'zod';
import { Language } from '../kb/schema.ts';

export const CATEGORIES = [
  'selfharm',
  'violence',
  'confinement',
  'threats',
  'documents',
  'debt',
  'children',
  'phone',
  'wages',
  'deception',
] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

/** How staff read each category in the desk (English; the desk speaks English). */
export const DANGER_LABELS: Record<Category, string> = {
  selfharm: 'self-harm or suicide',
  violence: 'physical or sexual violence',
  confinement: 'confinement or restricted movement',
  threats: 'threats (violence, denunciation, deportation)',
  documents: 'identity documents confiscated',
  debt: 'debt bondage or recruitment debt',
  children: 'children working',
  phone: 'phone taken away',
  wages: 'wages withheld for a long time, or work forced without pay',
  deception: 'deception about the job',
};

export const Severity = z.enum(['critical', 'high', 'medium']);
export type Severity = z.infer<typeof Severity>;

export const CategoriesFile = z
  .object({
    categories: z.record(Category, z.object({ severity: Severity, label: z.string().min(3) }).strict()),
  })
  .strict()
  .refine((f) => CATEGORIES.every((c) => f.categories[c]), 'every category needs a severity and a label');
export type CategoriesFile = z.infer<typeof CategoriesFile>;

/** A term, or `$NAME` inside a group to include a whole list. */
const term = z.string().min(1);
/** A group: inline terms, or `$NAME` naming a list under `terms`. */
const Group = z.union([z.array(term).min(1), z.string().regex(/^\$[A-Z_]+$/, 'a list name like $DOC')]);

export const Rule = z
  .object({
    all: z.array(Group).min(1),
    /** Largest distance in words between the first and the last group matched (default 10). */
    within: z.number().int().min(0).max(60).default(10),
    /** The groups must occur in this order (a promise, then the job, then "but"). */
    ordered: z.boolean().default(false),
    /** Words that cancel the rule when they occur within 4 words of the match. */
    unless: z.array(term).default([]),
  })
  .strict();
export type Rule = z.infer<typeof Rule>;

export const PatternFile = z
  .object({
    language: Language,
    /** A writing of the language (romanised, arabizi, taglish) the file is meant for. */
    variant: z.string().optional(),
    terms: z.record(z.string().regex(/^[A-Z_]+$/), z.array(term).min(1)).default({}),
    /** Words that cancel a category anywhere in the message (e.g. "renew" for documents). */
    unless: z.partialRecord(Category, z.array(term)).default({}),
    rules: z.partialRecord(Category, z.array(Rule).min(1)),
  })
  .strict();
export type PatternFile = z.infer<typeof PatternFile>;

export const HeldOutFile = z
  .object({
    language: Language,
    variant: z.string().optional(),
    danger: z.array(z.object({ category: Category, text: z.string().min(1) }).strict()).min(8),
    ordinary: z.array(z.string().min(1)).min(8),
  })
  .strict();
export type HeldOutFile = z.infer<typeof HeldOutFile>;
