// Product reads. `held` is summed from pending holds (a small, partially indexed set); `sold`
// follows from invariant 2: total = available + held + sold.
import { asc, eq, sql } from "drizzle-orm";
import { products, type ProductRow } from "@/db/schema";
import { db } from "../db";
import { DomainError } from "../errors";
import { idParamsSchema } from "../schemas";
import { parseInput } from "../validation";
import type { Product } from "./schemas";
import { productStatus } from "./status";

export function toProduct(row: ProductRow, held: number, now = new Date()): Product {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    priceCents: row.priceCents,
    currency: row.currency,
    totalStock: row.totalStock,
    available: row.available,
    held,
    sold: row.totalStock - row.available - held,
    maxPerCustomer: row.maxPerCustomer,
    saleStartsAt: row.saleStartsAt.toISOString(),
    saleEndsAt: row.saleEndsAt.toISOString(),
    status: productStatus(row, now),
    admission: row.admission,
    queueOpensAt: row.admission === "queue" ? (row.queueOpensAt?.toISOString() ?? null) : null,
    admitPerMinute: row.admitPerMinute,
    admissionTtlSeconds: row.admissionTtlSeconds,
    queuePaused: row.queuePaused,
    accountsOnly: row.accountsOnly,
    botCheck: row.botCheck,
  };
}

// Written out in full: drizzle leaves single-table column names unqualified, which inside this
// correlated subquery would bind to orders.
const heldUnits = sql<number>`coalesce((
  select sum(o.quantity) from orders o where o.product_id = "products"."id" and o.status = 'pending'), 0)::int`;

export async function listProducts(): Promise<Product[]> {
  const rows = await db()
    .select({ product: products, held: heldUnits })
    .from(products)
    .orderBy(asc(products.saleStartsAt), asc(products.name));
  const now = new Date();
  return rows.map((r) => toProduct(r.product, r.held, now));
}

export async function getProduct(productId: string): Promise<Product> {
  const { id } = parseInput(idParamsSchema, { id: productId });
  const [row] = await db().select({ product: products, held: heldUnits }).from(products).where(eq(products.id, id));
  if (!row) throw new DomainError("not_found", "No product with this id.");
  return toProduct(row.product, row.held);
}
