/**
 * Block Kit rendering of a ticket for the staff channel. Pure: the same ticket and time give the same
 * message, so posting again and updating are the same operation.
 *
 * Every piece of worker (and bot) text goes through {@link workerBlock}; the notification `text` carries
 * no worker text at all, so nothing a worker typed can ping, link or leak through a notification.
 */
import { LANGUAGE_NAMES } from '../../src/kb/schema.ts';
import { DANGER_LABELS, type Category } from '../../src/safety/schema.ts';
import type { Ticket, TranscriptEntry } from '../../src/store/port.ts';
import { escapeEntities, SECTION_LIMIT, truncate, workerBlock } from './mrkdwn.ts';

export const ACTION_CLAIM = 'ticket_claim';
export const ACTION_CLOSE = 'ticket_close';
export const ACTION_HAND_BACK = 'ticket_hand_back';
export const ACTION_URGENT_RAISE = 'ticket_urgent_raise';
export const ACTION_URGENT_LOWER = 'ticket_urgent_lower';
/** Metadata event type that marks our messages, so a lost response can be recovered without reposting. */
export const METADATA_EVENT = 'escalation_ticket';

/** Desk data keys this adapter keeps on a ticket. */
export const DESK = {
  channel: 'slackChannel',
  ts: 'slackTs',
  /** How the ticket ended when it ended from Slack: "closed" or "handedBack". */
  outcome: 'slackOutcome',
  outcomeBy: 'slackOutcomeBy',
  /** An office-hours note shown to staff, e.g. the worker was told to expect an answer on Monday. */
  officeNote: 'slackOfficeNote',
  /** The `urgentSince` the on-call group was last alerted for (a new value means a new alert). */
  urgentAlerted: 'slackUrgentAlerted',
} as const;

/** A Block Kit block; kept loose because Slack's own types are wider than what we build. */
export type Block = Record<string, unknown>;

export interface RenderedMessage {
  text: string;
  blocks: Block[];
}

const CHANNEL_NAMES: Record<string, string> = {
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  console: 'Local chat',
  test: 'Test',
};

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

function country(code: string | undefined): string | undefined {
  if (!code) return undefined;
  let name: string | undefined;
  try {
    name = regionNames.of(code.toUpperCase());
  } catch {
    name = undefined;
  }
  const safe = escapeEntities(code.toUpperCase().slice(0, 3));
  return name && name !== code.toUpperCase() ? `${escapeEntities(name)} (${safe})` : safe;
}

/** "12 min", "2 h 05 min", "3 days 4 h". */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} days ${hours % 24} h`;
}

function staffNames(list: { name: string }[]): string {
  return list.map((s) => escapeEntities(s.name)).join(', ');
}

/** One line describing where the ticket stands, for staff. */
export function statusLine(ticket: Ticket): string {
  const desk = ticket.desk ?? {};
  const answered = ticket.answeredBy.length ? ` · answered by ${staffNames(ticket.answeredBy)}` : '';
  switch (ticket.status) {
    case 'open':
      return ':large_orange_circle: *Waiting for someone to claim it*';
    case 'claimed':
      return `:large_blue_circle: *Claimed by ${staffNames(ticket.claimedBy ? [ticket.claimedBy] : [])}*`;
    case 'answered':
      return `:large_green_circle: *Answered*${answered}${
        ticket.claimedBy ? ` (claimed by ${staffNames([ticket.claimedBy])})` : ''
      }`;
    case 'closed': {
      const by = desk[DESK.outcomeBy] ? ` by ${escapeEntities(desk[DESK.outcomeBy] ?? '')}` : '';
      switch (closedHow(ticket)) {
        case 'handed-back':
          return `:leftwards_arrow_with_hook: *Handed back to the bot*${by}${answered}`;
        case 'worker':
          return `:white_check_mark: *Closed by the worker* (no longer needs staff)${answered}`;
        case 'erased':
          return `:wastebasket: *Erased at the worker's request*: their messages were removed${answered}`;
        default:
          return `:white_check_mark: *Closed*${by}${answered}`;
      }
    }
  }
}

