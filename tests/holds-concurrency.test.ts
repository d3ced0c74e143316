// The reservation rule under real concurrency: parallel callers in one process (coalesced),
// over many separate connections (the SQL routine itself), and from several app processes.
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { GUEST } from "@/lib/actor";
import type { DomainError } from "@/lib/errors";
import { placeHold } from "@/lib/inventory/place-hold";
import {
  createLiveProduct,
  guestEmail,
  holdAsGuest,
  orderStatusCounts,
  productRow,
  tallyHolds,
} from "./helpers/fixtures";
import { canonicalMailbox } from "@/lib/users/canonical-mailbox";
import { runWorker } from "./helpers/processes";

/** Fires `requests` at place_holds, each on one of `connections` separate connections, all at once. */
async function holdOverConnections(
  productId: string,
  requests: { email: string; quantity: number }[],
  connections: number,
) {
  const clients = Array.from({ length: connections }, () =>
    postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} }),
  );
  try {
    await Promise.all(clients.map((c) => c`select 1`));
    const outcomes = await Promise.all(
      requests.map(async (request, i) => {
        const client = clients[i % connections]!;
        const payload = client.json([{ ...request, mailbox: canonicalMailbox(request.email), userId: null }]);
        const [row] = await client`select outcome from place_holds(${productId}::uuid, ${payload}, 120)`;
        return row!.outcome as string;
      }),
    );
    const counts: Record<string, number> = {};
    for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
    return counts;
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

describe("placing holds in parallel", () => {
  it("never sells more than the stock under 1,000 parallel holds", async () => {
    const product = await createLiveProduct({ stock: 100 });
    const results = await Promise.allSettled(Array.from({ length: 1_000 }, () => holdAsGuest(product.id)));
    expect(tallyHolds(results)).toEqual({ held: 100, insufficient_stock: 900 });
    expect((await productRow(product.id)).available).toBe(0);
    expect(await orderStatusCounts(product.id)).toEqual({ pending: 100 });
  });

  it("never sells more than the stock when 1,000 holds arrive over 25 separate connections", async () => {
    const product = await createLiveProduct({ stock: 100 });
    const requests = Array.from({ length: 1_000 }, () => ({ email: guestEmail(), quantity: 1 }));
    expect(await holdOverConnections(product.id, requests, 25)).toEqual({ held: 100, insufficient_stock: 900 });
    expect((await productRow(product.id)).available).toBe(0);
    expect(await orderStatusCounts(product.id)).toEqual({ pending: 100 });
  });

  it("sells the last unit exactly once when 200 shoppers race for it", async () => {
    const inProcess = await createLiveProduct({ stock: 1 });
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => holdAsGuest(inProcess.id)));
    expect(tallyHolds(results)).toEqual({ held: 1, insufficient_stock: 199 });

    const overConnections = await createLiveProduct({ stock: 1 });
    const requests = Array.from({ length: 200 }, () => ({ email: guestEmail(), quantity: 1 }));
    expect(await holdOverConnections(overConnections.id, requests, 25)).toEqual({ held: 1, insufficient_stock: 199 });
  });

  it("never exceeds the stock with mixed quantities, and refuses only what no longer fits", async () => {
    const product = await createLiveProduct({ stock: 97, maxPerCustomer: 5 });
    const quantities = Array.from({ length: 300 }, (_, i) => (i % 5) + 1);
    const results = await Promise.allSettled(quantities.map((quantity) => holdAsGuest(product.id, quantity)));
    const held = results.reduce((sum, r, i) => sum + (r.status === "fulfilled" ? quantities[i]! : 0), 0);
    const { available } = await productRow(product.id);
    expect(held + available).toBe(97);
    // Stock only falls here, so every refusal asked for more than what is left at the end.
    results.forEach((r, i) => {
      if (r.status === "rejected") {
        expect((r.reason as DomainError).code).toBe("insufficient_stock");
        expect(quantities[i]!).toBeGreaterThan(available);
      }
    });
  });

  it("sells exactly the stock when four app processes place holds at once", async () => {
    const product = await createLiveProduct({ stock: 100 });
    const env = { DATABASE_URL: inject("databaseUrl"), DATABASE_POOL_SIZE: "8" };
    const tallies = await Promise.all(
      [0, 1, 2, 3].map((n) =>
        runWorker<Record<string, number>>("hold-worker.ts", [product.id, "250", `proc${n}`], env),
      ),
    );
    const held = tallies.reduce((sum, t) => sum + (t.held ?? 0), 0);
    const refused = tallies.reduce((sum, t) => sum + (t.insufficient_stock ?? 0), 0);
    expect({ held, refused }).toEqual({ held: 100, refused: 900 });
    expect((await productRow(product.id)).available).toBe(0);
  });
});

describe("the per-customer limit", () => {
  it("gives exactly 2 of 50 parallel holds by one customer with limit 2", async () => {
    const product = await createLiveProduct({ stock: 100, maxPerCustomer: 2 });
    const email = guestEmail("greedy");
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => placeHold({ productId: product.id, quantity: 1, email }, GUEST)),
    );
    expect(tallyHolds(results)).toEqual({ held: 2, limit_exceeded: 48 });
    expect((await productRow(product.id)).available).toBe(98);
  });

  it("holds exactly over 25 separate connections too", async () => {
    const product = await createLiveProduct({ stock: 100, maxPerCustomer: 2 });
    const email = guestEmail("greedy");
    const requests = Array.from({ length: 50 }, () => ({ email, quantity: 1 }));
    expect(await holdOverConnections(product.id, requests, 25)).toEqual({ held: 2, limit_exceeded: 48 });
  });

  it("counts the shopper's e-mail case-insensitively", async () => {
    const product = await createLiveProduct({ stock: 10, maxPerCustomer: 1 });
    await placeHold({ productId: product.id, quantity: 1, email: "Case@Example.com" }, GUEST);
    await expect(
      placeHold({ productId: product.id, quantity: 1, email: "case@example.COM" }, GUEST),
    ).rejects.toMatchObject({
      code: "limit_exceeded",
    });
  });

  it("refuses a single request above the limit without touching the stock", async () => {
    const product = await createLiveProduct({ stock: 10, maxPerCustomer: 3 });
    await expect(holdAsGuest(product.id, 4)).rejects.toMatchObject({
      code: "limit_exceeded",
    });
    expect((await productRow(product.id)).available).toBe(10);
  });
});
