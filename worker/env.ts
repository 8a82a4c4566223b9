import { z } from 'zod';
import { isTimeZone } from '../core/day';

/**
 * The only place that reads configuration (STYLE). Names and defaults are fixed by
 * DESIGN 8; the rest are Airload's own knobs, each with a default that works for
 * `npm start`.
 */

const flag = z.enum(['0', '1']).transform((v) => v === '1');
const ms = z.coerce.number().int().min(0);
const count = z.coerce.number().int().min(1);
const percent = z.coerce.number().min(0).max(100);

const schema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  DATABASE_URL: z.string().min(1).default('file:./data/airload.db'),
  DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
  CARRIER_URL: z.url().optional(),
  /** Which carrier gateway: the simulator (default; CARRIER_URL for its HTTP service) or Reloadly. */
  CARRIER: z.enum(['simulator', 'reloadly']).default('simulator'),
  /** Reloadly OAuth client credentials; required when CARRIER=reloadly, never committed. */
  RELOADLY_CLIENT_ID: z.string().min(1).optional(),
  RELOADLY_CLIENT_SECRET: z.string().min(1).optional(),
  /** Default Reloadly's production endpoints (worker/carrier/reloadly.ts). */
  RELOADLY_AUTH_URL: z.url().optional(),
  RELOADLY_API_URL: z.url().optional(),
  SEED_DEMO: flag.optional(),
  /**
   * The first admin of a deployment without demo data (issue 11): on an empty database (no
   * admin yet) the Node host makes this admin at start and prints its one-time password.
   */
  ADMIN_EMAIL: z.email().optional(),
  /**
   * With SEED_DEMO, also DESIGN 8's 90 days of demo history (db/seed-history.ts, ~15 s).
   * Off unless set (`npm start` sets it), so the suites that start a host stay quick.
   */
  SEED_DEMO_HISTORY: flag.optional(),
  DEFAULT_COUNTRY: z.string().length(2).default('KE'),
  CURRENCY: z.string().length(3).default('KES'),
  /** The deployment's day (DESIGN 8): daily limits, "today", reports, flags. */
  TIMEZONE: z.string().refine(isTimeZone, 'not an IANA time zone').default('Africa/Nairobi'),
  /** Where the embedded host keeps what must survive a restart (DESIGN 8, 13). */
  DATA_DIR: z.string().min(1).optional(),
  /** When set, /ussd and /sms/inbound need ?secret= with it (DESIGN 6). */
  GATEWAY_SECRET: z.string().min(1).optional(),
  /** How long a USSD or SMS sale waits for the carrier (DESIGN 6): gateways drop a session after ~10 s. */
  USSD_WAIT_MS: ms.default(4_000),
  /** Outgoing SMS (DESIGN 6): the simulator (default) or Africa's Talking. */
  SMS_PROVIDER: z.enum(['simulator', 'africastalking']).default('simulator'),
  /** Africa's Talking credentials; required when SMS_PROVIDER=africastalking, never committed. */
  AT_USERNAME: z.string().min(1).optional(),
  AT_API_KEY: z.string().min(1).optional(),
  /** Africa's Talking messaging endpoint; defaults to production (the sandbox for username "sandbox"). */
  AT_SMS_URL: z.url().optional(),
  /** The sender id or short code replies go out from, when the account has one. */
  AT_SENDER_ID: z.string().min(1).optional(),
  /** HS256 key for access tokens. Random per process when unset outside production. */
  JWT_SECRET: z.string().min(32).optional(),
  /**
   * HMAC key of the audit chain and its signed checkpoints (issue 14). On the Node host
   * a generated one is kept in DATA_DIR (audit.key, 0600) when unset.
   */
  AUDIT_KEY: z.string().min(32).optional(),
  /** When set, GET /metrics needs `Authorization: Bearer <it>`; else loopback only (issue 14). */
  METRICS_TOKEN: z.string().min(16).optional(),
  /**
   * PBKDF2-SHA256 count of PIN and password hashes, reached by chaining calls of at most
   * 100,000 (DESIGN 13, worker/auth/kdf.ts); older or weaker hashes are upgraded at login.
   */
  KDF_ITERATIONS: z.coerce.number().int().min(1).default(600_000),
  /** Access token lifetime; the app renews it with the refresh token. */
  TOKEN_TTL_S: z.coerce
    .number()
    .int()
    .min(60)
    .default(15 * 60),
  REFRESH_TTL_S: z.coerce
    .number()
    .int()
    .min(60)
    .default(30 * 24 * 3600),
  /** Login attempts per minute, per phone or email and per client address. */
  LOGIN_RATE_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  LOGIN_RATE_PER_ADDRESS: z.coerce.number().int().min(1).default(60),
  /** Default daily sales total per outlet (DESIGN 8), minor units. */
  DAILY_LIMIT: z.coerce.number().int().min(0).default(10_000_000),
  /** How long POST /sales waits for the carrier before answering with the sale as it stands. */
  SALE_WAIT_MS: ms.default(5_000),
  /** How long one carrier call may take before the sale is `unknown`. */
  CARRIER_TIMEOUT_MS: ms.default(5_000),
  /** Reconciliation leaves a pending/unknown sale alone until this long after it was made. */
  RECONCILE_AFTER_MS: ms.default(15_000),
  RECONCILE_INTERVAL_MS: ms.default(15_000),
  /** How many carrier status calls one reconciliation run makes at once. */
  RECONCILE_CONCURRENCY: z.coerce.number().int().min(1).default(32),
  MIN_SALE: z.coerce.number().int().min(1).default(500),
  MAX_SALE: z.coerce.number().int().min(1).default(1_000_000),
  /** Origins allowed to call the API from a browser, comma-separated; none by default. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  /** Largest request body accepted, in bytes. */
  BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(256)
    .default(16 * 1024),
  // DESIGN 10's flag thresholds (worker/flags/rules.ts), defaults as in its table.
  /** `repeat_number`: sales from an outlet to one number in one day. */
  FLAG_REPEAT_NUMBER_MIN: count.default(5),
  /** `sales_spike`: today's total over this many times the median daily total... */
  FLAG_SPIKE_FACTOR: z.coerce.number().positive().default(3),
  /** ...of this many previous days (also the median of `low_float`)... */
  FLAG_MEDIAN_DAYS: count.max(90).default(14),
  /** ...with at least this many sales today. */
  FLAG_SPIKE_MIN_SALES: count.default(10),
  /** `high_failure_rate`: this percentage failed or reversed... */
  FLAG_FAILURE_PCT: percent.default(20),
  /** ...of the outlet's last this many sales... */
  FLAG_FAILURE_WINDOW: count.max(1000).default(50),
  /** ...counting at least this many. */
  FLAG_FAILURE_MIN_SALES: count.default(10),
  /** `night_sales`: this percentage of the last days' sales made 00:00-05:00... */
  FLAG_NIGHT_PCT: percent.default(30),
  /** ...over this many days (today included)... */
  FLAG_NIGHT_DAYS: count.max(90).default(7),
  /** ...counting at least this many. */
  FLAG_NIGHT_MIN_SALES: count.default(10),
  /** `dormant`: no sale for this many days, for an outlet older than that. */
  FLAG_DORMANT_DAYS: count.default(7),
  /** `not_seen`: no contact on any channel for this many days. */
  FLAG_NOT_SEEN_DAYS: count.default(3),
  /** `stuck_sales`: a sale pending or unknown for longer than this. */
  FLAG_STUCK_MS: ms.default(3_600_000),
  /** `pin_lockouts`: at least this many lockouts... */
  FLAG_LOCKOUTS_MIN: count.default(2),
  /** ...in this many days. */
  FLAG_LOCKOUTS_DAYS: count.default(7),
  /** `many_disputes` (issue 12): at least this many disputes opened... */
  FLAG_DISPUTES_MIN: count.default(3),
  /** ...in this many days. */
  FLAG_DISPUTES_DAYS: count.default(30),
  /** `visit_far`: the last visit farther than this many metres from the outlet... */
  FLAG_VISIT_FAR_M: count.default(200),
  /** ...or with an accuracy worse than this many metres. */
  FLAG_VISIT_ACCURACY_M: count.default(100),
  /** `visit_overdue`: no visit for this many days. */
  FLAG_VISIT_OVERDUE_DAYS: count.default(30),
  /** Largest body of POST /outlets/:id/visits, which may carry a 300 KB photo (DESIGN 10). */
  VISIT_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .default(450 * 1024),
  /** The first visit at least this accurate sets an outlet's location when it has none. */
  VISIT_LOCATE_ACCURACY_M: z.coerce.number().int().min(1).default(50),
  /** A visit's recorded_at may be this far ahead of the server's clock (phones drift). */
  VISIT_CLOCK_SKEW_MS: ms.default(5 * 60_000),
  /** and at most this old: a visit queued offline longer than this is refused. */
  VISIT_MAX_AGE_MS: ms.default(30 * 86_400_000),
  /**
   * Test-only fault injection for the crash tests: kill the process at this point of a
   * sale, or (writer_thread) end the writer thread in the middle of a group (issue 13).
   */
  CRASH_AT: z.enum(['after_hold', 'after_carrier', 'writer_thread']).optional(),
});

