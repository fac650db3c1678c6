/**
 * Runs the configured channels (Telegram, WhatsApp) and staff desk (Slack, or the in-process desk).
 */
import type { Env } from './config/env.ts';

export async function runServer(_env: Env): Promise<void> {
  throw new Error(
    'Channels are being wired: run without TELEGRAM_BOT_TOKEN / WHATSAPP_ENABLED for the local chat',
  );
}
