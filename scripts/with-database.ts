// Runs a script against DATABASE_URL, or against the embedded development database when it is
// not set (starting it if `npm run dev` is not already running it).
import { ensureDatabase, startEmbeddedPostgres } from "../db/server";
import { env, reloadEnv } from "../lib/env";

export async function withDatabase<T>(work: () => Promise<T>): Promise<T> {
  let stop = async () => {};
  if (!env().DATABASE_URL) {
    const server = await startEmbeddedPostgres({ name: "pg", port: env().EMBEDDED_PG_PORT ?? 54320 });
    process.env.DATABASE_URL = server.url("flash_sale");
    await ensureDatabase(process.env.DATABASE_URL);
    stop = server.stop;
    reloadEnv();
  }
  const { closeDb } = await import("../lib/db");
  try {
    return await work();
  } finally {
    await closeDb();
    await stop();
  }
}
