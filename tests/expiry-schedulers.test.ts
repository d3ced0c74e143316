// Every scheduler releases expired holds through the one routine: the in-process sweeper (one
// sweeper at a time across processes), the cron route (only with the secret), pg_cron's batch
// procedure, and a hold that finds stock short (lazy reclaim). Each hold ends once, with one event.
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterEach, describe, expect, inject, it } from "vitest";
import * as cronRoute from "@/app/api/cron/release-holds/route";
import { LOCK_KEYS } from "@/db/lock-keys";
import { GUEST } from "@/lib/actor";
import { db } from "@/lib/db";
import { reloadEnv } from "@/lib/env";
import type { DomainError } from "@/lib/errors";
import { releaseExpiredHolds, startExpirySweeper, sweepExpiredHolds } from "@/lib/inventory/expiry";
import { confirmOrder } from "@/lib/orders/confirm-order";
import { createLiveProduct, expireHolds, holdAsGuest, orderStatusCounts, productRow } from "./helpers/fixtures";
import { runWorker } from "./helpers/processes";

async function waitFor(check: () => Promise<boolean>, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) return false;
    await sleep(100);
  }
  return true;
}

/** Per order: its status and its ledger events by type. */
async function orderLedger(productId: string) {
  return db().execute<{
    id: string;
    status: string;
    created: number;
    released: number;
    confirmed: number;
    reason: string | null;
  }>(sql`
    select o.id, o.status,
           count(*) filter (where e.type = 'hold_created')::int as created,
           count(*) filter (where e.type = 'hold_released')::int as released,
           count(*) filter (where e.type = 'order_confirmed')::int as confirmed,
           max(e.reason) as reason
      from orders o left join inventory_events e on e.order_id = o.id
     where o.product_id = ${productId}
     group by o.id, o.status`);
}

describe("the in-process sweeper", () => {
  it("releases each hold once when two app processes sweep at the same time", async () => {
    const first = await createLiveProduct({ stock: 150 });
    const second = await createLiveProduct({ stock: 150 });
    const orders = [
      ...(await Promise.all(Array.from({ length: 150 }, () => holdAsGuest(first.id)))),
      ...(await Promise.all(Array.from({ length: 150 }, () => holdAsGuest(second.id)))),
    ];
    await expireHolds(orders.map((o) => o.id));
    // Both processes start sweeping at the same instant, in batches of 5, for 1.5 s.
    const startAt = String(Date.now() + 4_000);
    const results = await Promise.all(
      [0, 1].map(() =>
        runWorker<{ released: number; skipped: number }>("sweep-worker.ts", [startAt, "1500", "5"], {
          DATABASE_URL: inject("databaseUrl"),
        }),
      ),
    );
    expect(results[0]!.released + results[1]!.released).toBe(300);
    expect(await orderStatusCounts(first.id)).toEqual({ expired: 150 });
    expect(await orderStatusCounts(second.id)).toEqual({ expired: 150 });
    for (const product of [first, second]) {
      for (const order of await orderLedger(product.id)) {
        expect(order).toMatchObject({ status: "expired", created: 1, released: 1, confirmed: 0, reason: "expired" });
      }
      expect((await productRow(product.id)).available).toBe(150);
    }
  });

  it("skips while another process holds the sweeper lock, and sweeps once it is free", async () => {
    const product = await createLiveProduct({ stock: 5 });
    const order = await holdAsGuest(product.id);
    await expireHolds([order.id]);
    const other = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
    try {
      const locked = other.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(${LOCK_KEYS.expirySweeper})`;
        expect(await sweepExpiredHolds()).toEqual({ released: 0, skipped: true });
        expect(await orderStatusCounts(product.id)).toEqual({ pending: 1 });
      });
      await locked;
    } finally {
      await other.end();
    }
    expect(await sweepExpiredHolds()).toEqual({ released: 1, skipped: false });
    expect(await orderStatusCounts(product.id)).toEqual({ expired: 1 });
  });

  it("logs one line for each run it skips because another process's sweeper holds the lock", async () => {
    const other = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
    const logged: string[] = [];
    try {
      await other.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(${LOCK_KEYS.expirySweeper})`;
        const sweeper = startExpirySweeper(0.2, {
          log: (line: string) => logged.push(line),
          error: (...args: unknown[]) => logged.push(args.join(" ")),
        });
        try {
          expect(await waitFor(async () => logged.length > 0, 5_000)).toBe(true);
        } finally {
          sweeper.stop();
        }
      });
    } finally {
      await other.end();
    }
    expect(logged[0]).toMatch(/^\[expiry\] skipped: another process's sweeper holds the sweeper lock/);
    expect(logged.every((line) => !line.includes("\n") && line.startsWith("[expiry] skipped"))).toBe(true);
  });

  it("runs on its interval once started, and not at all with interval 0", async () => {
    const product = await createLiveProduct({ stock: 5 });
    const order = await holdAsGuest(product.id, 2);
    await expireHolds([order.id]);
    const disabled = startExpirySweeper(0);
    await sleep(1_200);
    expect(await orderStatusCounts(product.id)).toEqual({ pending: 1 });
    disabled.stop();

    const logged: string[] = [];
    const sweeper = startExpirySweeper(1, {
      log: (line: string) => logged.push(line),
      error: (...args: unknown[]) => logged.push(args.join(" ")),
    });
    try {
      expect(await waitFor(async () => (await orderStatusCounts(product.id)).expired === 1, 5_000)).toBe(true);
    } finally {
      sweeper.stop();
    }
    expect((await productRow(product.id)).available).toBe(5);
    expect(logged.some((line) => /released \d+ expired hold/.test(line))).toBe(true);
  });
});

