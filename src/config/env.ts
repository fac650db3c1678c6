/**
 * Configuration is the environment, validated once at start. A missing or malformed
 * value stops start-up with a message that names the variable. Secrets are never printed.
 */
import { z } from 'zod';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
  .pipe(z.url().optional());

const port = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : Number(v)))
    .pipe(z.number({ error: 'expected a number' }).int().min(1).max(65535));

/** A port that may be left unset (then undefined: the caller decides, e.g. the shared WEB_PORT). */
const optionalPort = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : Number(v)))
  .pipe(z.number({ error: 'expected a number' }).int().min(1).max(65535).optional());

/** HH:MM-HH:MM, e.g. 09:00-17:00. */
const hours = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v))
  .pipe(
    z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM-HH:MM')
      .optional(),
  );

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    /** Readable log lines for a developer's terminal instead of JSON. */
    LOG_PRETTY: flag,
    DATA_DIR: z.string().min(1).default('./data'),
    CONTENT_DIR: z.string().min(1).default('.'),
    /** Key for pseudonymous worker references; generated and kept in DATA_DIR when unset. */
    PSEUDONYM_SECRET: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    /** Maximum age of a knowledge entry's `reviewed` date before `kb validate` warns, in days. */
    KB_MAX_REVIEW_AGE_DAYS: port(730),
    /** The organisers' trends hide every group counted from fewer distinct workers than this. */
    TRENDS_MIN_COUNT: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === '' ? 10 : Number(v)))
      .pipe(
        z
          .number({ error: 'expected a whole number of workers' })
          .int('expected a whole number of workers')
          .min(2, 'must be at least 2 (1 would hide nothing)')
          .max(1000),
      ),

    TELEGRAM_BOT_TOKEN: optionalString.pipe(
      z
        .string()
        .regex(/^\d+:[A-Za-z0-9_-]+$/, 'expected a Bot API token like 123456:ABC...')
        .optional(),
    ),
    TELEGRAM_API_ROOT: optionalUrl,
    TELEGRAM_WEBHOOK_URL: optionalUrl,
    TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,256}$/, 'only letters, digits, _ and -, up to 256')
        .optional(),
    ),
    /** Its own port for the webhook; unset: WEB_PORT's server when set, else 8443. */
    TELEGRAM_WEBHOOK_PORT: optionalPort,

    WHATSAPP_ENABLED: flag,
    CHROME_PATH: z.string().default('/usr/bin/chromium'),
    WHATSAPP_START_TIMEOUT_SECONDS: port(120),

    SLACK_BOT_TOKEN: optionalString.pipe(
      z
        .string()
        .regex(/^xox[bp]-/, 'expected a bot token starting with xoxb-')
        .optional(),
    ),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString.pipe(
      z
        .string()
        .regex(/^xapp-/, 'expected an app-level token starting with xapp-')
        .optional(),
    ),
    SLACK_STAFF_CHANNEL: optionalString,
    /** Comma-separated Slack user ids allowed to act on tickets; empty means every member of the channel. */
    SLACK_STAFF_USERS: optionalString.transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    ),
    /** Its own port for Slack's HTTP events; unset: WEB_PORT's server when set, else 3000. */
    SLACK_PORT: optionalPort,
    SLACK_API_URL: optionalUrl,
    SLACK_REMIND_MINUTES: port(15),
    /**
     * Who is pinged when a worker may be in danger: a user group (<!subteam^S0123> or S0123), a user
     * (<@U0123> or U0123), or <!here> / <!channel>. The only mention a worker's message can cause.
     */
    SLACK_URGENT_MENTION: optionalString.pipe(
      z
        .string()
        .regex(
          /^(<!subteam\^S[A-Z0-9]+(\|[^<>]*)?>|<@[UW][A-Z0-9]+>|<!here>|<!channel>|S[A-Z0-9]+|[UW][A-Z0-9]+)$/,
          'expected a user group like <!subteam^S0123> (or S0123), a user like <@U0123>, or <!here>',
        )
        .transform((v) =>
          /^S[A-Z0-9]+$/.test(v) ? `<!subteam^${v}>` : /^[UW][A-Z0-9]+$/.test(v) ? `<@${v}>` : v,
        )
        .optional(),
    ),
    /** Office hours in the staff's time zone, e.g. 09:00-17:00. */
    OFFICE_HOURS: hours,
    /** Office days, e.g. 1-5 (Monday to Friday). */
    OFFICE_DAYS: optionalString.pipe(
      z
        .string()
        .regex(/^[0-6]-[0-6]$/, 'expected a range of weekdays like 1-5')
        .optional(),
    ),
    /** The bot's HTTP server (web chat, console, webhooks, /healthz, /metrics); off when unset. */
    WEB_PORT: optionalString.pipe(
      z
        .string()
        .regex(/^\d{1,5}$/, 'expected a port number')
        .transform(Number)
        .pipe(z.number().int().min(0).max(65535))
        .optional(),
    ),
    WEB_HOST: z.string().default('127.0.0.1'),
    /**
     * Many instances: how long an outbox item claimed by one instance stays with it before another may
     * take it over (an instance that died mid-delivery). Longer than any one delivery may take.
     */
    OUTBOX_LEASE_SECONDS: port(60),
    /** Comma-separated origins (https://union.example) whose pages may embed the web chat widget. */
    WEB_ALLOWED_ORIGINS: optionalString.transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim().replace(/\/+$/, ''))
            .filter(Boolean)
        : [],
    ),
    /** WhatsApp Business Cloud API (the official path); enabled when the four values below are set. */
    WHATSAPP_CLOUD_TOKEN: optionalString,
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: optionalString.pipe(
      z
        .string()
        .regex(/^\d{5,30}$/, 'expected the numeric phone number id from the Meta app')
        .optional(),
    ),
    WHATSAPP_CLOUD_APP_SECRET: optionalString,
    WHATSAPP_CLOUD_VERIFY_TOKEN: optionalString,
    WHATSAPP_CLOUD_API_URL: optionalUrl,
    /** Its own port for the webhook when WEB_PORT is not set. */
    WHATSAPP_CLOUD_PORT: optionalString.pipe(
      z
        .string()
        .regex(/^\d{1,5}$/, 'expected a port number')
        .transform(Number)
        .pipe(z.number().int().min(0).max(65535))
        .optional(),
    ),
    /** The approved message template sent when a staff answer arrives after the 24-hour window. */
    WHATSAPP_CLOUD_TEMPLATE: z
      .string()
      .regex(/^[a-z0-9_]{1,512}$/, 'expected a template name (lower case letters, digits and _)')
      .default('staff_answer_waiting'),
    /** The template's language code per bot language, e.g. en=en,pt=pt_BR,tl=fil. */
    WHATSAPP_CLOUD_TEMPLATE_LANGUAGES: z
      .string()
      .default('en=en,es=es,fr=fr,pt=pt_BR,id=id,tl=fil,ar=ar')
      .pipe(
        z
          .string()
          .regex(
            /^\s*[a-z]{2,3}=[A-Za-z_]{2,6}(\s*,\s*[a-z]{2,3}=[A-Za-z_]{2,6})*\s*$/,
            'expected pairs like en=en,pt=pt_BR',
          )
          .transform((v) =>
            Object.fromEntries(v.split(',').map((pair) => pair.trim().split('=') as [string, string])),
          ),
      ),
    /** The neutral page the web chat's "Leave quickly" button replaces it with. */
    WEB_EXIT_URL: optionalString.pipe(
      z
        .url({ protocol: /^https?$/, error: 'expected an http(s) address such as https://www.example.org/' })
        .optional(),
    ),
    /** Behind a reverse proxy: take the client address and https from X-Forwarded-For / -Proto / -Host. */
    WEB_TRUST_PROXY: flag,
    /** The web chat on the HTTP server (WEB_PORT); false runs the console and health endpoints only. */
    WEB_CHAT_ENABLED: z
      .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
      .optional()
      .transform((v) => v === undefined || v === '' || v === '1' || v === 'true' || v === 'yes'),
    /** The console's first administrator, created at start when no account has this email. */
    CONSOLE_ADMIN_EMAIL: optionalString.pipe(
      z
        .string()
        .regex(/^[^\s@<>"']+@[^\s@<>"']+\.[^\s@<>"']+$/, 'expected an email address')
        .max(254)
        .optional(),
    ),
    /** Its password (at least 12 characters); only used when the account is created. Never printed. */
    CONSOLE_ADMIN_PASSWORD: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .pipe(
        z
          .string()
          .min(12, 'must be at least 12 characters')
          .max(200, 'must be at most 200 characters')
          .optional(),
      ),
    /** Console session cookies marked Secure even when the request does not look like https. */
    CONSOLE_SECURE_COOKIES: flag,
    /** A console session unused this long ends. */
    CONSOLE_SESSION_IDLE_MINUTES: port(120),
    /** A console session ends this long after sign-in, used or not. */
    CONSOLE_SESSION_MAX_HOURS: port(12),
    /** How long an invitation link to the console works. */
    CONSOLE_INVITE_HOURS: port(72),
    /** PostgreSQL for the store (several bot instances may share it); the embedded store in DATA_DIR when unset. */
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\/\S+$/, 'expected a URL like postgres://user@host:5432/database')
        .optional(),
    ),
    /** Closed tickets and idle sessions are deleted after this many days. */
    RETENTION_DAYS: port(180),
    OFFICE_TZ: z
      .string()
      .default('UTC')
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'expected an IANA time zone such as Europe/Madrid'),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN) {
      if (!env.SLACK_STAFF_CHANNEL)
        ctx.addIssue({
          code: 'custom',
          path: ['SLACK_STAFF_CHANNEL'],
          message: 'required when SLACK_BOT_TOKEN is set',
        });
      if (!env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN)
        ctx.addIssue({
          code: 'custom',
          path: ['SLACK_SIGNING_SECRET'],
          message: 'set SLACK_SIGNING_SECRET (HTTP events) or SLACK_APP_TOKEN (Socket Mode)',
        });
    }
    const cloud = [
      'WHATSAPP_CLOUD_TOKEN',
      'WHATSAPP_CLOUD_PHONE_NUMBER_ID',
      'WHATSAPP_CLOUD_APP_SECRET',
      'WHATSAPP_CLOUD_VERIFY_TOKEN',
    ] as const;
    if (cloud.some((name) => env[name]))
      for (const name of cloud)
        if (!env[name])
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: `required when any of ${cloud.join(', ')} is set`,
          });
    if (env.CONSOLE_ADMIN_EMAIL && !env.CONSOLE_ADMIN_PASSWORD)
      ctx.addIssue({
        code: 'custom',
        path: ['CONSOLE_ADMIN_PASSWORD'],
        message: 'required when CONSOLE_ADMIN_EMAIL is set',
      });
    if (env.CONSOLE_ADMIN_PASSWORD && !env.CONSOLE_ADMIN_EMAIL)
      ctx.addIssue({
        code: 'custom',
        path: ['CONSOLE_ADMIN_EMAIL'],
        message: 'required when CONSOLE_ADMIN_PASSWORD is set',
      });
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message: 'required when TELEGRAM_WEBHOOK_URL is set',
      });
  });

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Validates the environment; throws a {@link ConfigError} naming each bad variable (never its value). */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '(environment)'), message: i.message })),
  );
}
