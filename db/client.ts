// Creates a drizzle database over a postgres.js pool. The app's pool is made once (lib/db.ts);
// scripts and tests make their own.
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type ClientOptions = {
  max?: number;
  applicationName?: string;
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
};

export function createDatabase(url: string, options: ClientOptions = {}) {
  const client = postgres(url, {
    max: options.max ?? 8,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    connection: {
      application_name: options.applicationName ?? "flash-sale",
      statement_timeout: options.statementTimeoutMs ?? 15_000,
      lock_timeout: options.lockTimeoutMs ?? 5_000,
      idle_in_transaction_session_timeout: 10_000,
    },
  });
  return { client, db: drizzle(client, { schema }) };
}

export type Database = ReturnType<typeof createDatabase>["db"];
export type SqlClient = ReturnType<typeof createDatabase>["client"];
