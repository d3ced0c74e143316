// What a process does before it serves: apply migrations, then the demo seed.
import { migrateDatabase } from "@/db/migrate";
import { seedDemo } from "./demo/seed-demo";
import { env } from "./env";

export async function prepareDatabase(log: (line: string) => void = console.log) {
  const config = env();
  if (!config.DATABASE_URL) throw new Error("DATABASE_URL is not set.");
  await migrateDatabase(config.DATABASE_URL);
  if (!config.SEED_DEMO) return;
  const seeded = await seedDemo();
  if (!seeded.admin) {
    log("No admin account: ADMIN_PASSWORD is not set, and production has no default admin password.");
  } else if (seeded.productsCreated > 0) {
    log(`Seeded ${seeded.productsCreated} demo products; admin account ${seeded.admin}.`);
  }
}
