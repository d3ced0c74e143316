// One shopper, one limit: limits, rate limits and waiting-room tickets count the canonical mailbox, so
// sub-addresses, dotted Gmail addresses and a guest sharing a customer's mailbox share one limit, while
// receipts keep the address as typed; a product may take signed-in customers only; existing allocations
// migrate to the canonical mailbox.
import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import * as holds from "@/app/api/holds/route";
import * as queue from "@/app/api/products/[id]/queue/route";
import * as register from "@/app/api/register/route";
import { databaseUrlFor } from "@/db/database-url";
import { migrateDatabase } from "@/db/migrate";
import { MIGRATIONS_DIR } from "@/db/routines";
import type { Actor } from "@/lib/actor";
import { db } from "@/lib/db";
import { placeHold } from "@/lib/inventory/place-hold";
import { createProduct } from "@/lib/products/create-product";
import { joinQueue } from "@/lib/queue/join-queue";
import { registerUser } from "@/lib/users/register-user";
import { adminActor, createLiveProduct, minutesFromNow } from "./helpers/fixtures";
import { apiRequest, call } from "./helpers/routes";

const ip = "192.0.2.61";
const postHold = (body: unknown) =>
  call(holds.POST, apiRequest("/holds", { body, headers: { "x-forwarded-for": ip } }));
const postJoin = (productId: string, body: unknown) =>
  call(queue.POST, apiRequest(`/products/${productId}/queue`, { body, headers: { "x-forwarded-for": ip } }), {
    id: productId,
  });
const errorCode = async (response: Response) => (await response.json()).error?.code;
/** A fresh Gmail local part, two letters apart so dots can go between them. */
const gmailName = () => `q${randomUUID().replaceAll("-", "").slice(0, 10)}`;
const dotted = (name: string) => `${name.slice(0, 3)}.${name.slice(3)}`;

async function customer(email: string): Promise<Actor> {
  const user = await registerUser(
    { email, password: "a customer's passphrase" },
    { clientIp: `198.51.100.${Math.floor(Math.random() * 250)}` },
  );
  return { kind: "user", userId: user.id, email: user.email, role: user.role };
}

async function queueProduct(options: { accountsOnly?: boolean } = {}) {
  return createProduct(
    {
      name: `Fair drop ${randomUUID().slice(0, 8)}`,
      priceCents: 1_000,
      initialStock: 10,
      maxPerCustomer: 1,
      saleStartsAt: minutesFromNow(30),
      saleEndsAt: minutesFromNow(90),
      admission: "queue",
      queueOpensAt: minutesFromNow(-5),
      ...options,
    },
    await adminActor(),
  );
}

describe("the per-customer limit", () => {
  it("counts sub-addresses and dotted Gmail addresses as one shopper, and keeps each receipt's address", async () => {
    const product = await createLiveProduct({ stock: 10, maxPerCustomer: 1 });
    const name = gmailName();
    const first = await postHold({ productId: product.id, quantity: 1, email: `${dotted(name)}+drop@gmail.com` });
    expect(first.status).toBe(201);
    expect((await first.json()).order.customerEmail).toBe(`${dotted(name)}+drop@gmail.com`);
    for (const email of [`${name}@gmail.com`, `${name}+b@googlemail.com`, `${dotted(name).toUpperCase()}@GMail.com`]) {
      const response = await postHold({ productId: product.id, quantity: 1, email });
      expect(response.status, email).toBe(409);
      expect(await errorCode(response)).toBe("limit_exceeded");
    }
    // Another domain's dots are its own mailbox; its +tags are not.
    const other = `${dotted(name)}@example.com`;
    expect((await postHold({ productId: product.id, quantity: 1, email: other })).status).toBe(201);
    expect((await postHold({ productId: product.id, quantity: 1, email: `${name}@example.com` })).status).toBe(201);
    expect(
      (await postHold({ productId: product.id, quantity: 1, email: `${dotted(name)}+x@example.com` })).status,
    ).toBe(409);
  });

  it("holds exactly the limit when 40 variants of one mailbox race in one batch and across batches", async () => {
    const product = await createLiveProduct({ stock: 100, maxPerCustomer: 3 });
    const name = gmailName();
    const variants = Array.from({ length: 40 }, (_, i) =>
      i % 2 ? `${name}+${i}@googlemail.com` : `${name.slice(0, 2)}.${name.slice(2)}+${i}@gmail.com`,
    );
    const results = await Promise.all(variants.map((email) => postHold({ productId: product.id, quantity: 1, email })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409)).toHaveLength(37);
    const [row] = await db().execute<{ mailbox: string; quantity: number }>(
      sql`select mailbox, quantity from customer_allocations where product_id = ${product.id}`,
    );
    expect(row).toEqual({ mailbox: `${name}@gmail.com`, quantity: 3 });
  });

  it("is shared by a guest and the customer who later registers the same mailbox", async () => {
    const product = await createLiveProduct({ stock: 10, maxPerCustomer: 2 });
    const name = gmailName();
    expect((await postHold({ productId: product.id, quantity: 1, email: `${name}+guest@gmail.com` })).status).toBe(201);
    const actor = await customer(`${dotted(name)}@gmail.com`);
    expect(await placeHold({ productId: product.id, quantity: 1 }, actor)).toMatchObject({ quantity: 1 });
    await expect(placeHold({ productId: product.id, quantity: 1 }, actor)).rejects.toMatchObject({
      code: "limit_exceeded",
    });
  });

  it("refuses a guest whose address reaches an account's mailbox with 403 sign_in_required", async () => {
    const product = await createLiveProduct({ stock: 10, maxPerCustomer: 2 });
    const name = gmailName();
    await customer(`${name}@gmail.com`);
    const response = await postHold({
      productId: product.id,
      quantity: 1,
      email: `${dotted(name)}+shop@googlemail.com`,
    });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe("sign_in_required");
  });
});

