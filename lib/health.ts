// checkHealth: does the database answer, and how late does this process's event loop run? A busy
// event loop only delays the answer; the database is reported down only when it fails the query
// (connection refused or lost, statement timeout), never because a timer here fired first.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "./db";

const WINDOW_MS = 10_000;
const globalForLoop = globalThis as unknown as { __flashSaleLoopDelay?: { p99Ms: number; maxMs: number } };

/** The event-loop delay over the last ten seconds (p99 and max, in milliseconds). */
function eventLoopDelay(): { p99Ms: number; maxMs: number } {
  if (!globalForLoop.__flashSaleLoopDelay) {
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    const snapshot = { p99Ms: 0, maxMs: 0 };
    globalForLoop.__flashSaleLoopDelay = snapshot;
    setInterval(() => {
      snapshot.p99Ms = Math.round(histogram.percentile(99) / 1e6);
      snapshot.maxMs = Math.round(histogram.max / 1e6);
      histogram.reset();
    }, WINDOW_MS).unref();
  }
  return globalForLoop.__flashSaleLoopDelay;
}
eventLoopDelay();

/** The answer of GET /api/health. */
export const healthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  database: z.enum(["ok", "unreachable"]),
  eventLoopDelayMs: z.object({ p99: z.int(), max: z.int() }),
});
export type Health = z.infer<typeof healthSchema>;

export async function checkHealth(): Promise<Health> {
  const reachable = await db()
    .execute(sql`select 1`)
    .then(() => true)
    .catch(() => false);
  const { p99Ms, maxMs } = eventLoopDelay();
  return {
    status: reachable ? "ok" : "degraded",
    database: reachable ? "ok" : "unreachable",
    eventLoopDelayMs: { p99: p99Ms, max: maxMs },
  };
}
