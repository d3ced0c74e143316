// Where the end-to-end server keeps its data: a database of its own on DATABASE_URL's server,
// or on an embedded PostgreSQL under .data/e2e-pg. Tests read it to arrange and inspect state.
import { databaseUrlFor } from "../db/database-url";

export const E2E_PG_PORT = Number(process.env.E2E_PG_PORT ?? 54322);
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_HOLD_TTL_SECONDS = 15;
/** The admin the e2e server creates at start. */
export const LOCAL_ADMIN = { email: "admin@flash.test", password: "e2e-admin-password" };

export function e2eDatabaseUrl(): string {
  const configured = process.env.DATABASE_URL;
  return configured
    ? databaseUrlFor(configured, "flash_sale_e2e")
    : `postgres://postgres:postgres@127.0.0.1:${E2E_PG_PORT}/flash_sale_e2e`;
}

/** The environment of an e2e app process on `port`: the e2e database, a short hold TTL, the
 *  sweeper every second, and the e2e admin account. */
export function e2eAppEnv(port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: e2eDatabaseUrl(),
    HOLD_TTL_SECONDS: String(E2E_HOLD_TTL_SECONDS),
    SWEEPER_INTERVAL_SECONDS: "1",
    ADMIN_EMAIL: LOCAL_ADMIN.email,
    ADMIN_PASSWORD: LOCAL_ADMIN.password,
    SEED_DEMO: "true",
    AUTH_SECRET: "e2e-only-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    ALTCHA_HMAC_SECRET: "e2e-only-altcha-secret-0123456789abcdefghijklmnop",
    // A proof of work a browser solves in a moment, so the flows through it stay quick.
    POW_COST: "3000",
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    REGISTRATIONS_PER_IP_PER_HOUR: "1000",
    LOGIN_FAILURES_PER_IP: "1000",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}
