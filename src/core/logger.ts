/**
 * A small structured logger: one JSON line per event on stderr. Callers pass only metadata
 * (references, intent ids, counts), never what a worker wrote or a secret.
 */
import type { Logger } from './dialogue.ts';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Logger {
  const min = LEVELS[level];
  const at = (lvl: Exclude<LogLevel, 'silent'>) => (fields: Record<string, unknown>, msg: string) => {
    if (LEVELS[lvl] < min) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields }));
  };
  return { info: at('info'), warn: at('warn'), error: at('error') };
}
