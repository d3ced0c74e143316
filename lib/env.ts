// The one module that reads process.env. Every setting is validated here, once, with its default;
// .env.example documents the same list.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const unset = (v: unknown) => (v === "" ? undefined : v);
const postgresUrl = z.url({ protocol: /^postgres(ql)?$/ });

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: postgresUrl.optional(),
  // What DATABASE_URL leads to: PostgreSQL itself or a pooler in session mode ("session"), or a pooler
  // in transaction mode such as PgBouncer's pool_mode = transaction ("transaction": no named prepared
  // statements, no startup parameters; the timeouts must be the role's defaults, checked at start).
  DATABASE_POOL_MODE: z.preprocess(unset, z.enum(["session", "transaction"]).default("session")),
  // A session on PostgreSQL itself, for what transaction pooling cannot carry: migrations (session
  // advisory lock), pg_cron scheduling and the live-stock LISTEN. Default DATABASE_URL; required
  // when DATABASE_POOL_MODE is "transaction".
  DATABASE_DIRECT_URL: z.preprocess(unset, postgresUrl.optional()),
  DATABASE_POOL_SIZE: integer(1, 200).default(8),
  DATABASE_STATEMENT_TIMEOUT_MS: integer(100, 600_000).default(15_000),
  DATABASE_LOCK_TIMEOUT_MS: integer(100, 600_000).default(5_000),
  // No request waits longer than this for an answer: past it, 503 with Retry-After.
  REQUEST_DEADLINE_MS: integer(100, 600_000).default(15_000),
  EMBEDDED_PG_PORT: integer(1024, 65535).optional(),
  HOLD_TTL_SECONDS: integer(1, 86_400).default(120),
  // Bearer token the cron route requires; unset, the route refuses every call.
  CRON_SECRET: z.string().min(16).max(512).optional(),
  // Seconds between in-process expiry sweeps; 0 switches the sweeper off.
  SWEEPER_INTERVAL_SECONDS: integer(0, 86_400).default(10),
  ADMIN_EMAIL: z
    .email()
    .transform((e) => e.toLowerCase())
    .optional(),
  ADMIN_PASSWORD: z.string().min(8).max(128).optional(),
  SEED_DEMO: z.enum(["true", "false"]).optional(),
  // The site's public URL (next-auth reads it too): the origin state-changing requests must come from.
  NEXTAUTH_URL: z.url({ protocol: /^https?$/ }).optional(),
  AUTH_SECRET: z.string().min(32, { error: "must be at least 32 characters" }).optional(),
  // Where the client's address comes from (app/_lib/client-ip.ts). Neither set: the connection's own
  // address. A header that the proxy in front overwrites with the client's address (x-real-ip on
  // Vercel), or the number of proxies in front that each append to X-Forwarded-For.
  TRUSTED_PROXY_HEADER: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]+$/, { error: "must be a header name" })
    .optional(),
  TRUSTED_PROXY_HOPS: integer(0, 20).default(0),
  // Sign-in throttling (lib/users/authenticate.ts): attempts in a row per account and address before
  // the delays start (LOGIN_LOCKOUT_SECONDS, doubling), and per address across accounts per window.
  LOGIN_FAILURES_PER_ACCOUNT_ADDRESS: integer(1, 1_000).default(5),
  LOGIN_FAILURES_PER_IP: integer(1, 100_000).default(50),
  LOGIN_LOCKOUT_SECONDS: integer(1, 86_400).default(900),
  REGISTRATIONS_PER_IP_PER_HOUR: integer(1, 100_000).default(30),
  // "off" lifts the limits on holds (load tests sent from one address); sign-in throttling stays.
  RATE_LIMITS: z.enum(["on", "off"]).default("on"),
  HOLDS_PER_SHOPPER_PER_MINUTE: integer(1, 1_000_000).default(30),
  HOLDS_PER_IP_PER_MINUTE: integer(1, 1_000_000).default(600),
  // Live-stock streams one client address may hold open on one server process.
  STREAMS_PER_IP: integer(1, 100_000).default(32),
  // How often the live-stock streams get a write: each tick carries the latest state of every product
  // that changed since the last (lib/live/stock-hub.ts). Longer ticks cost fewer writes per client.
  STREAM_TICK_MS: integer(50, 5_000).default(250),
  // The server processes (scripts/serve.ts): where they listen, how many, and their HTTP timeouts,
  // kept above a load balancer's idle timeout (60 s on most) so it never reuses a closing connection.
  PORT: integer(1, 65_535).default(3000),
  HOSTNAME: z.string().trim().min(1).default("0.0.0.0"),
  WEB_CONCURRENCY: integer(1, 64).default(1),
  KEEP_ALIVE_TIMEOUT_MS: integer(1_000, 3_600_000).default(65_000),
  HEADERS_TIMEOUT_MS: integer(1_000, 3_600_000).default(66_000),
  // Proof of work (lib/bot-check): the key that signs ALTCHA challenges (required in production; in
  // development and tests each process draws its own, so several processes need it set), the cost (the
  // challenge's maxnumber: on average half of it in SHA-256 hashes to solve) and how long a challenge lasts.
  ALTCHA_HMAC_SECRET: z.string().min(32, { error: "must be at least 32 characters" }).optional(),
  POW_COST: integer(10, 100_000_000).default(50_000),
  POW_CHALLENGE_TTL_SECONDS: integer(10, 86_400).default(300),
  // Operations (lib/observability): the bearer token of GET /api/metrics (unset: 401 to everyone);
  // METRICS=off records no metrics at all (the overhead comparison of npm run bench); the log level
  // (silent: no log lines); traces go to an OTLP/HTTP (JSON) collector only when its endpoint is set.
  METRICS_TOKEN: z.string().min(16).max(512).optional(),
  METRICS: z.enum(["on", "off"]).default("on"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_SERVICE_NAME: z.string().trim().min(1).max(100).default("flash-sale"),
});

