// updateProduct: edits name, description, price, limit and window. Under the product row lock
// (the lock every hold takes) the limit cannot drop below what a shopper already holds or bought,
// so invariant 5 keeps holding; the database refuses an unordered window. The change is recorded in
// the ledger with the admin who made it. A waiting room opens no later than its sale starts; turning
// one on sets up its queue, and one that has entrants cannot be turned off.
import { eq, sql } from "drizzle-orm";
import { customerAllocations, inventoryEvents, products, tickets } from "@/db/schema";
import type { Actor } from "../actor";
import { db } from "../db";
import { DomainError } from "../errors";
import { idParamsSchema } from "../schemas";
import { assertAdmin } from "../users/authorize";
import { parseInput } from "../validation";
import { setUpQueue } from "../queue/set-up-queue";
import { getProduct } from "./queries";
import { updateProductInputSchema, type Product } from "./schemas";

export async function updateProduct(productId: string, input: unknown, actor: Actor): Promise<Product> {
  assertAdmin(actor);
  const { id } = parseInput(idParamsSchema, { id: productId });
  const changes = parseInput(updateProductInputSchema, input);
  await db().transaction(async (tx) => {
    const [current] = await tx.select().from(products).where(eq(products.id, id)).for("update");
    if (!current) throw new DomainError("not_found", "No product with this id.");
    const startsAt = changes.saleStartsAt ?? current.saleStartsAt;
    const endsAt = changes.saleEndsAt ?? current.saleEndsAt;
    if (endsAt <= startsAt) {
      throw new DomainError("invalid_request", "Invalid request. saleEndsAt: must be after saleStartsAt", [
        { path: "saleEndsAt", message: "must be after saleStartsAt" },
      ]);
    }
    const admission = changes.admission ?? current.admission;
    const queueOpensAt = changes.queueOpensAt ?? current.queueOpensAt;
    if (admission === "queue" && !queueOpensAt) {
      throw new DomainError("invalid_request", "Invalid request. queueOpensAt: required for a waiting room", [
        { path: "queueOpensAt", message: "required for a waiting room (admission queue)" },
      ]);
    }
    if (admission === "queue" && queueOpensAt! > startsAt) {
      throw new DomainError("invalid_request", "Invalid request. queueOpensAt: must not be after saleStartsAt", [
        { path: "queueOpensAt", message: "must not be after saleStartsAt" },
      ]);
    }
    if (current.admission === "queue" && admission === "first_come") {
      const [entrant] = await tx.select({ id: tickets.id }).from(tickets).where(eq(tickets.productId, id)).limit(1);
      if (entrant) {
        throw new DomainError("invalid_state", "The waiting room has entrants: pause it instead of turning it off.");
      }
    }
    if (admission === "queue") await setUpQueue(tx, id);
    if (changes.maxPerCustomer !== undefined && changes.maxPerCustomer < current.maxPerCustomer) {
      const [{ largest } = { largest: 0 }] = await tx
        .select({ largest: sql<number>`coalesce(max(${customerAllocations.quantity}), 0)::int` })
        .from(customerAllocations)
        .where(eq(customerAllocations.productId, id));
      if (changes.maxPerCustomer < largest) {
        throw new DomainError(
          "invalid_state",
          `A shopper already holds or bought ${largest} units; the limit cannot go below that.`,
        );
      }
    }
    await tx
      .update(products)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(products.id, id));
    await tx.insert(inventoryEvents).values({
      productId: id,
      type: "product_changed",
      delta: 0,
      metadata: { adminId: actor.userId, action: "update", changes },
    });
  });
  return getProduct(id);
}
