// Hold rate limits: counted by place_holds in the hold's own transaction, exactly, shared by every
// app process; refusals answered without a write count against no limit.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GUEST } from "@/lib/actor";
import { db } from "@/lib/db";
import { reloadEnv } from "@/lib/env";
import { placeHold } from "@/lib/inventory/place-hold";
import { placeHoldOnce } from "@/lib/orders/idempotent-commands";
import { createLiveProduct, guestEmail, tallyHolds } from "./helpers/fixtures";

const limits = { RATE_LIMITS: "on", HOLDS_PER_SHOPPER_PER_MINUTE: "3", HOLDS_PER_IP_PER_MINUTE: "5" };
const saved = Object.fromEntries(Object.keys(limits).map((k) => [k, process.env[k]]));

beforeAll(() => {
  Object.assign(process.env, limits);
  reloadEnv();
});

afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  reloadEnv();
});

const randomIp = () => `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

async function counter(key: string): Promise<number | undefined> {
  const [row] = await db().execute<{ hits: number }>(sql`select hits from rate_limits where key = ${key}`);
  return row?.hits;
}

describe("hold rate limits", () => {
  it("refuses a shopper past the limit with rate_limited and a retry time", async () => {
    const product = await createLiveProduct({ stock: 100 });
    const email = guestEmail();
    for (let i = 0; i < 3; i++) await placeHold({ productId: product.id, quantity: 1, email }, GUEST);
    const refused = await placeHold({ productId: product.id, quantity: 1, email }, GUEST).catch((e) => e);
    expect(refused).toMatchObject({ code: "rate_limited", status: 429 });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await counter(`hold:shopper:${email}`)).toBe(4);
  });

  it("counts one address across shoppers, exactly under concurrency", async () => {
    const product = await createLiveProduct({ stock: 100 });
    const clientIp = randomIp();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        placeHold({ productId: product.id, quantity: 1, email: guestEmail() }, GUEST, { clientIp }),
      ),
    );
    expect(tallyHolds(results)).toEqual({ held: 5, rate_limited: 7 });
  });

  it("counts one address across products, exactly under concurrency", async () => {
    const products = await Promise.all([createLiveProduct({ stock: 100 }), createLiveProduct({ stock: 100 })]);
    const clientIp = randomIp();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        placeHold({ productId: products[i % 2]!.id, quantity: 1, email: guestEmail() }, GUEST, { clientIp }),
      ),
    );
    expect(tallyHolds(results)).toEqual({ held: 5, rate_limited: 7 });
  });

  it("counts no refusal answered without a write, and a refused key leaves no record", async () => {
    const soldOut = await createLiveProduct({ stock: 0 });
    const email = guestEmail();
    for (let i = 0; i < 5; i++) {
      const refused = await placeHoldOnce({ productId: soldOut.id, quantity: 1, email }, GUEST, `sold-out-${email}`, {
        clientIp: randomIp(),
      }).catch((e) => e);
      expect(refused).toMatchObject({ code: "insufficient_stock" });
    }
    expect(await counter(`hold:shopper:${email}`)).toBeUndefined();
    const live = await createLiveProduct({ stock: 5 });
    await placeHold({ productId: live.id, quantity: 1, email }, GUEST);
    expect(await counter(`hold:shopper:${email}`)).toBe(1);
    const [keys] = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from idempotency_keys where key = ${`sold-out-${email}`}`,
    );
    expect(keys!.n).toBe(0);
  });

  it("leaves no Idempotency-Key record for a rate-limited hold", async () => {
    const product = await createLiveProduct({ stock: 100 });
    const email = guestEmail();
    const hold = (key: string) =>
      placeHoldOnce({ productId: product.id, quantity: 1, email }, GUEST, key, { clientIp: randomIp() });
    for (let i = 0; i < 3; i++) expect((await hold(`limited-${i}-${email}`)).status).toBe(201);
    await expect(hold(`limited-3-${email}`)).rejects.toMatchObject({ code: "rate_limited" });
    const [keys] = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from idempotency_keys where key like ${`limited-%-${email}`}`,
    );
    expect(keys!.n).toBe(3);
  });

  it("is lifted entirely by RATE_LIMITS=off", async () => {
    process.env.RATE_LIMITS = "off";
    reloadEnv();
    try {
      const product = await createLiveProduct({ stock: 100 });
      const email = guestEmail();
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          placeHold({ productId: product.id, quantity: 1, email }, GUEST, { clientIp: "198.18.0.1" }),
        ),
      );
      expect(tallyHolds(results)).toEqual({ held: 10 });
      expect(await counter(`hold:shopper:${email}`)).toBeUndefined();
    } finally {
      process.env.RATE_LIMITS = "on";
      reloadEnv();
    }
  });
});
