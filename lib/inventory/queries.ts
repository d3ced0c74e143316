// Inventory reads.
import { eq, sql } from "drizzle-orm";
import { products, type ProductRow } from "@/db/schema";
import { db } from "../db";

/** The plain read a hold starts with: no lock. When the stock looks short of `quantity` it also
 *  tells whether the product has expired holds to reclaim (one probe of orders_pending_by_product);
 *  otherwise that probe is not evaluated at all. */
export async function readProductForHold(id: string, quantity: number): Promise<(ProductRow & { reclaimable: boolean }) | undefined> {
  const [row] = await db()
    .select({
      product: products,
      reclaimable: sql<boolean>`case when "products"."available" < ${quantity} then exists (
        select 1 from orders o
         where o.product_id = "products"."id" and o.status = 'pending' and o.hold_expires_at <= now())
        else false end`,
    })
    .from(products)
    .where(eq(products.id, id));
  return row ? { ...row.product, reclaimable: row.reclaimable } : undefined;
}
