/**
 * The editors' pages, /console/editor (roles editor and admin): from what the bot could not answer to
 * an answer.
 *
 * - `/`               the unanswered questions grouped (src/console/editor/unanswered.ts), each with a
 *                     form to add a wording as an example or held-out test of an intent, in a language;
 *                     the drafts from staff answers; the last edits.
 * - `/add`            POST: adds a phrase (src/kb/edit.ts: validated as `kb validate`, written, reloaded).
 * - `/new-intent`     a form to start an intent from a group (id, description, topic, examples per
 *                     language); POST creates it.
 * - `/drafts/:id`     a staff answer: add its question as an example, or draft a topic from the reply
 *                     (rewritten, with a source and a reviewed date), or set it aside.
 * - `/edits/:n`       one edit: the lines added, whether the bot runs on it yet, and the held-out
 *                     evaluation per language before and after (it refreshes itself until both are in).
 *
 * A refused edit shows the validator's problems (file:line [field]: message) on the page, with status
 * 422, and changes nothing. Every change writes an audit entry (never a worker's words: the intent,
 * language, list and file; drafts by their one-way id).
 */
import type { Hono } from 'hono';
import type { Context } from 'hono';
import { ContentEditor, type ContentChange, type EditResult } from '../../kb/edit.ts';
import { formatProblem, type Problem } from '../../kb/loader.ts';
import type { NluState } from '../../kb/live.ts';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../kb/schema.ts';
import { loadSafetyOnce, safetyRoot } from '../../safety/load.ts';
import { form, html, table, type Html } from '../html.ts';
import type { ConsoleContext, ConsoleDeps, ConsoleEnv, ConsoleSection } from '../section.ts';
import { findDraft, handledDrafts, listDrafts, type Draft } from './drafts.ts';
import { delta, evaluateThroughBot, EvalRuns, type EvalReport, type LanguageCounts } from './eval.ts';
import { UNANSWERED_REASONS, type UnansweredReason } from '../../store/port.ts';
import { groupUnanswered, type UnansweredGroup } from './unanswered.ts';

const BASE = '/console/editor';

interface EditRecord {
  n: number;
  at: string;
  by: string;
  what: string;
  file: string;
  added: string[];
  before: string;
  /** The content hash the bot runs on after the reload; undefined while it reloads. */
  after?: string;
  reloadProblems?: Problem[];
}

type Ctx = Context<ConsoleEnv>;

