// Fixed-window rate limits kept in PostgreSQL (rate_limits), so every app process shares them:
// sign-in and registration here, one upsert per counted request; the hold limits in the same table
// are counted by place_holds in the hold's own transaction. A window restarts when it has run out.
import { eq, sql } from "drizzle-orm";
import { rateLimits } from "@/db/schema";
import { db } from "../db";
import { DomainError } from "../errors";

export type Limit = { limit: number; windowSeconds: number };
export type LimitState = { allowed: boolean; hits: number; retryAfterSeconds: number };

function state(hits: number, windowStartedAt: Date, { limit, windowSeconds }: Limit): LimitState {
  const resetsAt = windowStartedAt.getTime() + windowSeconds * 1_000;
  return { allowed: hits <= limit, hits, retryAfterSeconds: Math.max(1, Math.ceil((resetsAt - Date.now()) / 1_000)) };
}

type CounterRow = { hits: number; window_started_at: Date | string };

/** Counts `cost` hits against `key` and says whether the caller is still within the limit. The
 *  counter is best-effort: the statement commits without waiting for its WAL flush (a crash may
 *  forget the last moment's hits), so a limit never adds a disk wait to the request it guards. */
export async function consumeRateLimit(key: string, limit: Limit, cost = 1): Promise<LimitState> {
  const expired = sql`r.window_started_at <= now() - make_interval(secs => ${limit.windowSeconds})`;
  const [row] = await db().execute<CounterRow>(sql`
    with relaxed as (select set_config('synchronous_commit', 'off', true))
    insert into rate_limits as r (key, window_started_at, hits)
    select ${key}, now(), ${cost} from relaxed
    on conflict (key) do update set
      window_started_at = case when ${expired} then now() else r.window_started_at end,
      hits = case when ${expired} then ${cost} else r.hits + ${cost} end
    returning r.hits, r.window_started_at`);
  return state(row!.hits, new Date(row!.window_started_at), limit);
}

/** Takes back one hit counted against `key` (an attempt that turned out to be legitimate). */
export async function refundRateLimit(key: string): Promise<void> {
  await db().execute(sql`update rate_limits set hits = greatest(hits - 1, 0) where key = ${key}`);
}

export type Backoff = { freeAttempts: number; baseDelaySeconds: number; maxDelaySeconds: number };

/** Counts an attempt against `key` with growing delays: `freeAttempts` in a row go through, then
 *  each further one must wait baseDelay × 2^(attempts beyond the free ones), up to maxDelay, after
 *  the one before it. Decided and counted in one statement under the row's lock, so attempts sent
 *  together cannot all slip in. The count lasts until resetRateLimit or a day of quiet. */
export async function consumeWithBackoff(key: string, backoff: Backoff): Promise<LimitState> {
  const delay = sql`least(${backoff.maxDelaySeconds}::float8,
      ${backoff.baseDelaySeconds}::float8 * power(2, least(r.hits - ${backoff.freeAttempts}, 30)))`;
  const [counted] = await db().execute<{ hits: number }>(sql`
    insert into rate_limits as r (key, window_started_at, hits) values (${key}, now(), 1)
    on conflict (key) do update
      set hits = case when r.window_started_at <= now() - interval '1 day' then 1 else r.hits + 1 end,
          window_started_at = now()
      where r.hits < ${backoff.freeAttempts}
         or r.window_started_at <= now() - interval '1 day'
         or r.window_started_at <= now() - make_interval(secs => ${delay})
    returning r.hits`);
  if (counted) return { allowed: true, hits: counted.hits, retryAfterSeconds: 0 };
  const [waiting] = await db().execute<{ hits: number; wait: number }>(sql`
    select r.hits, extract(epoch from r.window_started_at + make_interval(secs => ${delay}) - now())::float8 as wait
      from rate_limits r where r.key = ${key}`);
  return { allowed: false, hits: waiting?.hits ?? 0, retryAfterSeconds: Math.max(1, Math.ceil(waiting?.wait ?? 1)) };
}

/** Reads `key`'s count without adding to it. */
export async function peekRateLimit(key: string, limit: Limit): Promise<LimitState> {
  const [row] = await db().select().from(rateLimits).where(eq(rateLimits.key, key));
  if (!row || row.windowStartedAt.getTime() + limit.windowSeconds * 1_000 <= Date.now()) {
    return { allowed: true, hits: 0, retryAfterSeconds: 0 };
  }
  return state(row.hits, row.windowStartedAt, limit);
}

export async function resetRateLimit(key: string): Promise<void> {
  await db().delete(rateLimits).where(eq(rateLimits.key, key));
}

export function rateLimited(retryAfterSeconds: number, what = "requests"): DomainError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait = retryAfterSeconds < 90 ? `${retryAfterSeconds} seconds` : `${minutes} minutes`;
  return new DomainError(
    "rate_limited",
    `Too many ${what}. Please try again in ${wait}.`,
    undefined,
    retryAfterSeconds,
  );
}
