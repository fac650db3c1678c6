/**
 * Staff: the desk at a glance. Tickets open, claimed, answered and urgent with their waiting times, and
 * the time to the first staff reply by week (median, 90th percentile). Nothing a worker wrote and no
 * reference to a worker beyond the short ticket id: the conversation itself stays in Slack.
 */
import type { Ticket } from '../store/port.ts';
import { duration, html, table } from './html.ts';
import type { ConsoleSection } from './section.ts';

const DAY = 86_400_000;
/** Weeks shown in the reply-time table. */
export const DESK_WEEKS = 8;

/**
 * When staff first replied: recorded on the ticket when the reply was relayed (`firstStaffReplyAt`,
 * src/core/tickets.ts). A ticket from before that field existed falls back to its kept transcript
 * (the last 30 entries: right unless the conversation was longer).
 */
export function firstStaffReply(ticket: Ticket): string | undefined {
  if (ticket.firstStaffReplyAt) return ticket.firstStaffReplyAt;
  return ticket.transcript
    .filter((e) => e.from === 'staff' && e.at >= ticket.createdAt)
    .sort((a, b) => a.at.localeCompare(b.at))[0]?.at;
}

/** When the worker last wrote (the opening message counts), for "waiting since". */
export function lastWorkerMessage(ticket: Ticket): string {
  const worker = ticket.transcript
    .filter((e) => e.from === 'worker' && e.at >= ticket.createdAt)
    .map((e) => e.at);
  return [ticket.createdAt, ...worker].sort().at(-1)!;
}

/** The q-quantile (0..1) of sorted numbers, by linear interpolation; undefined for none. */
export function quantile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Monday 00:00 UTC of the week holding `at`. */
export function weekStart(at: Date): Date {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY);
}

export interface WeekRow {
  week: string;
  opened: number;
  replied: number;
  medianMs?: number;
  p90Ms?: number;
}

export interface DeskSummary {
  counts: { open: number; claimed: number; answered: number; urgent: number };
  current: {
    id: string;
    status: Ticket['status'];
    urgent: boolean;
    claimedBy?: string;
    openForMs: number;
    sinceWorkerMs: number;
    firstReplyMs?: number;
  }[];
  weeks: WeekRow[];
}

export function summariseDesk(tickets: readonly Ticket[], now: Date, weeks = DESK_WEEKS): DeskSummary {
  const live = tickets.filter((t) => t.status !== 'closed');
  const counts = {
    open: live.filter((t) => t.status === 'open').length,
    claimed: live.filter((t) => t.status === 'claimed').length,
    answered: live.filter((t) => t.status === 'answered').length,
    urgent: live.filter((t) => t.urgent).length,
  };
  const current = live
    .map((t) => {
      const first = firstStaffReply(t);
      return {
        id: t.id,
        status: t.status,
        urgent: Boolean(t.urgent),
        claimedBy: t.claimedBy?.name,
        openForMs: now.getTime() - Date.parse(t.createdAt),
        sinceWorkerMs: now.getTime() - Date.parse(lastWorkerMessage(t)),
        firstReplyMs: first ? Date.parse(first) - Date.parse(t.createdAt) : undefined,
      };
    })
    .sort((a, b) => Number(b.urgent) - Number(a.urgent) || b.sinceWorkerMs - a.sinceWorkerMs);
  const thisWeek = weekStart(now).getTime();
  const rows: WeekRow[] = [];
  for (let i = 0; i < weeks; i++) {
    const from = thisWeek - i * 7 * DAY;
    const to = from + 7 * DAY;
    const opened = tickets.filter((t) => {
      const at = Date.parse(t.createdAt);
      return at >= from && at < to;
    });
    const times = opened
      .map((t) => {
        const first = firstStaffReply(t);
        return first ? Date.parse(first) - Date.parse(t.createdAt) : undefined;
      })
      .filter((x): x is number => x !== undefined)
      .sort((a, b) => a - b);
    rows.push({
      week: new Date(from).toISOString().slice(0, 10),
      opened: opened.length,
      replied: times.length,
      medianMs: quantile(times, 0.5),
      p90Ms: quantile(times, 0.9),
    });
  }
  return { counts, current, weeks: rows };
}

const STATUS: Record<Ticket['status'], string> = {
  open: 'open',
  claimed: 'claimed',
  answered: 'answered',
  closed: 'closed',
};

export const deskSection: ConsoleSection = {
  id: 'desk',
  title: 'Desk',
  roles: ['staff', 'organiser'],
  mount(app, deps) {
    app.get('/', async (c) => {
      const ctx = c.get('console');
      const summary = summariseDesk(await deps.store.listTickets(), deps.now());
      const { counts } = summary;
      return ctx.page(
        'The desk at a glance',
        html`<p class="hint">
            Tickets the bot handed to staff. The conversations themselves are in Slack; this page shows no
            message and nothing about the worker but the ticket id.
          </p>
          <ul class="cards">
            <li class="urgent"><span class="n" id="count-urgent">${counts.urgent}</span> urgent</li>
            <li><span class="n" id="count-open">${counts.open}</span> open, not claimed</li>
            <li><span class="n" id="count-claimed">${counts.claimed}</span> claimed</li>
            <li><span class="n" id="count-answered">${counts.answered}</span> answered, still open</li>
          </ul>
          <h2>Tickets not closed</h2>
          ${table(
            [
              'Ticket',
              'Status',
              'Claimed by',
              'Open for',
              'Since the worker last wrote',
              'First reply after',
            ],
            summary.current.map((t) => [
              html`<span class="mono">${t.id}</span
                >${t.urgent ? html` <span class="tag urgent">urgent</span>` : ''}`,
              STATUS[t.status],
              t.claimedBy ?? '—',
              duration(t.openForMs),
              duration(t.sinceWorkerMs),
              t.firstReplyMs === undefined ? 'no reply yet' : duration(t.firstReplyMs),
            ]),
            'No ticket is waiting.',
          )}
          <h2>Time to the first staff reply, by week</h2>
          ${table(
            ['Week from (Monday, UTC)', 'Tickets opened', 'Replied to', 'Median', '90th percentile'],
            summary.weeks.map((w) => [
              w.week,
              w.opened,
              w.replied,
              w.medianMs === undefined ? '—' : duration(w.medianMs),
              w.p90Ms === undefined ? '—' : duration(w.p90Ms),
            ]),
          )}
          <p class="hint">
            Reply times count from the ticket's opening to the first staff message relayed to the worker.
          </p>`,
      );
    });
  },
};
