/**
 * The channel-agnostic core: `handle(inbound) → outbound[]`.
 *
 * A message's way through it is a pipeline of small steps sharing one turn context
 * (src/core/pipeline/, one file per step; see pipeline/index.ts for the order and
 * pipeline/context.ts for how they compose). This class only builds the context, runs the steps
 * under the worker's lock and returns the replies.
 */
import type { Language } from '../kb/schema.ts';
import type { Session } from '../store/port.ts';
import type { InboundMessage, OutboundMessage } from './messages.ts';
import {
  compose,
  STEPS,
  type CoreDeps,
  type Services,
  type Step,
  type Trace,
  type TurnContext,
} from './pipeline/index.ts';
import { countryName } from './render.ts';

export type {
  CoreDeps,
  EntityFinder,
  Entities,
  Handoff,
  LanguageGuesser,
  Logger,
  NluPolicy,
  Outcome,
  Trace,
} from './pipeline/index.ts';

export const DEFAULT_POLICY = { threshold: 0.35, margin: 0.08, closeRatio: 0.8, outShare: 0.75 };

export const silentLogger: CoreDeps['logger'] & object = { info() {}, warn() {}, error() {} };

export interface HandleResult {
  replies: OutboundMessage[];
  trace: Trace;
}

export class Core {
  private readonly services: Services;
  private readonly run: (ctx: TurnContext) => Promise<void>;

  constructor(deps: CoreDeps, steps: readonly Step[] = STEPS) {
    this.services = {
      ...deps,
      now: deps.now ?? (() => new Date()),
      log: deps.logger ?? silentLogger,
      recent: new Map(),
    };
    this.run = compose(steps);
  }

  /** The adapter entry point. */
  async handle(inbound: InboundMessage): Promise<OutboundMessage[]> {
    return (await this.handleDetailed(inbound)).replies;
  }

  async handleDetailed(inbound: InboundMessage): Promise<HandleResult> {
    const ref = this.services.pseudonymize(inbound.address);
    // One unit of work per message: its changes (and its message key) are kept together or not at all.
    return this.services.lock.run(ref, () =>
      this.services.store.atomically(async () => {
        const ctx = this.newTurn(inbound, ref);
        const started = performance.now();
        await this.run(ctx);
        // Metadata only: the logger redacts text, numbers and ids anyway (src/core/logger.ts).
        this.services.log.debug?.(
          {
            worker: ref,
            channel: inbound.address.channel,
            outcome: ctx.trace.outcome,
            intent: ctx.trace.intent,
            language: ctx.trace.language,
            ms: Math.round(performance.now() - started),
          },
          'message handled',
        );
        return { replies: [...ctx.notes, ...ctx.replies], trace: ctx.trace };
      }),
    );
  }

  private newTurn(inbound: InboundMessage, ref: string): TurnContext {
    const nlu = this.services.nlu();
    const session: Session = {
      ref,
      address: inbound.address,
      fallbacks: 0,
      transcript: [],
      updatedAt: this.services.now().toISOString(),
    };
    return {
      inbound,
      ref,
      services: this.services,
      nlu,
      content: nlu.content,
      session,
      trace: {
        language: 'en',
        intent: null,
        confidence: 0,
        entities: { countries: [], instruments: [] },
        handoff: 'none',
        ranked: [],
        outcome: 'ignored',
      },
      replies: [],
      notes: [],
      text: '',
      erased: false,
      skipPersist: false,
      state: {},
    };
  }

  /** The name of a country in the worker's language (for adapters and staff views). */
  countryName(iso: string, lang: Language): string {
    return countryName(this.services.nlu().content, iso, lang);
  }
}