export const editorSection: ConsoleSection = {
  id: 'editor',
  title: 'Content',
  roles: ['editor'],
  mount(app: Hono<ConsoleEnv>, deps: ConsoleDeps) {
    const editor = new ContentEditor({
      root: deps.contentRoot,
      current: () => deps.live.current().content,
      reload: () => deps.live.reload(),
      maxReviewAgeDays: deps.env.KB_MAX_REVIEW_AGE_DAYS,
    });
    const runs = new EvalRuns(async (state) => {
      const safety = await loadSafetyOnce(safetyRoot(deps.contentRoot));
      return evaluateThroughBot(state, safety.content);
    });
    const edits: EditRecord[] = [];
    const evaluate = (state: NluState) =>
      runs.ensure(state).catch((error: unknown) => {
        deps.logger.warn(
          { error: error instanceof Error ? error.message : 'failed' },
          'editor evaluation failed',
        );
      });

    /** Applies a change; on success records it, audits it and sends the editor to its page. */
    async function change(
      c: Ctx,
      what: string,
      ch: ContentChange,
      audit: Record<string, unknown>,
      action: string,
    ) {
      const ctx = c.get('console');
      const before = deps.live.current();
      void evaluate(before);
      const result: EditResult = await editor.apply(ch);
      if (!result.ok) return { problems: result.problems };
      const record: EditRecord = {
        n: edits.length + 1,
        at: deps.now().toISOString(),
        by: ctx.user.email,
        what,
        file: result.file,
        added: result.added,
        before: before.content.hash,
      };
      edits.push(record);
      if (edits.length > 50) edits.shift();
      void result.live.then((r) => {
        record.after = deps.live.current().content.hash;
        if (!r.ok) record.reloadProblems = r.problems;
        void evaluate(deps.live.current());
      });
      await ctx.audit(action, { ...audit, file: result.file, lines: result.added.length });
      return { redirect: `${BASE}/edits/${record.n}` };
    }

    const intentIds = () =>
      deps.live
        .current()
        .content.intents.map((i) => i.id)
        .sort();
    const languages = () => deps.live.current().content.languages;

    async function overview(c: Ctx, refused?: { problems: Problem[]; group?: string }) {
      const ctx = c.get('console');
      const state = deps.live.current();
      const asked = c.req.query('kind');
      const kind = UNANSWERED_REASONS.find((r) => r === asked);
      const groups = groupUnanswered(await deps.store.listUnanswered(), {
        matcher: state.matcher,
        content: state.content,
        kind,
      });
      const handled = handledDrafts(await deps.accounts.listAudit({ limit: 5000 }));
      const drafts = await listDrafts(deps.store, {
        handled,
        matcher: state.matcher,
        content: state.content,
      });
      const body = html`
        ${refused ? problemsBox(refused.problems) : ''}
        <h2>What the bot could not answer</h2>
        <p>
          Questions workers asked that fell back, were ambiguous, went to staff or that the bot said it cannot
          answer (out of scope), grouped by similar words. Names, numbers and addresses are masked; workers
          who used /forget are gone. Add a wording to an intent as a training example, or as a held-out test
          (never trained on) to measure the bot. What you add becomes content that every editor and the bot
          keep: the wording is yours to edit, and must not identify anyone.
        </p>
        ${kindFilter(kind)}
        ${
          groups.length === 0
            ? html`<p class="empty">No unanswered questions${kind ? ` of this kind` : ''}.</p>`
            : html`<ol class="groups">
                ${groups.map((g) => groupCard(ctx, g, intentIds(), languages()))}
              </ol>`
        }
        <h2>Drafts from staff answers</h2>
        <p>Staff answered these; nothing they wrote reaches other workers until an editor publishes it.</p>
        ${table(
          ['Day', 'Language', 'Question', 'Nearest intent', ''],
          drafts.map((d) => [
            d.day,
            d.language,
            d.question,
            nearest(d.nearest),
            html`<a href="${BASE}/drafts/${d.id}">Open draft</a>`,
          ]),
          'No staff answers waiting.',
        )}
        <h2>Recent edits</h2>
        ${table(
          ['#', 'When', 'Who', 'What', 'File'],
          [...edits]
            .reverse()
            .map((e) => [
              html`<a href="${BASE}/edits/${e.n}">${e.n}</a>`,
              e.at.slice(0, 16).replace('T', ' '),
              e.by,
              e.what,
              e.file,
            ]),
          'No edits since the bot started.',
        )}
      `;
      return ctx.page('Content: unanswered questions', wrap(body), refused ? { status: 422 } : undefined);
    }

    app.get('/', (c) => overview(c));

    app.post('/add', async (c) => {
      const f = await c.req.parseBody();
      const list = String(f.list ?? 'examples') === 'tests' ? 'tests' : 'examples';
      const intent = String(f.intent ?? '');
      const language = String(f.language ?? '');
      const done = await change(
        c,
        `${list === 'tests' ? 'held-out test' : 'example'} for ${intent} (${language})`,
        { kind: 'add-phrase', intent, list, language, text: String(f.text ?? '') },
        { intent, language, list, group: f.group ? String(f.group) : undefined },
        list === 'tests' ? 'editor.test.add' : 'editor.example.add',
      );
      if ('redirect' in done) return c.redirect(done.redirect!, 303);
      return overview(c, { problems: done.problems });
    });

    async function newIntentPage(c: Ctx, values: Record<string, string>, problems?: Problem[]) {
      const ctx = c.get('console');
      const state = deps.live.current();
      const topics = state.content.kb.topics
        .map((t) => ({ id: t.id, title: t.title.en }))
        .sort((a, b) => a.id.localeCompare(b.id));
      const body = html`
        ${problems ? problemsBox(problems) : ''}
        <p>
          A new intent answers with one knowledge topic (its text, with its sources and reviewed date). The
          bot speaks ${state.content.languages.join(', ')}: a new intent needs examples in each of them, or
          the bot would stop claiming a language (the check refuses it). One example a line.
        </p>
        ${form(
          ctx,
          `${BASE}/new-intent`,
          html`<div class="stack">
            <label
              >Intent id (lower_snake_case) <input name="id" required value="${values.id ?? ''}"
            /></label>
            <label
              >Description <input name="description" required value="${values.description ?? ''}"
            /></label>
            <label
              >Topic the answer is built from
              <select name="topic">
                ${topics.map((t) => html`<option value="${t.id}" ${t.id === values.topic ? 'selected' : ''}>${t.id} — ${t.title}</option>`)}
              </select></label
            >
            ${state.content.languages.map(
              (l) =>
                html`<label
                    >Examples in ${LANGUAGE_NAMES[l]} (${l})
                    <textarea name="examples_${l}" rows="4">${values[`examples_${l}`] ?? ''}</textarea>
                  </label>
                  <label
                    >Held-out tests in ${LANGUAGE_NAMES[l]} (${l}), optional
                    <textarea name="tests_${l}" rows="2">${values[`tests_${l}`] ?? ''}</textarea>
                  </label>`,
            )}
            <input type="hidden" name="group" value="${values.group ?? ''}" />
            <button type="submit">Create the intent</button>
          </div>`,
        )}
      `;
      return ctx.page('Content: new intent', wrap(body), problems ? { status: 422 } : undefined);
    }

    app.get('/new-intent', async (c) => {
      const groupId = c.req.query('group');
      const values: Record<string, string> = {};
      if (groupId) {
        const state = deps.live.current();
        const g = groupUnanswered(await deps.store.listUnanswered(), {
          matcher: state.matcher,
          content: state.content,
        }).find((x) => x.id === groupId);
        if (g) {
          values.group = g.id;
          for (const e of g.examples)
            values[`examples_${e.language}`] = `${values[`examples_${e.language}`] ?? ''}${e.text}\n`;
        }
      }
      return newIntentPage(c, values);
    });

    app.post('/new-intent', async (c) => {
      const f = Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, String(v)]));
      const lines = (s: string | undefined) => (s ?? '').split(/\r?\n/).filter((x) => x.trim());
      const id = (f.id ?? '').trim();
      const ch: ContentChange = {
        kind: 'new-intent',
        id,
        description: f.description ?? '',
        topic: f.topic ?? '',
        examples: Object.fromEntries(LANGUAGES.map((l) => [l, lines(f[`examples_${l}`])])),
        tests: Object.fromEntries(LANGUAGES.map((l) => [l, lines(f[`tests_${l}`])])),
      };
      if (!/^[a-z0-9_]+$/.test(id))
        return newIntentPage(c, f, [
          { file: `intents/${id || '?'}.yaml`, field: 'id', message: 'intent ids are lower_snake_case' },
        ]);
      const done = await change(
        c,
        `new intent ${id}`,
        ch,
        { intent: id, topic: f.topic, group: f.group || undefined },
        'editor.intent.create',
      );
      if ('redirect' in done) return c.redirect(done.redirect!, 303);
      return newIntentPage(c, f, done.problems);
    });

    async function draftPage(
      c: Ctx,
      draft: Draft,
      values: Record<string, string> = {},
      problems?: Problem[],
    ) {
      const ctx = c.get('console');
      const lang = draft.language as Language;
      const body = html`
        ${problems ? problemsBox(problems) : ''}
        <h2>The worker asked (${draft.language}, ${draft.day})</h2>
        <blockquote class="draft-question">${draft.question}</blockquote>
        <h2>Staff answered</h2>
        <blockquote class="draft-reply">${draft.reply}</blockquote>
        <h2>Add this question as an example</h2>
        <p class="hint" id="example-hint">
          What you add here is written to the intent's file in intents/ as your text: it becomes content that
          every editor reads and git keeps, and a worker's /forget cannot reach it. The field starts with the
          worker's question, masked; rewrite it in your own words and leave out anything that could identify
          someone (names, places of work, numbers, addresses). A phone number, an e-mail address or a mask
          such as [name] is refused.
        </p>
        ${form(
          ctx,
          `${BASE}/drafts/${draft.id}/example`,
          html`<div class="row">
            <label
              >Wording to add (yours to edit)
              <input
                name="text"
                required
                aria-describedby="example-hint"
                value="${values.text ?? draft.question}"
            /></label>
            <label
              >Intent
              <select name="intent">
                ${intentIds().map((i) => html`<option value="${i}" ${i === (values.intent ?? draft.nearest?.intent) ? 'selected' : ''}>${i}</option>`)}
              </select></label
            >
            ${languageSelect(languages(), values.language ?? draft.language)}
            <button type="submit">Add as example</button>
          </div>`,
        )}
        <h2>Draft a topic from this reply</h2>
        <p>
          Rewrite the reply as a general fact for every worker (no names, no case details), say where it comes
          from and when you checked it. Publishing writes it to ${'knowledge/'} and the bot can cite it once
          an intent uses it.
        </p>
        ${form(
          ctx,
          `${BASE}/drafts/${draft.id}/topic`,
          html`<div class="stack">
            <label
              >Topic id (lower-case-with-dashes) <input name="id" required value="${values.id ?? ''}"
            /></label>
            <label
              >Title in English <input name="title_en" required value="${values.title_en ?? ''}"
            /></label>
            <label
              >Text in English
              <textarea name="text_en" rows="5">
${values.text_en ?? (lang === 'en' ? draft.reply : '')}</textarea>
            </label>
            ${
              lang !== 'en'
                ? html`<label
                      >Title in ${LANGUAGE_NAMES[lang] ?? lang}
                      <input name="title_${lang}" value="${values[`title_${lang}`] ?? ''}"
                    /></label>
                    <label
                      >Text in ${LANGUAGE_NAMES[lang] ?? lang}
                      <textarea name="text_${lang}" rows="5">
${values[`text_${lang}`] ?? draft.reply}</textarea>
                    </label>`
                : ''
            }
            <label>Source title <input name="source_title" value="${values.source_title ?? ''}" /></label>
            <label
              >Source address (https://…) <input name="source_url" value="${values.source_url ?? ''}"
            /></label>
            <label>Reviewed on (YYYY-MM-DD) <input name="reviewed" value="${values.reviewed ?? ''}" /></label>
            <button type="submit">Publish the topic</button>
          </div>`,
        )}
        <h2>Not useful</h2>
        ${form(ctx, `${BASE}/drafts/${draft.id}/dismiss`, html`<button type="submit" class="secondary">Set this draft aside</button>`)}
      `;
      return ctx.page(
        'Content: draft from a staff answer',
        wrap(body),
        problems ? { status: 422 } : undefined,
      );
    }

    const loadDraft = (id: string) => {
      const state = deps.live.current();
      return findDraft(deps.store, id, state.matcher, state.content);
    };
    const gone = (c: Ctx) =>
      c
        .get('console')
        .page(
          'Draft not found',
          html`<p class="notice">This draft is gone (used, or the worker's data was erased).</p>`,
          {
            status: 404,
          },
        );

    app.get('/drafts/:id', async (c) => {
      const draft = await loadDraft(c.req.param('id'));
      return draft ? draftPage(c, draft) : gone(c);
    });

    app.post('/drafts/:id/example', async (c) => {
      const draft = await loadDraft(c.req.param('id'));
      if (!draft) return gone(c);
      const f = Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, String(v)]));
      const intent = f.intent ?? '';
      const language = f.language ?? draft.language;
      const done = await change(
        c,
        `example for ${intent} (${language}) from a staff answer`,
        // The editor's text from the form (it starts as the masked question), never the ticket's own.
        { kind: 'add-phrase', intent, list: 'examples', language, text: f.text ?? '' },
        { draft: draft.id, intent, language, list: 'examples' },
        'editor.draft.example',
      );
      if ('redirect' in done) return c.redirect(done.redirect!, 303);
      return draftPage(c, draft, f, done.problems);
    });

    app.post('/drafts/:id/topic', async (c) => {
      const draft = await loadDraft(c.req.param('id'));
      if (!draft) return gone(c);
      const f = Object.fromEntries(
        Object.entries(await c.req.parseBody()).map(([k, v]) => [k, String(v).trim()]),
      );
      const texts = (prefix: string) =>
        Object.fromEntries(LANGUAGES.map((l) => [l, f[`${prefix}_${l}`]]).filter(([, v]) => v));
      const id = f.id ?? '';
      const done = await change(
        c,
        `topic ${id} from a staff answer`,
        {
          kind: 'new-topic',
          id,
          title: texts('title'),
          text: texts('text'),
          sources:
            f.source_title || f.source_url
              ? [{ title: f.source_title ?? '', url: f.source_url || undefined }]
              : [],
          reviewed: f.reviewed ?? '',
        },
        { draft: draft.id, topic: id },
        'editor.draft.topic',
      );
      if ('redirect' in done) return c.redirect(done.redirect!, 303);
      return draftPage(c, draft, f, done.problems);
    });

    app.post('/drafts/:id/dismiss', async (c) => {
      const draft = await loadDraft(c.req.param('id'));
      if (!draft) return gone(c);
      await c.get('console').audit('editor.draft.dismiss', { draft: draft.id });
      return c.redirect(BASE, 303);
    });

    app.get('/edits/:n', (c) => {
      const ctx = c.get('console');
      const e = edits.find((x) => String(x.n) === c.req.param('n'));
      if (!e)
        return ctx.page('Edit not found', html`<p class="notice">No such edit since the bot started.</p>`, {
          status: 404,
        });
      const before = runs.get(e.before);
      const after = e.after ? runs.get(e.after) : undefined;
      const waiting = !e.after || !before || !after;
      const body = html`
        ${waiting ? html`<meta http-equiv="refresh" content="2" />` : ''}
        <p class="ok">Saved: ${e.what}, in ${e.file}, by ${e.by}.</p>
        <h2>Lines added</h2>
        <pre class="mono added">${e.added.map((l) => `+ ${l}\n`)}</pre>
        <h2>The bot</h2>
        ${
          e.reloadProblems
            ? problemsBox(e.reloadProblems)
            : e.after
              ? html`<p class="ok live-status">The bot answers with this edit now.</p>`
              : html`<p class="notice live-status">
                  The bot is reloading the content… (this page refreshes itself)
                </p>`
        }
        <h2>Held-out tests through the bot, per language</h2>
        ${evalTables(before, after)}
        <p><a href="${BASE}">Back to the unanswered questions</a></p>
      `;
      return ctx.page(`Content: edit ${e.n}`, wrap(body));
    });
  },
};

