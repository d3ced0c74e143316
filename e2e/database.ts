// Where the end-to-end server keeps its data: a database of its own on DATABASE_URL's server,
// or on an embedded PostgreSQL under .data/e2e-pg. Tests read it to arrange and inspect state.
import { withDatabase } from "../db/server";

export const E2E_PG_PORT = Number(process.env.E2E_PG_PORT ?? 54322);
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_HOLD_TTL_SECONDS = 15;

export function e2eDatabaseUrl(): string {
  const configured = process.env.DATABASE_URL;
  return configured
    ? withDatabase(configured, "flash_sale_e2e")
    : `postgres://postgres:postgres@127.0.0.1:${E2E_PG_PORT}/flash_sale_e2e`;
}
