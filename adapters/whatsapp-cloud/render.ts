/**
 * The core's replies as Cloud API messages, within the API's limits: up to 3 reply buttons (titles of
 * 20 characters, a body of 1,024), or a list of up to 10 rows (titles of 24, descriptions of 72, a body
 * of 4,096), and plain text of at most 4,096 characters per message. What does not fit a button or a
 * list becomes a numbered list in the text, as on WhatsApp Web, and the worker answers with the number.
 *
 * @example
 * toCloudMessages('34600111222', { text: 'Which one?', choices: [{ label: 'Pension', value: 'intent:p' }] }, 'en');
 * // → [{ to, type: 'interactive', interactive: { type: 'button', body: { text: 'Which one?' }, action: … } }]
 */
import type { ChoiceButton, OutboundMessage } from '../../src/core/messages.ts';
import { splitText } from '../telegram/text.ts';
import type { CloudMessage } from './graph.ts';

export const LIMITS = {
  text: 4096,
  buttonBody: 1024,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listBody: 4096,
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  listButton: 20,
} as const;

/** The label of the button that opens a list, per language (English when the language is unknown). */
const LIST_BUTTON: Record<string, string> = {
  en: 'Options',
  es: 'Opciones',
  fr: 'Options',
  pt: 'Opções',
  id: 'Pilihan',
  tl: 'Mga pagpipilian',
  ne: 'विकल्पहरू',
  ar: 'الخيارات',
};

/** Cuts `text` to `max` characters (code points, as WhatsApp counts), ending with an ellipsis when cut. */
export function cut(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  if (chars.length <= max) return chars.join('');
  return (
    chars
      .slice(0, max - 1)
      .join('')
      .trimEnd() + '…'
  );
}

/** How the choices of one message will be shown. */
export type ChoiceStyle = 'buttons' | 'list' | 'numbered';

export function choiceStyle(choices: ChoiceButton[]): ChoiceStyle {
  if (choices.length === 0) return 'numbered';
  const uniqueAfterCut = (max: number) =>
    new Set(choices.map((c) => cut(c.label, max))).size === choices.length;
  const idsFit = (max: number) => choices.every((c) => c.value.length > 0 && c.value.length <= max);
  if (choices.length <= LIMITS.buttons && uniqueAfterCut(LIMITS.buttonTitle) && idsFit(LIMITS.buttonId))
    return 'buttons';
  if (
    choices.length <= LIMITS.listRows &&
    idsFit(LIMITS.rowId) &&
    new Set(choices.map((c) => c.value)).size === choices.length
  )
    return 'list';
  return 'numbered';
}

/** The Cloud API messages for one of the core's replies, in the order they must be sent. */
export function toCloudMessages(to: string, message: OutboundMessage, language = 'en'): CloudMessage[] {
  const choices = message.choices ?? [];
  const style = choiceStyle(choices);
  const text = message.text.trim();
  if (choices.length === 0 || style === 'numbered') {
    const list = choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n');
    const whole = [text, list].filter(Boolean).join('\n\n');
    return splitText(whole || '…', LIMITS.text).map((body) => textMessage(to, body));
  }
  // The text goes first as plain messages; its last part (short enough) becomes the interactive body.
  const bodyMax = style === 'buttons' ? LIMITS.buttonBody : LIMITS.listBody;
  const parts = text ? splitText(text, bodyMax) : [];
  const body = parts.pop() ?? '👇';
  const out = parts.map((part) => textMessage(to, part));
  if (style === 'buttons') {
    out.push({
      to,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: body },
        action: {
          buttons: choices.map((c) => ({
            type: 'reply',
            reply: { id: c.value, title: cut(c.label, LIMITS.buttonTitle) },
          })),
        },
      },
    });
  } else {
    out.push({
      to,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: body },
        action: {
          button: cut(LIST_BUTTON[language] ?? LIST_BUTTON.en!, LIMITS.listButton),
          sections: [
            {
              rows: choices.map((c) => {
                const title = cut(c.label, LIMITS.rowTitle);
                const row: Record<string, string> = { id: c.value, title };
                if (title !== c.label.trim()) row.description = cut(c.label, LIMITS.rowDescription);
                return row;
              }),
            },
          ],
        },
      },
    });
  }
  return out;
}

function textMessage(to: string, body: string): CloudMessage {
  return { to, type: 'text', text: { body, preview_url: false } };
}
