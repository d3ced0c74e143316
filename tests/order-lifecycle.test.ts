// Confirm, cancel and expiry: each hold reaches exactly one terminal state, with exactly one
// matching ledger event, whoever races whom.
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { GUEST } from "@/lib/actor";
import { db } from "@/lib/db";
import type { DomainError } from "@/lib/errors";
import { placeHold } from "@/lib/inventory/place-hold";
import { flushRejections } from "@/lib/inventory/rejections";
import { releaseExpiredHolds } from "@/lib/inventory/expiry";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { confirmOrder } from "@/lib/orders/confirm-order";
import { setSaleState } from "@/lib/products/set-sale-state";
import {
  adminActor,
  createLiveProduct,
  createProductWithWindow,
  expireHolds,
  guestEmail,
  holdAsGuest,
  orderStatusCounts,
  productRow,
} from "./helpers/fixtures";

async function eventCount(productId: string) {
  const [row] = await db().execute<{ n: number }>(
    sql`select count(*)::int as n from inventory_events where product_id = ${productId}`,
  );
  return row!.n;
}

async function eventsFor(orderId: string) {
  return db().execute<{ type: string; delta: number; reason: string | null }>(
    sql`select type, delta, reason from inventory_events where order_id = ${orderId} order by id`,
  );
}

describe("confirming and cancelling", () => {
  it("confirms a live hold once; confirming again returns the same order", async () => {
    const product = await createLiveProduct({ stock: 5 });
    const order = await holdAsGuest(product.id, 2);
    const confirmed = await confirmOrder(order.id, GUEST);
    expect(confirmed).toMatchObject({ id: order.id, status: "confirmed", quantity: 2, totalCents: 2_000 });
    expect(await confirmOrder(order.id, GUEST)).toEqual(confirmed);
    expect(await eventsFor(order.id)).toEqual([
      { type: "hold_created", delta: -2, reason: null },
      { type: "order_confirmed", delta: 0, reason: null },
    ]);
    expect((await productRow(product.id)).available).toBe(3);
  });

  it("cancel returns the stock at once and cannot be confirmed afterwards", async () => {
    const product = await createLiveProduct({ stock: 5 });
    const order = await holdAsGuest(product.id, 3);
    expect((await cancelOrder(order.id, GUEST)).status).toBe("cancelled");
    expect((await productRow(product.id)).available).toBe(5);
    expect((await cancelOrder(order.id, GUEST)).status).toBe("cancelled");
    await expect(confirmOrder(order.id, GUEST)).rejects.toMatchObject({ code: "invalid_state" });
    expect(await eventsFor(order.id)).toEqual([
      { type: "hold_created", delta: -3, reason: null },
      { type: "hold_released", delta: 3, reason: "cancelled" },
    ]);
  });

  it("refuses to cancel a confirmed order", async () => {
    const product = await createLiveProduct({ stock: 5 });
    const order = await holdAsGuest(product.id);
    await confirmOrder(order.id, GUEST);
    await expect(cancelOrder(order.id, GUEST)).rejects.toMatchObject({ code: "invalid_state" });
    expect((await productRow(product.id)).available).toBe(4);
  });

  it("refuses a confirm after expiry with hold_expired and returns the stock in the same step", async () => {
    const product = await createLiveProduct({ stock: 5 });
    const order = await holdAsGuest(product.id, 2);
    await expireHolds([order.id]);
    await expect(confirmOrder(order.id, GUEST)).rejects.toMatchObject({ code: "hold_expired", status: 410 });
    expect((await productRow(product.id)).available).toBe(5);
    expect(await eventsFor(order.id)).toEqual([
      { type: "hold_created", delta: -2, reason: null },
      { type: "hold_released", delta: 2, reason: "expired" },
    ]);
    await expect(cancelOrder(order.id, GUEST)).rejects.toMatchObject({ code: "hold_expired" });
  });

  it("answers not_found for an unknown order", async () => {
    await expect(confirmOrder(crypto.randomUUID(), GUEST)).rejects.toMatchObject({ code: "not_found" });
  });

  it("gives two shoppers who confirm the same hold at once one order, confirmed once", async () => {
    const product = await createLiveProduct({ stock: 5 });
    const order = await holdAsGuest(product.id);
    const results = await Promise.all(Array.from({ length: 20 }, () => confirmOrder(order.id, GUEST)));
    expect(new Set(results.map((r) => r.confirmedAt)).size).toBe(1);
    expect((await eventsFor(order.id)).filter((e) => e.type === "order_confirmed")).toHaveLength(1);
  });
});