const wrap = (body: Html): Html => html`<div class="editor">${body}</div>`;

function problemsBox(problems: Problem[]): Html {
  return html`<div class="error" role="alert">
    <p>The change was refused; nothing was written.</p>
    <ul class="problems">
      ${problems.map((p) => html`<li class="mono">${formatProblem(p)}</li>`)}
    </ul>
  </div>`;
}

function nearest(n: { intent: string; score: number } | undefined): Html | string {
  return n ? html`${n.intent} <span class="tag">${n.score.toFixed(2)}</span>` : '—';
}

function languageSelect(langs: readonly string[], selected: string): Html {
  return html`<label
    >Language
    <select name="language">
      ${langs.map((l) => html`<option value="${l}" ${l === selected ? 'selected' : ''}>${l}</option>`)}
    </select></label
  >`;
}

/** How each kind of unanswered question is named on the page. */
export const KIND_LABELS: Record<UnansweredReason, string> = {
  fallback: 'fell back',
  ambiguous: 'did you mean',
  escalated: 'went to staff',
  out_of_scope: 'out of scope',
};

function kindFilter(selected: UnansweredReason | undefined): Html {
  const link = (kind: UnansweredReason | undefined, label: string) =>
    html`<li>
      <a
        href="${kind ? `${BASE}?kind=${kind}` : BASE}"
        ${kind === selected ? html`aria-current="page"` : ''}
        class="kind${kind ? ` kind-${kind}` : ''}"
        >${label}</a
      >
    </li>`;
  return html`<nav class="kinds" aria-label="Show">
    <ul>
      ${link(undefined, 'all')} ${UNANSWERED_REASONS.map((k) => link(k, KIND_LABELS[k]))}
    </ul>
  </nav>`;
}

