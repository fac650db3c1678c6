/**
 * Step (finally: runs whatever step ended the turn): saves the session with the turn's exchange in
 * its bounded transcript, records the message for the organisers' trends (no text: see
 * src/core/trends.ts), and logs what happened — never what the worker wrote.
 */
import type { TranscriptEntry } from '../../store/port.ts';
import { trendEventOf } from '../trends.ts';
import { step } from './context.ts';

const SESSION_TRANSCRIPT = 30;

export const persist = step(
  'persist',
  async (ctx, next) => {
    const { session, services, trace } = ctx;
    if (!ctx.erased) {
      trace.origin = session.origin;
      trace.destination = session.destination;
    }
    if (!ctx.erased && !ctx.skipPersist) {
      const at = services.now().toISOString();
      const entries: TranscriptEntry[] = [];
      if (ctx.workerText) entries.push({ from: 'worker', text: ctx.workerText, at });
      for (const r of [...ctx.notes, ...ctx.replies]) entries.push({ from: 'bot', text: r.text, at });
      session.transcript = [...session.transcript, ...entries].slice(-SESSION_TRANSCRIPT);
      session.language = trace.language;
      session.lastChoices = ctx.replies.at(-1)?.choices;
      session.updatedAt = at;
      await services.store.putSession(session);
      const event = trendEventOf(ctx);
      if (event) await services.store.recordTrend(event);
    }
    if (trace.outcome !== 'ignored') {
      services.log.info(
        {
          ref: ctx.ref,
          channel: ctx.inbound.address.channel,
          language: trace.language,
          intent: trace.intent,
          confidence: Number(trace.confidence.toFixed(3)),
          handoff: trace.handoff,
          outcome: trace.outcome,
          chars: ctx.inbound.text?.length ?? 0,
        },
        'message handled',
      );
    }
    await next();
  },
  { finally: true },
);
