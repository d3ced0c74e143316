// Reads of Idempotency-Key records, and the two answers a record can force. Lookups are shared: the
// lookups asked for while one is running go together in the next, one statement for all of them, so
// a burst of keyed requests at a sold-out product costs one read at a time, not one per request.
import { sqlClient } from "../db";
import { DomainError } from "../errors";

/** A caller's key for one request: its scope, the key, and the hash of the operation and request. */
export type IdempotencyRef = { scope: string; key: string; requestHash: Buffer };

export const keyReused = () =>
  new DomainError("idempotency_key_reused", "This Idempotency-Key was used for a different request.");
export const keyInUse = () =>
  new DomainError("idempotency_key_in_use", "A request with this Idempotency-Key is still in progress.", undefined, 1);

type Lookup = { ref: IdempotencyRef; resolve: (orderId: string | null) => void; reject: (e: unknown) => void };
type Row = { scope: string; key: string; request_hash: Buffer; order_id: string | null };

const MAX_LOOKUPS = 500;
let waiting: Lookup[] | undefined;

/** The order a completed record of this key and request holds, or null when the key has no record.
 *  Throws 422 for another request's key, 409 while the first request is unfinished. The read starts
 *  after the call, so it sees every record committed before. */
export function recordedOrder(ref: IdempotencyRef): Promise<string | null> {
  return new Promise((resolve, reject) => {
    if (waiting) {
      waiting.push({ ref, resolve, reject });
      return;
    }
    waiting = [{ ref, resolve, reject }];
    void readRecords(waiting);
  });
}

async function readRecords(queue: Lookup[]) {
  while (queue.length > 0) {
    const batch = queue.splice(0, MAX_LOOKUPS);
    try {
      const rows = await sqlClient()<Row[]>`
        select k.scope, k.key, k.request_hash, k.order_id
          from idempotency_keys k
          join unnest(${batch.map((l) => l.ref.scope)}::text[], ${batch.map((l) => l.ref.key)}::text[]) as t(scope, key)
            on k.scope = t.scope and k.key = t.key`;
      const byKey = new Map(rows.map((r) => [`${r.scope}\n${r.key}`, r]));
      for (const { ref, resolve, reject } of batch) {
        const record = byKey.get(`${ref.scope}\n${ref.key}`);
        if (!record) resolve(null);
        else if (!Buffer.from(record.request_hash).equals(ref.requestHash)) reject(keyReused());
        else if (!record.order_id) reject(keyInUse());
        else resolve(record.order_id);
      }
    } catch (error) {
      for (const lookup of batch) lookup.reject(error);
    }
  }
  waiting = undefined;
}
