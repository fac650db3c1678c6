/**
 * The safeguarding step of the core: runs on every worker text after commands, before the staff desk and
 * before matching. When the detector finds a sign of danger it answers at once (serious, not your fault,
 * the first safe step, the numbers where the worker is, what happens now), opens an urgent ticket for
 * staff or raises the open one to urgent, and asks, with one tap, whether staff may see the worker's
 * name and phone number (nothing identifying is shared without that).
 *
 * @example
 *   const step = new SafetyStep({ safety: () => safetyContent, tickets });
 *   const replies = await step.run(turn, text, { chooseLanguage, countries });
 *   if (replies) return replies; // otherwise the message goes on to the desk or the matcher
 */
import type { Content } from '../kb/loader.ts';
import type { Language } from '../kb/schema.ts';
import type { ChoiceButton, InboundMessage, OutboundMessage } from '../core/messages.ts';
import type { TicketService } from '../core/tickets.ts';
import type { Session } from '../store/port.ts';
import type { SafetyContent } from './load.ts';
import { composeSafetyReply } from './replies.ts';
import type { Category } from './schema.ts';

/** What the step reads and changes of the core's turn (the dialogue's turn context has these fields). */
export interface SafetyTurn {
  inbound: InboundMessage;
  session: Session;
  content: Content;
  trace: { language: Language; handoff: 'none' | 'offered' | 'started'; urgent?: boolean; danger?: string[] };
}

export interface SafetyStepDeps {
  /** The loaded safeguarding content (patterns, replies); undefined disables the step. */
  safety: () => SafetyContent | undefined;
  tickets: TicketService;
  logger?: { info(fields: Record<string, unknown>, msg: string): void };
}

export interface SafetyHooks {
  /** Picks the reply language from the text, as the dialogue would (used when no ticket is open). */
  chooseLanguage: () => void;
  /** Countries named in the text (the dialogue's entity finder). */
  countries: (text: string) => { iso2: string; role?: 'origin' | 'destination' }[];
  /** A country's name in a language. */
  countryName: (iso: string, language: Language) => string;
}

export const SHARE_ACTION = 'safety:share';
export const KEEP_ACTION = 'safety:keep';

export class SafetyStep {
  constructor(private readonly d: SafetyStepDeps) {}

  /**
   * Returns the replies when `text` shows danger (or names the country the step asked for), else
   * undefined and the message goes on as usual.
   */
  async run(c: SafetyTurn, text: string, hooks: SafetyHooks): Promise<OutboundMessage[] | undefined> {
    const safety = this.d.safety();
    if (!safety) return undefined;
    const { session } = c;
    const detection = safety.detector.detect(text);
    const ticket = session.openTicket ? await this.d.tickets.getTicket(session.openTicket) : undefined;
    const open = ticket && ticket.status !== 'closed' ? ticket : undefined;

    if (!detection) {
      // The worker answers the question "which country are you in?" while the urgent case is open.
      if (!open?.urgent || session.destination || !session.safetyAskedCountry) return undefined;
      const named = hooks.countries(text);
      if (!this.placeCountries(c, named)) return undefined;
      session.safetyAskedCountry = undefined;
      c.trace.language = open.language;
      await this.d.tickets.workerWrote(open.id, text);
      await this.d.tickets.update(open.id, { destination: session.destination, origin: session.origin });
      c.trace.handoff = 'started';
      return [
        this.reply(c, safety, {
          categories: (open.danger ?? []) as Category[],
          alreadyOpen: true,
          hooks,
          skipOpening: true,
        }),
      ];
    }

    const categories = detection.categories;
    this.placeCountries(c, hooks.countries(text));
    c.trace.urgent = true;
    c.trace.danger = categories;
    c.trace.handoff = 'started';
    session.pending = undefined;

    let alreadyOpen = false;
    let fresh = true;
    if (open) {
      c.trace.language = open.language;
      alreadyOpen = true;
      await this.d.tickets.workerWrote(open.id, text);
      fresh = await this.d.tickets.raiseUrgent(open.id, categories, {
        origin: session.origin,
        destination: session.destination,
      });
    } else {
      hooks.chooseLanguage();
      const created = await this.d.tickets.open(session, {
        question: text,
        reason: 'danger',
        language: c.trace.language,
        urgent: true,
        danger: categories,
      });
      session.openTicket = created.id;
    }
    this.d.logger?.info(
      { ref: session.ref, categories, severity: detection.severity, raised: alreadyOpen },
      'safeguarding: urgent case',
    );
    const replies: OutboundMessage[] = [];
    if (fresh) {
      replies.push(this.reply(c, safety, { categories, alreadyOpen, hooks }));
      if (!session.destination) session.safetyAskedCountry = true;
    } else {
      replies.push({ text: this.texts(safety, c.trace.language).alertedAgain });
    }
    const consent = this.consentQuestion(c, safety);
    if (consent) replies.push(consent);
    return replies;
  }

