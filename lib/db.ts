// The app's database pool, created once per process (cached on globalThis so dev reloads reuse it).
import "server-only";
import { createDatabase, type Database, type SqlClient } from "@/db/client";
import { env } from "./env";

type Pool = { db: Database; client: SqlClient };
const globalForDb = globalThis as unknown as { __flashSalePool?: Pool };

function pool(): Pool {
  if (!globalForDb.__flashSalePool) {
    const config = env();
    if (!config.DATABASE_URL) {
      throw new Error("DATABASE_URL is not set: start the app with `npm run dev` or `npm start`, which provide a database.");
    }
    globalForDb.__flashSalePool = createDatabase(config.DATABASE_URL, {
      max: config.DATABASE_POOL_SIZE,
      statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: config.DATABASE_LOCK_TIMEOUT_MS,
    });
  }
  return globalForDb.__flashSalePool;
}

export const db = (): Database => pool().db;
export const sqlClient = (): SqlClient => pool().client;

export async function closeDb() {
  const current = globalForDb.__flashSalePool;
  globalForDb.__flashSalePool = undefined;
  await current?.client.end({ timeout: 5 });
}
