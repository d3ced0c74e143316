// npm run bench:metrics: fills a scratch database (flash_sale_bench, on DATABASE_URL's server or
// the embedded one) with 100,000 orders and 1,000,000 ledger events spread over a day of sales,
// keeping every invariant (the reconcile check runs on it), then times getMetrics warm and
// prints the median and p95. BENCH_ORDERS, BENCH_EVENTS and BENCH_RUNS change the sizes.
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { migrateDatabase } from "../db/migrate";
import { databaseUrlFor } from "../db/database-url";
import { recreateDatabase, startEmbeddedPostgres } from "../db/server";

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const PRODUCTS = 20;

const configured = process.env.DATABASE_URL;
const server = configured
  ? undefined
  : await startEmbeddedPostgres({ name: "pg", port: Number(process.env.EMBEDDED_PG_PORT ?? 54320) });
const url = configured ? databaseUrlFor(configured, "flash_sale_bench") : server!.url("flash_sale_bench");

const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);

let started = performance.now();
await recreateDatabase(url);
await migrateDatabase(url);
const sql = postgres(url, { max: 1, onnotice: () => {} });
// Products sell for a day: orders and restocks spread over the last 24 hours, the newest 1% of
// orders still pending. Each shopper (one e-mail per order) holds 1-3 units of a limit of 5.
await sql.begin(async (tx) => {
  await tx`
    insert into products (name, description, price_cents, total_stock, available, max_per_customer, sale_starts_at, sale_ends_at, created_at)
    select 'Bench product ' || g, 'Benchmark data', 500 + g * 100, 0, 0, 5, now() - interval '25 hours', now() + interval '1 hour', now() - interval '25 hours'
      from generate_series(1, ${PRODUCTS}) g`;
  await tx`
    create temporary table bench_products on commit drop as
    select row_number() over (order by id) - 1 as n, id, price_cents from products`;
  await tx`
    insert into orders (id, product_id, customer_email, quantity, unit_price_cents, status, hold_expires_at, created_at, confirmed_at, released_at)
    select gen_random_uuid(), p.id, 'bench-' || g || '@example.com', q, p.price_cents, s,
           case when s = 'pending' then now() + interval '90 seconds' else t + interval '120 seconds' end,
           t,
           case when s = 'confirmed' then t + interval '30 seconds' end,
           case when s = 'expired' then t + interval '121 seconds' when s = 'cancelled' then t + interval '20 seconds' end
      from generate_series(1, ${ORDERS}) g
      cross join lateral (select
             now() - interval '24 hours' + (g::float8 / ${ORDERS}) * interval '23 hours 55 minutes' as t,
             1 + g % 3 as q,
             case when g > ${ORDERS} * 0.99 then 'pending'
                  when g % 100 < 40 then 'confirmed'
                  when g % 100 < 85 then 'expired'
                  else 'cancelled' end as s) x
      join bench_products p on p.n = g % ${PRODUCTS}`;
  await tx`
    insert into inventory_events (product_id, order_id, type, delta, reason, created_at)
    select product_id, id, 'hold_created', -quantity, null, created_at from orders
    union all
    select product_id, id, 'order_confirmed', 0, null, confirmed_at from orders where status = 'confirmed'
    union all
    select product_id, id, 'hold_released', quantity, status, released_at from orders where status in ('expired', 'cancelled')`;
  await tx`
    insert into customer_allocations (product_id, mailbox, quantity)
    select product_id, canonical_mailbox(customer_email), sum(quantity) from orders where status in ('pending', 'confirmed') group by 1, 2`;
  const [{ n } = { n: 0 }] = await tx<{ n: number }[]>`select count(*)::int as n from inventory_events`;
  const restocks = Math.max(PRODUCTS, EVENTS - n);
  await tx`
    insert into inventory_events (product_id, type, delta, metadata, created_at)
    select p.id, 'stock_added', 1 + g % 5, '{"source": "bench"}'::jsonb,
           now() - interval '24 hours' - interval '1 minute' + (g::float8 / ${restocks}) * interval '23 hours 55 minutes'
      from generate_series(1, ${restocks}) g join bench_products p on p.n = g % ${PRODUCTS}`;
  await tx`
    update products p set total_stock = l.added, available = l.ledger
      from (select product_id, sum(delta) filter (where type = 'stock_added') as added, sum(delta) as ledger
              from inventory_events group by product_id) l
     where l.product_id = p.id`;
  await tx`
    insert into stock_rejections (product_id, minute, reason, attempts, units)
    select p.id, date_trunc('minute', now()) - g * interval '1 minute', 'insufficient_stock', 1 + (g * 7) % 40, 2 + (g * 7) % 40
      from generate_series(0, 1439) g cross join bench_products p`;
});
await sql.unsafe("vacuum analyze");
const [counts] = await sql<{ orders: number; events: number }[]>`
  select (select count(*) from orders)::int as orders, (select count(*) from inventory_events)::int as events`;
await sql.end();
console.log(
  `filled ${counts!.orders.toLocaleString("en-US")} orders and ${counts!.events.toLocaleString("en-US")} ledger events in ${seconds(started)} s`,
);

process.env.DATABASE_URL = url;
const { getMetrics } = await import("../lib/admin/metrics");
const { reconcile } = await import("../lib/inventory/reconcile");
const { closeDb } = await import("../lib/db");

started = performance.now();
const checked = await reconcile();
console.log(
  `reconcile: ${checked.ok ? "ok" : "BREACH"} for ${checked.products.length} products (${seconds(started)} s)`,
);

started = performance.now();
await getMetrics();
console.log(`first getMetrics (cold, builds what it caches): ${(performance.now() - started).toFixed(1)} ms`);

const timings: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  await getMetrics();
  timings.push(performance.now() - t);
}
timings.sort((a, b) => a - b);
const pick = (q: number) => timings[Math.min(timings.length - 1, Math.ceil(q * timings.length) - 1)]!;
console.log(
  `getMetrics warm, ${RUNS} runs: median ${pick(0.5).toFixed(1)} ms, p95 ${pick(0.95).toFixed(1)} ms, min ${timings[0]!.toFixed(1)} ms, max ${timings.at(-1)!.toFixed(1)} ms`,
);
await closeDb();
await server?.stop();
if (!checked.ok) process.exit(1);