describe("expiry", () => {
  it("releases expired holds once: a second run changes nothing", async () => {
    const product = await createLiveProduct({ stock: 10 });
    const orders = await Promise.all(Array.from({ length: 6 }, () => holdAsGuest(product.id)));
    const live = await holdAsGuest(product.id);
    await expireHolds(orders.map((o) => o.id));
    expect(await releaseExpiredHolds({ productId: product.id })).toBe(6);
    const after = await eventCount(product.id);
    expect(await releaseExpiredHolds({ productId: product.id })).toBe(0);
    // A run over every product finds nothing of this one's (other files' holds may expire meanwhile).
    await releaseExpiredHolds();
    expect(await eventCount(product.id)).toBe(after);
    expect((await productRow(product.id)).available).toBe(9);
    expect(await orderStatusCounts(product.id)).toEqual({ expired: 6, pending: 1 });
    expect((await confirmOrder(live.id, GUEST)).status).toBe("confirmed");
  });

  it("releases in batches until nothing expired is left", async () => {
    const product = await createLiveProduct({ stock: 50 });
    const orders = await Promise.all(Array.from({ length: 23 }, () => holdAsGuest(product.id)));
    await expireHolds(orders.map((o) => o.id));
    expect(await releaseExpiredHolds({ batchSize: 5 })).toBe(23);
    expect((await productRow(product.id)).available).toBe(50);
  });

  it("gives each of 200 holds exactly one end when confirms race the expiry sweep", async () => {
    const product = await createLiveProduct({ stock: 200 });
    const orders = await Promise.all(Array.from({ length: 200 }, () => holdAsGuest(product.id)));
    // All 200 expire together at T = 1 s from now. Four sweepers run from T - 300 ms; the
    // confirms are spread from T - 300 ms to T + 300 ms (wide enough for a busy machine), so some
    // win and some lose.
    await expireHolds(
      orders.map((o) => o.id),
      "now() + interval '1000 milliseconds'",
    );
    await sleep(700);
    const sweepers = Array.from({ length: 4 }, async () => {
      let released = 0;
      const until = Date.now() + 1_500;
      while (Date.now() < until) released += await releaseExpiredHolds({ batchSize: 20 });
      return released;
    });
    const confirms = orders.map((o, i) =>
      sleep(i * 3).then(() =>
        confirmOrder(o.id, GUEST).then(
          (r) => r.status,
          (e: DomainError) => e.code,
        ),
      ),
    );
    const [outcomes, released] = await Promise.all([Promise.all(confirms), Promise.all(sweepers)]);
    const confirmed = outcomes.filter((o) => o === "confirmed").length;
    const expired = outcomes.filter((o) => o === "hold_expired").length;
    expect(confirmed + expired).toBe(200);
    expect(confirmed, "some confirms beat the expiry").toBeGreaterThan(0);
    expect(expired, "some holds expired first").toBeGreaterThan(0);
    expect(await orderStatusCounts(product.id)).toEqual(
      Object.fromEntries(Object.entries({ confirmed, expired }).filter(([, n]) => n > 0)),
    );
    // Units released by sweepers plus those released by late confirms are exactly the expired ones.
    expect(released.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(expired);
    expect((await productRow(product.id)).available).toBe(expired);
    // Nothing confirmed after its expiry (also a CHECK constraint); reconcile runs after this test.
    const [late] = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from orders where product_id = ${product.id} and confirmed_at > hold_expires_at`,
    );
    expect(late!.n).toBe(0);
  });
});

describe("the sale window", () => {
  it("refuses holds before the sale starts and after it ends", async () => {
    const scheduled = await createProductWithWindow(10, 60);
    const ended = await createProductWithWindow(-60, -1);
    await expect(holdAsGuest(scheduled.id)).rejects.toMatchObject({ code: "sale_not_active", status: 409 });
    await expect(holdAsGuest(ended.id)).rejects.toMatchObject({ code: "sale_not_active" });
    expect((await productRow(scheduled.id)).available).toBe(10);
    expect((await productRow(ended.id)).available).toBe(10);
  });

  it("is enforced under the row lock too, not only by the first read", async () => {
    const ended = await createProductWithWindow(-60, -1);
    const scheduled = await createProductWithWindow(10, 60);
    const client = postgres(inject("databaseUrl"), { max: 1 });
    try {
      for (const product of [ended, scheduled]) {
        const email = guestEmail();
        const payload = client.json([{ email, mailbox: email, userId: null, quantity: 1 }]);
        const rows = await client`select outcome from place_holds(${product.id}::uuid, ${payload}, 120)`;
        expect(rows.map((r) => r.outcome)).toEqual(["sale_not_active"]);
      }
    } finally {
      await client.end();
    }
  });

  it("opens and closes on an admin's word; a hold cannot be confirmed once the sale is closed", async () => {
    const admin = await adminActor();
    const product = await createProductWithWindow(10, 60);
    expect((await setSaleState(product.id, { action: "open" }, admin)).status).toBe("live");
    const order = await holdAsGuest(product.id);
    expect((await setSaleState(product.id, { action: "close" }, admin)).status).toBe("ended");
    await expect(holdAsGuest(product.id)).rejects.toMatchObject({ code: "sale_not_active" });
    await expect(confirmOrder(order.id, GUEST)).rejects.toMatchObject({ code: "sale_not_active" });
    expect((await cancelOrder(order.id, GUEST)).status).toBe("cancelled");
  });

  it("never lets a hold outlive the end of its sale", async () => {
    const product = await createProductWithWindow(-5, 1);
    const order = await holdAsGuest(product.id);
    expect(new Date(order.holdExpiresAt).getTime()).toBeLessThanOrEqual(new Date(product.saleEndsAt).getTime());
  });
});

describe("refusals", () => {
  it("counts every refusal for lack of stock as an oversell attempt blocked", async () => {
    const product = await createLiveProduct({ stock: 3 });
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => holdAsGuest(product.id)));
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(37);
    await flushRejections();
    const [row] = await db().execute<{ attempts: number; units: number }>(sql`
      select coalesce(sum(attempts), 0)::int as attempts, coalesce(sum(units), 0)::int as units
        from stock_rejections where product_id = ${product.id} and reason = 'insufficient_stock'`);
    expect(row).toEqual({ attempts: 37, units: 37 });
  });

  it("refuses an unknown product with not_found", async () => {
    await expect(holdAsGuest(crypto.randomUUID())).rejects.toMatchObject({ code: "not_found", status: 404 });
  });

  it("requires an e-mail address from a guest", async () => {
    const product = await createLiveProduct({ stock: 3 });
    await expect(placeHold({ productId: product.id, quantity: 1 }, GUEST)).rejects.toMatchObject({
      code: "invalid_request",
    });
  });
});
