/**
 * The bot's logger: pino, JSON lines on stderr (pretty lines only with `LOG_PRETTY=1`). Callers pass
 * metadata only (pseudonymous references, intent ids, counts, error codes), and `redact` enforces the
 * rule in one place: any field that could carry what a worker wrote, a phone number, a chat id, a
 * name, an e-mail address or a secret is replaced before the line is written, at any level.
 *
 * @example
 * const logger = createLogger('info');
 * logger.info({ channel: 'telegram', outcome: 'answered' }, 'message handled');
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * Field names that may hold a worker's words or identity, or a secret. Each is redacted at the top
 * level and one or two levels down (`{ inbound: { text } }`, `{ update: { message: { text } } }`).
 */
export const REDACTED_FIELDS = [
  'text',
  'body',
  'caption',
  'question',
  'answer',
  'reply',
  'transcript',
  'phone',
  'phoneNumber',
  'phone_number',
  'wa_id',
  'wid',
  'from',
  'to',
  'chatId',
  'chat_id',
  'userId',
  'user_id',
  'address',
  'displayName',
  'name',
  'first_name',
  'last_name',
  'username',
  'email',
  'password',
  'token',
  'secret',
  'authorization',
  'cookie',
] as const;

export const REDACT_PATHS = REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

/**
 * A logger writing to stderr (or `destination`, for tests). `pretty` renders readable lines for a
 * developer's terminal; production keeps JSON.
 */
export function createLogger(
  level: LogLevel = 'info',
  options: { pretty?: boolean; destination?: DestinationStream } = {},
): PinoLogger {
  const destination =
    options.destination ??
    (options.pretty
      ? pretty({ destination: 2, sync: true, colorize: process.stderr.isTTY })
      : pino.destination({ dest: 2, sync: true }));
  return pino(
    {
      level,
      base: undefined, // no pid or hostname in every line
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}
