// Live stock: commits notify, each process's one LISTEN connection hears them, and its stream
// sends them to browsers as Server-Sent Events: current stock first, changes from other processes
// within a second, bursts coalesced to the latest value, heartbeats, nothing left behind by a
// client that leaves, and no change lost when the LISTEN connection drops. At scale: one write per
// client per tick, the same bytes for every client, a client that does not read skipped to the
// latest stock, and a fan-out that never holds up an answer.
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { openStockStream } from "@/lib/live/open-stock-stream";
import type { StockEvent } from "@/lib/live/stock-event";
import { FAN_OUT_SLICE, stockHub } from "@/lib/live/stock-hub";
import { env } from "@/lib/env";
import { restockProduct } from "@/lib/products/restock-product";
import { setSaleState } from "@/lib/products/set-sale-state";
import { trustedProduct } from "@/lib/inventory/product-reads";
import { adminActor, createLiveProduct, createProductWithWindow, holdAsGuest } from "./helpers/fixtures";
import { runWorker } from "./helpers/processes";
import { SseReader } from "./helpers/sse";

async function open(options: { heartbeatMs?: number } = {}) {
  const abort = new AbortController();
  const reader = new SseReader(await openStockStream(abort.signal, options));
  return { reader, close: () => abort.abort() };
}

const stockOf = (reader: SseReader, productId: string) =>
  reader.events<StockEvent>("stock", (e) => e.productId === productId);
const latest = (reader: SseReader, productId: string) => stockOf(reader, productId).at(-1)?.data;

afterAll(async () => {
  await stockHub().stop();
});

describe("sold out from memory", () => {
  it("answers sold out without a read only until a change is heard: a restock sells at once", async () => {
    await stockHub().start();
    const admin = await adminActor();
    const product = await createLiveProduct({ stock: 1 });
    await holdAsGuest(product.id);
    // Once the hold's own notification has been heard, a refusal's read is trusted for the next.
    const refuseAndLook = async () => {
      const code = await holdAsGuest(product.id).then(
        () => "held",
        (e: { code: string }) => e.code,
      );
      return `${code}, trusted available ${trustedProduct(product.id)?.available}`;
    };
    await expect.poll(refuseAndLook, { timeout: 2_000 }).toBe("insufficient_stock, trusted available 0");

    await restockProduct(product.id, { quantity: 1 }, admin);
    // The restock's notification reaches this process's LISTEN connection and ends the trust.
    await expect.poll(() => trustedProduct(product.id), { timeout: 2_000 }).toBeUndefined();
    expect((await holdAsGuest(product.id)).status).toBe("pending");
    await expect(holdAsGuest(product.id)).rejects.toMatchObject({ code: "insufficient_stock" });
  });

  it("trusts nothing while the hub is not listening", async () => {
    const product = await createLiveProduct({ stock: 0 });
    await stockHub().stop();
    await expect(holdAsGuest(product.id)).rejects.toMatchObject({ code: "insufficient_stock" });
    expect(trustedProduct(product.id)).toBeUndefined();
  });
});

