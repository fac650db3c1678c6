/**
 * Loads and cross-checks the content: `knowledge/` and `intents/`.
 *
 * Every problem names the file, the line and the field, so an editor can fix it without reading code.
 * A load with errors never replaces good content in a running bot (see src/kb/live.ts).
 *
 * @example
 * const { content, errors } = await loadContent('.');
 * if (errors.length) console.error(errors.map(formatProblem).join('\n'));
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parse, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import {
  ConversationFile,
  Intent,
  KnowledgeFile,
  type Conversation,
  LANGUAGES,
  type Agreement,
  type AgreementList,
  type AgreementRecord,
  type Country,
  type Hotline,
  type Instrument,
  type Language,
  type MultilateralRule,
  type Organisation,
  type RatificationRecord,
  type Topic,
} from './schema.ts';
import { checkRecords } from './records-check.ts';
import { identifyingDetail, normalizeForCompare } from './text.ts';

export interface Problem {
  file: string;
  line?: number;
  /** Dotted path of the field, e.g. `entries.3.sources`. */
  field?: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  return `${where}${p.field ? ` [${p.field}]` : ''}: ${p.message}`;
}

export type KnowledgeKind =
  | 'instrument'
  | 'agreement'
  | 'organisation'
  | 'country'
  | 'topic'
  | 'hotline'
  | 'agreement-record'
  | 'multilateral-rule'
  | 'agreement-list'
  | 'ratification';

export type KnowledgeEntry =
  | ({ kind: 'instrument' } & Instrument)
  | ({ kind: 'agreement' } & Agreement)
  | ({ kind: 'organisation' } & Organisation)
  | ({ kind: 'country' } & Country)
  | ({ kind: 'topic' } & Topic)
  | ({ kind: 'hotline' } & Hotline)
  | ({ kind: 'agreement-record' } & AgreementRecord)
  | ({ kind: 'multilateral-rule' } & MultilateralRule)
  | ({ kind: 'agreement-list' } & AgreementList)
  | ({ kind: 'ratification' } & RatificationRecord);

export interface KnowledgeBase {
  byId: Map<string, KnowledgeEntry>;
  instruments: Instrument[];
  agreements: Agreement[];
  organisations: Organisation[];
  countries: Country[];
  topics: Topic[];
  /** Help lines (src/safety): emergency, trafficking, labour, crisis, origin countries' offices. */
  hotlines: Hotline[];
  /** Countries by ISO alpha-2 (upper case). */
  countryByIso: Map<string, Country>;
  /** Bilateral agreement records, multilateral rules, complete official lists, ratifications (issue 9). */
  records: AgreementRecord[];
  rules: MultilateralRule[];
  lists: AgreementList[];
  ratifications: RatificationRecord[];
}

export interface Content {
  kb: KnowledgeBase;
  intents: Intent[];
  intentById: Map<string, Intent>;
  /** Languages every intent answers in: the only ones the bot claims. */
  languages: Language[];
  /** Hash of all content files, for caches. */
  hash: string;
  /** Where each intent and entry was defined (file relative to the content root). */
  origins: Map<string, string>;
  /** Multi-turn conversation tests (conversations/<lang>.yaml), for `kb eval --dialogue`. */
  conversations: LoadedConversation[];
}

export interface LoadedConversation {
  language: Language;
  /** File relative to the content root. */
  file: string;
  conversation: Conversation;
}

export interface LoadResult {
  content: Content;
  errors: Problem[];
  warnings: Problem[];
}

export interface LoadOptions {
  /** Warn about entries reviewed longer ago than this many days. */
  maxReviewAgeDays?: number;
  now?: Date;
}

