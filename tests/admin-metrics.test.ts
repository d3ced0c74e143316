// The dashboard's figures: counted from the ledger's roll-ups plus the raw events past their
// watermark, each event once, and agreeing with the stock on the product rows.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GUEST } from "@/lib/actor";
import { getMetrics } from "@/lib/admin/metrics";
import { db } from "@/lib/db";
import { flushRejections, recordRejection } from "@/lib/inventory/rejections";
import { releaseExpiredHolds } from "@/lib/inventory/expiry";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { confirmOrder } from "@/lib/orders/confirm-order";
import { createLiveProduct, createProductWithWindow, expireHolds, holdAsGuest } from "./helpers/fixtures";

const hold = async (productId: string, quantity = 1) => (await holdAsGuest(productId, quantity)).id;

/** Events moved back in time after they were rolled up would be missed: start the roll-ups over. */
async function rebuildRollups() {
  await db().execute(sql`truncate inventory_totals, inventory_minutes`);
  await db().execute(sql`update inventory_rollup set sealed_until = '-infinity'`);
}

async function productMetrics(id: string) {
  const metrics = await getMetrics();
  return { metrics, product: metrics.products.find((p) => p.id === id)! };
}

describe("getMetrics", () => {
  it("counts orders, units and revenue per product from the ledger, before and after the roll-up", async () => {
    const product = await createProductWithWindow(-50, 60, 20);
    const [confirmed, cancelled, expired, pending] = [
      await hold(product.id, 2),
      await hold(product.id),
      await hold(product.id, 3),
      await hold(product.id),
    ];
    await confirmOrder(confirmed, GUEST);
    await cancelOrder(cancelled, GUEST);
    await expireHolds([expired]);
    await releaseExpiredHolds();
    expect(pending).toBeTruthy();

    const expected = {
      pendingOrders: 1,
      confirmedOrders: 1,
      cancelledOrders: 1,
      expiredOrders: 1,
      held: 1,
      sold: 2,
      expiredUnits: 3,
      available: 17,
      totalStock: 20,
      revenueCents: 2 * 500,
    };
    // Raw events only: all of them are younger than the watermark's two-minute margin.
    expect((await productMetrics(product.id)).product).toMatchObject(expected);

    // Forty-five minutes ago, the events fall in sealed minutes and reach the figures through the roll-ups.
    await db().execute(sql`
      update inventory_events set created_at = date_trunc('minute', now()) - interval '45 minutes' + interval '20 seconds'
       where product_id = ${product.id}`);
    await rebuildRollups();
    const first = await productMetrics(product.id);
    expect(first.product).toMatchObject(expected);
    const [watermark] = await db().execute<{ sealed: boolean }>(
      sql`select sealed_until > date_trunc('minute', now()) - interval '45 minutes' as sealed from inventory_rollup`,
    );
    expect(watermark!.sealed).toBe(true);
    expect((await productMetrics(product.id)).product, "a second read counts each event once").toMatchObject(expected);

    const minute = new Date(
      Math.floor(Date.parse(first.metrics.generatedAt) / 60_000) * 60_000 - 45 * 60_000,
    ).toISOString();
    expect(first.metrics.timeline.find((m) => m.minute === minute)).toMatchObject({
      holds: 4,
      confirmations: 1,
      expirations: 1,
    });
  });

  it("keeps available + held + sold equal to the total stock for every product", async () => {
    const product = await createLiveProduct({ stock: 9 });
    await confirmOrder(await hold(product.id, 4), GUEST);
    await hold(product.id, 2);
    const { metrics } = await productMetrics(product.id);
    expect(metrics.products.length).toBeGreaterThan(0);
    for (const p of metrics.products) expect(p.available + p.held + p.sold, p.name).toBe(p.totalStock);
    expect(metrics.totals.available).toBe(metrics.products.reduce((n, p) => n + p.available, 0));
  });

  it("counts the holds placed in the last minute, and only those", async () => {
    await db().execute(sql`update inventory_events set created_at = created_at - interval '5 minutes'`);
    await rebuildRollups();
    const product = await createLiveProduct({ stock: 10 });
    await hold(product.id);
    await hold(product.id, 2);
    const older = await hold(product.id);
    await db().execute(
      sql`update inventory_events set created_at = now() - interval '61 seconds' where order_id = ${older}`,
    );
    expect((await getMetrics()).totals.holdsLastMinute).toBe(2);
  });

  it("reports how far the expiry job lags behind the oldest expired hold, and zero once it catches up", async () => {
    await releaseExpiredHolds();
    const product = await createLiveProduct({ stock: 5 });
    const order = await hold(product.id);
    expect((await getMetrics()).totals.expiryLagSeconds).toBe(0);
    await expireHolds([order], "now() - interval '30 seconds'");
    const lag = (await getMetrics()).totals.expiryLagSeconds;
    expect(lag).toBeGreaterThanOrEqual(30);
    expect(lag).toBeLessThan(90);
    await releaseExpiredHolds();
    expect((await getMetrics()).totals.expiryLagSeconds).toBe(0);
  });

  it("shows refused holds per product and in the timeline's minute", async () => {
    const product = await createLiveProduct({ stock: 1 });
    for (let i = 0; i < 3; i++) recordRejection(product.id, "insufficient_stock", 2);
    recordRejection(product.id, "limit_exceeded", 1);
    await flushRejections();
    const { metrics, product: figures } = await productMetrics(product.id);
    expect(figures.oversellAttemptsBlocked).toBe(3);
    const [row] = await db().execute<{ minute: Date | string }>(
      sql`select minute from stock_rejections where product_id = ${product.id} limit 1`,
    );
    const minute = metrics.timeline.find((m) => m.minute === new Date(row!.minute).toISOString());
    expect(minute?.rejections).toBeGreaterThanOrEqual(4);
  });

  it("covers at least the last 15 minutes and at most the last hour, oldest first, ending at the current minute", async () => {
    const { timeline, generatedAt } = await getMetrics();
    expect(timeline.length).toBeGreaterThanOrEqual(15);
    expect(timeline.length).toBeLessThanOrEqual(60);
    const times = timeline.map((m) => Date.parse(m.minute));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.at(-1)).toBe(Math.floor(Date.parse(generatedAt) / 60_000) * 60_000);
  });
});
