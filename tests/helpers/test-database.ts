// The database a test suite runs on: a fresh database (dropped and re-created, then migrated) on
// the server of DATABASE_URL, or on an embedded PostgreSQL under .data/<name> when it is not set.
import { migrateDatabase } from "../../db/migrate";
import { databaseUrlFor } from "../../db/database-url";
import { recreateDatabase, startEmbeddedPostgres } from "../../db/server";

export async function createTestDatabase(options: { name: string; database: string; port: number }) {
  const configured = process.env.DATABASE_URL;
  const server = configured ? undefined : await startEmbeddedPostgres({ name: options.name, port: options.port });
  const url = configured ? databaseUrlFor(configured, options.database) : server!.url(options.database);
  await recreateDatabase(url);
  await migrateDatabase(url);
  return { url, stop: async () => server?.stop() };
}
