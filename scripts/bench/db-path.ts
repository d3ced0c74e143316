// The database path of the benchmark: one hot product, reservations driven without HTTP by
// closed-loop callers. The ways to reserve, measured on the same database in the same run:
//   ours         the hold command from lib/ at production settings: rate limits on, each request
//                its own shopper and client address, an Idempotency-Key on every hold (plain read,
//                then the per-product hold queue: one place_holds statement per batch, on the app's
//                pool of DATABASE_POOL_SIZE)
//   ours, limits off  the same without rate limits and without keys, for comparison
//   one-statement the raw conditional decrement, order and ledger insert in one statement, one
//                connection per caller
//   pessimistic  BEGIN; SELECT ... FOR UPDATE; UPDATE; INSERT order; INSERT event; COMMIT, one
//                connection per caller (what many flash-sale projects do)
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { measure, type Measurement, type Outcome } from "./measure";

export type Pattern = "ours" | "ours-limits-off" | "one-statement" | "pessimistic";

const BIG_STOCK = 1_000_000;

type Lib = {
  placeHold: typeof import("../../lib/inventory/place-hold").placeHold;
  placeHoldOnce: typeof import("../../lib/orders/idempotent-commands").placeHoldOnce;
  reloadEnv: typeof import("../../lib/env").reloadEnv;
  createProduct: typeof import("../../lib/products/create-product").createProduct;
  DomainError: typeof import("../../lib/errors").DomainError;
  /** The seeded admin, who creates the bench's products. */
  admin: import("../../lib/users/authorize").AdminActor;
};

/** lib/ reads DATABASE_URL once: import it only after the bench database is chosen. Like an app
 *  process, the bench listens for stock changes (the stock hub), which the hold path relies on. */
export async function loadLib(): Promise<Lib & { stop: () => Promise<void> }> {
  const [
    { placeHold },
    { placeHoldOnce },
    { reloadEnv },
    { createProduct },
    { DomainError },
    { stockHub },
    { ensureAdmin },
  ] = await Promise.all([
    import("../../lib/inventory/place-hold"),
    import("../../lib/orders/idempotent-commands"),
    import("../../lib/env"),
    import("../../lib/products/create-product"),
    import("../../lib/errors"),
    import("../../lib/live/stock-hub"),
    import("../../lib/users/ensure-admin"),
  ]);
  const admin = (await ensureAdmin())?.actor;
  if (!admin) throw new Error("No admin account to create the bench's products: set ADMIN_PASSWORD.");
  await stockHub().start();
  return {
    placeHold,
    placeHoldOnce,
    reloadEnv,
    createProduct,
    DomainError,
    admin,
    stop: () => stockHub().stop(),
  };
}

export async function hotProduct(lib: Lib, label: string, stock = BIG_STOCK, maxPerCustomer = 5): Promise<string> {
  const now = Date.now();
  const product = await lib.createProduct(
    {
      name: `Bench ${label}`,
      priceCents: 1_999,
      initialStock: stock,
      maxPerCustomer,
      saleStartsAt: new Date(now - 60_000).toISOString(),
      saleEndsAt: new Date(now + 3_600_000).toISOString(),
    },
    lib.admin,
  );
  return product.id;
}

/** Switches the hold rate limits on or off for the commands that follow. */
export function setRateLimits(lib: Lib, on: boolean) {
  process.env.RATE_LIMITS = on ? "on" : "off";
  lib.reloadEnv();
}

/** A distinct client address for every request of a run (10.0.0.0/8). */
const clientIp = (caller: number, n: number) => {
  const i = caller * 65_536 + n;
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
};

/** At production settings (limits on, a key per hold, each request its own shopper and address), or
 *  limits off and no key. */
function ourAttempt(lib: Lib, productId: string, tag: string, production: boolean) {
  setRateLimits(lib, production);
  return async (caller: number, n: number): Promise<Outcome> => {
    const input = { productId, quantity: 1, email: `${tag}-${caller}-${n}@bench.test` };
    try {
      if (production)
        await lib.placeHoldOnce(input, { kind: "guest" }, randomUUID(), { clientIp: clientIp(caller, n) });
      else await lib.placeHold(input, { kind: "guest" });
      return "ok";
    } catch (error) {
      if (error instanceof lib.DomainError && error.code === "insufficient_stock") return "refused";
      throw error;
    }
  };
}

/** One connection per caller, opened before the clock starts. */
async function connections(url: string, callers: number) {
  // A statement timeout ends the stragglers of a collapsed pattern soon after its window closes.
  const sql = postgres(url, {
    max: callers,
    onnotice: () => {},
    idle_timeout: 5,
    connect_timeout: 60,
    connection: { application_name: "flash-sale-bench", statement_timeout: 10_000 },
  });
  await Promise.all(Array.from({ length: callers }, () => sql`select pg_sleep(0.05)`));
  return sql;
}

