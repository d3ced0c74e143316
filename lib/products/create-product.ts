// createProduct: adds a product; its initial stock enters through the ledger (stock_added) in
// the same transaction, so invariant 3 holds from the first instant. A waiting room gets its queue
// (and the seed of its draw) in that transaction too.
import { inventoryEvents, products } from "@/db/schema";
import type { Actor } from "../actor";
import { db } from "../db";
import { assertAdmin } from "../users/authorize";
import { parseInput } from "../validation";
import { setUpQueue } from "../queue/set-up-queue";
import { toProduct } from "./queries";
import { createProductInputSchema, type Product } from "./schemas";

export async function createProduct(input: unknown, actor: Actor): Promise<Product> {
  assertAdmin(actor);
  const { initialStock, ...fields } = parseInput(createProductInputSchema, input);
  const row = await db().transaction(async (tx) => {
    const [created] = await tx
      .insert(products)
      .values({ ...fields, totalStock: initialStock, available: initialStock })
      .returning();
    if (initialStock > 0) {
      await tx.insert(inventoryEvents).values({
        productId: created!.id,
        type: "stock_added",
        delta: initialStock,
        metadata: { adminId: actor.userId, action: "create" },
      });
    }
    if (created!.admission === "queue") await setUpQueue(tx, created!.id);
    return created!;
  });
  return toProduct(row, 0);
}
