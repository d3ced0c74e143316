// The app's database pool, created once per process (cached on globalThis so dev reloads reuse it).
import "server-only";
import { createDatabase, IDLE_IN_TRANSACTION_TIMEOUT_MS, type Database, type SqlClient } from "@/db/client";
import { env } from "./env";
import { instrumentPool } from "./observability/pool";

type Pool = { db: Database; client: SqlClient };
const globalForDb = globalThis as unknown as { __flashSalePool?: Pool };

function pool(): Pool {
  if (!globalForDb.__flashSalePool) {
    const config = env();
    if (!config.DATABASE_URL) {
      throw new Error(
        "DATABASE_URL is not set: start the app with `npm run dev` or `npm start`, which provide a database.",
      );
    }
    globalForDb.__flashSalePool = createDatabase(config.DATABASE_URL, {
      max: config.DATABASE_POOL_SIZE,
      statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: config.DATABASE_LOCK_TIMEOUT_MS,
      poolMode: config.DATABASE_POOL_MODE,
      instrument:
        config.METRICS === "on" || config.OTEL_EXPORTER_OTLP_ENDPOINT
          ? (client) => instrumentPool(client, config.DATABASE_POOL_SIZE)
          : undefined,
    });
  }
  return globalForDb.__flashSalePool;
}

export const db = (): Database => pool().db;
export const sqlClient = (): SqlClient => pool().client;

/** Through a transaction pooler the app cannot set its timeouts per connection: they must be the
 *  defaults of the role PgBouncer logs in as. Refuses to go on unless the values a pooled session
 *  runs with are the configured ones, and names the statement that sets them. */
export async function checkPooledTimeouts(): Promise<void> {
  const config = env();
  if (config.DATABASE_POOL_MODE !== "transaction") return;
  const expected: Record<string, number> = {
    statement_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS,
    lock_timeout: config.DATABASE_LOCK_TIMEOUT_MS,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
  const rows = await sqlClient()<{ name: string; setting: string; role: string; database: string }[]>`
    select name, setting, current_user as role, current_database() as database
    from pg_settings where name in ${sqlClient()(Object.keys(expected))}`;
  const wrong = rows.filter((r) => Number(r.setting) !== expected[r.name]);
  if (wrong.length === 0) return;
  const { role, database } = rows[0]!;
  const found = wrong.map((r) => `${r.name} is ${r.setting} ms, expected ${expected[r.name]}`).join("; ");
  const fix = wrong.map((r) => `ALTER ROLE "${role}" IN DATABASE "${database}" SET ${r.name} = ${expected[r.name]};`);
  throw new Error(
    `DATABASE_POOL_MODE=transaction: the sessions behind DATABASE_URL run without the app's timeouts (${found}). ` +
      `Set them as the role's defaults on PostgreSQL, then reconnect PgBouncer's server connections ` +
      `(RECONNECT in its console): ${fix.join(" ")}`,
  );
}

export async function closeDb() {
  const current = globalForDb.__flashSalePool;
  globalForDb.__flashSalePool = undefined;
  await current?.client.end({ timeout: 5 });
}
