// The order commands behind an optional Idempotency-Key: the same key and request gives the same
// answer, and a retried hold never holds twice (see lib/idempotency/run-idempotent.ts).
import type { Actor } from "../actor";
import { idempotencyRef, runIdempotent, type IdempotentResult } from "../idempotency/run-idempotent";
import { placeHoldOrReplay } from "../inventory/place-hold";
import { observeHold } from "../observability/hold";
import { cancelOrder } from "./cancel-order";
import { confirmOrder } from "./confirm-order";
import { getOrder } from "./queries";
import type { Order } from "./schemas";

/** What each of these commands answers: `{ order }`, with its status code. */
export type OrderResult = IdempotentResult<{ order: Order }>;

const rebuild = (actor: Actor) => async (orderId: string) => ({ order: await getOrder(orderId, actor) });

/** placeHold; `input` is parsed there (placeHoldInputSchema). The key rides the hold's own batch. */
export function placeHoldOnce(
  input: unknown,
  actor: Actor,
  key: string | null,
  context: { clientIp?: string } = {},
): Promise<OrderResult> {
  return observeHold(async () => {
    const idempotency = idempotencyRef(actor, key, "place-hold", input);
    const { order, replayed } = await placeHoldOrReplay(input, actor, { idempotency, clientIp: context.clientIp });
    return { status: 201, body: { order }, replayed };
  });
}

export function confirmOrderOnce(orderId: string, actor: Actor, key: string | null): Promise<OrderResult> {
  return runIdempotent(
    { actor, key, operation: "confirm-order", input: orderId, status: 200 },
    async () => {
      const order = await confirmOrder(orderId, actor);
      return { body: { order }, orderId: order.id };
    },
    rebuild(actor),
  );
}

export function cancelOrderOnce(orderId: string, actor: Actor, key: string | null): Promise<OrderResult> {
  return runIdempotent(
    { actor, key, operation: "cancel-order", input: orderId, status: 200 },
    async () => {
      const order = await cancelOrder(orderId, actor);
      return { body: { order }, orderId: order.id };
    },
    rebuild(actor),
  );
}
