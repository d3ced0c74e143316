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
  return new DomainError("rate_limited", `Too many ${what}. Please try again in ${wait}.`, undefined, retryAfterSeconds);
}
