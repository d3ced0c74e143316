// What a process does before it serves (and what db:seed does): behind a transaction pooler, check
// that its sessions run with the app's timeouts; apply migrations and schedule expiry on pg_cron
// where the server has it (both over the direct URL: they need a session); make sure the configured
// admin exists; then the demo seed. A production process without ALTCHA_HMAC_SECRET says so at once:
// its proof-of-work challenges would fail on first use.
import { migrateDatabase } from "@/db/migrate";
import { schedulePgCronExpiry } from "@/db/pg-cron";
import { checkPooledTimeouts } from "./db";
import { seedDemo } from "./demo/seed-demo";
import { env } from "./env";
import { ensureAdmin } from "./users/ensure-admin";
import { countAdmins } from "./users/queries";

export async function prepareDatabase(
  log: (line: string, fields?: Record<string, unknown>) => void = (line) => console.log(line),
) {
  const config = env();
  if (!config.DATABASE_URL || !config.DATABASE_DIRECT_URL) throw new Error("DATABASE_URL is not set.");
  await checkPooledTimeouts();
  await migrateDatabase(config.DATABASE_DIRECT_URL);
  const cron = await schedulePgCronExpiry(config.DATABASE_DIRECT_URL).catch((error: Error) => ({
    scheduled: false as const,
    loaded: true,
    reason: `pg_cron scheduling failed: ${error.message}`,
  }));
  if (cron.scheduled)
    log(`pg_cron job ${cron.job} (in database ${cron.cronDatabase}) releases expired holds every minute.`, {
      event: "pg_cron_registered",
      job: cron.job,
      cronDatabase: cron.cronDatabase,
    });
  else if (cron.loaded)
    log(`${cron.reason}; expired holds are released by the in-process sweeper and the cron route.`, {
      event: "pg_cron_not_registered",
    });

  if (config.NODE_ENV === "production" && !config.ALTCHA_HMAC_SECRET) {
    log(
      "ALTCHA_HMAC_SECRET is not set: products with the proof of work on (botCheck proof_of_work) cannot be " +
        "bought or joined until it is (32+ random characters, the same in every process).",
      { event: "altcha_secret_missing" },
    );
  }

  const admin = await ensureAdmin();
  if (admin?.outcome === "created") log(`Created the admin account ${admin.actor.email}.`);
  if (admin?.outcome === "promoted") {
    log(`Gave the existing account ${admin.actor.email} the admin role; its password is unchanged.`);
  }
  if (!admin && (await countAdmins()) === 0) {
    log(
      "No admin account: set ADMIN_EMAIL and ADMIN_PASSWORD (production has no default), " +
        "or run `npm run admin -- create EMAIL`.",
    );
  }

  if (!config.SEED_DEMO) return;
  if (!admin) {
    log("No demo products: they are created by the configured admin, and there is none.");
    return;
  }
  const seeded = await seedDemo(admin.actor);
  if (seeded.productsCreated > 0) log(`Seeded ${seeded.productsCreated} demo products.`);
}
