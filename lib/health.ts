// checkHealth: is the database answering, within a second?
import { sql } from "drizzle-orm";
import { db } from "./db";

export async function checkHealth(): Promise<{ status: "ok" | "degraded"; database: "ok" | "unreachable" }> {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 1_000).unref());
  const probe = db()
    .execute(sql`select 1`)
    .then(() => true)
    .catch(() => false);
  const ok = await Promise.race([probe, timeout]);
  return ok ? { status: "ok", database: "ok" } : { status: "degraded", database: "unreachable" };
}
