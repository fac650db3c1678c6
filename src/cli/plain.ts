/**
 * Plain-text rendering of replies for the terminal and the batch mode: choices become a
 * numbered list, and replying with the number picks that choice.
 */
import type { OutboundMessage } from '../core/messages.ts';

export function toPlainText(messages: OutboundMessage[]): string {
  return messages
    .map((m) => {
      const choices = (m.choices ?? []).map((c, i) => `${i + 1}. ${c.label}`);
      return choices.length > 0 ? `${m.text}\n${choices.join('\n')}` : m.text;
    })
    .join('\n\n');
}