function groupCard(
  ctx: ConsoleContext,
  g: UnansweredGroup,
  intents: string[],
  langs: readonly string[],
): Html {
  const reasons = (Object.entries(g.reasons) as [UnansweredReason, number][]).map(
    ([r, n]) => html`<span class="tag kind-${r}" data-kind="${r}">${KIND_LABELS[r] ?? r} ${n}</span>`,
  );
  return html`<li class="group" id="group-${g.id}">
    <p>
      <span class="n">${g.count}×</span> ${g.languages.map((l) => `${l.language} ${l.count}`).join(', ')} ·
      ${reasons} · ${g.firstDay === g.lastDay ? g.firstDay : `${g.firstDay} – ${g.lastDay}`} · nearest:
      ${nearest(g.nearest)}
    </p>
    <ul class="wordings">
      ${g.examples.map((e) => html`<li lang="${e.language}">${e.text}</li>`)}
    </ul>
    ${form(
      ctx,
      '/console/editor/add',
      html`<div class="row">
        <label>Wording (yours to edit) <input name="text" value="${g.examples[0]?.text ?? ''}" /></label>
        <label
          >Intent
          <select name="intent">
            ${intents.map((i) => html`<option value="${i}" ${i === g.nearest?.intent ? 'selected' : ''}>${i}</option>`)}
          </select></label
        >
        <label
          >As
          <select name="list">
            <option value="examples">training example</option>
            <option value="tests">held-out test</option>
          </select></label
        >
        ${languageSelect(langs, g.examples[0]?.language ?? 'en')}
        <input type="hidden" name="group" value="${g.id}" />
        <button type="submit">Add</button>
      </div>`,
    )}
    <p><a href="/console/editor/new-intent?group=${g.id}">Start a new intent from this group</a></p>
  </li>`;
}

