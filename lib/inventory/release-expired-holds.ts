// releaseExpiredHolds: returns the stock of every hold past its expiry, in batches, through the
// release_expired_holds SQL routine that every scheduler calls. Safe to run concurrently (SKIP
// LOCKED) and repeatedly (a second run finds nothing). Returns how many holds it released.
import { sql } from "drizzle-orm";
import { db } from "../db";

const MAX_BATCHES = 100;

export async function releaseExpiredHolds(options: { batchSize?: number; productId?: string } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  const productId = options.productId ?? null;
  let released = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const [row] = await db().execute<{ released: number }>(
      sql`select release_expired_holds(${batchSize}::integer, ${productId}::uuid) as released`,
    );
    const count = Number(row?.released ?? 0);
    released += count;
    if (count < batchSize) break;
  }
  return released;
}
