// The waiting room: joining (one ticket per shopper, also under thousands of concurrent joins over
// separate connections), the draw (hash order, the commitment, uniform first places), admissions
// (never past the rate or the stock; lapses; closing; pause), and holds that need an admitted ticket.
import { createHash, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import * as adminQueue from "@/app/api/admin/products/[id]/queue/route";
import * as holds from "@/app/api/holds/route";
import * as draw from "@/app/api/products/[id]/draw/route";
import * as queue from "@/app/api/products/[id]/queue/route";
import * as ticketRoute from "@/app/api/queue/[ticketId]/route";
import { GUEST } from "@/lib/actor";
import { db } from "@/lib/db";
import type { DomainError } from "@/lib/errors";
import { placeHold } from "@/lib/inventory/place-hold";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { confirmOrder } from "@/lib/orders/confirm-order";
import { createProduct } from "@/lib/products/create-product";
import { setSaleState } from "@/lib/products/set-sale-state";
import { joinQueue } from "@/lib/queue/join-queue";
import { getDraw, getTicket } from "@/lib/queue/queries";
import { adminActor, createLiveProduct, endPendingHolds, guestEmail } from "./helpers/fixtures";
import { runWorker } from "./helpers/processes";
import { call } from "./helpers/routes";
import { sessionCookie } from "./helpers/sessions";

const sha256hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const secondsFromNow = (n: number) => new Date(Date.now() + n * 1_000).toISOString();
const BASE = "http://localhost/api";

type QueueOptions = {
  stock?: number;
  startsIn?: number;
  opensIn?: number;
  admitPerMinute?: number;
  admissionTtlSeconds?: number;
  maxPerCustomer?: number;
};

/** A product with a waiting room; by default open now, its sale starting in ten minutes. */
async function queueProduct(o: QueueOptions = {}) {
  const startsIn = o.startsIn ?? 600;
  return createProduct(
    {
      name: `Queued drop ${randomUUID().slice(0, 8)}`,
      priceCents: 2_000,
      initialStock: o.stock ?? 10,
      maxPerCustomer: o.maxPerCustomer ?? 1,
      saleStartsAt: secondsFromNow(startsIn),
      saleEndsAt: secondsFromNow(startsIn + 3_600),
      admission: "queue",
      queueOpensAt: secondsFromNow(o.opensIn ?? -60),
      admitPerMinute: o.admitPerMinute ?? 60,
      admissionTtlSeconds: o.admissionTtlSeconds ?? 180,
    },
    await adminActor(),
  );
}

/** One tick of the product's waiting room, as the schedulers run it; returns how many it admitted. */
async function tick(productId: string): Promise<number> {
  const [row] = await db().execute<{ admitted: number }>(sql`select advance_queues(${productId}::uuid) as admitted`);
  return row!.admitted;
}

/** Moves the room's last tick (and, if later, its sale's start) `seconds` into the past: the next tick
 *  admits for that much time. */
async function rewindTick(productId: string, seconds: number) {
  const back = sql`now() - make_interval(secs => ${seconds})`;
  await db().execute(sql`update queues set ticked_at = ${back} where product_id = ${productId}`);
  await db().execute(sql`
    update products set sale_starts_at = least(sale_starts_at, ${back}), queue_opens_at = least(queue_opens_at, ${back})
     where id = ${productId}`);
}

async function startSale(productId: string) {
  await setSaleState(productId, { action: "open" }, await adminActor());
}

async function ticketRows(productId: string) {
  return db().execute<{ id: string; shopper: string; position: number | null; status: string; draw_key: string }>(
    sql`select id, shopper, position, status, draw_key from tickets where product_id = ${productId} order by position`,
  );
}

const join = async (productId: string, email: string) => (await joinQueue(productId, { email }, GUEST)).ticket;

/** Joins `count` shoppers, opens the sale and draws; returns their tickets by place. */
async function drawnQueue(productId: string, count: number) {
  for (let i = 0; i < count; i++) await join(productId, guestEmail(`entrant-${i}`));
  await startSale(productId);
  await tick(productId);
  return ticketRows(productId);
}

const post = (path: string, body: unknown, cookie?: string) =>
  new Request(`${BASE}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(cookie ? { cookie, origin: new URL(BASE).origin } : {}),
    },
    body: JSON.stringify(body),
  });
const get = (path: string) => new Request(`${BASE}${path}`);

describe("joining the waiting room", () => {
  it("gives 5,000 shoppers joining at once over separate connections one ticket each, and places 1..N after the draw", async () => {
    const product = await queueProduct({ stock: 100 });
    const workers = 4;
    const perWorker = 1_250;
    const email = (i: number) => `crowd-${product.id.slice(0, 8)}-${i}@example.com`;
    // Each worker joins its own 1,250 shoppers and, at the same time, 250 of the next worker's again,
    // typed in capitals: the same shoppers from another process.
    const results = await Promise.all(
      Array.from({ length: workers }, (_, w) => {
        const own = Array.from({ length: perWorker }, (_, i) => email(w * perWorker + i));
        const next = ((w + 1) % workers) * perWorker;
        const again = Array.from({ length: 250 }, (_, i) => email(next + i).toUpperCase());
        return runWorker<Record<string, { id: string; created: boolean } | string>>(
          "join-worker.ts",
          [product.id, JSON.stringify([...own, ...again])],
          { DATABASE_POOL_SIZE: "12" },
        );
      }),
    );
    const byShopper = new Map<string, Set<string>>();
    let created = 0;
    for (const tickets of results) {
      for (const [shopper, outcome] of Object.entries(tickets)) {
        expect(typeof outcome, `${shopper}: ${JSON.stringify(outcome)}`).toBe("object");
        const { id, created: isNew } = outcome as { id: string; created: boolean };
        if (isNew) created++;
        const ids = byShopper.get(shopper.toLowerCase()) ?? new Set();
        ids.add(id);
        byShopper.set(shopper.toLowerCase(), ids);
      }
    }
    expect(byShopper.size).toBe(5_000);
    for (const [shopper, ids] of byShopper) expect(ids.size, shopper).toBe(1);
    expect(created).toBe(5_000);

    const before = await ticketRows(product.id);
    expect(before).toHaveLength(5_000);
    expect(before.every((t) => t.position === null && t.status === "waiting")).toBe(true);

    await startSale(product.id);
    await tick(product.id);
    const after = await ticketRows(product.id);
    expect(after.map((t) => t.position)).toEqual(Array.from({ length: 5_000 }, (_, i) => i + 1));

    // The draw's order is the order of sha256hex(seed + ticketId), and the seed is the committed one.
    const published = await getDraw(product.id);
    expect(published.seed).not.toBeNull();
    expect(sha256hex(published.seed!)).toBe(published.commitment);
    const keys = after.map((t) => sha256hex(published.seed! + t.id));
    expect(published.entries).toEqual(keys);
    expect([...keys].sort()).toEqual(keys);
    expect(after.map((t) => t.draw_key)).toEqual(keys);
  }, 180_000);

  it("keeps the commitment public and the seed secret until the draw at the start", async () => {
    const product = await queueProduct({ startsIn: 600 });
    const ticket = await join(product.id, guestEmail());
    expect(ticket).toEqual({
      id: ticket.id,
      productId: product.id,
      status: "waiting",
      position: null,
      estimatedWaitSeconds: null,
      admittedUntil: null,
    });
    await tick(product.id);
    const before = await call(draw.GET, get(`/products/${product.id}/draw`), { id: product.id });
    expect(before.status).toBe(200);
    const { commitment, seed, entries } = await before.json();
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(seed).toBeNull();
    expect(entries).toEqual([]);

    // Reading the draw after the start makes it, if no scheduler has yet.
    await startSale(product.id);
    const after = await getDraw(product.id);
    expect(after.commitment).toBe(commitment);
    expect(sha256hex(after.seed!)).toBe(commitment);
    expect(after.entries).toEqual([sha256hex(after.seed! + ticket.id)]);
    expect((await getTicket(ticket.id, GUEST)).position).toBe(1);
  });

  it("answers 201 with a new ticket, then 200 with the same one for the same shopper, whatever the case", async () => {
    const product = await queueProduct();
    const email = guestEmail("twice");
    const first = await call(queue.POST, post(`/products/${product.id}/queue`, { email }), { id: product.id });
    expect(first.status).toBe(201);
    const { ticket } = await first.json();
    expect(first.headers.get("location")).toBe(`/api/queue/${ticket.id}`);
    const again = await call(queue.POST, post(`/products/${product.id}/queue`, { email: email.toUpperCase() }), {
      id: product.id,
    });
    expect(again.status).toBe(200);
    expect((await again.json()).ticket).toEqual(ticket);

    const read = await call(ticketRoute.GET, get(`/queue/${ticket.id}`), { ticketId: ticket.id });
    expect(read.status).toBe(200);
    expect((await read.json()).ticket).toEqual(ticket);
    const unknown = randomUUID();
    expect((await call(ticketRoute.GET, get(`/queue/${unknown}`), { ticketId: unknown })).status).toBe(404);
  });

  it("refuses joining before queueOpensAt with 409 queue_not_open, and a first-come product with 404", async () => {
    const later = await queueProduct({ opensIn: 300, startsIn: 600 });
    const early = await call(queue.POST, post(`/products/${later.id}/queue`, { email: guestEmail() }), {
      id: later.id,
    });
    expect(early.status).toBe(409);
    expect((await early.json()).error.code).toBe("queue_not_open");

    const firstCome = await createLiveProduct({ stock: 5 });
    const refused = await call(queue.POST, post(`/products/${firstCome.id}/queue`, { email: guestEmail() }), {
      id: firstCome.id,
    });
    expect(refused.status).toBe(404);
    expect((await refused.json()).error.code).toBe("not_found");
    const noDraw = await call(draw.GET, get(`/products/${firstCome.id}/draw`), { id: firstCome.id });
    expect(noDraw.status).toBe(404);
    const counts = await db().execute<{ n: number }>(sql`
      select count(*)::int as n from tickets where product_id in (${later.id}, ${firstCome.id})`);
    expect(counts[0]!.n).toBe(0);
  });

  it("puts shoppers who join after the start behind the pre-queue, in arrival order", async () => {
    const product = await queueProduct({ stock: 100, admitPerMinute: 1 });
    const early = await drawnQueue(product.id, 5);
    expect(early.map((t) => t.position)).toEqual([1, 2, 3, 4, 5]);
    const late = [];
    for (let i = 0; i < 5; i++) late.push(await join(product.id, guestEmail(`late-${i}`)));
    expect(late.map((t) => t.position)).toEqual([6, 7, 8, 9, 10]);
    // Concurrent late joiners still get distinct places without a gap.
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => join(product.id, guestEmail(`burst-${i}`))));
    expect(burst.map((t) => t.position).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 40 }, (_, i) => 11 + i));
    const rows = await ticketRows(product.id);
    expect(rows.filter((t) => t.draw_key !== null)).toHaveLength(5);
  });
});

describe("the draw", () => {
  it("gives every pre-queue entrant the same chance of first place (chi-square over 2,000 fixed seeds)", async () => {
    const product = await queueProduct();
    const entrants = 20;
    // Fixed ticket ids and fixed seeds: the outcome is the same on every run, so it cannot flake.
    const ids = Array.from({ length: entrants }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    await db().execute(sql`
      insert into tickets (id, product_id, shopper, joined_at)
      select id::uuid, ${product.id}, 'fixed-' || n || '@example.com', now() - interval '1 minute'
        from unnest(${`{${ids.join(",")}}`}::text[]) with ordinality as e(id, n)`);
    await startSale(product.id);
    // The first draw through the scheduler's tick: its order is the hash order, computed here on its own.
    await tick(product.id);
    const { seed: firstSeed } = await getDraw(product.id);
    const order = await ticketRows(product.id);
    const hashOrder = [...ids].sort((a, b) => (sha256hex(firstSeed! + a) < sha256hex(firstSeed! + b) ? -1 : 1));
    expect(order.map((t) => t.id)).toEqual(hashOrder);

    // Then the draw routine again and again, each time with the next fixed seed, in one round trip (a
    // commit after each draw, so the 20 rows do not pile up versions).
    const seeds = 2_000;
    const session = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
    let counts: { ticket_id: string; n: number }[];
    try {
      await session`set synchronous_commit = off`;
      await session`create temp table draw_firsts (ticket_id uuid)`;
      await session.unsafe(`do $$ begin for s in 0..${seeds - 1} loop
          update tickets set position = null, draw_key = null where product_id = '${product.id}';
          update queues set seed = 'fixed-seed-' || s, drawn_at = null, last_position = 0, serving = 0,
                            commitment = encode(sha256(convert_to('fixed-seed-' || s, 'UTF8')), 'hex')
           where product_id = '${product.id}';
          perform draw_queue('${product.id}');
          insert into draw_firsts select id from tickets where product_id = '${product.id}' and position = 1;
          commit;
        end loop; end $$`);
      counts = await session<{ ticket_id: string; n: number }[]>`
        select ticket_id, count(*)::int as n from draw_firsts group by ticket_id`;
    } finally {
      await session.end();
    }
    const firsts = new Map<string, number>(ids.map((id) => [id, 0]));
    for (const { ticket_id, n } of counts) firsts.set(ticket_id, n);
    expect([...firsts.values()].reduce((a, b) => a + b)).toBe(seeds);
    const expected = seeds / entrants;
    const chiSquare = [...firsts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    // 19 degrees of freedom: the 0.999 quantile of the chi-square distribution is 43.82.
    expect(chiSquare).toBeLessThan(43.82);
    expect(Math.min(...firsts.values())).toBeGreaterThan(0);
  }, 120_000);
});

describe("admissions", () => {
  it("admit pro rata to the time since the last tick, in place order, never past the rate", async () => {
    const product = await queueProduct({ stock: 1_000, admitPerMinute: 60 });
    await drawnQueue(product.id, 120);
    expect(await tick(product.id)).toBeLessThanOrEqual(1);
    await db().execute(sql`update tickets set status = 'waiting', admitted_at = null, admitted_until = null
      where product_id = ${product.id}`);
    await db().execute(sql`update queues set serving = 0, credit = 0 where product_id = ${product.id}`);
    await rewindTick(product.id, 30);
    expect(await tick(product.id)).toBe(30);
    const rows = await ticketRows(product.id);
    expect(rows.filter((t) => t.status === "admitted").map((t) => t.position)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    // Ticks racing one another share the time elapsed: together they admit what one would.
    const started = Date.now();
    const admitted = (await Promise.all(Array.from({ length: 10 }, () => tick(product.id)))).reduce((a, b) => a + b);
    expect(admitted).toBeLessThanOrEqual(Math.ceil(((Date.now() - started) / 1_000) * 1) + 1);
    // A minute's worth at most, however long the schedulers were away.
    await rewindTick(product.id, 3_600);
    expect(await tick(product.id)).toBeLessThanOrEqual(61);
  });

  it("never leave more open admissions than units available", async () => {
    const product = await queueProduct({ stock: 3, admitPerMinute: 6_000 });
    const rows = await drawnQueue(product.id, 10);
    await rewindTick(product.id, 30);
    await tick(product.id);
    const admitted = (await ticketRows(product.id)).filter((t) => t.status === "admitted");
    expect(admitted.map((t) => t.position)).toEqual([1, 2, 3]);
    await rewindTick(product.id, 30);
    expect(await tick(product.id)).toBe(0);

    // The first buys: its ticket is used, one unit left per open admission.
    const first = rows[0]!;
    const order = await placeHold(
      { productId: product.id, quantity: 1, email: first.shopper, ticketId: first.id },
      GUEST,
    );
    await rewindTick(product.id, 30);
    expect(await tick(product.id)).toBe(0);
    // Its cancellation gives the unit back: one more shopper is admitted.
    await cancelOrder(order.id, GUEST);
    await rewindTick(product.id, 30);
    expect(await tick(product.id)).toBe(1);
    const statuses = (await ticketRows(product.id)).map((t) => t.status);
    expect(statuses.slice(0, 5)).toEqual(["used", "admitted", "admitted", "admitted", "waiting"]);
  });

  it("lapse after admissionTtlSeconds, and the place goes to the next ticket", async () => {
    const product = await queueProduct({ stock: 1, admitPerMinute: 600, admissionTtlSeconds: 10 });
    const rows = await drawnQueue(product.id, 3);
    await rewindTick(product.id, 10);
    expect(await tick(product.id)).toBe(1);
    const first = (await getTicket(rows[0]!.id, GUEST))!;
    expect(first.status).toBe("admitted");
    expect(Date.parse(first.admittedUntil!) - Date.now()).toBeLessThanOrEqual(10_000);
    await db().execute(sql`update tickets set admitted_until = now() - interval '1 second' where id = ${first.id}`);
    expect((await getTicket(first.id, GUEST)).status).toBe("lapsed");
    await rewindTick(product.id, 10);
    expect(await tick(product.id)).toBe(1);
    expect((await ticketRows(product.id)).map((t) => t.status)).toEqual(["lapsed", "admitted", "waiting"]);
  });

  it("replay a hold retried with its Idempotency-Key after it used the ticket", async () => {
    const product = await queueProduct({ stock: 3, admitPerMinute: 6_000 });
    const rows = await drawnQueue(product.id, 2);
    await rewindTick(product.id, 30);
    await tick(product.id);
    const buyer = rows[0]!;
    const body = { productId: product.id, quantity: 1, email: buyer.shopper, ticketId: buyer.id };
    const send = () =>
      call(
        holds.POST,
        new Request("http://localhost/api/holds", {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": `buy-${buyer.id}` },
          body: JSON.stringify(body),
        }),
      );
    const first = await send();
    expect(first.status).toBe(201);
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const answer = await first.json();
    expect(await again.json()).toEqual(answer);
    await cancelOrder(answer.order.id, GUEST);
  });

  it("close waiting tickets when the product sells out or the sale ends", async () => {
    const product = await queueProduct({ stock: 1, admitPerMinute: 600 });
    const rows = await drawnQueue(product.id, 4);
    await rewindTick(product.id, 10);
    await tick(product.id);
    const buyer = rows[0]!;
    const order = await placeHold(
      { productId: product.id, quantity: 1, email: buyer.shopper, ticketId: buyer.id },
      GUEST,
    );
    // A pending hold may still give its unit back: the others keep waiting.
    await tick(product.id);
    expect((await ticketRows(product.id)).map((t) => t.status)).toEqual(["used", "waiting", "waiting", "waiting"]);
    await confirmOrder(order.id, GUEST);
    await tick(product.id);
    expect((await ticketRows(product.id)).map((t) => t.status)).toEqual(["used", "closed", "closed", "closed"]);
    expect((await getTicket(rows[1]!.id, GUEST)).estimatedWaitSeconds).toBeNull();
    const late = await call(queue.POST, post(`/products/${product.id}/queue`, { email: guestEmail() }), {
      id: product.id,
    });
    expect((await late.json()).error.code).toBe("insufficient_stock");

    const ended = await queueProduct({ stock: 5 });
    const waiting = await drawnQueue(ended.id, 2);
    await setSaleState(ended.id, { action: "close" }, await adminActor());
    await tick(ended.id);
    expect((await ticketRows(ended.id)).map((t) => t.status)).toEqual(["closed", "closed"]);
    expect((await getTicket(waiting[0]!.id, GUEST)).status).toBe("closed");
  });

  it("stop while an admin pauses the room, and time paused earns none", async () => {
    const product = await queueProduct({ stock: 100, admitPerMinute: 60 });
    await drawnQueue(product.id, 50);
    const admin = await adminActor();
    if (admin.kind !== "user") throw new Error("no admin");
    const cookie = await sessionCookie({ id: admin.userId, email: admin.email, role: "admin" });
    const pause = (action: string) =>
      call(adminQueue.POST, post(`/admin/products/${product.id}/queue`, { action }, cookie), { id: product.id });
    const paused = await pause("pause");
    expect(paused.status).toBe(200);
    expect((await paused.json()).product).toMatchObject({ id: product.id, admission: "queue", queuePaused: true });
    await rewindTick(product.id, 30);
    expect(await tick(product.id)).toBe(0);
    const [{ admitted } = { admitted: -1 }] = await db().execute<{ admitted: number }>(sql`
      select count(*)::int as admitted from tickets where product_id = ${product.id} and status = 'admitted'`);
    const resumed = await pause("resume");
    expect((await resumed.json()).product.queuePaused).toBe(false);
    expect(await tick(product.id)).toBeLessThanOrEqual(1);
    await rewindTick(product.id, 20);
    expect(await tick(product.id)).toBe(20);
    expect(admitted).toBeLessThanOrEqual(1);

    const anonymous = await call(
      adminQueue.POST,
      new Request(`${BASE}/admin/products/${product.id}/queue`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ action: "pause" }),
      }),
      { id: product.id },
    );
    expect(anonymous.status).toBe(401);
    const firstCome = await createLiveProduct({ stock: 1 });
    const notQueued = await call(
      adminQueue.POST,
      post(`/admin/products/${firstCome.id}/queue`, { action: "pause" }, cookie),
      { id: firstCome.id },
    );
    expect(notQueued.status).toBe(404);
  });
});

describe("holds in a sale with a waiting room", () => {
  const holdRequest = (productId: string, email: string, ticketId?: string) =>
    call(holds.POST, post("/holds", { productId, quantity: 1, email, ...(ticketId ? { ticketId } : {}) }));

  async function expect403(response: Response) {
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("admission_required");
  }

  it("are 403 admission_required without a ticket, or with a foreign, waiting, lapsed or used one", async () => {
    const product = await queueProduct({ stock: 10, admitPerMinute: 60, maxPerCustomer: 2 });
    const rows = await drawnQueue(product.id, 4);
    await rewindTick(product.id, 2);
    await tick(product.id);
    const [a, b, c, d] = rows;
    expect((await ticketRows(product.id)).map((t) => t.status)).toEqual(["admitted", "admitted", "waiting", "waiting"]);
    const other = await queueProduct({ stock: 10, admitPerMinute: 600 });
    const [otherTicket] = await drawnQueue(other.id, 1);
    await rewindTick(other.id, 10);
    await tick(other.id);

    await expect403(await holdRequest(product.id, a!.shopper));
    await expect403(await holdRequest(product.id, a!.shopper, b!.id)); // another shopper's admitted ticket
    await expect403(await holdRequest(product.id, otherTicket!.shopper, otherTicket!.id)); // another product's
    await expect403(await holdRequest(product.id, c!.shopper, c!.id)); // not admitted yet
    await expect403(await holdRequest(product.id, d!.shopper, randomUUID())); // no such ticket

    const held = await holdRequest(product.id, a!.shopper, a!.id);
    expect(held.status).toBe(201);
    const { order } = await held.json();
    const [used] = await db().execute<{ status: string; order_id: string }>(
      sql`select status, order_id from tickets where id = ${a!.id}`,
    );
    expect(used).toEqual({ status: "used", order_id: order.id });
    await expect403(await holdRequest(product.id, a!.shopper, a!.id)); // used: one hold per ticket

    await db().execute(sql`update tickets set admitted_until = now() - interval '1 second' where id = ${b!.id}`);
    await expect403(await holdRequest(product.id, b!.shopper, b!.id)); // lapsed, though no tick marked it
    const firstCome = await createLiveProduct({ stock: 3 });
    expect((await holdRequest(firstCome.id, guestEmail())).status).toBe(201);
    await endPendingHolds(product.id);
    await endPendingHolds(firstCome.id);
  });

  it("give exactly one hold per ticket when 30 holds with it race, in one process and over separate connections", async () => {
    const product = await queueProduct({ stock: 100, admitPerMinute: 600, maxPerCustomer: 5 });
    const rows = await drawnQueue(product.id, 2);
    await rewindTick(product.id, 10);
    await tick(product.id);
    const [mine, theirs] = rows;
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () =>
        placeHold({ productId: product.id, quantity: 1, email: mine!.shopper, ticketId: mine!.id }, GUEST),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect((r.reason as DomainError).code).toBe("admission_required");
    }

    // place_holds itself, called from 30 connections at once: one commits the hold, the rest see the ticket used.
    const request = JSON.stringify([
      { email: theirs!.shopper, mailbox: theirs!.shopper, userId: null, quantity: 1, ticketId: theirs!.id },
    ]);
    const clients = Array.from({ length: 30 }, () => postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} }));
    try {
      const outcomes = await Promise.all(
        clients.map(async (client) => {
          const [row] = await client<{ outcome: string }[]>`
            select outcome from place_holds(${product.id}::uuid, ${request}::text::jsonb, 120)`;
          return row!.outcome;
        }),
      );
      expect(outcomes.filter((o) => o === "held")).toHaveLength(1);
      expect(outcomes.filter((o) => o === "admission_required")).toHaveLength(29);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await endPendingHolds(product.id);
    }
  });
});