function oneStatement(sql: postgres.Sql, productId: string, tag: string) {
  return async (caller: number, n: number): Promise<Outcome> => {
    const rows = await sql`
      with d as (
        update products set available = available - 1, updated_at = now()
         where id = ${productId} and available >= 1 and now() >= sale_starts_at and now() < sale_ends_at
        returning id, price_cents
      ), o as (
        insert into orders (product_id, customer_email, quantity, unit_price_cents, hold_expires_at)
        select id, ${`${tag}-${caller}-${n}@bench.test`}, 1, price_cents, now() + interval '120 seconds' from d
        returning id, product_id
      )
      insert into inventory_events (product_id, order_id, type, delta)
      select product_id, id, 'hold_created', -1 from o
      returning order_id`;
    return rows.length === 1 ? "ok" : "refused";
  };
}

function pessimistic(sql: postgres.Sql, productId: string, tag: string) {
  return async (caller: number, n: number): Promise<Outcome> =>
    (await sql.begin(async (tx) => {
      const [p] = await tx<{ available: number; price_cents: number }[]>`
        select available, price_cents from products
         where id = ${productId} and now() >= sale_starts_at and now() < sale_ends_at for update`;
      if (!p || p.available < 1) return "refused";
      await tx`update products set available = available - 1, updated_at = now() where id = ${productId}`;
      const [order] = await tx<{ id: string }[]>`
        insert into orders (product_id, customer_email, quantity, unit_price_cents, hold_expires_at)
        values (${productId}, ${`${tag}-${caller}-${n}@bench.test`}, 1, ${p.price_cents}, now() + interval '120 seconds')
        returning id`;
      await tx`insert into inventory_events (product_id, order_id, type, delta) values (${productId}, ${order!.id}, 'hold_created', -1)`;
      return "ok";
    })) as Outcome;
}

/** Successful reservations per second on one hot product with stock that never runs out. */
export async function measurePattern(
  lib: Lib,
  url: string,
  pattern: Pattern,
  callers: number,
  seconds: number,
): Promise<Measurement> {
  const tag = `${pattern}-${callers}`;
  const productId = await hotProduct(lib, tag);
  if (pattern === "ours" || pattern === "ours-limits-off")
    return measure(callers, seconds, ourAttempt(lib, productId, tag, pattern === "ours"));
  const sql = await connections(url, callers);
  try {
    return await measure(
      callers,
      seconds,
      pattern === "one-statement" ? oneStatement(sql, productId, tag) : pessimistic(sql, productId, tag),
    );
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Refusals per second on a live product with no stock left. */
export async function measureSoldOut(
  lib: Lib,
  url: string,
  pattern: "ours" | "one-statement",
  callers: number,
  seconds: number,
) {
  const productId = await hotProduct(lib, `sold-out-${pattern}-${callers}`, 0);
  if (pattern === "ours") return measure(callers, seconds, ourAttempt(lib, productId, "sold-out", true));
  const sql = await connections(url, callers);
  try {
    return await measure(callers, seconds, oneStatement(sql, productId, "sold-out"));
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export type SellOut = {
  productId: string;
  stock: number;
  callers: number;
  shoppers: number;
  seconds: number;
  held: number;
  limitRefusals: number;
  soldOutRefusals: number;
  /** Holds per second until the last unit went. */
  rate: number;
};

/** A hot product sold to the last unit by `callers` loops of shoppers who come back (limit 2),
 *  timed from the first attempt to the last unit held. Each loop stops at its first sold-out answer. */
export async function sellOut(lib: Lib, stock: number, callers: number): Promise<SellOut> {
  const maxPerCustomer = 2;
  // Enough shoppers to buy it all at two each, drawn at random so some come back a third time.
  const shoppers = Math.ceil(stock * 0.55);
  const productId = await hotProduct(lib, `sell-out-${callers}`, stock, maxPerCustomer);
  // Shoppers come back again and again: the per-shopper rate limit would refuse them first.
  setRateLimits(lib, false);
  let held = 0;
  let limitRefusals = 0;
  let soldOutRefusals = 0;
  let lastHeldAt = 0;
  const started = performance.now();
  const loop = async () => {
    for (;;) {
      const shopper = Math.floor(Math.random() * shoppers);
      try {
        await lib.placeHold({ productId, quantity: 1, email: `shopper-${shopper}@sell-out.test` }, { kind: "guest" });
        held++;
        lastHeldAt = performance.now();
      } catch (error) {
        if (!(error instanceof lib.DomainError)) throw error;
        if (error.code === "limit_exceeded") limitRefusals++;
        else if (error.code === "insufficient_stock") {
          soldOutRefusals++;
          return;
        } else throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: callers }, loop));
  const seconds = (lastHeldAt - started) / 1_000;
  return { productId, stock, callers, shoppers, seconds, held, limitRefusals, soldOutRefusals, rate: held / seconds };
}

/** What an Idempotency-Key costs on disk: idempotency_keys with its indexes (and TOAST) ÷ its rows. */
export async function bytesPerKey(url: string): Promise<{ keys: number; bytes: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`vacuum analyze idempotency_keys`;
    const [row] = await sql<{ keys: number; bytes: number }[]>`
      select (select count(*)::int from idempotency_keys) as keys,
             pg_total_relation_size('idempotency_keys')::float8 as bytes`;
    return { keys: row!.keys, bytes: row!.keys > 0 ? row!.bytes / row!.keys : 0 };
  } finally {
    await sql.end();
  }
}
