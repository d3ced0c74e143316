// pg_cron releases expired holds on a real server: the machine's PostgreSQL service (port 5432,
// or PG_CRON_TEST_URL) with the pg_cron extension loaded (.ci/run installs and enables it). The
// test makes a database of its own there, migrates it, schedules the job the way the app does at
// start-up, and waits for pg_cron's next minute tick to release a hold. The rest of the suite never
// depends on this server.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { migrateDatabase } from "@/db/migrate";
import { pgCronJobName, schedulePgCronExpiry, unschedulePgCronExpiry } from "@/db/pg-cron";
import { databaseNameOf, databaseUrlFor } from "@/db/database-url";
import { recreateDatabase } from "@/db/server";

const SERVER_URL = process.env.PG_CRON_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Whether pg_cron can exist here at all: a server answers, and it offers the extension. */
async function pgCronInstallable(): Promise<boolean> {
  const probe = postgres(SERVER_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    const rows = await probe`select 1 from pg_available_extensions where name = 'pg_cron'`;
    return rows.length > 0;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 });
  }
}

// Skipped only where pg_cron cannot exist: no PostgreSQL server on that address, or one without the
// pg_cron package. A server that has the package but has not loaded it fails the test instead.
const installable = await pgCronInstallable();

describe.skipIf(!installable)("pg_cron", () => {
  it("releases an expired hold on its next run, once, through the one routine", { timeout: 120_000 }, async () => {
    const url = databaseUrlFor(SERVER_URL, `flash_cron_${randomUUID().replaceAll("-", "").slice(0, 12)}`);
    await recreateDatabase(url);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await migrateDatabase(url);
      const [loaded] = await sql<{ cron: string | null }[]>`select current_setting('cron.database_name', true) as cron`;
      expect(loaded!.cron, "pg_cron is installed but not in shared_preload_libraries").not.toBeNull();

      const [product] = await sql<{ id: string }[]>`
        with p as (
          insert into products (name, price_cents, total_stock, available, max_per_customer, sale_starts_at, sale_ends_at)
          values ('pg_cron product', 100, 3, 3, 3, now() - interval '1 hour', now() + interval '1 hour')
          returning id
        ), e as (insert into inventory_events (product_id, type, delta) select id, 'stock_added', 3 from p)
        select id from p`;
      const requests = sql.json([
        { email: "cron@example.com", mailbox: "cron@example.com", userId: null, quantity: 2 },
      ]);
      const [held] = await sql<{ outcome: string; order_id: string }[]>`
        select outcome, order_id from place_holds(${product!.id}::uuid, ${requests}, 120)`;
      expect(held!.outcome).toBe("held");
      await sql`update orders set hold_expires_at = now() - interval '1 second' where id = ${held!.order_id}`;

      const scheduling = await schedulePgCronExpiry(url);
      expect(scheduling).toMatchObject({ scheduled: true, job: pgCronJobName(databaseNameOf(url)) });

      // pg_cron 1.4 runs jobs on minute boundaries: wait for the next one, and a little more.
      const deadline = Date.now() + 75_000;
      let status = "pending";
      while (status === "pending" && Date.now() < deadline) {
        await sleep(1_000);
        const [row] = await sql<{ status: string }[]>`select status from orders where id = ${held!.order_id}`;
        status = row!.status;
      }
      if (status !== "expired") {
        const admin = postgres(databaseUrlFor(SERVER_URL, loaded!.cron!), { max: 1, onnotice: () => {} });
        const runs =
          await admin`select d.status, d.return_message from cron.job_run_details d join cron.job j using (jobid)
                                  where j.jobname = ${pgCronJobName(databaseNameOf(url))} order by d.runid desc limit 3`;
        await admin.end();
        expect.fail(`pg_cron did not release the hold within 75 s; last runs: ${JSON.stringify(runs)}`);
      }
      const events =
        await sql`select type, delta, reason from inventory_events where order_id = ${held!.order_id} order by id`;
      expect(events.map((e) => ({ ...e }))).toEqual([
        { type: "hold_created", delta: -2, reason: null },
        { type: "hold_released", delta: 2, reason: "expired" },
      ]);
      const [stock] = await sql<{ available: number }[]>`select available from products where id = ${product!.id}`;
      expect(stock!.available).toBe(3);
    } finally {
      await sql.end({ timeout: 5 });
      await unschedulePgCronExpiry(url).catch(() => false);
      const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists "${databaseNameOf(url)}" with (force)`).catch(() => {});
      await admin.end({ timeout: 5 });
    }
  });
});
