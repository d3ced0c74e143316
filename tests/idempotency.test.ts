// Idempotency-Key on holds, confirm and cancel: replays, conflicts, scope, and a hold that
// records its key in its own transaction.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as holds from "@/app/api/holds/route";
import * as cancel from "@/app/api/orders/[id]/cancel/route";
import * as confirm from "@/app/api/orders/[id]/confirm/route";
import { GUEST } from "@/lib/actor";
import { db } from "@/lib/db";
import { idempotencyRef } from "@/lib/idempotency/run-idempotent";
import { placeHold } from "@/lib/inventory/place-hold";
import { restockProduct } from "@/lib/products/restock-product";
import { registerUser } from "@/lib/users/register-user";
import { adminActor, createLiveProduct, guestEmail, productRow } from "./helpers/fixtures";
import { sessionCookie } from "./helpers/sessions";
import { apiRequest, call, type RouteHandler } from "./helpers/routes";

/** A POST with a JSON content type, also when there is no body (confirm, cancel), and the key if any. */
function send(
  handler: RouteHandler,
  body: unknown,
  key?: string,
  params: Record<string, string> = {},
  cookie?: string,
) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key !== undefined) headers["idempotency-key"] = key;
  return call(handler, apiRequest("/x", { method: "POST", body, cookie, headers }), params);
}

async function ordersFor(email: string) {
  const [row] = await db().execute<{ n: number }>(
    sql`select count(*)::int as n from orders where customer_email = ${email}`,
  );
  return row!.n;
}

