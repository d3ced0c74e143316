// setQueueState: pauses a waiting room's admissions or resumes them. Paused, the ticks admit nobody and
// time paused earns no admissions; tickets already admitted keep their admission; joining goes on.
import { and, eq, sql } from "drizzle-orm";
import { inventoryEvents, products } from "@/db/schema";
import type { Actor } from "../actor";
import { db } from "../db";
import { DomainError } from "../errors";
import { getProduct } from "../products/queries";
import type { Product } from "../products/schemas";
import { idParamsSchema } from "../schemas";
import { assertAdmin } from "../users/authorize";
import { parseInput } from "../validation";
import { queueActionInputSchema } from "./schemas";

export async function setQueueState(productId: string, input: unknown, actor: Actor): Promise<Product> {
  assertAdmin(actor);
  const { id } = parseInput(idParamsSchema, { id: productId });
  const { action } = parseInput(queueActionInputSchema, input);
  await db().transaction(async (tx) => {
    const changed = await tx
      .update(products)
      .set({ queuePaused: action === "pause", updatedAt: sql`now()` })
      .where(and(eq(products.id, id), eq(products.admission, "queue")))
      .returning({ id: products.id });
    if (changed.length === 0) throw new DomainError("not_found", "No waiting room for this product.");
    await tx.insert(inventoryEvents).values({
      productId: id,
      type: "product_changed",
      delta: 0,
      metadata: { adminId: actor.userId, action: `queue_${action}` },
    });
  });
  return getProduct(id);
}
