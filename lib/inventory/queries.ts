// Inventory reads.
import { eq, sql } from "drizzle-orm";
import { products, type ProductRow } from "@/db/schema";
import { db } from "../db";

export type ProductForHold = ProductRow & { reclaimable: boolean };

/** The plain read a hold starts with: no lock. When the stock is below the per-customer limit
 *  (so some quantity a shopper may ask for could find it short) it also tells whether the product
 *  has expired holds to reclaim (one probe of orders_pending_by_product); otherwise that probe is
 *  not evaluated at all. */
export async function readProductForHold(id: string): Promise<ProductForHold | undefined> {
  const [row] = await db()
    .select({
      product: products,
      reclaimable: sql<boolean>`case when "products"."available" < "products"."max_per_customer" then exists (
        select 1 from orders o
         where o.product_id = "products"."id" and o.status = 'pending' and o.hold_expires_at <= now())
        else false end`,
    })
    .from(products)
    .where(eq(products.id, id));
  return row ? { ...row.product, reclaimable: row.reclaimable } : undefined;
}