/** How a closed ticket ended: the core's `closedBy`, else what this desk recorded when staff clicked. */
export function closedHow(ticket: Ticket): NonNullable<Ticket['closedBy']> {
  if (ticket.closedBy) return ticket.closedBy;
  return ticket.desk?.[DESK.outcome] === 'handedBack' ? 'handed-back' : 'staff';
}

const REASONS: Record<Ticket['reason'], string> = {
  asked: 'The worker asked for a person.',
  fallback: 'The bot could not answer with confidence.',
  offered: 'The bot offered a person and the worker accepted.',
  danger: 'The bot found signs that the worker may be in danger.',
};

/** The danger categories of a ticket, in words for staff. */
export function dangerText(ticket: Ticket): string {
  return (ticket.danger ?? []).map((d) => DANGER_LABELS[d as Category] ?? escapeEntities(d)).join('; ');
}

function entryLabel(entry: TranscriptEntry): string {
  const time = entry.at.length >= 16 ? entry.at.slice(11, 16) + ' UTC' : '';
  const who =
    entry.from === 'worker'
      ? 'Worker'
      : entry.from === 'bot'
        ? 'Bot'
        : `Staff${entry.staff ? ` (${entry.staff})` : ''}`;
  return `*${escapeEntities(who)}*${time ? ` · ${time}` : ''}`;
}

/** The recent conversation, newest kept, within one section's limit. */
function transcriptText(ticket: Ticket, phoneAgreed: boolean): string | undefined {
  const entries = ticket.transcript.slice(-8);
  const lines: string[] = [];
  const header = '*Recent conversation*';
  let length = header.length;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    const line = `${entryLabel(e)}\n${workerBlock(e.text, { phoneAgreed, max: 400 })}`;
    if (length + line.length + 1 > SECTION_LIMIT) break;
    lines.unshift(line);
    length += line.length + 1;
  }
  return lines.length ? [header, ...lines].join('\n') : undefined;
}

export interface RenderOptions {
  now: Date;
  /** SLACK_URGENT_MENTION, already in Slack's syntax; shown only on urgent tickets. */
  mention?: string;
}

