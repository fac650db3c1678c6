/**
 * `npm run docs:screenshots`: pictures of every console page, signed in with the role each page is
 * for, over a temporary copy of the real content (edits made for the pictures never reach the
 * repository's intents/ or knowledge/) and an in-memory store seeded with made-up tickets, trend
 * events and questions asked through the real dialogue. Written to docs/screenshots/<name>.png, the
 * pictures docs/console.md, docs/editing.md and docs/organisers.md show. Not a test: run it after
 * changing a page, then look at the pictures. The edit shot reloads and evaluates the real content
 * twice, so a full run takes a few minutes.
 *
 * To add your pages, add entries to SHOTS (name, role, path or steps, optional viewport width). Shots
 * run in order, in one console: a later shot sees what an earlier one did (the audit log shows the
 * edit). `npm run docs:screenshots -- editor` takes only the shots whose name contains "editor".
 */
import '../src/quiet.ts';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../src/app.ts';
import type { Role } from '../src/console/section.ts';
import type { Ticket, TrendEvent } from '../src/store/port.ts';
import { isoWeek } from '../src/store/trends.ts';
import { launchChromium } from '../test/helpers/browser.ts';
import { startConsole, type RunningConsole } from '../test/helpers/console.ts';

export interface Shot {
  /** File name without .png, e.g. 'console-desk'. */
  name: string;
  /** Signed in with a new account of this role; none for pages before sign-in. */
  role?: Role;
  /** The page to open; or `steps`, which bring the page to what the picture shows. */
  path?: string;
  steps?: (page: Page, c: RunningConsole) => Promise<void>;
  /** Viewport width in CSS pixels (height follows the page). Default 1024. */
  width?: number;
}

const OUT = path.join(REPO_ROOT, 'docs', 'screenshots');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Made-up tickets in several states (no real worker; the desk shows no text anyway). Their question is
 * empty, so they do not show as drafts on the editors' page.
 */
async function seedTickets(c: RunningConsole): Promise<void> {
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * MINUTE).toISOString();
  const base = (id: string, openedMinutesAgo: number): Ticket => ({
    id,
    status: 'open',
    workerRef: `example-${id}`,
    address: { channel: 'web', userId: `example-${id}` },
    language: 'en',
    question: '',
    reason: 'asked',
    transcript: [{ from: 'worker', text: 'example', at: at(openedMinutesAgo) }],
    answeredBy: [],
    createdAt: at(openedMinutesAgo),
    updatedAt: at(1),
  });
  const staff = (t: Ticket, afterMinutes: number, lastWorkerMinutesAgo?: number): Ticket => {
    const opened = (now - Date.parse(t.createdAt)) / MINUTE;
    const replied = at(opened - afterMinutes);
    const transcript = [
      ...t.transcript,
      { from: 'staff' as const, text: 'example', at: replied, staff: 'Ana' },
    ];
    if (lastWorkerMinutesAgo !== undefined)
      transcript.push({ from: 'worker', text: 'example', at: at(lastWorkerMinutesAgo) });
    return { ...t, transcript, answeredBy: [{ id: 'U1', name: 'Ana' }], firstStaffReplyAt: replied };
  };
  const tickets: Ticket[] = [
    { ...base('T-3f9a1c22', 12), urgent: true, urgentSince: at(12) },
    base('T-8b20e4d1', 95),
    { ...base('T-51c7aa09', 240), status: 'claimed', claimedBy: { id: 'U1', name: 'Ana' } },
    { ...staff(base('T-0d4e9b63', 600), 35, 20), status: 'answered', claimedBy: { id: 'U2', name: 'Karim' } },
  ];
  // Closed tickets over the last weeks, for the reply-time table.
  for (let i = 0; i < 40; i++) {
    const opened = 60 * 24 * (1 + ((i * 37) % 50)) + (i % 7) * 60;
    const reply = 10 + ((i * 53) % 240);
    tickets.push({
      ...staff(base(`T-c${String(i).padStart(7, '0')}`, opened), reply),
      status: 'closed',
      closedAt: at(opened - reply - 30),
      closedBy: 'staff',
    });
  }
  for (const t of tickets) await c.test.app.store.putTicket(t);
}

/** Made-up trend events over the twelve weeks the page shows: enough workers per group, and a few not. */
async function seedTrends(c: RunningConsole): Promise<void> {
  const topics = [
    ['pension_portability_return', 'PH', 'ES', 'en'],
    ['health_care', 'ID', 'MY', 'id'],
    ['agreement_between_countries', 'PH', 'ES', 'tl'],
    // (English rather than Nepali: a machine without a Devanagari font would draw boxes.)
    ['undocumented_rights', 'NP', 'QA', 'en'],
    ['find_union', 'MA', 'FR', 'fr'],
  ] as const;
  let n = 0;
  for (let week = 0; week < 12; week++) {
    const when = isoWeek(new Date(Date.now() - week * 7 * DAY));
    for (const [i, [topic, origin, destination, language]] of topics.entries()) {
      const workers = 9 + ((week * 7 + i * 5) % 14);
      for (let w = 0; w < workers; w++) {
        const event: TrendEvent = {
          week: when,
          outcome: 'answered',
          topic,
          origin,
          destination,
          language,
          channel: w % 3 === 0 ? 'whatsapp' : 'telegram',
          workerKey: `example-${topic}-${w}`,
        };
        await c.test.app.store.recordTrend(event);
        n++;
      }
    }
    // A small group: shown as "fewer than 10".
    for (let w = 0; w < 3; w++)
      await c.test.app.store.recordTrend({
        week: when,
        outcome: 'fallback',
        language: 'ar',
        channel: 'web',
        workerKey: `example-fallback-${w}`,
      });
  }
  console.log(`seeded ${n} trend events`);
}

