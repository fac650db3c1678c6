/**
 * A channel adapter: turns platform updates into {@link InboundMessage}s for the core,
 * and renders the core's replies within what the platform can show.
 */
import type { ChannelCapabilities, ChannelName, InboundMessage, OutboundMessage } from './messages.ts';

/** What an adapter needs from the core. */
export interface CoreHandler {
  handle(inbound: InboundMessage): Promise<OutboundMessage[]>;
}

export interface ChannelAdapter {
  readonly name: ChannelName;
  readonly capabilities: ChannelCapabilities;
  /** Starts receiving; every inbound message goes to `core.handle`, replies are sent back. */
  start(core: CoreHandler): Promise<void>;
  stop(): Promise<void>;
  /** Sends messages the worker did not ask for just now (staff replies, ticket updates). */
  send(userId: string, messages: OutboundMessage[]): Promise<void>;
  /** Erases what the adapter keeps about a worker (e.g. WhatsApp's number map) after /forget. */
  forget?(userId: string): Promise<void>;
}
