/**
 * The channel-agnostic message shapes. Adapters turn platform updates into an
 * {@link InboundMessage} and render {@link OutboundMessage}s within their {@link ChannelCapabilities}.
 * The core never imports a channel SDK.
 */
import type { Language } from '../kb/schema.ts';

export type ChannelName = 'console' | 'telegram' | 'whatsapp' | 'whatsapp-cloud' | 'web' | 'test';

/** Where a worker is reachable: a channel and that channel's own user reference (never shown to staff). */
export interface Address {
  channel: ChannelName;
  /** The channel's user id (Telegram chat id, WhatsApp pseudonym…), opaque to the core. */
  userId: string;
}

export interface InboundMessage {
  address: Address;
  /** The platform's message id, used to drop redeliveries. */
  messageId: string;
  /** What the worker typed; empty when the message is an action or unsupported media. */
  text?: string;
  /** A button the worker pressed: the `value` of a {@link ChoiceButton}. */
  action?: string;
  /** Media the channel could not turn into text (voice, photo, sticker…). */
  media?: 'voice' | 'audio' | 'photo' | 'video' | 'sticker' | 'document' | 'location' | 'contact' | 'other';
  /** The platform's locale hint, e.g. Telegram's language_code ("es", "pt-BR"). */
  localeHint?: string;
  /** A display name the worker chose on the platform; shown to staff only if shared. */
  displayName?: string;
  /** A phone number the channel knows; reaches staff only after the worker agrees. */
  phone?: string;
  receivedAt?: Date;
}

/** A button: a label to show and a value the adapter sends back as `action` when pressed. */
export interface ChoiceButton {
  label: string;
  value: string;
}

export interface OutboundMessage {
  /** Plain text; adapters escape it for their markup dialect. */
  text: string;
  /** Follow-up choices; WhatsApp shows them as a numbered list. */
  choices?: ChoiceButton[];
  /** Sources cited, already rendered into `text`; kept for channels that show links separately. */
  links?: { title: string; url: string }[];
}

export interface ChannelCapabilities {
  maxTextLength: number;
  maxButtons: number;
  /** Whether choices can be real buttons; if not, they become a numbered list. */
  buttons: boolean;
}

/** Sends messages to a worker on a channel; the composition root routes by `address.channel`. */
export type Deliver = (address: Address, messages: OutboundMessage[]) => Promise<void>;

export type { Language };
