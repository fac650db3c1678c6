/**
 * The logger the adapters accept: the core's shape (`info(fields, msg)`, see src/core/logger.ts),
 * with an optional debug level, so the composition root passes its own logger as it is. Adapters never put what a worker wrote,
 * a phone number or a secret into a log line — only ids, counts and error codes.
 */
export interface AdapterLogger {
  debug?(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** How the adapters call their logger inside: message first, fields optional. */
export interface AdapterLog {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Writes warnings and errors to stderr as one JSON object per line; drops debug and info. */
export const stderrLogger: AdapterLogger = {
  info: () => {},
  warn: (fields, msg) => process.stderr.write(JSON.stringify({ level: 'warn', msg, ...fields }) + '\n'),
  error: (fields, msg) => process.stderr.write(JSON.stringify({ level: 'error', msg, ...fields }) + '\n'),
};

/** Wraps a logger of the core's shape (fields first, e.g. src/core/logger.ts) for the adapters' use. */
export function adapterLog(logger: AdapterLogger = stderrLogger): AdapterLog {
  return {
    debug: (message, fields = {}) => logger.debug?.(fields, message),
    info: (message, fields = {}) => logger.info(fields, message),
    warn: (message, fields = {}) => logger.warn(fields, message),
    error: (message, fields = {}) => logger.error(fields, message),
  };
}

/** A summary of an error that is safe to log: its name, code and a short description, never a payload. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (typeof error !== 'object' || error === null) return { error: String(error).slice(0, 200) };
  const e = error as {
    name?: unknown;
    message?: unknown;
    error_code?: unknown;
    description?: unknown;
    code?: unknown;
  };
  const fields: Record<string, unknown> = { error: typeof e.name === 'string' ? e.name : 'Error' };
  if (typeof e.error_code === 'number') fields.code = e.error_code;
  else if (typeof e.code === 'string' || typeof e.code === 'number') fields.code = e.code;
  if (typeof e.description === 'string') fields.description = redact(e.description).slice(0, 200);
  else if (typeof e.message === 'string') fields.description = redact(e.message).slice(0, 200);
  return fields;
}

/**
 * Removes what must never reach a log from a library's error text: Bot API tokens (network errors
 * quote the request URL, which contains the token) and WhatsApp ids, which are phone numbers.
 */
export function redact(text: string): string {
  return text
    .replace(/\d{5,}:[A-Za-z0-9_-]{20,}/g, '<token>')
    .replace(/\+?\d[\d-]{5,}@(c\.us|s\.whatsapp\.net|lid)/g, '<wid>')
    .replace(/\+?\d{8,15}/g, '<number>');
}
