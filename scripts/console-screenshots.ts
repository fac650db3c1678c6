/**
 * `npm run docs:screenshots`: pictures of the console's pages, signed in with the role each page is
 * for, over the real content with an in-memory store seeded with made-up tickets. Written to
 * docs/screenshots/<name>.png. Not a test: run it after changing a page, then look at the pictures.
 *
 * To add your pages, add entries to SHOTS (name, role, path, optional seed and viewport width);
 * `seed` runs once before the page is opened, with the running console (its store, accounts, app).
 * `npm run docs:screenshots -- desk` takes only the shots whose name contains "desk".
 */
import '../src/quiet.ts';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Role } from '../src/console/section.ts';
import type { Ticket } from '../src/store/port.ts';
import { REPO_ROOT } from '../src/app.ts';
import { launchChromium } from '../test/helpers/browser.ts';
import { startConsole, type RunningConsole } from '../test/helpers/console.ts';

export interface Shot {
  /** File name without .png, e.g. 'console-desk'. */
  name: string;
  /** Signed in with a new account of this role; none for pages before sign-in. */
  role?: Role;
  path: string;
  seed?: (c: RunningConsole) => Promise<void>;
  /** Viewport width in CSS pixels (height follows the page). Default 1024. */
  width?: number;
}

const OUT = path.join(REPO_ROOT, 'docs', 'screenshots');

/** Made-up tickets in several states (no real worker, no text shown by the desk anyway). */
async function seedTickets(c: RunningConsole): Promise<void> {
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  const base = (id: string, openedMinutesAgo: number): Ticket => ({
    id,
    status: 'open',
    workerRef: `example-${id}`,
    address: { channel: 'web', userId: `example-${id}` },
    language: 'en',
    question: 'example',
    reason: 'asked',
    transcript: [{ from: 'worker', text: 'example', at: at(openedMinutesAgo) }],
    answeredBy: [],
    createdAt: at(openedMinutesAgo),
    updatedAt: at(1),
  });
  const staff = (t: Ticket, afterMinutes: number, lastWorkerMinutesAgo?: number): Ticket => {
    const opened = (now - Date.parse(t.createdAt)) / 60_000;
    const transcript = [
      ...t.transcript,
      { from: 'staff' as const, text: 'example', at: at(opened - afterMinutes), staff: 'Ana' },
    ];
    if (lastWorkerMinutesAgo !== undefined)
      transcript.push({ from: 'worker', text: 'example', at: at(lastWorkerMinutesAgo) });
    return { ...t, transcript, answeredBy: [{ id: 'U1', name: 'Ana' }] };
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

export const SHOTS: Shot[] = [
  { name: 'console-sign-in', path: '/console/sign-in' },
  { name: 'console-desk', role: 'staff', path: '/console/desk', seed: seedTickets },
  { name: 'console-desk-phone', role: 'staff', path: '/console/desk', width: 360 },
  { name: 'console-accounts', role: 'admin', path: '/console/accounts' },
  { name: 'console-audit', role: 'admin', path: '/console/audit' },
];

const only = process.argv[2];
const c = await startConsole({ content: REPO_ROOT });
const browser = await launchChromium();
try {
  await mkdir(OUT, { recursive: true });
  // A few accounts and audit entries so the admin pages are not empty.
  for (const role of ['editor', 'staff', 'organiser'] as const)
    await c.createUser(role, `${role}@union.example`);
  for (const shot of SHOTS.filter((s) => !only || s.name.includes(only))) {
    await shot.seed?.(c);
    const context = await browser.newContext({
      viewport: { width: shot.width ?? 1024, height: 700 },
      deviceScaleFactor: 1,
      locale: 'en-GB',
    });
    if (shot.role) {
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
    await page.goto(`${c.url}${shot.path}`);
    const file = path.join(OUT, `${shot.name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
    await context.close();
  }
} finally {
  await browser.close();
  await c.close();
}
