// An app process behind PgBouncer for tests/pgbouncer.test.ts. The test sets its environment
// (DATABASE_URL on PgBouncer in transaction mode, DATABASE_POOL_MODE=transaction,
// DATABASE_DIRECT_URL on PostgreSQL itself); it runs one scenario with the app's own lib/ code and
// prints what happened as JSON.
//   start                   prepareDatabase, as next start does before it serves
//   holds <ids> <n>         n holds, spread over the comma-separated products: one each, then the rest at once
//   lifecycle <productId>   hold + confirm, hold + cancel (with Idempotency-Keys), two holds left
//                           to expire and released by release_expired_holds and the sweeper
//   stream <productId> <n>  the stock stream, then n holds: when does the stream show them?
//   hold <productId>        one hold, timed
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { GUEST } from "@/lib/actor";
import { closeDb } from "@/lib/db";
import { toDomainError } from "@/lib/errors";
import { placeHold } from "@/lib/inventory/place-hold";
import { releaseExpiredHolds, sweepExpiredHolds } from "@/lib/inventory/expiry";
import { openStockStream } from "@/lib/live/open-stock-stream";
import type { StockEvent } from "@/lib/live/stock-event";
import { stockHub } from "@/lib/live/stock-hub";
import { cancelOrderOnce, confirmOrderOnce, placeHoldOnce } from "@/lib/orders/idempotent-commands";
import type { Order } from "@/lib/orders/schemas";
import { prepareDatabase } from "@/lib/startup";
import { SseReader } from "./sse";

const [scenario, productId = "", count = "1"] = process.argv.slice(2);
// A statement that never comes back (a pooler mixing up sessions) fails the scenario, not the suite.
setTimeout(() => {
  console.error(`${scenario}: no answer within 30 s`);
  process.exit(3);
}, 30_000).unref();
const email = () => `pooled-${randomUUID().slice(0, 12)}@example.com`;
// The code the API would answer with (a lock timeout is service_unavailable: 503); anything else as it is.
const codeOf = (error: unknown) => {
  const code = toDomainError(error).code;
  return code === "internal_error" ? String(error) : code;
};
const hold = () => placeHold({ productId, quantity: 1, email: email() }, GUEST);
const heldOnce = async () =>
  (await placeHoldOnce({ productId, quantity: 1, email: email() }, GUEST, randomUUID())).body as { order: Order };

async function holds() {
  const products = productId.split(",");
  const holdOn = (i: number) =>
    placeHold({ productId: products[i % products.length]!, quantity: 1, email: email() }, GUEST);
  const wave = (n: number, offset = 0) => Promise.allSettled(Array.from({ length: n }, (_, i) => holdOn(offset + i)));
  // A first few, then the burst: the burst meets connections that have run these statements before.
  const first = Math.min(products.length, Number(count));
  const results = [...(await wave(first)), ...(await wave(Number(count) - first, first))];
  const tally: Record<string, number> = {};
  for (const r of results) {
    const key = r.status === "fulfilled" ? "held" : codeOf(r.reason);
    tally[key] = (tally[key] ?? 0) + 1;
  }
  return tally;
}

async function lifecycle() {
  const { order: confirmMe } = await heldOnce();
  const confirmed = await confirmOrderOnce(confirmMe.id, GUEST, randomUUID());
  const { order: cancelMe } = await heldOnce();
  const cancelled = await cancelOrderOnce(cancelMe.id, GUEST, randomUUID());
  const expiring = [await hold(), await hold()];
  const expiresAt = Math.max(...expiring.map((o) => Date.parse(o.holdExpiresAt)));
  await sleep(expiresAt - Date.now() + 100);
  const released = await releaseExpiredHolds({ productId });
  const sweep = await sweepExpiredHolds();
  const lateConfirm = await confirmOrderOnce(expiring[0]!.id, GUEST, randomUUID()).then(
    (r) => r.status,
    (error) => codeOf(error),
  );
  return {
    confirmed: (confirmed.body as { order: Order }).order.status,
    cancelled: (cancelled.body as { order: Order }).order.status,
    released,
    sweepSkipped: sweep.skipped,
    lateConfirm,
  };
}

async function stream() {
  const abort = new AbortController();
  const reader = new SseReader(await openStockStream(abort.signal));
  const latest = () => reader.events<StockEvent>("stock", (e) => e.productId === productId).at(-1)?.data.available;
  try {
    await reader.until(() => latest() !== undefined, 5_000, "the product's first event");
    const before = latest()!;
    const results = await Promise.allSettled(Array.from({ length: Number(count) }, hold));
    const held = results.filter((r) => r.status === "fulfilled").length;
    const committed = Date.now();
    await reader.until(() => latest() === before - held, 5_000, "the holds' stock").catch(() => {});
    const after = before - held;
    const shown = reader.events<StockEvent>("stock", (e) => e.productId === productId && e.available === after).at(0);
    const shownAfterMs = shown ? shown.at - committed : null;
    return { before, held, after: latest(), shownAfterMs, listens: stockHub().listens };
  } finally {
    abort.abort();
    await stockHub().stop();
  }
}

async function timedHold() {
  const started = performance.now();
  const outcome = await hold().then(
    () => "held",
    (error) => codeOf(error),
  );
  return { outcome, ms: Math.round(performance.now() - started) };
}

async function start() {
  try {
    await prepareDatabase(() => {});
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

const scenarios: Record<string, () => Promise<unknown>> = { start, holds, lifecycle, stream, hold: timedHold };
const run = scenarios[scenario!];
if (!run) throw new Error(`unknown scenario ${scenario}`);
const result = await run();
await closeDb();
console.log(JSON.stringify(result));