describe("GET /api/cron/release-holds", () => {
  const call = (authorization?: string) =>
    cronRoute.GET(
      new Request("http://localhost/api/cron/release-holds", { headers: authorization ? { authorization } : {} }),
      { params: Promise.resolve({}) },
    );
  const secret = "a-cron-secret-of-enough-length";

  afterEach(() => {
    delete process.env.CRON_SECRET;
    reloadEnv();
  });

  it("refuses every call with 401 while CRON_SECRET is unset", async () => {
    delete process.env.CRON_SECRET;
    reloadEnv();
    for (const authorization of [undefined, "Bearer ", "Bearer undefined", `Bearer ${secret}`]) {
      const response = await call(authorization);
      expect(response.status).toBe(401);
      expect((await response.json()).error).toMatchObject({ code: "unauthorized", message: expect.any(String) });
    }
  });

  it("refuses a missing, wrong or differently sent secret with 401 and releases nothing", async () => {
    process.env.CRON_SECRET = secret;
    reloadEnv();
    const product = await createLiveProduct({ stock: 5 });
    const order = await holdAsGuest(product.id);
    await expireHolds([order.id]);
    for (const authorization of [
      undefined,
      "Bearer wrong-secret",
      `Bearer ${secret}x`,
      `Bearer ${secret.slice(0, -1)}`,
      secret,
      `Basic ${secret}`,
      `bearer ${secret}`,
    ]) {
      const response = await call(authorization);
      expect(response.status, String(authorization)).toBe(401);
      expect((await response.json()).error.code).toBe("unauthorized");
    }
    expect(await orderStatusCounts(product.id)).toEqual({ pending: 1 });
    await releaseExpiredHolds();
  });

  it("releases expired holds with the secret and answers 200 {released}", async () => {
    process.env.CRON_SECRET = secret;
    reloadEnv();
    await releaseExpiredHolds();
    const product = await createLiveProduct({ stock: 5 });
    const orders = await Promise.all(Array.from({ length: 3 }, () => holdAsGuest(product.id)));
    await expireHolds(orders.map((o) => o.id));
    const response = await call(`Bearer ${secret}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ released: 3 });
    expect(await (await call(`Bearer ${secret}`)).json()).toEqual({ released: 0 });
    expect((await productRow(product.id)).available).toBe(5);
  });
});

describe("pg_cron's batch procedure", () => {
  it("releases every expired hold, batch by batch, and reports how many", async () => {
    const product = await createLiveProduct({ stock: 40 });
    const orders = await Promise.all(Array.from({ length: 23 }, () => holdAsGuest(product.id)));
    await expireHolds(orders.slice(0, 21).map((o) => o.id));
    const client = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
    try {
      const [first] = await client`call release_all_expired_holds(5)`;
      expect(first!.released).toBe(21);
      const [second] = await client`call release_all_expired_holds(5)`;
      expect(second!.released).toBe(0);
    } finally {
      await client.end();
    }
    expect(await orderStatusCounts(product.id)).toEqual({ expired: 21, pending: 2 });
  });
});

describe("confirms racing every scheduler", () => {
  it("gives each of 200 holds one end and one matching event while sweeper processes, pg_cron's procedure and confirms race", async () => {
    const product = await createLiveProduct({ stock: 200 });
    const orders = await Promise.all(Array.from({ length: 200 }, () => holdAsGuest(product.id)));
    // Holds expire one by one, 5 ms apart, from 4.4 s from now; sweeping and confirming start at 4 s.
    await db().execute(sql`
      update orders o set hold_expires_at = now() + interval '4400 milliseconds' + (x.i * interval '5 milliseconds')
        from unnest(${`{${orders.map((o) => o.id).join(",")}}`}::uuid[]) with ordinality as x(id, i)
       where o.id = x.id`);
    const startAt = Date.now() + 4_000;
    const sweepers = [0, 1].map(() =>
      runWorker<{ released: number; skipped: number }>("sweep-worker.ts", [String(startAt), "2500", "3"], {
        DATABASE_URL: inject("databaseUrl"),
      }),
    );
    const procedureClient = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
    await procedureClient`select 1`;
    const procedure = (async () => {
      await sleep(startAt - Date.now());
      let released = 0;
      while (Date.now() < startAt + 2_500)
        released += (await procedureClient`call release_all_expired_holds(4)`)[0]!.released as number;
      return released;
    })();
    await sleep(startAt - Date.now());
    const outcomes = await Promise.all(
      orders.map((o, i) =>
        // Each confirm is sent within 100 ms either side of its hold's expiry.
        sleep(i * 5 + 400 + ((i * 37) % 200) - 100).then(() =>
          confirmOrder(o.id, GUEST).then(
            (r) => r.status as string,
            (e: DomainError) => e.code as string,
          ),
        ),
      ),
    );
    const [swept, byProcedure] = await Promise.all([Promise.all(sweepers), procedure]);
    await procedureClient.end();

    const confirmed = outcomes.filter((o) => o === "confirmed").length;
    const expired = outcomes.filter((o) => o === "hold_expired").length;
    expect(confirmed + expired).toBe(200);
    expect(confirmed, "some confirms beat the expiry").toBeGreaterThan(0);
    expect(expired, "some holds expired first").toBeGreaterThan(0);
    // What each caller was told is what the database holds, with exactly the matching events.
    const told = new Map(orders.map((o, i) => [o.id, outcomes[i]]));
    for (const order of await orderLedger(product.id)) {
      if (told.get(order.id) === "confirmed") {
        expect(order).toMatchObject({ status: "confirmed", created: 1, confirmed: 1, released: 0 });
      } else {
        expect(order).toMatchObject({ status: "expired", created: 1, confirmed: 0, released: 1, reason: "expired" });
      }
    }
    const releasedBySchedulers = swept[0]!.released + swept[1]!.released + byProcedure;
    expect(releasedBySchedulers).toBeLessThanOrEqual(expired);
    expect((await productRow(product.id)).available).toBe(expired);
  });
});

describe("lazy reclaim", () => {
  it("sells expired units at once with no scheduler running", async () => {
    const product = await createLiveProduct({ stock: 3 });
    const stale = await Promise.all(Array.from({ length: 3 }, () => holdAsGuest(product.id)));
    await expect(holdAsGuest(product.id)).rejects.toMatchObject({ code: "insufficient_stock" });
    await expireHolds(stale.map((o) => o.id));
    const fresh = await holdAsGuest(product.id, 2);
    expect(fresh.status).toBe("pending");
    expect(await orderStatusCounts(product.id)).toEqual({ expired: 3, pending: 1 });
    expect((await productRow(product.id)).available).toBe(1);
  });

  it("gives 10 expired units to exactly 10 of 60 shoppers arriving at once", async () => {
    const product = await createLiveProduct({ stock: 10 });
    const stale = await Promise.all(Array.from({ length: 10 }, () => holdAsGuest(product.id)));
    await expireHolds(stale.map((o) => o.id));
    const results = await Promise.allSettled(Array.from({ length: 60 }, () => holdAsGuest(product.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(
      Array(50).fill("insufficient_stock"),
    );
    expect(await orderStatusCounts(product.id)).toEqual({ expired: 10, pending: 10 });
    expect((await productRow(product.id)).available).toBe(0);
  });

  it("still refuses a sold-out product whose holds are all live", async () => {
    const product = await createLiveProduct({ stock: 2 });
    await Promise.all([holdAsGuest(product.id), holdAsGuest(product.id)]);
    await expect(holdAsGuest(product.id)).rejects.toMatchObject({ code: "insufficient_stock" });
    expect(await orderStatusCounts(product.id)).toEqual({ pending: 2 });
  });
});
