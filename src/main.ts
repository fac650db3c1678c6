/**
 * `npm start`: starts every channel whose configuration is present, and the local terminal chat
 * when none is. Configuration errors stop start-up with a message naming the variable.
 */
import './quiet.ts';
import { ConfigError, loadEnv } from './config/env.ts';
import { runChat } from './cli/chat.ts';
import { whatsappCloudConfigured } from '../adapters/whatsapp-cloud/from-env.ts';

async function main() {
  const env = loadEnv();
  const channels = [
    env.TELEGRAM_BOT_TOKEN && 'telegram',
    env.WHATSAPP_ENABLED && 'whatsapp',
    env.WEB_PORT !== undefined && 'http',
    whatsappCloudConfigured(env) && 'whatsapp-cloud',
  ].filter(Boolean);
  if (channels.length === 0) return runChat(env);
  const { runServer } = await import('./server.ts');
  return runServer(env);
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
