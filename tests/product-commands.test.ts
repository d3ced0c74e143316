// The admin's product commands: every stock change goes through the ledger, every rule is
// checked in lib/ whoever calls it.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GUEST, type Actor } from "@/lib/actor";
import { db } from "@/lib/db";
import { placeHold } from "@/lib/inventory/place-hold";
import { createProduct } from "@/lib/products/create-product";
import { restockProduct } from "@/lib/products/restock-product";
import { updateProduct } from "@/lib/products/update-product";
import { adminActor, createLiveProduct, guestEmail } from "./helpers/fixtures";

const customer: Actor = { kind: "user", userId: crypto.randomUUID(), email: "c@example.com", role: "customer" };

describe("product commands", () => {
  it("refuses guests and customers", async () => {
    const input = {
      name: "X",
      priceCents: 1,
      saleStartsAt: "2030-01-01T00:00:00Z",
      saleEndsAt: "2030-01-02T00:00:00Z",
    };
    await expect(createProduct(input, GUEST)).rejects.toMatchObject({ code: "unauthorized" });
    await expect(createProduct(input, customer)).rejects.toMatchObject({ code: "forbidden" });
    const product = await createLiveProduct({ stock: 1 });
    await expect(restockProduct(product.id, { quantity: 5 }, customer)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("restocks through the ledger and records the admin", async () => {
    const admin = await adminActor();
    const product = await createLiveProduct({ stock: 2 });
    const restocked = await restockProduct(product.id, { quantity: 8 }, admin);
    expect(restocked).toMatchObject({ totalStock: 10, available: 10 });
    const events = await db().execute<{ delta: number; metadata: Record<string, unknown> }>(
      sql`select delta, metadata from inventory_events where product_id = ${product.id} order by id`,
    );
    expect(events.map((e) => e.delta)).toEqual([2, 8]);
    expect(events[1]!.metadata).toMatchObject({
      adminId: admin.kind === "user" ? admin.userId : null,
      action: "restock",
    });
    await expect(restockProduct(crypto.randomUUID(), { quantity: 1 }, admin)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(restockProduct(product.id, { quantity: 0 }, admin)).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("sells a restocked unit at once: a refusal never rests on a read older than the request", async () => {
    const admin = await adminActor();
    const product = await createLiveProduct({ stock: 1 });
    await placeHold({ productId: product.id, quantity: 1, email: guestEmail() }, GUEST);
    // The process now knows the product sold out (place_holds reported it) ...
    await expect(placeHold({ productId: product.id, quantity: 1, email: guestEmail() }, GUEST)).rejects.toMatchObject({
      code: "insufficient_stock",
    });
    // ... and a restock, here or in any other process, is seen by the very next request.
    await restockProduct(product.id, { quantity: 1 }, admin);
    const held = await placeHold({ productId: product.id, quantity: 1, email: guestEmail() }, GUEST);
    expect(held.status).toBe("pending");
  });

  it("shares the plain read among concurrent refusals and still refuses each exactly", async () => {
    const product = await createLiveProduct({ stock: 0 });
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, () =>
        placeHold({ productId: product.id, quantity: 1, email: guestEmail() }, GUEST).then(
          () => "held",
          (e: { code: string }) => e.code,
        ),
      ),
    );
    expect(outcomes).toEqual(Array(200).fill("insufficient_stock"));
  });

  it("rejects a window that ends before it starts, on create and on edit", async () => {
    const admin = await adminActor();
    await expect(
      createProduct(
        { name: "X", priceCents: 1, saleStartsAt: "2030-01-02T00:00:00Z", saleEndsAt: "2030-01-01T00:00:00Z" },
        admin,
      ),
    ).rejects.toMatchObject({ code: "invalid_request" });
    const product = await createLiveProduct({ stock: 1 });
    await expect(updateProduct(product.id, { saleEndsAt: "2000-01-01T00:00:00Z" }, admin)).rejects.toMatchObject({
      code: "invalid_request",
    });
  });

  it("edits fields, and never lowers the limit below what a shopper already holds", async () => {
    const admin = await adminActor();
    const product = await createLiveProduct({ stock: 10, maxPerCustomer: 3 });
    await placeHold({ productId: product.id, quantity: 3, email: guestEmail() }, GUEST);
    await expect(updateProduct(product.id, { maxPerCustomer: 2 }, admin)).rejects.toMatchObject({
      code: "invalid_state",
    });
    const updated = await updateProduct(product.id, { name: "Renamed", priceCents: 999, maxPerCustomer: 4 }, admin);
    expect(updated).toMatchObject({ name: "Renamed", priceCents: 999, maxPerCustomer: 4, held: 3, available: 7 });
  });
});