async function listYaml(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

interface ParsedFile {
  rel: string;
  data: unknown;
  /** The document with node positions, parsed only when a problem needs a line number. */
  located(): { doc: Document.Parsed; lines: LineCounter };
}

function lineOf(file: ParsedFile, fieldPath: readonly PropertyKey[]): number | undefined {
  const { doc, lines } = file.located();
  // Walk up the path until a node with a range is found.
  for (let n = fieldPath.length; n >= 0; n--) {
    const node = doc.getIn(fieldPath.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function zodProblems(file: ParsedFile, error: z.ZodError): Problem[] {
  return error.issues.map((issue) => ({
    file: file.rel,
    line: lineOf(file, issue.path),
    field: issue.path.join('.') || undefined,
    message: issue.message,
  }));
}

async function parseYamlFile(root: string, abs: string, errors: Problem[]): Promise<ParsedFile | undefined> {
  const rel = path.relative(root, abs) || abs;
  const text = await readFile(abs, 'utf8');
  let located: { doc: Document.Parsed; lines: LineCounter } | undefined;
  const locate = () => {
    if (!located) {
      const lines = new LineCounter();
      located = { doc: parseDocument(text, { lineCounter: lines, prettyErrors: true }), lines };
    }
    return located;
  };
  let data: unknown;
  try {
    // The plain parser is three times faster; positions are only needed to report a problem.
    data = parse(text);
  } catch {
    for (const e of locate().doc.errors) {
      errors.push({
        file: rel,
        line: e.linePos?.[0]?.line,
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      });
    }
    if (locate().doc.errors.length === 0) errors.push({ file: rel, message: 'YAML syntax error' });
    return undefined;
  }
  return { rel, data, located: locate };
}

const PLACEHOLDER = /\{\{\s*([a-z]+)(?::([a-z0-9-]+)(?:\.([a-z]+))?)?\s*\}\}/g;
const RESOLVERS = new Set([
  'origin',
  'destination',
  'agreements',
  'agreementnames',
  'instrument',
  'organisations',
]);

/** Loads `knowledge/`, `intents/` and `conversations/` under `root`, validates them and cross-checks references. */
export async function loadContent(root: string, options: LoadOptions = {}): Promise<LoadResult> {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const hash = createHash('sha256');
  const origins = new Map<string, string>();
  const kb: KnowledgeBase = {
    byId: new Map(),
    instruments: [],
    agreements: [],
    organisations: [],
    countries: [],
    topics: [],
    hotlines: [],
    countryByIso: new Map(),
    records: [],
    rules: [],
    lists: [],
    ratifications: [],
  };
  const entryFiles = new Map<string, { file: ParsedFile; index: number }>();

  for (const abs of await listYaml(path.join(root, 'knowledge'))) {
    const file = await parseYamlFile(root, abs, errors);
    hash.update(abs).update(await readFile(abs));
    if (!file) continue;
    const parsed = KnowledgeFile.safeParse(file.data);
    if (!parsed.success) {
      errors.push(...zodProblems(file, parsed.error));
      continue;
    }
    parsed.data.entries.forEach((entry, index) => {
      if (kb.byId.has(entry.id)) {
        errors.push({
          file: file.rel,
          line: lineOf(file, ['entries', index, 'id']),
          field: `entries.${index}.id`,
          message: `duplicate id "${entry.id}" (also in ${origins.get(entry.id)})`,
        });
        return;
      }
      origins.set(entry.id, file.rel);
      entryFiles.set(entry.id, { file, index });
      const kind = parsed.data.kind;
      kb.byId.set(entry.id, { kind, ...entry } as KnowledgeEntry);
      if (kind === 'instrument') kb.instruments.push(entry as Instrument);
      else if (kind === 'agreement') kb.agreements.push(entry as Agreement);
      else if (kind === 'organisation') kb.organisations.push(entry as Organisation);
      else if (kind === 'topic') kb.topics.push(entry as Topic);
      else if (kind === 'hotline') kb.hotlines.push(entry as Hotline);
      else if (kind === 'agreement-record') kb.records.push(entry as AgreementRecord);
      else if (kind === 'multilateral-rule') kb.rules.push(entry as MultilateralRule);
      else if (kind === 'agreement-list') kb.lists.push(entry as AgreementList);
      else if (kind === 'ratification') kb.ratifications.push(entry as RatificationRecord);
      else {
        const c = entry as Country;
        kb.countries.push(c);
        kb.countryByIso.set(c.iso2, c);
        if (c.id !== c.iso2.toLowerCase()) {
          errors.push({
            file: file.rel,
            line: lineOf(file, ['entries', index, 'id']),
            field: `entries.${index}.id`,
            message: `a country's id must be its ISO code in lower case ("${c.iso2.toLowerCase()}")`,
          });
        }
      }
    });
  }

  const at = (id: string, ...rest: (string | number)[]) => {
    const f = entryFiles.get(id);
    if (!f) return { file: 'knowledge' };
    const p = ['entries', f.index, ...rest];
    return { file: f.file.rel, line: lineOf(f.file, p), field: p.join('.') };
  };

  // Cross-references inside knowledge.
  const hasCountries = kb.countries.length > 0;
  for (const a of kb.agreements) {
    for (const [field, codes] of [
      ['parties', a.parties],
      ['not_in_force_for', a.not_in_force_for],
    ] as const) {
      codes.forEach((code, i) => {
        if (hasCountries && !kb.countryByIso.has(code))
          errors.push({
            ...at(a.id, field, i),
            message: `unknown country "${code}" (add it to knowledge/countries)`,
          });
      });
    }
    a.organisations.forEach((o, i) => {
      if (kb.byId.get(o)?.kind !== 'organisation')
        errors.push({ ...at(a.id, 'organisations', i), message: `unknown organisation "${o}"` });
    });
  }
  for (const o of kb.organisations) {
    o.countries.forEach((code, i) => {
      if (hasCountries && !kb.countryByIso.has(code))
        errors.push({ ...at(o.id, 'countries', i), message: `unknown country "${code}"` });
    });
  }
  for (const h of kb.hotlines) {
    for (const field of ['where', 'for_nationals'] as const)
      h[field].forEach((code, i) => {
        if (hasCountries && !kb.countryByIso.has(code))
          errors.push({ ...at(h.id, field, i), message: `unknown country "${code}"` });
      });
  }
  for (const c of kb.countries) {
    c.ratifications.forEach((r, i) => {
      if (kb.byId.get(r.instrument)?.kind !== 'instrument')
        errors.push({
          ...at(c.id, 'ratifications', i, 'instrument'),
          message: `unknown instrument "${r.instrument}"`,
        });
    });
  }

  // Agreement records, rules, lists and ratifications: parties known, sources for every date and status.
  errors.push(...checkRecords(kb, at));

  // Stale reviews.
  const now = options.now ?? new Date();
  if (options.maxReviewAgeDays !== undefined) {
    for (const [id, e] of kb.byId) {
      const ageDays = (now.getTime() - new Date(e.reviewed).getTime()) / 86_400_000;
      if (ageDays > options.maxReviewAgeDays)
        warnings.push({
          ...at(id, 'reviewed'),
          message: `reviewed ${e.reviewed}, more than ${options.maxReviewAgeDays} days ago: check the sources again`,
        });
      if (ageDays < -1)
        errors.push({ ...at(id, 'reviewed'), message: `reviewed date ${e.reviewed} is in the future` });
    }
  }

  // Intents.
  const intents: Intent[] = [];
  const intentFiles = new Map<string, ParsedFile>();
  for (const abs of await listYaml(path.join(root, 'intents'))) {
    const file = await parseYamlFile(root, abs, errors);
    hash.update(abs).update(await readFile(abs));
    if (!file) continue;
    const parsed = Intent.safeParse(file.data);
    if (!parsed.success) {
      errors.push(...zodProblems(file, parsed.error));
      continue;
    }
    const intent = parsed.data;
    if (intentFiles.has(intent.id)) {
      errors.push({
        file: file.rel,
        line: lineOf(file, ['id']),
        field: 'id',
        message: `duplicate intent id "${intent.id}" (also in ${intentFiles.get(intent.id)?.rel})`,
      });
      continue;
    }
    const expected = `${intent.id}.yaml`;
    if (path.basename(abs) !== expected && path.basename(abs) !== `${intent.id}.yml`)
      warnings.push({ file: file.rel, field: 'id', message: `file name should be ${expected}` });
    intentFiles.set(intent.id, file);
    origins.set(`intent:${intent.id}`, file.rel);
    intents.push(intent);
  }
  const intentById = new Map(intents.map((i) => [i.id, i]));

  const seenExamples = new Map<string, { intent: string; field: string }>();
  for (const intent of intents) {
    const file = intentFiles.get(intent.id)!;
    const here = (...p: (string | number)[]) => ({
      file: file.rel,
      line: lineOf(file, p),
      field: p.join('.'),
    });
    const langs = Object.keys(intent.examples) as Language[];
    for (const lang of langs) {
      if (!intent.answer[lang])
        errors.push({ ...here('answer'), message: `examples in "${lang}" but no answer in "${lang}"` });
      if ((intent.tests[lang]?.length ?? 0) === 0)
        warnings.push({ ...here('tests'), message: `no held-out tests in "${lang}"` });
    }
    for (const lang of Object.keys(intent.answer) as Language[]) {
      if (!intent.examples[lang]?.length)
        warnings.push({
          ...here('answer', lang),
          message: `an answer in "${lang}" but no examples in "${lang}"`,
        });
    }
    for (const [kind, lists] of [
      ['examples', intent.examples],
      ['tests', intent.tests],
    ] as const) {
      for (const [lang, list] of Object.entries(lists)) {
        (list ?? []).forEach((text, i) => {
          const key = `${lang}:${normalizeForCompare(text)}`;
          const prev = seenExamples.get(key);
          if (prev && prev.intent !== intent.id) {
            errors.push({
              ...here(kind, lang, i),
              message: `"${text}" is also in intent "${prev.intent}" (${prev.field}): a phrase must belong to one intent`,
            });
          } else if (prev && prev.field !== `${kind}.${lang}` && kind === 'tests') {
            errors.push({
              ...here(kind, lang, i),
              message: `held-out test "${text}" is also a training example`,
            });
          } else if (prev && prev.field === `${kind}.${lang}`) {
            warnings.push({ ...here(kind, lang, i), message: `"${text}" appears twice` });
          }
          if (!prev) seenExamples.set(key, { intent: intent.id, field: `${kind}.${lang}` });
          const mask = /\[(?:name|number|email|handle)\]/u.exec(text)?.[0];
          if (mask)
            errors.push({
              ...here(kind, lang, i),
              message: `this phrase holds ${mask}, a mask from a worker's question: write the question as a worker would, with nothing in its place`,
            });
          const identifying = identifyingDetail(text);
          if (identifying)
            errors.push({
              ...here(kind, lang, i),
              message: `this phrase holds what looks like ${identifying}: examples and tests are content every editor reads and git keeps, so they must not identify anyone — write the question without it`,
            });
        });
      }
    }
    intent.knowledge.forEach((id, i) => {
      if (!kb.byId.has(id))
        errors.push({ ...here('knowledge', i), message: `unknown knowledge entry "${id}"` });
    });
    for (const part of ['answer', 'detail'] as const) {
      for (const [lang, template] of Object.entries(intent[part] ?? {})) {
        for (const m of template.matchAll(PLACEHOLDER)) {
          const [whole, name, ref, prop] = m;
          if (name === 'k') {
            const entry = ref ? kb.byId.get(ref) : undefined;
            if (!entry)
              errors.push({
                ...here(part, lang),
                message: `${whole}: unknown knowledge entry "${ref ?? ''}"`,
              });
            else if (prop && prop !== 'title' && prop !== 'summary')
              errors.push({
                ...here(part, lang),
                message: `${whole}: only ".title" or ".summary" may follow an id`,
              });
            else if (prop === 'summary' && (entry.kind !== 'topic' || !entry.summary))
              errors.push({ ...here(part, lang), message: `${whole}: "${ref}" has no summary` });
            else if (!intent.knowledge.includes(ref!))
              warnings.push({
                ...here(part, lang),
                message: `${whole}: "${ref}" is used but not listed under knowledge (its source will still be cited)`,
              });
          } else if (!RESOLVERS.has(name!)) {
            errors.push({ ...here(part, lang), message: `${whole}: unknown placeholder` });
          }
        }
        const unclosed = template.replace(PLACEHOLDER, '').match(/\{\{|\}\}/);
        if (unclosed)
          errors.push({ ...here(part, lang), message: 'malformed placeholder: check the {{ }} pairs' });
      }
    }
    if (intent.detail)
      for (const lang of Object.keys(intent.answer) as Language[])
        if (!intent.detail[lang])
          errors.push({ ...here('detail'), message: `an answer in "${lang}" but no detail in "${lang}"` });
    intent.choices.forEach((c, i) => {
      if (c.intent && !intentById.has(c.intent))
        errors.push({ ...here('choices', i, 'intent'), message: `unknown intent "${c.intent}"` });
    });
    // An out-of-scope answer states no fact about rights (it says who can help), so it may cite nothing.
    if (
      intent.scope !== 'out' &&
      intent.knowledge.length === 0 &&
      !intent.answer.en.includes('{{k:') &&
      !intent.answer.en.includes('{{agreements}}')
    )
      errors.push({ ...here('knowledge'), message: 'an intent must cite at least one knowledge entry' });
  }

  // Every text a language claims must exist for the referenced knowledge in that language.
  const languages = LANGUAGES.filter(
    (lang) =>
      intents.length > 0 &&
      intents.every((i) => i.answer[lang] !== undefined && (i.examples[lang]?.length ?? 0) > 0),
  );
  // Every intent can be offered as a choice ("Did you mean…?"): it needs a title in every language,
  // unless another intent's choice gives it a label (else the button would show its description).
  const labelled = new Set(intents.flatMap((i) => i.choices.map((c) => c.intent)));
  for (const intent of intents) {
    if (labelled.has(intent.id)) continue;
    const topic = topicOf(kb, intent);
    const missing = languages.filter((lang) => !intent.title?.[lang] && !topic?.title[lang]);
    if (missing.length > 0) {
      const file = intentFiles.get(intent.id)!;
      errors.push({
        file: file.rel,
        line: lineOf(file, intent.title ? ['title'] : ['id']),
        field: 'title',
        message: `no title in ${missing.map((l) => `"${l}"`).join(', ')} (nor a topic with one): a "Did you mean" button would show the description`,
      });
    }
  }
  for (const intent of intents) {
    for (const lang of languages) {
      const templates = `${intent.answer[lang] ?? ''}\n${intent.detail?.[lang] ?? ''}`;
      for (const m of templates.matchAll(PLACEHOLDER)) {
        if (m[1] !== 'k' || !m[2]) continue;
        const e = kb.byId.get(m[2]);
        if (!e) continue;
        const which = m[3] === 'title' ? 'title' : m[3] === 'summary' ? 'summary' : 'text';
        const text = entryText(e, which);
        if (text && !text[lang])
          errors.push({
            ...at(e.id, which === 'text' ? (e.kind === 'topic' ? 'text' : 'summary') : which),
            message: `missing "${lang}" ${which === 'summary' ? 'summary' : 'text'}, needed by intent "${intent.id}"`,
          });
      }
    }
  }

  // Conversation tests: conversations/<lang>.yaml, each a list of multi-turn conversations.
  const conversations: LoadedConversation[] = [];
  const conversationIds = new Map<string, string>();
  for (const abs of await listYaml(path.join(root, 'conversations'))) {
    const file = await parseYamlFile(root, abs, errors);
    hash.update(abs).update(await readFile(abs));
    if (!file) continue;
    const language = path.basename(abs).replace(/\.ya?ml$/i, '') as Language;
    if (!(LANGUAGES as readonly string[]).includes(language)) {
      errors.push({
        file: file.rel,
        message: `conversation files are named by language (${LANGUAGES.join(', ')}).yaml`,
      });
      continue;
    }
    const parsed = ConversationFile.safeParse(file.data);
    if (!parsed.success) {
      errors.push(...zodProblems(file, parsed.error));
      continue;
    }
    parsed.data.forEach((conversation, ci) => {
      const prev = conversationIds.get(conversation.id);
      if (prev)
        errors.push({
          file: file.rel,
          line: lineOf(file, [ci, 'id']),
          field: `${ci}.id`,
          message: `duplicate conversation id "${conversation.id}" (also in ${prev})`,
        });
      conversationIds.set(conversation.id, file.rel);
      conversation.turns.forEach((turn, ti) => {
        if (turn.intent && !intentById.has(turn.intent))
          errors.push({
            file: file.rel,
            line: lineOf(file, [ci, 'turns', ti, 'intent']),
            field: `${ci}.turns.${ti}.intent`,
            message: `unknown intent "${turn.intent}"`,
          });
      });
      conversations.push({ language, file: file.rel, conversation });
    });
  }

  return {
    content: { kb, intents, intentById, languages, hash: hash.digest('hex'), origins, conversations },
    errors,
    warnings,
  };
}

/** The localised text of an entry: its title/name, or its body (topic text, otherwise summary). */
/** The first topic an intent's answer is built from (its title can stand for the intent's). */
export function topicOf(
  kb: Pick<KnowledgeBase, 'byId'>,
  intent: Intent,
): Extract<KnowledgeEntry, { kind: 'topic' }> | undefined {
  for (const id of intent.knowledge) {
    const e = kb.byId.get(id);
    if (e?.kind === 'topic') return e;
  }
  return undefined;
}

export function entryText(
  e: KnowledgeEntry,
  which: 'title' | 'text' | 'summary',
): Partial<Record<Language, string>> & { en: string } {
  // A help line is cited by its service and number, the same in every language.
  if (e.kind === 'hotline') return { en: which === 'title' ? e.service : `${e.service}: ${e.number}` };
  // A topic's short summary; entries without one give their full text.
  if (which === 'summary') return e.kind === 'topic' && e.summary ? e.summary : entryText(e, 'text');
  if (which === 'title') {
    // An organisation's name is the same in every language.
    if (e.kind === 'organisation')
      return Object.fromEntries(LANGUAGES.map((l) => [l, e.name])) as { en: string };
    if (e.kind === 'country')
      return Object.fromEntries(Object.entries(e.names).map(([l, names]) => [l, names?.[0] ?? e.iso2])) as {
        en: string;
      };
    if (e.kind === 'multilateral-rule') return e.title ?? { en: e.id };
    if (!('title' in e)) return { en: e.id };
    return e.title;
  }
  if (e.kind === 'topic') return e.text;
  if (e.kind === 'country') return entryText(e, 'title');
  if (!('summary' in e)) return e.note ?? { en: e.id };
  return e.summary;
}
