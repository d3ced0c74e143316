// purgeStaleRecords: deletes Idempotency-Key records past their 24-hour promise, rate-limit counters
// whose window ended long ago, and spent proof-of-work challenges past their expiry (an expired challenge
// fails verification on its own). Safe to run anywhere, any time, concurrently.
import { sql } from "drizzle-orm";
import { db } from "../db";

export const IDEMPOTENCY_RETENTION_HOURS = 25;

export async function purgeStaleRecords(): Promise<{
  idempotencyKeys: number;
  rateLimits: number;
  spentChallenges: number;
}> {
  const [row] = await db().execute<{ idempotency_keys: number; rate_limits: number; spent_challenges: number }>(sql`
    with keys as (
      delete from idempotency_keys where created_at < now() - make_interval(hours => ${IDEMPOTENCY_RETENTION_HOURS}) returning 1
    ), counters as (
      delete from rate_limits where window_started_at < now() - interval '1 day' returning 1
    ), challenges as (
      delete from spent_challenges where expires_at < now() returning 1
    )
    select (select count(*) from keys)::int as idempotency_keys, (select count(*) from counters)::int as rate_limits,
           (select count(*) from challenges)::int as spent_challenges`);
  return {
    idempotencyKeys: row?.idempotency_keys ?? 0,
    rateLimits: row?.rate_limits ?? 0,
    spentChallenges: row?.spent_challenges ?? 0,
  };
}
