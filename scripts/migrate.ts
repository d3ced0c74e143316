// npm run db:migrate: applies db/migrations to DATABASE_URL.
import { migrateDatabase } from "../db/migrate";
import { env } from "../lib/env";

const url = env().DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. (npm run dev migrates its embedded database by itself.)");
  process.exit(2);
}
await migrateDatabase(url);
console.log("Migrations applied.");
