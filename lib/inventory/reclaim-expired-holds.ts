// reclaimExpiredHolds: returns a product's expired holds to its stock now, through the one expiry
// routine, so a hold that finds stock short can use them even when no scheduler has run.
// Concurrent callers for the same product in this process share one call, so a burst of shoppers
// at a sold-out product costs one release, not one per shopper.
import { recordExpirations } from "../observability/metrics";
import { releaseExpiredHolds } from "./release-expired-holds";

const inFlight = new Map<string, Promise<number>>();

export function reclaimExpiredHolds(productId: string): Promise<number> {
  const running = inFlight.get(productId);
  if (running) return running;
  const call = releaseExpiredHolds({ productId })
    .then((released) => {
      recordExpirations("reclaim", released);
      return released;
    })
    .finally(() => inFlight.delete(productId));
  inFlight.set(productId, call);
  return call;
}
