// Test fixtures: an admin actor, products in each sale state, a guest's hold, and direct SQL for
// what tests must arrange (a hold's expiry moved to the past) or inspect.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { GUEST, type Actor } from "@/lib/actor";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { placeHold } from "@/lib/inventory/place-hold";
import { createProduct } from "@/lib/products/create-product";
import { ensureAdmin } from "@/lib/users/ensure-admin";
import type { Product } from "@/lib/products/schemas";

let admin: Actor | undefined;

export async function adminActor(): Promise<Actor> {
  admin ??= (await ensureAdmin())!.actor;
  return admin;
}

/** An ISO time `n` minutes from now (negative: in the past). */
export const minutesFromNow = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

export async function createLiveProduct(options: {
  stock: number;
  maxPerCustomer?: number;
  priceCents?: number;
}): Promise<Product> {
  return createProduct(
    {
      name: `Live product ${randomUUID().slice(0, 8)}`,
      priceCents: options.priceCents ?? 1_000,
      initialStock: options.stock,
      maxPerCustomer: options.maxPerCustomer ?? 1_000,
      saleStartsAt: minutesFromNow(-5),
      saleEndsAt: minutesFromNow(60),
    },
    await adminActor(),
  );
}

export async function createProductWithWindow(startMinutes: number, endMinutes: number, stock = 10): Promise<Product> {
  return createProduct(
    {
      name: `Windowed product ${randomUUID().slice(0, 8)}`,
      priceCents: 500,
      initialStock: stock,
      maxPerCustomer: 5,
      saleStartsAt: minutesFromNow(startMinutes),
      saleEndsAt: minutesFromNow(endMinutes),
    },
    await adminActor(),
  );
}

export const guestEmail = (label = "shopper") => `${label}-${randomUUID().slice(0, 12)}@example.com`;

/** A guest's hold of `quantity` units under a fresh e-mail address, through placeHold. */
export const holdAsGuest = (productId: string, quantity = 1) =>
  placeHold({ productId, quantity, email: guestEmail() }, GUEST);

/** Settled holds counted by outcome: "held", or the DomainError's code (anything else as it is). */
export function tallyHolds(results: PromiseSettledResult<unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) {
    const key = r.status === "fulfilled" ? "held" : r.reason instanceof DomainError ? r.reason.code : String(r.reason);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export async function productRow(id: string) {
  const [row] = await db().execute<{ available: number; total_stock: number }>(
    sql`select available, total_stock from products where id = ${id}`,
  );
  return row!;
}

export async function orderStatusCounts(productId: string): Promise<Record<string, number>> {
  const rows = await db().execute<{ status: string; n: number }>(
    sql`select status, count(*)::int as n from orders where product_id = ${productId} group by status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export async function expireHolds(orderIds: string[], at = "now() - interval '1 second'") {
  await db().execute(
    sql`update orders set hold_expires_at = ${sql.raw(at)} where id = any(${`{${orderIds.join(",")}}`}::uuid[])`,
  );
}

export async function tableCounts() {
  const [row] = await db().execute<Record<string, number>>(sql`
    select (select count(*) from orders)::int as orders,
           (select count(*) from inventory_events)::int as events,
           (select count(*) from customer_allocations)::int as allocations,
           (select coalesce(sum(available), 0) from products)::int as available,
           (select count(*) from products)::int as products,
           (select count(*) from users)::int as users`);
  return row!;
}

/** Ends a product's pending holds now (expired, stock back): a test leaves no hold to expire later,
 *  in the middle of another file's count of what the schedulers release. */
export async function endPendingHolds(productId: string) {
  await db().execute(
    sql`update orders set hold_expires_at = now() - interval '1 second' where product_id = ${productId} and status = 'pending'`,
  );
  const { releaseExpiredHolds } = await import("@/lib/inventory/expiry");
  return releaseExpiredHolds({ productId });
}
