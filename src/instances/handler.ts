/**
 * What a channel adapter calls for each inbound message: the core, timed and counted for /metrics,
 * tracked so a graceful shutdown can wait for messages in flight, and — with many instances — durable:
 * the replies are queued in the outbox inside the same unit of work (and worker lock) as the message's
 * inbox key and session, instead of being sent by the adapter after the fact. A killed instance then
 * either committed both (another instance delivers the replies) or neither (the platform redelivers the
 * update, and whichever instance gets it handles it once).
 */
import type { CoreHandler } from '../core/channel.ts';
import type { Core, HandleResult } from '../core/dialogue.ts';
import type { ChannelName, InboundMessage, OutboundMessage } from '../core/messages.ts';
import type { Pseudonymizer } from '../core/pseudonym.ts';
import type { TicketService } from '../core/tickets.ts';
import type { Coordinator } from './coordinator.ts';
import type { Metrics, Outcome } from './metrics.ts';

/** Counts work in flight; {@link Inflight.idle} resolves when none is left. */
export class Inflight {
  private count = 0;
  private waiters: (() => void)[] = [];

  get size(): number {
    return this.count;
  }

  async track<T>(fn: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await fn();
    } finally {
      this.count--;
      if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  }

  /** Resolves true when nothing is in flight, false when `timeoutMs` passed first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

export interface ChannelHandlerDeps {
  core: Pick<Core, 'handleDetailed'>;
  tickets: Pick<TicketService, 'deliver'>;
  coordinator: Pick<Coordinator, 'withWorkerLock'>;
  pseudonymize: Pseudonymizer;
  metrics?: Pick<Metrics, 'handled'>;
  inflight?: Inflight;
  /** Queue replies in the outbox with the message's unit of work (many instances). */
  durable: boolean;
  /** Starts delivering at once after the unit of work committed (the outbox's kick). */
  kick?: () => void;
}

export function outcomeOf(result: HandleResult): Outcome {
  return result.trace.outcome;
}

/** The handler for one channel's adapter. */
export function channelHandler(channel: ChannelName, deps: ChannelHandlerDeps): CoreHandler {
  const inflight = deps.inflight ?? new Inflight();
  const run = async (inbound: InboundMessage): Promise<OutboundMessage[]> => {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      let result: HandleResult;
      let replies: OutboundMessage[];
      if (deps.durable) {
        const ref = deps.pseudonymize(inbound.address);
        result = await deps.coordinator.withWorkerLock(ref, async () => {
          const handled = await deps.core.handleDetailed(inbound);
          if (handled.replies.length > 0) await deps.tickets.deliver(ref, inbound.address, handled.replies);
          return handled;
        });
        replies = [];
        deps.kick?.();
      } else {
        result = await deps.core.handleDetailed(inbound);
        replies = result.replies;
      }
      deps.metrics?.handled(channel, outcomeOf(result), seconds());
      return replies;
    } catch (error) {
      deps.metrics?.handled(channel, 'error', seconds());
      throw error;
    }
  };
  return { handle: (inbound) => inflight.track(() => run(inbound)) };
}
