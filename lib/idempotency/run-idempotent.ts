// runIdempotent: runs a command at most once per Idempotency-Key (Stripe's and the IETF draft's
// semantics). The same key and request replays the stored response; the same key with another
// request is 422 idempotency_key_reused; a first request still running is 409
// idempotency_key_in_use. A command that fails leaves no record, so it can be retried; a hold's
// record completes in the hold's own transaction (place_holds), never after it.
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { idempotencyKeys } from "@/db/schema";
import type { Actor } from "../actor";
import { db } from "../db";
import { DomainError } from "../errors";
import { idempotencyKeySchema } from "./schemas";

/** A claimed key, handed to the command so it can complete the record inside its own transaction. */
export type IdempotencyRef = { scope: string; key: string };
/** A command's answer: its HTTP status and body, and whether it is a replay of a stored one. */
export type IdempotentResult<B> = { status: number; body: B; replayed: boolean };

// A first request that has held its key this long without finishing died: retries may take over.
const ABANDONED_AFTER_SECONDS = 30;

export function idempotencyScope(actor: Actor): string {
  return actor.kind === "user" ? `user:${actor.userId}` : "guest";
}

function fingerprint(operation: string, input: unknown): string {
  return createHash("sha256")
    .update(operation)
    .update("\n")
    .update(JSON.stringify(input ?? null))
    .digest("base64url");
}

/** Runs `execute` once per key. A replay answers the stored body, or, when the command's own
 *  transaction completed the record but its answer was never stored, `rebuild(orderId)`. */
export async function runIdempotent<B>(
  options: { actor: Actor; key: string | null | undefined; operation: string; input: unknown },
  execute: (ref: IdempotencyRef | null) => Promise<{ status: number; body: B; orderId?: string }>,
  rebuild: (orderId: string) => Promise<B>,
): Promise<IdempotentResult<B>> {
  if (options.key === null || options.key === undefined) return { ...(await execute(null)), replayed: false };
  const parsed = idempotencyKeySchema.safeParse(options.key);
  if (!parsed.success) {
    throw new DomainError("invalid_request", parsed.error.issues[0]!.message, [
      { path: "Idempotency-Key", message: parsed.error.issues[0]!.message },
    ]);
  }
  const ref = { scope: idempotencyScope(options.actor), key: parsed.data };
  const print = fingerprint(options.operation, options.input);
  const where = and(eq(idempotencyKeys.scope, ref.scope), eq(idempotencyKeys.key, ref.key));

  const [claimed] = await db()
    .insert(idempotencyKeys)
    .values({ ...ref, fingerprint: print })
    .onConflictDoUpdate({
      target: [idempotencyKeys.scope, idempotencyKeys.key],
      set: { lockedAt: sql`now()` },
      // Take over only an abandoned first attempt of the same request.
      setWhere: sql`${idempotencyKeys.state} = 'in_flight' and ${idempotencyKeys.fingerprint} = ${print}
        and ${idempotencyKeys.lockedAt} < now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS})`,
    })
    .returning({ key: idempotencyKeys.key });

  if (!claimed) {
    const [existing] = await db().select().from(idempotencyKeys).where(where);
    if (!existing)
      throw new DomainError("idempotency_key_in_use", "A request with this Idempotency-Key just finished; retry it.");
    if (existing.fingerprint !== print) {
      throw new DomainError("idempotency_key_reused", "This Idempotency-Key was used for a different request.");
    }
    if (existing.state === "in_flight") {
      throw new DomainError(
        "idempotency_key_in_use",
        "A request with this Idempotency-Key is still in progress.",
        undefined,
        1,
      );
    }
    return { status: existing.statusCode ?? 200, body: await storedBody(existing, rebuild), replayed: true };
  }

  try {
    const result = await execute(ref);
    await db()
      .update(idempotencyKeys)
      .set({ state: "completed", statusCode: result.status, response: result.body, orderId: result.orderId ?? null })
      .where(where);
    return { ...result, replayed: false };
  } catch (error) {
    // Nothing took effect (a hold's record would have completed with its order): free the key.
    await db()
      .delete(idempotencyKeys)
      .where(and(where, eq(idempotencyKeys.state, "in_flight")))
      .catch(() => {});
    throw error;
  }
}

async function storedBody<B>(
  record: { response: unknown; orderId: string | null },
  rebuild: (orderId: string) => Promise<B>,
): Promise<B> {
  // jsonb comes back from the driver untyped; it is the body `execute` returned for this operation.
  if (record.response !== null) return record.response as B;
  if (record.orderId) return rebuild(record.orderId);
  throw new Error("A completed Idempotency-Key record has neither a response nor an order");
}
