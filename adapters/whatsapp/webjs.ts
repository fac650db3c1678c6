/**
 * Builds the real WhatsApp Web client (whatsapp-web.js driving the system Chromium through
 * puppeteer) and adapts it to {@link WhatsAppClientPort}. The session is kept with LocalAuth under
 * `DATA_DIR/whatsapp`, so the QR code is scanned once; until then it is drawn in the terminal.
 *
 * `initialize()` fails with a {@link WhatsAppStartError} that says what to fix when Chromium is
 * missing or cannot start, or when WhatsApp Web has not loaded within the start-up timeout.
 *
 * @example
 * const client = createWebJsClient({ dataDir: env.DATA_DIR, chromePath: env.CHROME_PATH,
 *   startTimeoutSeconds: env.WHATSAPP_START_TIMEOUT_SECONDS });
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import qrcode from 'qrcode-terminal';
import wweb from 'whatsapp-web.js';
import { redact } from '../telegram/log.ts';
import type { WhatsAppClientPort } from './adapter.ts';

const { Client, LocalAuth } = wweb;

export interface WebJsClientOptions {
  /** DATA_DIR: the session goes to DATA_DIR/whatsapp, the WhatsApp Web version cache next to it. */
  dataDir: string;
  /** CHROME_PATH: Debian's `chromium` package installs /usr/bin/chromium. */
  chromePath: string;
  /** WHATSAPP_START_TIMEOUT_SECONDS: how long the browser and WhatsApp Web may take to load. */
  startTimeoutSeconds: number;
  /** Where the login QR code is drawn; the terminal's stderr by default. */
  showQr?: (drawing: string) => void;
}

/** WhatsApp could not start; the message says what the operator should check. */
export class WhatsAppStartError extends Error {
  override readonly name = 'WhatsAppStartError';
}

/** Chromium flags for a headless server: no sandbox (containers), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-setuid-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-extensions',
  '--no-first-run',
  '--no-default-browser-check',
];

export function createWebJsClient(options: WebJsClientOptions): WhatsAppClientPort {
  const client = new Client({
    authStrategy: new LocalAuth({ dataPath: path.join(options.dataDir, 'whatsapp') }),
    webVersionCache: { type: 'local', path: path.join(options.dataDir, 'whatsapp-web-cache') },
    puppeteer: { executablePath: options.chromePath, headless: true, args: CHROMIUM_ARGS },
  });
  const showQr = options.showQr ?? ((drawing: string) => process.stderr.write(drawing + '\n'));
  client.on('qr', (qr: string) => {
    qrcode.generate(qr, { small: true }, (drawing) =>
      showQr('Scan this QR code with WhatsApp (Linked devices → Link a device):\n' + drawing),
    );
  });

  return {
    on(event: string, listener: (...args: never[]) => void) {
      return client.on(event, listener as (...args: unknown[]) => void);
    },
    initialize: () => initializeWithin(client, options),
    sendMessage: (chatId: string, content: string) => client.sendMessage(chatId, content),
    destroy: () => client.destroy(),
    get info() {
      return client.info as { wid: { _serialized: string } } | undefined;
    },
  } as WhatsAppClientPort;
}

async function initializeWithin(
  client: InstanceType<typeof Client>,
  options: WebJsClientOptions,
): Promise<void> {
  if (!existsSync(options.chromePath))
    throw new WhatsAppStartError(
      `Chromium was not found at CHROME_PATH (${options.chromePath}). Install Debian's "chromium" package ` +
        'or set CHROME_PATH to a Chromium or Chrome executable.',
    );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new WhatsAppStartError(
            `WhatsApp Web did not load within ${options.startTimeoutSeconds} s ` +
              '(WHATSAPP_START_TIMEOUT_SECONDS). Check the network and that Chromium at CHROME_PATH runs headless.',
          ),
        ),
      options.startTimeoutSeconds * 1000,
    );
  });
  try {
    await Promise.race([client.initialize(), timeout]);
  } catch (error) {
    // whatsapp-web.js sets pupBrowser once Chromium is up: after that, it is the page that failed.
    const browserStarted = Boolean((client as { pupBrowser?: unknown }).pupBrowser);
    await client.destroy().catch(() => {});
    if (error instanceof WhatsAppStartError) throw error;
    const reason = error instanceof Error ? redact(error.message).split('\n')[0] : 'unknown error';
    throw new WhatsAppStartError(
      browserStarted
        ? `Chromium started but WhatsApp Web could not be loaded (check the network): ${reason}`
        : `Chromium at CHROME_PATH (${options.chromePath}) could not start: ${reason}`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}