/** The root message of a ticket in the staff channel. */
export function renderTicket(ticket: Ticket, { now, mention }: RenderOptions): RenderedMessage {
  const phoneAgreed = Boolean(ticket.phone);
  const desk = ticket.desk ?? {};
  const channel = CHANNEL_NAMES[ticket.address.channel] ?? escapeEntities(ticket.address.channel);
  const language = `${LANGUAGE_NAMES[ticket.language] ?? ticket.language} (${ticket.language})`;
  const origin = country(ticket.origin);
  const destination = country(ticket.destination);
  const countries =
    origin && destination
      ? `${origin} → ${destination}`
      : origin
        ? `from ${origin}`
        : destination
          ? `in ${destination}`
          : 'not known';
  const created = Date.parse(ticket.createdAt);
  const end = ticket.status === 'closed' && ticket.closedAt ? Date.parse(ticket.closedAt) : now.getTime();
  const waited = formatDuration(end - created);
  const waitedLabel =
    ticket.status === 'closed' ? `Open for` : ticket.status === 'open' ? 'Waiting' : 'Opened';
  const shortId = escapeEntities(truncate(ticket.id, 40));

  const erased = ticket.status === 'closed' && closedHow(ticket) === 'erased';
  const fields: Block[] = [
    { type: 'mrkdwn', text: `*Worker*\n\`${escapeEntities(truncate(ticket.workerRef, 40))}\`` },
    { type: 'mrkdwn', text: `*Channel*\n${channel}` },
    { type: 'mrkdwn', text: `*Language*\n${escapeEntities(language)}` },
    { type: 'mrkdwn', text: `*Countries*\n${erased ? 'removed' : countries}` },
    {
      type: 'mrkdwn',
      text: `*${waitedLabel}*\n${ticket.status === 'open' || ticket.status === 'closed' ? waited : `${waited} ago`}`,
    },
  ];
  if (ticket.phone && !erased) {
    fields.push({
      type: 'mrkdwn',
      text: `*Phone (shared by the worker)*\n${escapeEntities(truncate(ticket.phone, 32))}`,
    });
  }
  if (ticket.workerName && !erased) {
    fields.push({
      type: 'mrkdwn',
      text: `*Name (shared by the worker)*\n${escapeEntities(truncate(ticket.workerName, 60))}`,
    });
  }

  const urgent = ticket.urgent === true && ticket.status !== 'closed';
  const blocks: Block[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`${urgent ? 'URGENT: ' : ''}Escalation ${ticket.id}`, 150),
        emoji: false,
      },
    },
  ];
  if (urgent) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          `:rotating_light: *URGENT: the worker may be in danger* (${dangerText(ticket)})` +
          `${mention ? `\n${mention}` : ''}\nClaim it as soon as you can; the channel is reminded until someone does.`,
      },
    });
  } else if (ticket.danger?.length && ticket.status !== 'closed') {
    const by =
      ticket.urgencyChangedBy && !ticket.urgencyChangedBy.urgent
        ? ` by ${escapeEntities(ticket.urgencyChangedBy.name)}`
        : '';
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `Urgency lowered${by}. Signs found earlier: ${dangerText(ticket)}.` },
      ],
    });
  }
  blocks.push(
    { type: 'section', text: { type: 'mrkdwn', text: statusLine(ticket) } },
    { type: 'section', fields },
  );
  if (!erased) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Question*\n${workerBlock(ticket.question, { phoneAgreed, limit: 2900 })}`,
      },
    });
  }

  let why = `*Why a person*\n${REASONS[ticket.reason]}`;
  if (ticket.botAnswer && !erased) {
    why += `\n*The bot answered*\n${workerBlock(ticket.botAnswer, { phoneAgreed, max: 1200, limit: 2700 })}`;
  }
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: why } });

  const transcript = erased ? undefined : transcriptText(ticket, phoneAgreed);
  if (transcript) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: transcript } });

  const notes: string[] = [];
  if (desk[DESK.officeNote]) notes.push(escapeEntities(desk[DESK.officeNote] ?? ''));
  if (ticket.status !== 'closed') {
    notes.push(
      'Reply in this thread to answer the worker (sent as plain text). Start a message with `//` to keep it among staff.',
    );
  }
  if (notes.length) {
    blocks.push({ type: 'context', elements: notes.map((text) => ({ type: 'mrkdwn', text })) });
  }

  if (ticket.status !== 'closed') {
    const elements: Block[] = [];
    if (ticket.status === 'open') {
      elements.push(button(ACTION_CLAIM, 'Claim', ticket.id, 'primary'));
    }
    elements.push(
      button(ACTION_CLOSE, 'Close', ticket.id, undefined, {
        title: 'Close this ticket?',
        text: 'The worker is told the conversation with staff has ended and the bot answers again.',
        confirm: 'Close',
      }),
      button(ACTION_HAND_BACK, 'Hand back to the bot', ticket.id, undefined, {
        title: 'Hand back to the bot?',
        text: 'The worker is told the bot answers again; staff replies in this thread are no longer relayed.',
        confirm: 'Hand back',
      }),
      ticket.urgent
        ? button(ACTION_URGENT_LOWER, 'Lower urgency', ticket.id, undefined, {
            title: 'Lower the urgency?',
            text: 'The ticket stays open; reminders go back to office hours and the on-call group is no longer pinged.',
            confirm: 'Lower',
          })
        : button(ACTION_URGENT_RAISE, 'Mark urgent', ticket.id, 'danger', {
            title: 'Mark this urgent?',
            text: 'The on-call group is alerted now and reminded every 15 minutes until someone claims it.',
            confirm: 'Mark urgent',
          }),
    );
    blocks.push({ type: 'actions', block_id: `ticket_actions`, elements });
  }

  const state =
    ticket.status === 'open'
      ? `waiting ${waited}`
      : ticket.status === 'closed'
        ? closedHow(ticket) === 'handed-back'
          ? 'handed back to the bot'
          : 'closed'
        : ticket.status;
  return {
    text: urgent
      ? `URGENT${mention ? ` ${mention}` : ''}: escalation ${shortId}, a worker on ${channel} (${escapeEntities(language)}) may be in danger — ${state}`
      : `Escalation ${shortId}: a worker on ${channel} (${escapeEntities(language)}) needs a person — ${state}`,
    blocks,
  };
}

