// npm run db:migrate: applies db/migrations over DATABASE_DIRECT_URL (default DATABASE_URL): the
// migrator holds a session-level advisory lock, which a transaction pooler cannot keep.
import { migrateDatabase } from "../db/migrate";
import { env } from "../lib/env";

const url = env().DATABASE_DIRECT_URL;
if (!url) {
  console.error("DATABASE_URL is not set. (npm run dev migrates its embedded database by itself.)");
  process.exit(2);
}
await migrateDatabase(url);
console.log("Migrations applied.");
