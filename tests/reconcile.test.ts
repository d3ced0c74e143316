// The reconcile check names the invariant each breach breaks, by its number in the README's
// "How it works" (1-5; 6, the sale window, is checked when a hold is placed or confirmed). Each
// breach is made by hand on one product and undone before the next.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { reconcile } from "@/lib/inventory/reconcile";
import { createLiveProduct, holdAsGuest } from "./helpers/fixtures";

describe("the reconcile check", () => {
  it("names the invariant each breach breaks", async () => {
    const product = await createLiveProduct({ stock: 5, maxPerCustomer: 3 });
    const order = await holdAsGuest(product.id, 2);
    const problems = async () => (await reconcile()).products.find((p) => p.id === product.id)!.problems;
    const breach = async (change: ReturnType<typeof sql>, undo: ReturnType<typeof sql>) => {
      await db().execute(change);
      try {
        return await problems();
      } finally {
        await db().execute(undo);
      }
    };
    expect(await problems()).toEqual([]);

    expect(
      await breach(
        sql`update products set available = available - 1 where id = ${product.id}`,
        sql`update products set available = available + 1 where id = ${product.id}`,
      ),
    ).toEqual([
      "invariant 2: available 2 + held 2 + sold 0 != total stock 5",
      "invariant 3: ledger sum 3 != available 2",
    ]);
    expect(
      await breach(
        sql`update products set total_stock = total_stock + 1, available = available + 1 where id = ${product.id}`,
        sql`update products set total_stock = total_stock - 1, available = available - 1 where id = ${product.id}`,
      ),
    ).toEqual(["invariant 3: ledger sum 3 != available 4", "invariant 3: stock added 5 != total stock 6"]);
    expect(
      await breach(
        sql`update orders set status = 'confirmed', confirmed_at = created_at where id = ${order.id}`,
        sql`update orders set status = 'pending', confirmed_at = null where id = ${order.id}`,
      ),
    ).toEqual(["invariant 4: 1 orders with missing or extra ledger events"]);
    expect(
      await breach(
        sql`update products set max_per_customer = 1 where id = ${product.id}`,
        sql`update products set max_per_customer = 3 where id = ${product.id}`,
      ),
    ).toEqual(["invariant 5: 1 shoppers over the per-customer limit"]);
    expect(
      await breach(
        sql`update customer_allocations set quantity = quantity + 1 where product_id = ${product.id}`,
        sql`update customer_allocations set quantity = quantity - 1 where product_id = ${product.id}`,
      ),
    ).toEqual(["invariant 5: 1 shopper allocations disagree with their orders"]);
    expect(await problems()).toEqual([]);
  });
});