function button(
  actionId: string,
  label: string,
  value: string,
  style?: 'primary' | 'danger',
  confirm?: { title: string; text: string; confirm: string },
): Block {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: label, emoji: false },
    value,
    ...(style ? { style } : {}),
    ...(confirm
      ? {
          confirm: {
            title: { type: 'plain_text', text: confirm.title },
            text: { type: 'plain_text', text: confirm.text },
            confirm: { type: 'plain_text', text: confirm.confirm },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        }
      : {}),
  };
}

/** A worker's later message, for the ticket's thread. */
export function renderWorkerMessage(ticket: Ticket, entry: TranscriptEntry): RenderedMessage {
  const label = entryLabel(entry);
  return {
    text: `The worker wrote again (escalation ${escapeEntities(truncate(ticket.id, 40))})`,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${label}\n${workerBlock(entry.text, { phoneAgreed: Boolean(ticket.phone), limit: 2900 })}`,
        },
      },
    ],
  };
}

/** A reminder that a ticket still waits, for the thread (broadcast to the channel). */
export function renderReminder(ticket: Ticket, now: Date): RenderedMessage {
  const waited = formatDuration(now.getTime() - Date.parse(ticket.createdAt));
  const text = `:bell: Escalation ${escapeEntities(truncate(ticket.id, 40))} is still waiting for someone to claim it — ${waited}.`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        block_id: 'ticket_actions',
        elements: [button(ACTION_CLAIM, 'Claim', ticket.id, 'primary')],
      },
    ],
  };
}

/** An open ticket became urgent (a later message, or staff raised it): alert the on-call group. */
export function renderUrgentNotice(ticket: Ticket, mention?: string): RenderedMessage {
  const text =
    `:rotating_light: ${mention ? `${mention} ` : ''}Escalation ${escapeEntities(truncate(ticket.id, 40))} is now URGENT: ` +
    `the worker may be in danger (${dangerText(ticket) || 'marked by staff'}).`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      ...(ticket.status === 'open'
        ? [
            {
              type: 'actions',
              block_id: 'ticket_actions',
              elements: [button(ACTION_CLAIM, 'Claim', ticket.id, 'primary')],
            },
          ]
        : []),
    ],
  };
}

/** The reminder for an urgent ticket nobody has claimed, with the on-call mention. */
export function renderUrgentReminder(ticket: Ticket, now: Date, mention?: string): RenderedMessage {
  const since = Date.parse(ticket.urgentSince ?? ticket.createdAt);
  const text =
    `:rotating_light: ${mention ? `${mention} ` : ''}URGENT escalation ${escapeEntities(truncate(ticket.id, 40))} ` +
    `is still unclaimed — ${formatDuration(now.getTime() - since)} since it became urgent (${dangerText(ticket) || 'marked by staff'}).`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        block_id: 'ticket_actions',
        elements: [button(ACTION_CLAIM, 'Claim', ticket.id, 'primary')],
      },
    ],
  };
}

/** The thread note when a ticket ends. */
export function renderClosedNote(ticket: Ticket): RenderedMessage {
  const desk = ticket.desk ?? {};
  const by = desk[DESK.outcomeBy] ? ` by ${escapeEntities(desk[DESK.outcomeBy] ?? '')}` : '';
  const text = {
    'handed-back': `:leftwards_arrow_with_hook: Handed back to the bot${by}. The worker was told; replies here are no longer relayed.`,
    worker:
      ':white_check_mark: The worker no longer needs staff and closed the request. Replies here are no longer relayed.',
    erased:
      ':wastebasket: The worker asked to be forgotten: their messages were removed from this thread. Replies here are no longer relayed.',
    staff: `:white_check_mark: Closed${by}. Replies here are no longer relayed to the worker.`,
  }[closedHow(ticket)];
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
