// Schedules the expiry routine on pg_cron for the database of `url`, where the server has pg_cron
// loaded: one job per app database, every minute, `CALL release_all_expired_holds()`. pg_cron keeps
// its jobs in one database (cron.database_name), often not the app's; the job is scheduled there
// with cron.schedule_in_database, which replaces a job of the same name, so running this on every
// start is idempotent. The migrations do the same when the app database is pg_cron's own
// (db/routines/schedule-expiry-on-pg-cron.sql).
import postgres from "postgres";
import { databaseNameOf, databaseUrlFor } from "./database-url";

export const PG_CRON_SCHEDULE = "* * * * *";
export const PG_CRON_COMMAND = "CALL release_all_expired_holds()";

export const pgCronJobName = (database: string) => `flash-sale-release-expired-holds:${database}`;

export type PgCronScheduling =
  | { scheduled: true; job: string; cronDatabase: string }
  | { scheduled: false; loaded: boolean; reason: string };

export async function schedulePgCronExpiry(url: string): Promise<PgCronScheduling> {
  const app = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  let cronDatabase: string | null;
  let database: string;
  try {
    const [row] = await app<{ cron_database: string | null; database: string }[]>`
      select current_setting('cron.database_name', true) as cron_database, current_database() as database`;
    cronDatabase = row!.cron_database;
    database = row!.database;
  } finally {
    await app.end({ timeout: 5 });
  }
  if (!cronDatabase) return { scheduled: false, loaded: false, reason: "pg_cron is not loaded on this server" };

  const cron = postgres(databaseUrlFor(url, cronDatabase), { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const [installed] = await cron`select 1 from pg_extension where extname = 'pg_cron'`;
    if (!installed)
      return {
        scheduled: false,
        loaded: true,
        reason: `pg_cron is loaded but not created in database ${cronDatabase}`,
      };
    const job = pgCronJobName(database);
    await cron`select cron.schedule_in_database(${job}, ${PG_CRON_SCHEDULE}, ${PG_CRON_COMMAND}, ${database})`;
    return { scheduled: true, job, cronDatabase };
  } catch (error) {
    return { scheduled: false, loaded: true, reason: `pg_cron scheduling failed: ${(error as Error).message}` };
  } finally {
    await cron.end({ timeout: 5 });
  }
}

/** Removes the database's job; true when there was one. */
export async function unschedulePgCronExpiry(url: string): Promise<boolean> {
  const database = databaseNameOf(url);
  const app = postgres(url, { max: 1, onnotice: () => {} });
  let cronDatabase: string | null;
  try {
    const [row] = await app<
      { cron_database: string | null }[]
    >`select current_setting('cron.database_name', true) as cron_database`;
    cronDatabase = row!.cron_database;
  } finally {
    await app.end({ timeout: 5 });
  }
  if (!cronDatabase) return false;
  const cron = postgres(databaseUrlFor(url, cronDatabase), { max: 1, onnotice: () => {} });
  try {
    const rows = await cron`select cron.unschedule(jobname) from cron.job where jobname = ${pgCronJobName(database)}`;
    return rows.length > 0;
  } finally {
    await cron.end({ timeout: 5 });
  }
}
