// sweepExpiredHolds: one in-process sweep, through release_expired_holds like every scheduler.
// Each batch is a single statement that first takes a transaction-level advisory lock and only
// then releases, so two app processes never sweep at the same time: the one that finds the lock
// taken skips the batch (`skipped`) and leaves the work to the other. The lock ends with the
// statement's transaction, so a crashed sweeper can never leave it held. Its key is the sweeper's
// alone (db/lock-keys.ts), so nothing but another sweeper makes it skip.
import { sql } from "drizzle-orm";
import { LOCK_KEYS } from "@/db/lock-keys";
import { db } from "../db";

export type Sweep = { released: number; skipped: boolean };

export async function sweepExpiredHolds(options: { batchSize?: number; maxBatches?: number } = {}): Promise<Sweep> {
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? 100;
  let released = 0;
  for (let i = 0; i < maxBatches; i++) {
    const [row] = await db().execute<{ released: number }>(sql`
      select case when pg_try_advisory_xact_lock(${LOCK_KEYS.expirySweeper})
                  then release_expired_holds(${batchSize}::integer) else -1 end as released`);
    const count = Number(row?.released ?? 0);
    if (count < 0) return { released, skipped: true };
    released += count;
    if (count < batchSize) break;
  }
  return { released, skipped: false };
}