describe("Idempotency-Key on POST /api/holds", () => {
  it("replays the stored response for the same key and body, holding once", async () => {
    const product = await createLiveProduct({ stock: 5 });
    const email = guestEmail();
    const body = { productId: product.id, quantity: 2, email };
    const first = await send(holds.POST, body, `key-1-${email}`);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await send(holds.POST, body, `key-1-${email}`);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(await ordersFor(email)).toBe(1);
    expect((await productRow(product.id)).available).toBe(3);
  });

  it("refuses the same key with another body with 422", async () => {
    const product = await createLiveProduct({ stock: 5 });
    const email = guestEmail();
    expect((await send(holds.POST, { productId: product.id, quantity: 1, email }, `k-${email}`)).status).toBe(201);
    const other = await send(holds.POST, { productId: product.id, quantity: 2, email }, `k-${email}`);
    expect(other.status).toBe(422);
    expect((await other.json()).error.code).toBe("idempotency_key_reused");
  });

  it("holds exactly once when 30 copies of a request race with one key", async () => {
    const product = await createLiveProduct({ stock: 100 });
    const email = guestEmail();
    const body = { productId: product.id, quantity: 1, email };
    const responses = await Promise.all(Array.from({ length: 30 }, () => send(holds.POST, body, `race-${email}`)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(
      statuses.filter((s, i) => s === 201 && responses[i]!.headers.get("idempotent-replayed") === null),
    ).toHaveLength(1);
    for (const r of responses.filter((r) => r.status === 409)) {
      expect((await r.json()).error.code).toBe("idempotency_key_in_use");
      expect(r.headers.get("retry-after")).toBe("1");
    }
    expect(await ordersFor(email)).toBe(1);
  });

  it("scopes keys to the caller: another account's same key is its own request", async () => {
    const product = await createLiveProduct({ stock: 5 });
    const a = await registerUser(
      { email: guestEmail("a"), password: "a fine passphrase" },
      { clientIp: "192.0.2.200" },
    );
    const b = await registerUser(
      { email: guestEmail("b"), password: "a fine passphrase" },
      { clientIp: "192.0.2.200" },
    );
    const body = { productId: product.id, quantity: 1 };
    const first = await send(holds.POST, body, "shared-key", {}, await sessionCookie(a));
    const second = await send(holds.POST, body, "shared-key", {}, await sessionCookie(b));
    expect([first.status, second.status]).toEqual([201, 201]);
    expect((await second.json()).order.id).not.toBe((await first.json()).order.id);
  });

  it("frees the key of a refused request, so a retry can succeed later", async () => {
    const admin = await adminActor();
    const product = await createLiveProduct({ stock: 1 });
    await placeHold({ productId: product.id, quantity: 1, email: guestEmail() }, GUEST);
    const email = guestEmail();
    const body = { productId: product.id, quantity: 1, email };
    expect((await send(holds.POST, body, `retry-${email}`)).status).toBe(409);
    await restockProduct(product.id, { quantity: 1 }, admin);
    const retried = await send(holds.POST, body, `retry-${email}`);
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
  });

  it.each([
    ["empty", ""],
    ["too long", "k".repeat(256)],
    ["with a control character", "abc\u0001def"],
  ])("refuses a key that is %s with 400", async (_why, key) => {
    const product = await createLiveProduct({ stock: 1 });
    let response: Response;
    try {
      response = await send(holds.POST, { productId: product.id, quantity: 1, email: guestEmail() }, key);
    } catch {
      return; // The Fetch API itself refuses some header values before any request exists.
    }
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("invalid_request");
    expect((await productRow(product.id)).available).toBe(1);
  });

  it("records a hold's key with its order and a 16-byte request hash, nothing more", async () => {
    const product = await createLiveProduct({ stock: 3 });
    const email = guestEmail();
    const held = await send(holds.POST, { productId: product.id, quantity: 1, email }, `atomic-${email}`);
    const [row] = await db().execute<{ order_id: string; bytes: number; columns: number }>(
      sql`select order_id, octet_length(request_hash) as bytes,
                 (select count(*)::int from information_schema.columns where table_name = 'idempotency_keys') as columns
            from idempotency_keys where scope = 'guest' and key = ${`atomic-${email}`}`,
    );
    expect(row).toEqual({ order_id: (await held.json()).order.id, bytes: 16, columns: 5 });
  });

  it("replays a hold as it was answered after its order was confirmed, and after the sale sold out", async () => {
    const product = await createLiveProduct({ stock: 1 });
    const email = guestEmail();
    const body = { productId: product.id, quantity: 1, email };
    const first = await send(holds.POST, body, `later-${email}`);
    const answer = await first.json();
    expect((await send(confirm.POST, undefined, undefined, { id: answer.order.id })).status).toBe(200);
    const again = await send(holds.POST, body, `later-${email}`);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(answer);
  });

  it("answers 409 while a confirm with the key is in flight, and 422 for a hold under a confirm's key", async () => {
    const product = await createLiveProduct({ stock: 5 });
    const order = await placeHold({ productId: product.id, quantity: 1, email: guestEmail() }, GUEST);
    const key = `in-flight-${order.id}`;
    const ref = idempotencyRef(GUEST, key, "confirm-order", order.id)!;
    await db().execute(
      sql`insert into idempotency_keys (scope, key, request_hash) values ('guest', ${key}, ${ref.requestHash})`,
    );
    const inFlight = await send(confirm.POST, undefined, key, { id: order.id });
    expect(inFlight.status).toBe(409);
    expect((await inFlight.json()).error.code).toBe("idempotency_key_in_use");
    const hold = await send(holds.POST, { productId: product.id, quantity: 1, email: guestEmail() }, key);
    expect(hold.status).toBe(422);
    expect((await hold.json()).error.code).toBe("idempotency_key_reused");
  });

  it("lets a retry take over a confirm abandoned before it finished", async () => {
    const product = await createLiveProduct({ stock: 3 });
    const order = await placeHold({ productId: product.id, quantity: 1, email: guestEmail() }, GUEST);
    const key = `abandoned-${order.id}`;
    const ref = idempotencyRef(GUEST, key, "confirm-order", order.id)!;
    await db().execute(sql`insert into idempotency_keys (scope, key, request_hash, created_at)
      values ('guest', ${key}, ${ref.requestHash}, now() - interval '1 minute')`);
    const retried = await send(confirm.POST, undefined, key, { id: order.id });
    expect(retried.status).toBe(200);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    expect((await retried.json()).order.status).toBe("confirmed");
  });
});

describe("Idempotency-Key on confirm and cancel", () => {
  it("replays a confirm, and refuses the key for another order", async () => {
    const product = await createLiveProduct({ stock: 5 });
    const a = await placeHold({ productId: product.id, quantity: 1, email: guestEmail() }, GUEST);
    const b = await placeHold({ productId: product.id, quantity: 1, email: guestEmail() }, GUEST);
    const first = await send(confirm.POST, undefined, `confirm-${a.id}`, { id: a.id });
    expect(first.status).toBe(200);
    const replay = await send(confirm.POST, undefined, `confirm-${a.id}`, { id: a.id });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.json()).toEqual(await first.json());
    expect((await send(confirm.POST, undefined, `confirm-${a.id}`, { id: b.id })).status).toBe(422);
  });

  it("replays a cancel", async () => {
    const product = await createLiveProduct({ stock: 5 });
    const order = await placeHold({ productId: product.id, quantity: 2, email: guestEmail() }, GUEST);
    expect((await send(cancel.POST, undefined, `cancel-${order.id}`, { id: order.id })).status).toBe(200);
    const replay = await send(cancel.POST, undefined, `cancel-${order.id}`, { id: order.id });
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect((await productRow(product.id)).available).toBe(5);
  });
});

describe("retention", () => {
  it("keeps keys for at least 24 hours and then purges them", async () => {
    const { purgeStaleRecords } = await import("@/lib/maintenance/purge-stale-records");
    await db().execute(sql`insert into idempotency_keys (scope, key, request_hash, order_id, created_at) values
      ('guest', 'day-old', decode(repeat('00', 16), 'hex'), gen_random_uuid(), now() - interval '23 hours 59 minutes'),
      ('guest', 'stale', decode(repeat('00', 16), 'hex'), gen_random_uuid(), now() - interval '26 hours')`);
    await purgeStaleRecords();
    const rows = await db().execute<{ key: string }>(
      sql`select key from idempotency_keys where key in ('day-old', 'stale')`,
    );
    expect(rows.map((r) => r.key)).toEqual(["day-old"]);
  });
});
