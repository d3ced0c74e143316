// advanceQueue: one product's waiting room advanced now through advance_queues, the routine every
// expiry scheduler runs for all rooms: used when a reader finds the room's draw due before a scheduler
// has run. Concurrent callers for a product in this process share one call.
import { sql } from "drizzle-orm";
import { db } from "../db";

const inFlight = new Map<string, Promise<number>>();

export function advanceQueue(productId: string): Promise<number> {
  const running = inFlight.get(productId);
  if (running) return running;
  const call = db()
    .execute<{ admitted: number }>(sql`select advance_queues(${productId}::uuid) as admitted`)
    .then(([row]) => Number(row?.admitted ?? 0))
    .finally(() => inFlight.delete(productId));
  inFlight.set(productId, call);
  return call;
}
