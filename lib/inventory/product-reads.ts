// The plain reads of the hold path, shared. A hold needs the product's sale window, limit and
// stock before it goes to the row lock, but a read per request would cost more than the hold
// itself at a flash sale's rates. So:
//   - a request that the last read (at most SNAPSHOT_MS old) shows can succeed goes straight to
//     place_holds, which decides under the lock anyway;
//   - a request it shows would fail is refused only on a read that started after the request
//     arrived, exactly as with a read of its own: concurrent requests share that read, so a
//     burst at a sold-out product costs one read at a time, not one per shopper;
//   - except where the process hears every change: while the stock hub LISTENs, every committed
//     change of a product's stock or sale window reaches it within milliseconds, so a read that
//     no change has followed (and under TRUST_MS old) still answers sold out or not live, from
//     memory. The limit is never judged that way (changing it sends no notification).
// place_holds reports the units left after each batch (noteAvailable), so this process knows at
// once when it sold the last unit.
import { stockHub } from "../live/stock-hub";
import { readProductForHold, type ProductForHold } from "./queries";

const SNAPSHOT_MS = 1_000;
const TRUST_MS = 1_000;

type Snapshot = { product: ProductForHold; readAt: number };
type Reads = { running?: Promise<ProductForHold | undefined>; next?: Promise<ProductForHold | undefined> };

const snapshots = new Map<string, Snapshot>();
const reads = new Map<string, Reads>();
/** When the last change notification of each product arrived. */
const changedAt = new Map<string, number>();

// One watcher per process, replaced when development reloads this module.
const registry = globalThis as unknown as { __flashSaleReadsWatcher?: () => void };
registry.__flashSaleReadsWatcher?.();
registry.__flashSaleReadsWatcher = stockHub().watchChanges((productId) => {
  if (productId === null) changedAt.clear();
  else changedAt.set(productId, performance.now());
});

/** The last read of the product if it is at most SNAPSHOT_MS old. */
export function recentProduct(id: string): ProductForHold | undefined {
  const snapshot = snapshots.get(id);
  if (!snapshot) return undefined;
  if (performance.now() - snapshot.readAt <= SNAPSHOT_MS) return snapshot.product;
  snapshots.delete(id);
  return undefined;
}

/** The last read of the product if it may refuse a request by itself: the stock hub has listened
 *  since before the read, no change of the product was heard after it, and it is under TRUST_MS
 *  old. */
export function trustedProduct(id: string): ProductForHold | undefined {
  const since = stockHub().listeningSince;
  const snapshot = snapshots.get(id);
  if (since === undefined || !snapshot || snapshot.readAt < since) return undefined;
  if (performance.now() - snapshot.readAt > TRUST_MS) return undefined;
  if ((changedAt.get(id) ?? -Infinity) >= snapshot.readAt) return undefined;
  return snapshot.product;
}

/** A read of the product that starts no earlier than this call, shared with concurrent callers. */
export function freshProduct(id: string): Promise<ProductForHold | undefined> {
  let state = reads.get(id);
  if (!state) {
    state = {};
    reads.set(id, state);
  }
  const running = state.running;
  if (!running) return startRead(id, state);
  // A read is already under way, but it began before this request: queue for the next one.
  const current = state;
  current.next ??= running
    .catch(() => undefined)
    .then(() => {
      current.next = undefined;
      return startRead(id, current);
    });
  return current.next;
}

function startRead(id: string, state: Reads): Promise<ProductForHold | undefined> {
  const readAt = performance.now();
  const read = readProductForHold(id).then((product) => {
    if (product) snapshots.set(id, { product, readAt });
    else snapshots.delete(id);
    return product;
  });
  state.running = read;
  void read
    .catch(() => undefined)
    .finally(() => {
      if (state.running === read) state.running = undefined;
      if (!state.running && !state.next && reads.get(id) === state) reads.delete(id);
    });
  return read;
}

/** What place_holds saw under the lock: the units left after its batch. */
export function noteAvailable(id: string, available: number) {
  const snapshot = snapshots.get(id);
  if (snapshot) snapshot.product = { ...snapshot.product, available };
}