/** What workers asked that the bot could not answer, through the real dialogue, and a staff answer. */
async function seedQuestions(c: RunningConsole): Promise<void> {
  // Questions the real content does not answer: out of scope (the bot says so), and one for staff.
  for (const [i, q] of [
    'my landlord wants two months deposit is that ok',
    'landlord deposit two months legal',
    'Rosa here, my landlord keeps my deposit',
    'do i pay tax on my pension at home',
    'how do i fix my bicycle chain',
    'what is the best phone plan to call home',
  ].entries())
    await c.test.say(q, `shots-${i}`);
  await c.test.say('my boss pays me less than the contract says', 'shots-staff');
  await c.test.say('/human', 'shots-staff');
  await c.test.settle();
  const ticket = (await c.test.app.tickets.openTickets()).find((t) => t.question.includes('boss'));
  if (ticket)
    await c.test.desk.reply(
      ticket.id,
      { id: 'S1', name: 'Ana Staff' },
      'Hi Maria, a written contract binds the employer: keep your payslips and bring them to the union office.',
    );
  await c.test.settle();
}

export const SHOTS: Shot[] = [
  { name: 'console-sign-in', path: '/console/sign-in' },
  { name: 'console-desk', role: 'staff', path: '/console/desk' },
  { name: 'console-desk-phone', role: 'staff', path: '/console/desk', width: 360 },
  { name: 'console-editor-unanswered', role: 'editor', path: '/console/editor', width: 1000 },
  {
    name: 'console-editor-draft',
    role: 'editor',
    width: 1000,
    async steps(page, c) {
      await page.goto(`${c.url}/console/editor`);
      await page.getByRole('link', { name: 'Open draft' }).first().click();
      await page.waitForURL(/\/drafts\/[0-9a-f]+$/);
    },
  },
  {
    // A refused edit: a phrase that belongs to another intent.
    name: 'console-editor-refused',
    role: 'editor',
    width: 1000,
    async steps(page, c) {
      await page.goto(`${c.url}/console/editor`);
      const group = page.locator('li.group').first();
      await group.getByLabel('Wording').fill('thank you');
      await group.getByLabel('Intent').selectOption('health_care');
      await group.getByRole('button', { name: 'Add' }).click();
      await page.getByRole('alert').waitFor();
    },
  },
  {
    // A good edit (the first group's wording, as a held-out test of the intent the bot leans to), once
    // the bot reloaded and both evaluations are in.
    name: 'console-editor-edit',
    role: 'editor',
    width: 1000,
    async steps(page, c) {
      await page.goto(`${c.url}/console/editor`);
      const first = page.locator('li.group').first();
      await first.locator('select[name="list"]').selectOption('tests');
      await first.getByRole('button', { name: 'Add' }).click();
      await page.waitForURL(/\/edits\/\d+$/);
      await page.locator('.eval table').waitFor({ timeout: 20 * MINUTE });
    },
  },
  { name: 'console-trends', role: 'organiser', path: '/console/trends' },
  { name: 'console-knowledge-health', role: 'editor', path: '/console/knowledge-health' },
  { name: 'console-accounts', role: 'admin', path: '/console/accounts' },
  { name: 'console-audit', role: 'admin', path: '/console/audit' },
];

const only = process.argv[2];
const root = await mkdtemp(path.join(tmpdir(), 'mrb-console-shots-'));
for (const dir of ['knowledge', 'intents', 'conversations', 'safety'])
  await cp(path.join(REPO_ROOT, dir), path.join(root, dir), { recursive: true });
const c = await startConsole({ content: root });
const browser = await launchChromium();
try {
  await mkdir(OUT, { recursive: true });
  // A few accounts so the admin pages are not empty, and what the pages show.
  for (const role of ['editor', 'staff', 'organiser'] as const)
    await c.createUser(role, `${role}@union.example`);
  await seedTickets(c);
  await seedTrends(c);
  await seedQuestions(c);
  for (const shot of SHOTS.filter((s) => !only || s.name.includes(only))) {
    const context = await browser.newContext({
      viewport: { width: shot.width ?? 1024, height: 700 },
      deviceScaleFactor: 1,
      locale: 'en-GB',
      serviceWorkers: 'block',
    });
    if (shot.role) {
      // Signed in through the real form over HTTP; the browser gets its cookies.
      const client = await c.signIn(shot.role);
      await context.addCookies(
        [...client.cookies].map(([name, value]) => ({
          name,
          value,
          url: c.url,
          httpOnly: true,
          sameSite: 'Strict' as const,
        })),
      );
    }
    const page = await context.newPage();
    // Checking an edit on the real content takes seconds (longer on a busy machine).
    page.setDefaultTimeout(10 * MINUTE);
    if (shot.steps) await shot.steps(page, c);
    else await page.goto(`${c.url}${shot.path ?? '/console'}`);
    const file = path.join(OUT, `${shot.name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
    await context.close();
  }
} finally {
  await browser.close();
  await c.close();
  await rm(root, { recursive: true, force: true });
}
