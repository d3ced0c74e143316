// Expiry: a hold past its hold_expires_at can no longer be confirmed (confirmOrder's update is
// conditional on the time), and its units go back on sale through one SQL routine,
// release_expired_holds: batched, FOR UPDATE SKIP LOCKED, conditional on status = 'pending', one
// hold_released event per hold (invariants 2-4). Every scheduler calls that routine:
//   pg_cron           CALL release_all_expired_holds() every minute (db/pg-cron.ts, migration 0003)
//   Vercel Cron       GET /api/cron/release-holds -> releaseExpiredHolds
//   in-process        startExpirySweeper -> sweepExpiredHolds, one process at a time (advisory lock)
//   lazily            placeHold on a short product -> reclaimExpiredHolds for that product
// Safe to run concurrently (SKIP LOCKED) and repeatedly (a second run finds nothing).
import { sql } from "drizzle-orm";
import { LOCK_KEYS } from "@/db/lock-keys";
import { db } from "../db";
import { purgeStaleRecords } from "../maintenance/purge-stale-records";

const MAX_BATCHES = 100;

/** Releases every hold past its expiry (or only `productId`'s), in batches; returns how many. */
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

// ── lazily, for one product ─────────────────────────────────────────────────────────────────────

const reclaiming = new Map<string, Promise<number>>();

/** Returns a product's expired holds to its stock now, so a hold that finds stock short can use them
 *  even when no scheduler has run. Concurrent callers for the same product in this process share one
 *  call: a burst of shoppers at a sold-out product costs one release, not one per shopper. */
export function reclaimExpiredHolds(productId: string): Promise<number> {
  const running = reclaiming.get(productId);
  if (running) return running;
  const call = releaseExpiredHolds({ productId }).finally(() => reclaiming.delete(productId));
  reclaiming.set(productId, call);
  return call;
}

// ── the in-process sweeper ──────────────────────────────────────────────────────────────────────

export type Sweep = { released: number; skipped: boolean };

/** One in-process sweep. Each batch is a single statement that first takes a transaction-level
 *  advisory lock and only then releases, so two app processes never sweep at the same time: the one
 *  that finds the lock taken skips the batch (`skipped`) and leaves the work to the other. The lock
 *  ends with the statement's transaction, so a crashed sweeper can never leave it held. Its key is the
 *  sweeper's alone (db/lock-keys.ts), so nothing but another sweeper makes it skip. */
export async function sweepExpiredHolds(options: { batchSize?: number; maxBatches?: number } = {}): Promise<Sweep> {
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? MAX_BATCHES;
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

// Housekeeping (old idempotency records, spent rate-limit counters) rides on the sweeper's timer.
const PURGE_EVERY_MS = 10 * 60_000;

type Sweeper = { stop: () => void };
const globalForSweeper = globalThis as unknown as { __flashSaleSweeper?: Sweeper };

/** The sweeper of self-hosted `next start` / `next dev`: sweepExpiredHolds every `intervalSeconds`
 *  (0: never). One per process (kept on globalThis across dev reloads); its timer is unref'd so it
 *  never keeps a process alive, a run never overlaps the previous one, a run skipped because another
 *  process's sweeper holds the lock says so in one line, and a failed run is logged and retried at the
 *  next tick, never thrown. */
export function startExpirySweeper(intervalSeconds: number, log: Pick<Console, "log" | "error"> = console): Sweeper {
  if (globalForSweeper.__flashSaleSweeper) return globalForSweeper.__flashSaleSweeper;
  if (intervalSeconds <= 0) return { stop: () => {} };

  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failing = false;
  let lastPurge = Date.now();
  const tick = async () => {
    try {
      if (Date.now() - lastPurge >= PURGE_EVERY_MS) {
        lastPurge = Date.now();
        await purgeStaleRecords();
      }
      const { released, skipped } = await sweepExpiredHolds();
      if (released > 0) log.log(`[expiry] released ${released} expired hold${released === 1 ? "" : "s"}`);
      if (skipped) log.log("[expiry] skipped: another process's sweeper holds the sweeper lock; it sweeps instead");
      if (failing) log.log("[expiry] sweeper recovered");
      failing = false;
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      if (!failing)
        log.error("[expiry] sweep failed; retrying every interval:", cause ?? (error as Error).message ?? error);
      failing = true;
    }
    if (!stopped) schedule();
  };
  const schedule = () => {
    timer = setTimeout(() => void tick(), intervalSeconds * 1_000);
    timer.unref();
  };
  schedule();

  const sweeper: Sweeper = {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      if (globalForSweeper.__flashSaleSweeper === sweeper) globalForSweeper.__flashSaleSweeper = undefined;
    },
  };
  globalForSweeper.__flashSaleSweeper = sweeper;
  return sweeper;
}