describe("the stock stream", () => {
  it("starts with the current stock and status of every product", async () => {
    const live = await createLiveProduct({ stock: 7 });
    await holdAsGuest(live.id, 2);
    const scheduled = await createProductWithWindow(30, 60, 4);
    const ended = await createProductWithWindow(-60, -1, 4);
    const soldOut = await createLiveProduct({ stock: 1 });
    await holdAsGuest(soldOut.id);

    const { reader, close } = await open();
    try {
      await reader.until(
        () => [live, scheduled, ended, soldOut].every((p) => latest(reader, p.id)),
        2_000,
        "the first events",
      );
      expect(latest(reader, live.id)).toEqual({ productId: live.id, available: 5, status: "live" });
      expect(latest(reader, scheduled.id)).toEqual({ productId: scheduled.id, available: 4, status: "scheduled" });
      expect(latest(reader, ended.id)).toEqual({ productId: ended.id, available: 4, status: "ended" });
      expect(latest(reader, soldOut.id)).toEqual({ productId: soldOut.id, available: 0, status: "sold_out" });
      const [row] = await db().execute<{ count: number }>(sql`select count(*)::int as count from products`);
      expect(new Set(reader.events<StockEvent>("stock").map((e) => e.data.productId)).size).toBe(row!.count);
    } finally {
      close();
    }
  });

  it("shows a hold placed by another app process within a second", async () => {
    const product = await createLiveProduct({ stock: 10 });
    const { reader, close } = await open();
    try {
      await reader.until(() => latest(reader, product.id)?.available === 10, 2_000, "the product's first event");
      const tally = await runWorker<Record<string, number>>("hold-worker.ts", [product.id, "3", "stream"], {
        DATABASE_URL: inject("databaseUrl"),
      });
      expect(tally).toEqual({ held: 3 });
      const done = Date.now();
      await reader.until(() => latest(reader, product.id)?.available === 7, 1_000, "the other process's holds");
      expect(stockOf(reader, product.id).find((e) => e.data.available === 7)!.at - done).toBeLessThan(1_000);
    } finally {
      close();
    }
  });

  it("coalesces a burst to at most one event per product per window, ending on the latest stock", async () => {
    const product = await createLiveProduct({ stock: 40 });
    const { reader, close } = await open();
    try {
      await reader.until(() => latest(reader, product.id)?.available === 40, 2_000, "the first event");
      for (let i = 0; i < 30; i++) await holdAsGuest(product.id);
      await reader.until(() => latest(reader, product.id)?.available === 10, 2_000, "the latest stock");
      const events = stockOf(reader, product.id).slice(1);
      expect(events.length).toBeLessThan(30);
      for (let i = 1; i < events.length; i++)
        expect(events[i]!.at - events[i - 1]!.at).toBeGreaterThanOrEqual(env().STREAM_TICK_MS - 20);
      expect(events.map((e) => e.data.available)).toEqual(
        [...events.map((e) => e.data.available)].sort((a, b) => b - a),
      );
    } finally {
      close();
    }
  });

  it("sends status changes when an admin opens and closes a sale", async () => {
    const product = await createProductWithWindow(30, 60, 3);
    const admin = await adminActor();
    const { reader, close } = await open();
    try {
      await reader.until(() => latest(reader, product.id)?.status === "scheduled", 2_000, "scheduled");
      await setSaleState(product.id, { action: "open" }, admin);
      await reader.until(() => latest(reader, product.id)?.status === "live", 2_000, "live");
      await setSaleState(product.id, { action: "close" }, admin);
      await reader.until(() => latest(reader, product.id)?.status === "ended", 2_000, "ended");
    } finally {
      close();
    }
  });

  it("sends heartbeats as comment lines", async () => {
    const { reader, close } = await open({ heartbeatMs: 50 });
    try {
      await reader.until(
        () => reader.messages.filter((m) => "comment" in m && m.comment === "heartbeat").length >= 2,
        2_000,
        "heartbeats",
      );
    } finally {
      close();
    }
  });

  it("leaves no subscriber behind when a client disconnects", async () => {
    const hub = stockHub();
    const { close: keep } = await open();
    const before = hub.subscriberCount;
    const clients = await Promise.all(Array.from({ length: 20 }, () => open()));
    expect(hub.subscriberCount).toBe(before + 20);
    for (const client of clients) client.close();
    await Promise.all(clients.map((c) => c.reader.finished()));
    expect(clients.every((c) => c.reader.done)).toBe(true);
    expect(hub.subscriberCount).toBe(before);
    keep();
    expect(hub.subscriberCount).toBe(before - 1);
  });

  it("re-listens after losing its connection and sends what changed meanwhile", async () => {
    const product = await createLiveProduct({ stock: 10 });
    const hub = stockHub();
    const { reader, close } = await open();
    try {
      await reader.until(() => latest(reader, product.id)?.available === 10, 2_000, "the first event");
      const listensBefore = hub.listens;
      const terminated = await db().execute<{ ok: boolean }>(sql`
        select pg_terminate_backend(pid) as ok from pg_stat_activity
         where application_name = 'flash-sale-live' and datname = current_database() and pid <> pg_backend_pid()`);
      expect(terminated.length).toBeGreaterThan(0);
      await holdAsGuest(product.id, 4);
      await reader.until(
        () => latest(reader, product.id)?.available === 6,
        15_000,
        "the change made while disconnected",
      );
      await reader.until(() => hub.listens > listensBefore, 15_000, "the LISTEN to be re-established");
      await holdAsGuest(product.id, 1);
      await reader.until(() => latest(reader, product.id)?.available === 5, 2_000, "a change after re-listening");
    } finally {
      close();
    }
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The stock events one write carries, in order. */
function stockEventsIn(bytes: Uint8Array): StockEvent[] {
  return new TextDecoder()
    .decode(bytes)
    .split("\n\n")
    .filter((block) => block.startsWith("event: stock\n"))
    .map((block) => JSON.parse(block.slice(block.indexOf("data: ") + 6)) as StockEvent);
}

describe("the fan-out", () => {
  it("writes each tick once per client, the same bytes to every client, with the latest stock of each product", async () => {
    const tick = env().STREAM_TICK_MS;
    const products = await Promise.all([1, 2, 3].map(() => createLiveProduct({ stock: 50 })));
    const clients = await Promise.all(Array.from({ length: 5 }, () => open()));
    try {
      const showing = (reader: SseReader, available: number) =>
        products.every((p) => latest(reader, p.id)?.available === available);
      for (const { reader } of clients) await reader.until(() => showing(reader, 50), 2_000, "the first events");
      const from = clients.map((c) => c.reader.chunks.length);
      const started = Date.now();
      await Promise.all(products.flatMap((p) => Array.from({ length: 10 }, () => holdAsGuest(p.id))));
      for (const { reader } of clients) await reader.until(() => showing(reader, 40), 3_000, "the latest stock");
      const writes = clients.map((c, i) => c.reader.chunks.slice(from[i]));

      // Encoded once: every client received the very same Uint8Array objects.
      for (const w of writes) {
        expect(w.length).toBe(writes[0]!.length);
        for (const [i, chunk] of w.entries()) expect(chunk.bytes).toBe(writes[0]![i]!.bytes);
      }
      // Coalesced: 30 changes in fewer writes, a tick apart, each with one event per product at most.
      const ticks = writes[0]!;
      expect(ticks.length).toBeLessThan(30);
      expect(ticks.length).toBeLessThanOrEqual(Math.ceil((ticks.at(-1)!.at - started) / tick) + 1);
      for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.at - ticks[i - 1]!.at).toBeGreaterThanOrEqual(tick - 20);
      for (const { bytes } of ticks) {
        const ids = stockEventsIn(bytes).map((e) => e.productId);
        expect(new Set(ids).size).toBe(ids.length);
      }
      // Every product's latest stock arrived, in a write of its own or shared with the others.
      const last = new Map(ticks.flatMap(({ bytes }) => stockEventsIn(bytes)).map((e) => [e.productId, e.available]));
      for (const p of products) expect(last.get(p.id)).toBe(40);
    } finally {
      for (const c of clients) c.close();
    }
  });

  it("skips a client that does not read to the latest stock, and holds nobody else up", async () => {
    const tick = env().STREAM_TICK_MS;
    const product = await createLiveProduct({ stock: 100 });
    const { reader, close } = await open();
    const stalledAbort = new AbortController();
    try {
      await reader.until(() => latest(reader, product.id)?.available === 100, 2_000, "the first event");
      const stalled = await openStockStream(stalledAbort.signal);
      for (let i = 1; i <= 6; i++) {
        await holdAsGuest(product.id);
        await reader.until(() => latest(reader, product.id)?.available === 100 - i, 2_000, `change ${i}`);
        await sleep(tick);
      }
      expect(stockOf(reader, product.id).map((e) => e.data.available)).toEqual([100, 99, 98, 97, 96, 95, 94]);

      // Nothing piled up for the client that read nothing: reading now, it gets the stock it was
      // sent first, then the current stock, and nothing in between.
      const late = new SseReader(stalled);
      await late.until(() => latest(late, product.id)?.available === 94, 2_000, "the current stock");
      expect(stockOf(late, product.id).map((e) => e.data.available)).toEqual([100, 94]);
      expect(late.chunks.length).toBeLessThanOrEqual(3);
    } finally {
      close();
      stalledAbort.abort();
    }
  });

  it("yields to the event loop while it writes: a hold answers in the middle of a long fan-out", async () => {
    const product = await createLiveProduct({ stock: 10 });
    const hub = stockHub();
    // 4,000 subscribers that each take 0.5 ms: a fan-out of 2 s.
    let reached = 0;
    let firstEnded = Infinity;
    // Between two turns of the event loop (the probe's setImmediate ran), how many subscribers were written to.
    let sinceYield = 0;
    let mostWithoutYield = 0;
    const slow = () => {
      const now = performance.now();
      if (++reached === 4_000) firstEnded = now;
      mostWithoutYield = Math.max(mostWithoutYield, ++sinceYield);
      while (performance.now() - now < 0.5);
    };
    const subscriptions = await Promise.all(Array.from({ length: 4_000 }, () => hub.subscribe(() => slow())));
    let probing = true;
    const probe = () => {
      sinceYield = 0;
      if (probing) setImmediate(probe);
    };
    probe();
    try {
      await holdAsGuest(product.id);
      await expect.poll(() => reached, { interval: 1, timeout: 2_000 }).toBeGreaterThan(0);
      await holdAsGuest(product.id);
      const answered = performance.now();
      await expect.poll(() => reached, { timeout: 20_000 }).toBeGreaterThanOrEqual(4_000);
      expect(answered).toBeLessThan(firstEnded);
      expect(mostWithoutYield).toBeLessThanOrEqual(FAN_OUT_SLICE);
    } finally {
      probing = false;
      for (const s of subscriptions) s.unsubscribe();
    }
  });
});

describe("streams per client address", () => {
  it("caps them with 429 in the error shape, and frees a place when one closes", async () => {
    const cap = (await import("@/lib/env")).env().STREAMS_PER_IP;
    const streams = await Promise.all(
      Array.from({ length: cap }, async () => {
        const abort = new AbortController();
        await openStockStream(abort.signal, { clientIp: "198.51.100.250" });
        return abort;
      }),
    );
    const stream = await import("@/app/api/stream/route");
    const request = (ip: string) =>
      stream.GET(new Request("http://localhost/api/stream", { headers: { "x-forwarded-for": ip } }), {
        params: Promise.resolve({}),
      });
    const refused = await request("198.51.100.250");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect((await refused.json()).error.code).toBe("rate_limited");

    const other = await request("198.51.100.251");
    expect(other.status).toBe(200);
    await other.body?.cancel();

    streams[0]!.abort();
    const again = await request("198.51.100.250");
    expect(again.status).toBe(200);
    await again.body?.cancel();
    for (const abort of streams) abort.abort();
  });
});
