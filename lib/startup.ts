// What a process does before it serves: behind a transaction pooler, check that its sessions run
// with the app's timeouts; apply migrations and schedule expiry on pg_cron where the server has it
// (both over the direct URL: they need a session); then the demo seed.
import { migrateDatabase } from "@/db/migrate";
import { schedulePgCronExpiry } from "@/db/pg-cron";
import { checkPooledTimeouts } from "./db";
import { seedDemo } from "./demo/seed-demo";
import { env } from "./env";

export async function prepareDatabase(log: (line: string) => void = console.log) {
  const config = env();
  if (!config.DATABASE_URL || !config.DATABASE_DIRECT_URL) throw new Error("DATABASE_URL is not set.");
  await checkPooledTimeouts();
  await migrateDatabase(config.DATABASE_DIRECT_URL);
  const cron = await schedulePgCronExpiry(config.DATABASE_DIRECT_URL).catch((error: Error) => ({
    scheduled: false as const,
    loaded: true,
    reason: `pg_cron scheduling failed: ${error.message}`,
  }));
  if (cron.scheduled) log(`pg_cron job ${cron.job} (in database ${cron.cronDatabase}) releases expired holds every minute.`);
  else if (cron.loaded) log(`${cron.reason}; expired holds are released by the in-process sweeper and the cron route.`);
  if (!config.SEED_DEMO) return;
  const seeded = await seedDemo();
  if (!seeded.admin) {
    log("No admin account: ADMIN_PASSWORD is not set, and production has no default admin password.");
  } else if (seeded.productsCreated > 0) {
    log(`Seeded ${seeded.productsCreated} demo products; admin account ${seeded.admin}.`);
  }
}
