// Creates a drizzle database over a postgres.js pool. The app's pool is made once (lib/db.ts);
// scripts and tests make their own.
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

/** How long a transaction may sit idle before PostgreSQL ends its session. */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 10_000;

/** "session": PostgreSQL itself or a session pooler. "transaction": a pooler in transaction mode
 *  (PgBouncer pool_mode = transaction), where consecutive transactions of one connection may run on
 *  different server sessions. */
export type PoolMode = "session" | "transaction";

export type ClientOptions = {
  max?: number;
  applicationName?: string;
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
  poolMode?: PoolMode;
  /** Wraps the pool before drizzle takes it (the app counts its statements: lib/observability/pool.ts). */
  instrument?: (client: postgres.Sql) => postgres.Sql;
};

export function createDatabase(url: string, options: ClientOptions = {}) {
  const applicationName = options.applicationName ?? "flash-sale";
  const pooled = options.poolMode === "transaction";
  const raw = postgres(url, {
    max: options.max ?? 8,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    // A named prepared statement lives in one server session, which transaction pooling does not
    // keep: statements go unnamed (parse, describe, bind in one transaction) instead.
    prepare: !pooled,
    // PgBouncer refuses startup parameters it does not know; through it the timeouts are the
    // role's defaults (see lib/db.ts, checkPooledTimeouts), sent here only to a session.
    connection: pooled
      ? { application_name: applicationName }
      : {
          application_name: applicationName,
          statement_timeout: options.statementTimeoutMs ?? 15_000,
          lock_timeout: options.lockTimeoutMs ?? 5_000,
          idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
        },
  });
  const client = options.instrument ? options.instrument(raw) : raw;
  return { client, db: drizzle(client, { schema }) };
}

export type Database = ReturnType<typeof createDatabase>["db"];
export type SqlClient = ReturnType<typeof createDatabase>["client"];
