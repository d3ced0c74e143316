// The in-process expiry sweeper for self-hosted `next start` / `next dev`: runs sweepExpiredHolds
// every `intervalSeconds` (0: never). One per process (kept on globalThis across dev reloads);
// its timer is unref'd so it never keeps a process alive, a run never overlaps the previous one,
// and a failed run is logged and retried at the next tick, never thrown.
import { purgeStaleRecords } from "../maintenance/purge-stale-records";
import { structuredLog } from "../observability/log";
import { recordExpirations } from "../observability/metrics";
import { sweepExpiredHolds } from "./sweep-expired-holds";

// Housekeeping (old idempotency records, spent rate-limit counters) rides on the sweeper's timer.
const PURGE_EVERY_MS = 10 * 60_000;

type Sweeper = { stop: () => void };
const globalForSweeper = globalThis as unknown as { __flashSaleSweeper?: Sweeper };

export function startExpirySweeper(
  intervalSeconds: number,
  log: Pick<Console, "log" | "error"> = structuredLog("expiry_sweep"),
): Sweeper {
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
      const { released } = await sweepExpiredHolds();
      recordExpirations("sweeper", released);
      if (released > 0) log.log(`[expiry] released ${released} expired hold${released === 1 ? "" : "s"}`);
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
