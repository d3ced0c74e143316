// Fixed-window rate limits kept in PostgreSQL (rate_limits), so every app process shares them.
// One upsert per counted request: the window restarts when it has run out.
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

/** Counts `cost` hits against `key` and says whether the caller is still within the limit. */
export async function consumeRateLimit(key: string, limit: Limit, cost = 1): Promise<LimitState> {
  const [state] = await consumeRateLimits([{ key, limit }], cost);
  return state!;
}

type CounterRow = { key: string; hits: number; window_started_at: Date | string };

/** Counts one hit against each key in one statement. The counters are best-effort: the statement
 *  commits without waiting for its WAL flush (a crash may forget the last moment's hits), so a
 *  limit never adds a disk wait to the request it guards. */
export async function consumeRateLimits(entries: { key: string; limit: Limit }[], cost = 1): Promise<LimitState[]> {
  const values = sql.join(
    entries.map((e) => sql`(${e.key}::text, ${e.limit.windowSeconds}::integer)`),
    sql`, `,
  );
  const rows = await db().execute<CounterRow>(sql`
    with relaxed as (select set_config('synchronous_commit', 'off', true)),
    hit (key, window_seconds) as (values ${values})
    insert into rate_limits as r (key, window_started_at, hits)
    select hit.key, now(), ${cost} from hit cross join relaxed
    on conflict (key) do update set
      window_started_at = case when r.window_started_at <= now() - make_interval(secs => (
          select h.window_seconds from hit h where h.key = excluded.key)) then now() else r.window_started_at end,
      hits = case when r.window_started_at <= now() - make_interval(secs => (
          select h.window_seconds from hit h where h.key = excluded.key)) then ${cost} else r.hits + ${cost} end
    returning r.key, r.hits, r.window_started_at`);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return entries.map((e) => {
    const row = byKey.get(e.key)!;
    return state(row.hits, new Date(row.window_started_at), e.limit);
  });
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
