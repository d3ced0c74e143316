// Applies the committed migrations in db/migrations over a single connection. An advisory lock
// keeps two app processes starting together from migrating at once.
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { LOCK_KEYS } from "./lock-keys";

export async function migrateDatabase(url: string, migrationsFolder = path.join(process.cwd(), "db/migrations")) {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${LOCK_KEYS.migrator})`;
    await migrate(drizzle(client), { migrationsFolder });
    await client`select pg_advisory_unlock(${LOCK_KEYS.migrator})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
