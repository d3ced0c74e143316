// The order commands behind an optional Idempotency-Key: the same key and request gives the same
// answer, and a retried hold never holds twice (see runIdempotent).
import type { Actor } from "../actor";
import { runIdempotent, type IdempotentResult } from "../idempotency/run-idempotent";
import { placeHold } from "../inventory/place-hold";
import { observeHold } from "../observability/hold";
import { cancelOrder } from "./cancel-order";
import { confirmOrder } from "./confirm-order";
import { getOrder } from "./queries";
import type { Order } from "./schemas";

/** What each of these commands answers: `{ order }`, with its status code. */
export type OrderResult = IdempotentResult<{ order: Order }>;

const rebuild = (actor: Actor) => async (orderId: string) => ({ order: await getOrder(orderId, actor) });

/** placeHold; `input` is parsed there (placeHoldInputSchema). */
export function placeHoldOnce(
  input: unknown,
  actor: Actor,
  key: string | null,
  context: { clientIp?: string } = {},
): Promise<OrderResult> {
  return observeHold(() =>
    runIdempotent(
      { actor, key, operation: "place-hold", input },
      async (idempotency) => {
        const order = await placeHold(input, actor, { idempotency, clientIp: context.clientIp });
        return { status: 201, body: { order }, orderId: order.id };
      },
      rebuild(actor),
    ),
  );
}

export function confirmOrderOnce(orderId: string, actor: Actor, key: string | null): Promise<OrderResult> {
  return runIdempotent(
    { actor, key, operation: "confirm-order", input: orderId },
    async () => {
      const order = await confirmOrder(orderId, actor);
      return { status: 200, body: { order }, orderId: order.id };
    },
    rebuild(actor),
  );
}

export function cancelOrderOnce(orderId: string, actor: Actor, key: string | null): Promise<OrderResult> {
  return runIdempotent(
    { actor, key, operation: "cancel-order", input: orderId },
    async () => {
      const order = await cancelOrder(orderId, actor);
      return { status: 200, body: { order }, orderId: order.id };
    },
    rebuild(actor),
  );
}