export type Config = z.infer<typeof schema> & {
  SEED_DEMO: boolean;
  SEED_DEMO_HISTORY: boolean;
  DATA_DIR: string | undefined;
};

/** The folder of a `file:` database URL (DESIGN 8's default DATA_DIR); none for a server. */
function fileFolder(url: string): string | undefined {
  if (!url.startsWith('file:')) return undefined;
  const path = url.slice('file:'.length).split('?')[0]!;
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash) || '/';
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const config = parsed.data;
  const production = config.NODE_ENV === 'production';
  if (production && !config.JWT_SECRET)
    throw new Error('Invalid configuration: JWT_SECRET is required in production');
  if (
    config.CARRIER === 'reloadly' &&
    !(config.RELOADLY_CLIENT_ID && config.RELOADLY_CLIENT_SECRET)
  ) {
    throw new Error(
      'Invalid configuration: CARRIER=reloadly needs RELOADLY_CLIENT_ID and RELOADLY_CLIENT_SECRET',
    );
  }
  if (config.SMS_PROVIDER === 'africastalking' && !(config.AT_USERNAME && config.AT_API_KEY)) {
    throw new Error(
      'Invalid configuration: SMS_PROVIDER=africastalking needs AT_USERNAME and AT_API_KEY',
    );
  }
  // Reconciliation must not ask about a sale whose first carrier call may still be under way.
  if (config.RECONCILE_AFTER_MS <= config.CARRIER_TIMEOUT_MS) {
    throw new Error(
      'Invalid configuration: RECONCILE_AFTER_MS must be longer than CARRIER_TIMEOUT_MS',
    );
  }
  return {
    ...config,
    SEED_DEMO: config.SEED_DEMO ?? !production,
    SEED_DEMO_HISTORY: config.SEED_DEMO_HISTORY ?? false,
    DATA_DIR: config.DATA_DIR ?? fileFolder(config.DATABASE_URL),
  };
}

/** The Node host's configuration, from the process environment. */
export const nodeConfig = (): Config => parseConfig(process.env);
