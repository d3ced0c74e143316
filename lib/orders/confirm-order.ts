// confirmOrder: turns a live hold into a sale. Conditional on status = 'pending', an unexpired
// hold and an open sale, so a confirm racing the expiry sweep or a cancel has exactly one winner
// (invariant 4). Confirming a confirmed order returns it again. A hold found expired is released
// in the same transaction and answered hold_expired.
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { db } from "../db";
import { DomainError } from "../errors";
import { recordOrderTransition } from "../observability/metrics";
import { findOrderForActor, toOrder } from "./queries";
import type { Order } from "./schemas";

export async function confirmOrder(orderId: string, actor: Actor): Promise<Order> {
  const before = await findOrderForActor(orderId, actor);
  const id = before.id;
  if (before.status === "pending") {
    const confirmedNow = await db().transaction(async (tx) => {
      const confirmed = await tx.execute(sql`
        with confirmed as (
          update orders o set status = 'confirmed', confirmed_at = now()
            from products p
           where o.id = ${id} and o.status = 'pending' and o.hold_expires_at > now()
             and p.id = o.product_id and now() >= p.sale_starts_at and now() < p.sale_ends_at
          returning o.id, o.product_id
        )
        insert into inventory_events (product_id, order_id, type, delta)
        select product_id, id, 'order_confirmed', 0 from confirmed
        returning order_id`);
      if (confirmed.length === 0) await tx.execute(sql`select * from release_holds(array[${id}]::uuid[], 'expired')`);
      return confirmed.length > 0;
    });
    if (confirmedNow) recordOrderTransition("confirmed");
  }
  const order = toOrder(await findOrderForActor(id, actor));
  switch (order.status) {
    case "confirmed":
      return order;
    case "expired":
      throw new DomainError("hold_expired", "This hold expired before it was confirmed; its stock went back on sale.");
    case "cancelled":
      throw new DomainError("invalid_state", "This order was cancelled and can no longer be confirmed.");
    case "pending":
      throw new DomainError("sale_not_active", "The sale is closed, so this hold can no longer be confirmed.");
  }
}