const pct = (x: number, n: number) => (n ? `${((100 * x) / n).toFixed(1)}%` : '—');
const signed = (x: number) => (x > 0 ? `+${x}` : String(x));

function evalTables(before: EvalReport | undefined, after: EvalReport | undefined): Html {
  if (!before || !after)
    return html`<p class="notice eval-status">
      Evaluating… ${before ? 'before: done' : 'before: running'},
      ${after ? 'after: done' : 'after: waiting for the reload'}. This page refreshes itself.
    </p>`;
  const d = delta(before, after);
  const langs = [...new Set([...Object.keys(before.byLanguage), ...Object.keys(after.byLanguage)])].sort();
  const row = (lang: string, b: LanguageCounts, a: LanguageCounts, x: LanguageCounts) => [
    lang,
    `${b.right}/${b.n} (${pct(b.right, b.n)})`,
    `${a.right}/${a.n} (${pct(a.right, a.n)})`,
    `${a.asked} (${signed(x.asked)})`,
    `${a.fellBack} (${signed(x.fellBack)})`,
    `${a.wrong} (${signed(x.wrong)})`,
    signed(x.right),
  ];
  const zero = { n: 0, right: 0, asked: 0, fellBack: 0, wrong: 0 };
  return html`<div class="eval">
    ${table(
      ['Language', 'Right before', 'Right after', 'Asked back', 'Fell back', 'Wrong', 'Δ right'],
      [
        ...langs.map((l) => row(l, before.byLanguage[l] ?? zero, after.byLanguage[l] ?? zero, d[l]!)),
        row('all', before.all, after.all, d.all!),
      ],
    )}
    <p class="empty">
      Each held-out test asked through the whole bot as a new worker (before: ${before.ms} ms, after:
      ${after.ms} ms). In brackets: the change.
    </p>
  </div>`;
}
