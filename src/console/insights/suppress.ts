/**
 * Small-cell suppression for the organisers' trends. A group (a topic, a corridor, a language, a
 * week) counted from fewer than `min` distinct workers is never shown: its numbers are replaced by
 * "fewer than N" on the page and left out of the CSV.
 *
 * Complementary disclosure. Every table of the trends view splits the same messages into groups
 * (each message has exactly one topic, one corridor, one language, one week), so the total of one
 * table is the total of every other. If a table hid exactly one group, anyone could subtract the
 * groups shown from the total of another table and get the hidden number back. So:
 * - when exactly one group of a table is below the threshold, the smallest group shown is hidden too
 *   ("hidden so the other cannot be worked out"): what can be worked out is the sum of two groups,
 *   one of them at least N workers;
 * - totals are only ever the sum of the groups shown, and say so.
 * Distinct workers are not additive across groups (one worker may ask about two topics), so no
 * table shows a total of workers.
 */
import type { TrendCount } from '../../store/port.ts';

export type CellState = 'shown' | 'suppressed' | 'complementary';

export interface Cell extends TrendCount {
  state: CellState;
}

export interface SuppressedTable {
  cells: Cell[];
  /** Messages in the groups shown (never including a hidden group). */
  shownMessages: number;
  /** Groups hidden, below the threshold or to protect one that is. */
  hidden: number;
  min: number;
}

/**
 * Suppresses a table's small groups (fewer than `min` distinct workers) and, when exactly one is,
 * a second one (the smallest shown). Order of `counts` is kept.
 */
export function suppress(counts: readonly TrendCount[], min: number): SuppressedTable {
  const cells: Cell[] = counts.map((c) => ({ ...c, state: c.workers < min ? 'suppressed' : 'shown' }));
  const primary = cells.filter((c) => c.state === 'suppressed').length;
  if (primary === 1) {
    const partner = cells
      .filter((c) => c.state === 'shown')
      .sort((a, b) => a.workers - b.workers || a.messages - b.messages || (a.key < b.key ? -1 : 1))[0];
    if (partner) partner.state = 'complementary';
  }
  const shown = cells.filter((c) => c.state === 'shown');
  return {
    cells,
    shownMessages: shown.reduce((n, c) => n + c.messages, 0),
    hidden: cells.length - shown.length,
    min,
  };
}

/** What a hidden cell says instead of its numbers. */
export function hiddenText(cell: Cell, min: number): string {
  return cell.state === 'suppressed' ? `fewer than ${min}` : 'hidden (protects a smaller group)';
}