  /** The worker's one-tap answer to "may staff see your name and number?". */
  async onAction(c: SafetyTurn, action: string): Promise<OutboundMessage[]> {
    const safety = this.d.safety();
    const t = safety ? this.texts(safety, c.trace.language) : undefined;
    const { session, inbound } = c;
    if (action === SHARE_ACTION) {
      session.sharePhone = true;
      session.shareName = true;
      if (inbound.phone) session.phone = inbound.phone;
      if (inbound.displayName) session.displayName = inbound.displayName;
      if (session.openTicket)
        await this.d.tickets.update(session.openTicket, {
          phone: session.phone,
          workerName: session.displayName,
        });
      return [{ text: t?.consentGiven ?? 'OK.' }];
    }
    session.sharePhone = false;
    session.shareName = false;
    session.phone = undefined;
    session.displayName = undefined;
    if (session.openTicket)
      await this.d.tickets.update(session.openTicket, { phone: undefined, workerName: undefined });
    return [{ text: t?.consentRefused ?? 'OK.' }];
  }

  private texts(safety: SafetyContent, language: Language) {
    return safety.replies.replies[language] ?? safety.replies.replies.en!;
  }

  /** Asked once, and only when the channel knows a name or a number the worker could share. */
  private consentQuestion(c: SafetyTurn, safety: SafetyContent): OutboundMessage | undefined {
    const { session, inbound } = c;
    if (session.shareName !== undefined || session.sharePhone !== undefined) return undefined;
    if (!inbound.phone && !inbound.displayName) return undefined;
    const t = this.texts(safety, c.trace.language);
    const choices: ChoiceButton[] = [
      { label: t.consentYes, value: SHARE_ACTION },
      { label: t.consentNo, value: KEEP_ACTION },
    ];
    return { text: t.consent, choices };
  }

  /** Fills origin and destination from the countries a message names; true when any was placed. */
  private placeCountries(c: SafetyTurn, named: { iso2: string; role?: 'origin' | 'destination' }[]): boolean {
    const { session, content } = c;
    let placed = false;
    for (const m of named) {
      const servesHere = content.kb.hotlines.some(
        (h) => h.where.includes(m.iso2) && h.for_nationals.length === 0,
      );
      const role =
        m.role ??
        (!session.destination && servesHere && m.iso2 !== session.origin
          ? 'destination'
          : !session.origin
            ? 'origin'
            : undefined);
      if (!role) continue;
      session[role] = m.iso2;
      placed = true;
    }
    if (session.origin && session.origin === session.destination) session.origin = undefined;
    return placed;
  }

  private reply(
    c: SafetyTurn,
    safety: SafetyContent,
    o: { categories: Category[]; alreadyOpen: boolean; hooks: SafetyHooks; skipOpening?: boolean },
  ): OutboundMessage {
    const language = c.trace.language;
    const { text, links } = composeSafetyReply(c.content, safety.replies, {
      language,
      categories: o.categories.length ? o.categories : ['violence'],
      destination: c.session.destination,
      origin: c.session.origin,
      alreadyOpen: o.alreadyOpen,
      countryName: (iso) => o.hooks.countryName(iso, language),
      skipOpening: o.skipOpening,
    });
    return { text, links };
  }
}
