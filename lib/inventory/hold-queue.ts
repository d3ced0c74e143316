// The per-process hold queue between placeHold (the command) and place_holds (the SQL routine):
// enqueueHold coalesces concurrent hold requests for one product into one place_holds call. The
// hot row's limit is one commit (one WAL flush) at a time; with one statement in flight per
// product, every request that arrives meanwhile rides on the next commit, in arrival order. At low
// load a batch is a single request and nothing waits; under a burst the batch grows, so throughput
// grows with it while the row never sees more than one transaction from this process.
import type { RejectionReason } from "@/db/enums";
import { sqlClient } from "../db";
import { env } from "../env";
import { toDomainError } from "../errors";
import { observeHoldBatch } from "../observability/hold";
import { noteAvailable } from "./product-reads";

export type HoldRequest = {
  /** As typed (the receipt's), and its canonical mailbox, which the limit and a ticket count. */
  email: string;
  mailbox: string;
  userId: string | null;
  quantity: number;
  /** The caller's Idempotency-Key and its request's hash (hex of 16 bytes), claimed and recorded by
   *  place_holds in the hold's transaction. */
  idempotencyScope?: string;
  idempotencyKey?: string;
  requestHash?: string;
  /** Rate-limit counters the request counts one hit on, in the hold's transaction. */
  limits?: { key: string; limit: number; windowSeconds: number }[];
  /** For a product with a waiting room: the shopper's admitted ticket, used by the hold. */
  ticketId?: string;
};

export type HoldOutcome =
  | { outcome: "held"; orderId: string; unitPriceCents: number; holdExpiresAt: Date; createdAt: Date }
  | { outcome: "replayed"; orderId: string }
  | { outcome: "rate_limited"; retryAfterSeconds: number }
  | {
      outcome:
        | RejectionReason
        | "not_found"
        | "admission_required"
        | "sign_in_required"
        | "idempotency_key_reused"
        | "idempotency_key_in_use";
    };

type Waiting = { request: HoldRequest; resolve: (o: HoldOutcome) => void; reject: (e: unknown) => void };

const MAX_BATCH = 200;
const queues = new Map<string, Waiting[]>();

type Row = {
  request_index: number;
  outcome: HoldOutcome["outcome"];
  order_id: string | null;
  unit_price_cents: number | null;
  hold_expires_at: Date | string | null;
  created_at: Date | string | null;
  available_after: number | null;
  retry_after_seconds: number | null;
};

function toOutcome(row: Row | undefined): HoldOutcome {
  if (!row) throw new Error("place_holds returned no row for a request");
  if (row.outcome === "replayed") return { outcome: "replayed", orderId: row.order_id! };
  if (row.outcome === "rate_limited") return { outcome: "rate_limited", retryAfterSeconds: row.retry_after_seconds! };
  if (row.outcome !== "held") return { outcome: row.outcome };
  return {
    outcome: "held",
    orderId: row.order_id!,
    unitPriceCents: row.unit_price_cents!,
    holdExpiresAt: new Date(row.hold_expires_at!),
    createdAt: new Date(row.created_at!),
  };
}

/** Sends the product's queue to place_holds, up to MAX_BATCH requests a call, until it is empty. */
async function placeQueuedHolds(productId: string, waiting: Waiting[]) {
  const ttl = env().HOLD_TTL_SECONDS;
  while (waiting.length > 0) {
    const batch = waiting.splice(0, MAX_BATCH);
    const requests = JSON.stringify(batch.map((w) => w.request));
    try {
      // A prepared statement on the pool, parsed and planned once per connection; unnamed behind a
      // transaction pooler (DATABASE_POOL_MODE), where place_holds's own plans are still cached.
      const rows = await observeHoldBatch(
        productId,
        batch.length,
        () =>
          sqlClient()<Row[]>`select * from place_holds(${productId}::uuid, ${requests}::text::jsonb, ${ttl}::integer)`,
      );
      const byIndex = new Map(rows.map((r) => [Number(r.request_index), r]));
      const left = rows[0]?.available_after;
      if (left !== null && left !== undefined) noteAvailable(productId, Number(left));
      batch.forEach((w, i) => {
        try {
          w.resolve(toOutcome(byIndex.get(i + 1)));
        } catch (error) {
          w.reject(error);
        }
      });
    } catch (error) {
      // A locked row or a lost database fails the requests queued meanwhile just the same: they
      // are answered now (503) instead of each waiting out another lock timeout in turn.
      const unavailable = toDomainError(error).code === "service_unavailable";
      for (const w of unavailable ? [...batch, ...waiting.splice(0)] : batch) w.reject(error);
    }
  }
  queues.delete(productId);
}

/** Queues one hold request for the product: it shares a place_holds call with whatever else is
 *  waiting for that product, and resolves with its own outcome when that call answers. */
export function enqueueHold(productId: string, request: HoldRequest): Promise<HoldOutcome> {
  return new Promise((resolve, reject) => {
    const waiting = queues.get(productId);
    if (waiting) {
      waiting.push({ request, resolve, reject });
      return;
    }
    const fresh: Waiting[] = [{ request, resolve, reject }];
    queues.set(productId, fresh);
    void placeQueuedHolds(productId, fresh);
  });
}