export type Env = Omit<z.infer<typeof envSchema>, "SEED_DEMO"> & { SEED_DEMO: boolean };

let cached: Env | undefined;

/** The settings as the environment gives them, an empty value read as unset (so a copy of
 *  .env.example with blanks works as it is). */
export function configuredEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => !!entry[1]));
}

export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema
    .refine((e) => !(e.TRUSTED_PROXY_HEADER && e.TRUSTED_PROXY_HOPS > 0), {
      path: ["TRUSTED_PROXY_HOPS"],
      error: "set TRUSTED_PROXY_HEADER or TRUSTED_PROXY_HOPS, not both",
    })
    .refine((e) => e.DATABASE_POOL_MODE === "session" || e.DATABASE_DIRECT_URL, {
      path: ["DATABASE_DIRECT_URL"],
      error: "is required when DATABASE_POOL_MODE is transaction (migrations and LISTEN need a session on PostgreSQL)",
    })
    .safeParse(configuredEnv());
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment configuration:\n${problems}`);
  }
  // The demo seed runs by default everywhere but production; sessions go where DATABASE_URL does
  // unless a direct URL is given.
  const { SEED_DEMO, DATABASE_DIRECT_URL, DATABASE_URL } = parsed.data;
  cached = {
    ...parsed.data,
    DATABASE_DIRECT_URL: DATABASE_DIRECT_URL ?? DATABASE_URL,
    SEED_DEMO: (SEED_DEMO ?? String(parsed.data.NODE_ENV !== "production")) === "true",
  };
  return cached;
}

/** Re-reads process.env: for launchers that provide DATABASE_URL after start-up. */
export function reloadEnv(): Env {
  cached = undefined;
  return env();
}

/** The key that signs session tokens: AUTH_SECRET, required in production; in development one is
 *  generated once and kept in .data/auth-secret so sessions survive restarts. */
export function authSecret(): string {
  const { AUTH_SECRET, NODE_ENV } = env();
  if (AUTH_SECRET) return AUTH_SECRET;
  if (NODE_ENV === "production") throw new Error("AUTH_SECRET must be set in production (32+ random characters).");
  const file = path.resolve(".data", "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

/** The key that signs proof-of-work challenges: ALTCHA_HMAC_SECRET, required in production; elsewhere a
 *  random one per process (challenges then verify only on the process that issued them). Kept on
 *  globalThis: Next.js may load this module once for route handlers and again for pages' actions. */
export function altchaHmacSecret(): string {
  const { ALTCHA_HMAC_SECRET, NODE_ENV } = env();
  if (ALTCHA_HMAC_SECRET) return ALTCHA_HMAC_SECRET;
  if (NODE_ENV === "production") {
    throw new Error("ALTCHA_HMAC_SECRET must be set in production (32+ random characters).");
  }
  const shared = globalThis as { flashSaleAltchaSecret?: string };
  shared.flashSaleAltchaSecret ??= randomBytes(32).toString("base64url");
  return shared.flashSaleAltchaSecret;
}

export const DEVELOPMENT_ADMIN = { email: "admin@flash.test", password: "flash-sale-admin" } as const;

// The seeded admin account. Production has no default password: it must be configured.
export function adminCredentials(): { email: string; password: string } | null {
  const { NODE_ENV, ADMIN_EMAIL, ADMIN_PASSWORD } = env();
  if (ADMIN_PASSWORD) return { email: ADMIN_EMAIL ?? DEVELOPMENT_ADMIN.email, password: ADMIN_PASSWORD };
  if (NODE_ENV === "production") return null;
  return { email: ADMIN_EMAIL ?? DEVELOPMENT_ADMIN.email, password: DEVELOPMENT_ADMIN.password };
}
