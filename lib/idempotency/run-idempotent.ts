// Idempotency-Keys (Stripe's and the IETF draft's semantics): a command runs at most once per key.
// The same key and request replays the answer; the same key with another request is 422
// idempotency_key_reused; a first request still running is 409 idempotency_key_in_use. A command
// that fails leaves no record, so it can be retried. A record keeps what replay needs and no more: a
// 16-byte hash of the request and the order the command made or changed, from which the answer is
// rebuilt. A hold claims and records its key inside its own transaction (place_holds); confirm and
// cancel claim theirs first (runIdempotent).
import { createHash } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { idempotencyKeys } from "@/db/schema";
import type { Actor } from "../actor";
import { db } from "../db";
import { DomainError } from "../errors";
import { type IdempotencyRef, recordedOrder } from "./queries";
import { idempotencyKeySchema } from "./schemas";

export type { IdempotencyRef };

/** A command's answer: its HTTP status and body, and whether it is a replay of an earlier one. */
export type IdempotentResult<B> = { status: number; body: B; replayed: boolean };

// A first confirm or cancel that has held its key this long without finishing died: retries may take over.
const ABANDONED_AFTER_SECONDS = 30;

function idempotencyScope(actor: Actor): string {
  return actor.kind === "user" ? `user:${actor.userId}` : "guest";
}

/** The caller's validated key for `operation` on `input`, or null without a key. */
export function idempotencyRef(
  actor: Actor,
  key: string | null | undefined,
  operation: string,
  input: unknown,
): IdempotencyRef | null {
  if (key === null || key === undefined) return null;
  const parsed = idempotencyKeySchema.safeParse(key);
  if (!parsed.success) {
    throw new DomainError("invalid_request", parsed.error.issues[0]!.message, [
      { path: "Idempotency-Key", message: parsed.error.issues[0]!.message },
    ]);
  }
  const requestHash = createHash("sha256")
    .update(operation)
    .update("\n")
    .update(JSON.stringify(input ?? null))
    .digest()
    .subarray(0, 16);
  return { scope: idempotencyScope(actor), key: parsed.data, requestHash };
}

/** Runs `execute` once per key, claiming the key first (confirm, cancel). A replay answers
 *  `rebuild(orderId)` with `status`. */
export async function runIdempotent<B>(
  options: { actor: Actor; key: string | null | undefined; operation: string; input: unknown; status: number },
  execute: () => Promise<{ body: B; orderId: string }>,
  rebuild: (orderId: string) => Promise<B>,
): Promise<IdempotentResult<B>> {
  const ref = idempotencyRef(options.actor, options.key, options.operation, options.input);
  if (!ref) return { status: options.status, body: (await execute()).body, replayed: false };
  const where = and(eq(idempotencyKeys.scope, ref.scope), eq(idempotencyKeys.key, ref.key));

  const [claimed] = await db()
    .insert(idempotencyKeys)
    .values(ref)
    .onConflictDoUpdate({
      target: [idempotencyKeys.scope, idempotencyKeys.key],
      set: { createdAt: sql`now()` },
      // Take over only an abandoned first attempt of the same request.
      setWhere: sql`${idempotencyKeys.orderId} is null and ${idempotencyKeys.requestHash} = ${ref.requestHash}
        and ${idempotencyKeys.createdAt} < now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS})`,
    })
    .returning({ key: idempotencyKeys.key });

  if (!claimed) {
    const orderId = await recordedOrder(ref);
    if (!orderId)
      throw new DomainError("idempotency_key_in_use", "A request with this Idempotency-Key just finished; retry it.");
    return { status: options.status, body: await rebuild(orderId), replayed: true };
  }

  try {
    const result = await execute();
    await db().update(idempotencyKeys).set({ orderId: result.orderId }).where(where);
    return { status: options.status, body: result.body, replayed: false };
  } catch (error) {
    // Nothing took effect: free the key.
    await db()
      .delete(idempotencyKeys)
      .where(and(where, isNull(idempotencyKeys.orderId)))
      .catch(() => {});
    throw error;
  }
}
