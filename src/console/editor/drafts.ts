/**
 * Staff answers become drafts for editors. When staff answered a ticket (in Slack or the in-process
 * desk), the worker's question and the staff reply are offered to editors: "add this question as an
 * example of intent X" or "draft a topic from this reply" (the editor rewrites it, adds a source and a
 * reviewed date, and publishes through src/kb/edit.ts). Nothing staff wrote reaches other workers
 * until an editor published it.
 *
 * Drafts are read from the tickets themselves, never copied: a draft lives exactly as long as its
 * ticket, so /forget (which deletes the worker's tickets) and retention erase it with no extra path
 * to forget. What an editor did with a draft (used it, set it aside) is kept in the console's audit
 * log as `editor.draft.*` entries naming only the draft's id — a one-way hash of the ticket id —
 * never a worker's words or reference.
 *
 * Every text is masked (src/console/editor/redact.ts): numbers, e-mails, the worker's shared name,
 * staff names, names introduced or greeted.
 */
import { createHash } from 'node:crypto';
import type { Content } from '../../kb/loader.ts';
import { normalizeForCompare } from '../../kb/text.ts';
import type { Matcher } from '../../nlu/types.ts';
import type { Store, Ticket } from '../../store/port.ts';
import { ordinaryWordsOf, redactIdentity } from './redact.ts';

export interface Draft {
  /** One-way: names no ticket and no worker. */
  id: string;
  language: string;
  /** The worker's question, masked. */
  question: string;
  /** What staff replied (every reply, in order), masked. */
  reply: string;
  /** The day staff last replied (no time of day). */
  day: string;
  /** The intent the running bot ranks first for the question, and how sure it is. */
  nearest?: { intent: string; score: number };
}

export const DRAFT_ACTIONS = ['editor.draft.example', 'editor.draft.topic', 'editor.draft.dismiss'] as const;

export function draftId(ticketId: string): string {
  return createHash('sha256').update(`editor-draft:${ticketId}`).digest('hex').slice(0, 16);
}

export function draftOf(ticket: Ticket, matcher?: Matcher, content?: Content): Draft | undefined {
  const staff = ticket.transcript.filter((e) => e.from === 'staff' && e.text.trim().length > 0);
  if (staff.length === 0) return undefined;
  const names = [
    ticket.workerName,
    ticket.claimedBy?.name,
    ...ticket.answeredBy.map((s) => s.name),
    ...staff.map((e) => e.staff),
    ticket.urgencyChangedBy?.name,
  ];
  const mask = { ordinary: content ? ordinaryWordsOf(content) : undefined, language: ticket.language };
  const question = redactIdentity(ticket.question, names, mask).trim();
  if (!question) return undefined;
  const top = matcher?.rank(question, { language: ticket.language })[0];
  return {
    id: draftId(ticket.id),
    language: ticket.language,
    question,
    reply: staff.map((e) => redactIdentity(e.text, names, mask).trim()).join('\n\n'),
    day: staff.at(-1)!.at.slice(0, 10),
    nearest: top ? { intent: top.intent, score: Number(top.score.toFixed(2)) } : undefined,
  };
}

/**
 * Drafts still waiting for an editor: tickets staff answered, minus those an editor used or set aside
 * (`handled`: draft ids from the audit log) and those whose question is already in the content.
 */
export async function listDrafts(
  store: Store,
  options: { handled?: ReadonlySet<string>; matcher?: Matcher; content?: Content } = {},
): Promise<Draft[]> {
  const phrases = new Set<string>();
  for (const intent of options.content?.intents ?? [])
    for (const lists of [intent.examples, intent.tests])
      for (const [lang, list] of Object.entries(lists))
        for (const t of list ?? []) phrases.add(`${lang}:${normalizeForCompare(t)}`);
  const drafts: Draft[] = [];
  for (const ticket of await store.listTickets()) {
    if (options.handled?.has(draftId(ticket.id))) continue;
    const draft = draftOf(ticket, options.matcher, options.content);
    if (!draft) continue;
    if (phrases.has(`${draft.language}:${normalizeForCompare(draft.question)}`)) continue;
    drafts.push(draft);
  }
  return drafts.sort((a, b) => b.day.localeCompare(a.day) || a.id.localeCompare(b.id));
}

/** The draft with this id, if it still exists (its ticket was not erased). */
export async function findDraft(
  store: Store,
  id: string,
  matcher?: Matcher,
  content?: Content,
): Promise<Draft | undefined> {
  for (const ticket of await store.listTickets())
    if (draftId(ticket.id) === id) return draftOf(ticket, matcher, content);
  return undefined;
}

/** Draft ids an editor already used or set aside, from audit entries (newest first or any order). */
export function handledDrafts(
  entries: readonly { action: string; detail: Record<string, unknown> }[],
): Set<string> {
  const out = new Set<string>();
  for (const e of entries)
    if ((DRAFT_ACTIONS as readonly string[]).includes(e.action) && typeof e.detail.draft === 'string')
      out.add(e.detail.draft);
  return out;
}
