// The waiting room in the benchmark: the admission tick of a room with 100,000 waiting tickets (and
// the draw that orders them), on the bench database; and joins per second over HTTP against the app's
// trivial GET /api/time, in the same run.
import type postgres from "postgres";
import { Latencies } from "../load/stats";
import { measure } from "./measure";

type Lib = {
  createProduct: typeof import("../../lib/products/create-product").createProduct;
  admin: import("../../lib/users/authorize").AdminActor;
};

/** A product whose waiting room is open, its sale starting in `startsInSeconds`. */
export async function queuedProduct(lib: Lib, label: string, admitPerMinute: number, startsInSeconds = 3_600) {
  const now = Date.now();
  const product = await lib.createProduct(
    {
      name: `Bench queue ${label}`,
      priceCents: 1_999,
      initialStock: 1_000_000,
      maxPerCustomer: 1,
      saleStartsAt: new Date(now + startsInSeconds * 1_000).toISOString(),
      saleEndsAt: new Date(now + (startsInSeconds + 7_200) * 1_000).toISOString(),
      admission: "queue",
      queueOpensAt: new Date(now - 60_000).toISOString(),
      admitPerMinute,
    },
    lib.admin,
  );
  return product.id;
}

export type TickMeasurement = {
  entrants: number;
  drawMs: number;
  tick: ReturnType<Latencies["summary"]>;
  admittedPerTick: number;
};

/** `entrants` tickets in the pre-queue, the draw at the start, then `ticks` ticks each admitting a
 *  second's worth (admitPerMinute 6,000: 100 a tick), timed one by one. */
export async function measureTick(lib: Lib, sql: postgres.Sql, entrants: number, ticks = 20): Promise<TickMeasurement> {
  const productId = await queuedProduct(lib, `tick-${entrants}`, 6_000);
  await sql`
    insert into tickets (product_id, shopper, joined_at)
    select ${productId}, 'bench-' || g || '@queue.test', now() - interval '1 minute'
      from generate_series(1, ${entrants}) g`;
  await sql`analyze tickets`;
  await sql`update products set sale_starts_at = now() - interval '1 second' where id = ${productId}`;
  let started = performance.now();
  await sql`select advance_queues(${productId}::uuid)`;
  const drawMs = performance.now() - started;
  const latencies = new Latencies();
  let admitted = 0;
  for (let i = 0; i < ticks; i++) {
    await sql`update queues set ticked_at = now() - interval '1 second' where product_id = ${productId}`;
    started = performance.now();
    const [row] = await sql<{ admitted: number }[]>`select advance_queues(${productId}::uuid) as admitted`;
    latencies.add(performance.now() - started);
    admitted += row!.admitted;
  }
  // Leave nothing for later measurements' ticks to work on.
  await sql`update products set sale_ends_at = now(), sale_starts_at = least(sale_starts_at, now() - interval '1 ms')
             where id = ${productId}`;
  await sql`select advance_queues(${productId}::uuid)`;
  return { entrants, drawMs, tick: latencies.summary(), admittedPerTick: admitted / ticks };
}

/** POST /api/products/:id/queue from distinct shoppers: new tickets per second. */
export async function measureJoins(base: string, productId: string, clients: number, seconds: number) {
  const { httpClient } = await import("../load/http-client");
  const client = httpClient(base, clients);
  let fiveXx = 0;
  try {
    const m = await measure(clients, seconds, async (caller, n) => {
      const a = await client.request("POST", `/api/products/${productId}/queue`, {
        body: { email: `join-${caller}-${n}-${Date.now().toString(36)}@queue.test` },
      });
      if (a.status >= 500) fiveXx++;
      return a.status === 201 ? "ok" : "error";
    });
    return { ...m, fiveXx };
  } finally {
    client.close();
  }
}
