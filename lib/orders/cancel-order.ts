// cancelOrder: ends a live hold and returns its units at once. Conditional on status = 'pending'
// like every release (invariant 4). A hold already past its expiry is released as expired and
// answered hold_expired; cancelling a cancelled order returns it again; a confirmed order cannot
// be cancelled.
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { db } from "../db";
import { DomainError } from "../errors";
import { recordOrderTransition } from "../observability/metrics";
import { findOrderForActor, toOrder } from "./queries";
import type { Order } from "./schemas";

export async function cancelOrder(orderId: string, actor: Actor): Promise<Order> {
  const before = await findOrderForActor(orderId, actor);
  const id = before.id;
  if (before.status === "pending") {
    const cancelledNow = await db().transaction(async (tx) => {
      const expired = await tx.execute(sql`select * from release_holds(array[${id}]::uuid[], 'expired')`);
      if (expired.length > 0) return false;
      const cancelled = await tx.execute(sql`select * from release_holds(array[${id}]::uuid[], 'cancelled')`);
      return cancelled.length > 0;
    });
    if (cancelledNow) recordOrderTransition("cancelled");
  }
  const order = toOrder(await findOrderForActor(id, actor));
  switch (order.status) {
    case "cancelled":
      return order;
    case "expired":
      throw new DomainError("hold_expired", "This hold had already expired; its stock is back on sale.");
    case "confirmed":
      throw new DomainError("invalid_state", "This order is confirmed and can no longer be cancelled.");
    case "pending":
      throw new DomainError("invalid_state", "This hold could not be cancelled. Please retry.");
  }
}