describe("registration", () => {
  it("refuses a second account for the same mailbox with 409 email_taken", async () => {
    const name = gmailName();
    await customer(`${name}@gmail.com`);
    const response = await call(
      register.POST,
      apiRequest("/register", {
        body: { email: `${dotted(name)}+second@googlemail.com`, password: "another passphrase" },
        headers: { "x-forwarded-for": "192.0.2.62" },
      }),
    );
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe("email_taken");
  });
});

describe("waiting-room tickets", () => {
  it("are one per mailbox: a sub-address joining again gets the same ticket", async () => {
    const product = await queueProduct();
    const name = gmailName();
    const first = await postJoin(product.id, { email: `${name}+one@gmail.com` });
    expect(first.status).toBe(201);
    const again = await postJoin(product.id, { email: `${dotted(name)}+two@googlemail.com` });
    expect(again.status).toBe(200);
    expect((await again.json()).ticket.id).toBe((await first.json()).ticket.id);
    const [ticket] = await db().execute<{ shopper: string }>(
      sql`select shopper from tickets where product_id = ${product.id}`,
    );
    expect(ticket!.shopper).toBe(`${name}@gmail.com`);
  });
});

describe("a product for signed-in customers only", () => {
  it("refuses a guest's hold and a guest's join with 403 sign_in_required, and takes a customer's", async () => {
    const live = await createProduct(
      {
        name: `Members' drop ${randomUUID().slice(0, 8)}`,
        priceCents: 1_000,
        initialStock: 5,
        maxPerCustomer: 1,
        saleStartsAt: minutesFromNow(-5),
        saleEndsAt: minutesFromNow(60),
        accountsOnly: true,
      },
      await adminActor(),
    );
    expect(live).toMatchObject({ accountsOnly: true, botCheck: "off" });
    const guestHold = await postHold({ productId: live.id, quantity: 1, email: `${gmailName()}@example.com` });
    expect(guestHold.status).toBe(403);
    expect(await errorCode(guestHold)).toBe("sign_in_required");
    const actor = await customer(`${gmailName()}@example.com`);
    expect(await placeHold({ productId: live.id, quantity: 1 }, actor)).toMatchObject({ quantity: 1 });

    const queued = await queueProduct({ accountsOnly: true });
    const guestJoin = await postJoin(queued.id, { email: `${gmailName()}@example.com` });
    expect(guestJoin.status).toBe(403);
    expect(await errorCode(guestJoin)).toBe("sign_in_required");
    expect((await joinQueue(queued.id, {}, actor)).created).toBe(true);
    const [{ n } = { n: -1 }] = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from tickets where product_id = ${queued.id}`,
    );
    expect(n).toBe(1);
  });
});

describe("the migration to canonical mailboxes", () => {
  it("merges each product's allocations of one mailbox into one row, quantities summed", async () => {
    const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, "meta/_journal.json"), "utf8")) as {
      entries: { tag: string }[];
    };
    const before = journal.entries.findIndex((e) => e.tag.endsWith("_allocations_by_mailbox"));
    expect(before).toBeGreaterThan(0);
    const dir = mkdtempSync(path.join(tmpdir(), "flash-sale-migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    writeFileSync(
      path.join(dir, "meta/_journal.json"),
      JSON.stringify({ ...journal, entries: journal.entries.slice(0, before) }),
    );

    const name = "flash_sale_mailbox_migration";
    const admin = postgres(databaseUrlFor(inject("databaseUrl"), "postgres"), { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    const url = databaseUrlFor(inject("databaseUrl"), name);
    const client = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await migrateDatabase(url, dir);
      const product = randomUUID();
      const other = randomUUID();
      await client`insert into customer_allocations (product_id, customer_email, quantity) values
        (${product}, 'first.last+a@gmail.com', 2), (${product}, 'firstlast@googlemail.com', 1),
        (${product}, 'first.last@gmail.com', 1), (${product}, 'first.last@example.com', 1),
        (${other}, 'first.last+b@gmail.com', 1)`;
      await migrateDatabase(url);
      const rows = await client<{ product_id: string; mailbox: string; quantity: number }[]>`
        select product_id, mailbox, quantity from customer_allocations order by product_id = ${product} desc, mailbox`;
      expect(rows.map((r) => ({ ...r }))).toEqual([
        { product_id: product, mailbox: "first.last@example.com", quantity: 1 },
        { product_id: product, mailbox: "firstlast@gmail.com", quantity: 4 },
        { product_id: other, mailbox: "firstlast@gmail.com", quantity: 1 },
      ]);
    } finally {
      await client.end();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
