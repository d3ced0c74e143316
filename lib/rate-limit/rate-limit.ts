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
  const windowStart = sql`now() - make_interval(secs => ${limit.windowSeconds})`;
  const [row] = await db()
    .insert(rateLimits)
    .values({ key, windowStartedAt: sql`now()`, hits: cost })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        windowStartedAt: sql`case when ${rateLimits.windowStartedAt} <= ${windowStart} then now() else ${rateLimits.windowStartedAt} end`,
        hits: sql`case when ${rateLimits.windowStartedAt} <= ${windowStart} then ${cost} else ${rateLimits.hits} + ${cost} end`,
      },
    })
    .returning();
  return state(row!.hits, row!.windowStartedAt, limit);
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
