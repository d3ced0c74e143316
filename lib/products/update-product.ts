// updateProduct: edits name, description, price, limit and window. Under the product row lock
// (the lock every hold takes) the limit cannot drop below what a shopper already holds or bought,
// so invariant 5 keeps holding; the database refuses an unordered window. The change is recorded in
// the ledger with the admin who made it.
import { eq, sql } from "drizzle-orm";
import { customerAllocations, inventoryEvents, products } from "@/db/schema";
import type { Actor } from "../actor";
import { db } from "../db";
import { DomainError } from "../errors";
import { idParamsSchema } from "../schemas";
import { assertAdmin } from "../users/authorize";
import { parseInput } from "../validation";
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
