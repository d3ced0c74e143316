// Order reads and the access rule every order command shares.
import { desc, eq, sql } from "drizzle-orm";
import { orders, products, type OrderRow } from "@/db/schema";
import type { Actor } from "../actor";
import { db } from "../db";
import { DomainError } from "../errors";
import { idParamsSchema } from "../schemas";
import { parseInput } from "../validation";
import type { Order } from "./schemas";

type OrderWithProduct = OrderRow & { productName: string; currency: string };

export function toOrder(row: OrderWithProduct, now = new Date()): Order {
  const expired = row.status === "pending" && row.holdExpiresAt <= now;
  return {
    id: row.id,
    productId: row.productId,
    productName: row.productName,
    quantity: row.quantity,
    unitPriceCents: row.unitPriceCents,
    totalCents: row.unitPriceCents * row.quantity,
    currency: row.currency,
    status: expired ? "expired" : row.status,
    customerEmail: row.customerEmail,
    holdExpiresAt: row.holdExpiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    confirmedAt: row.confirmedAt?.toISOString() ?? null,
  };
}

const withProduct = {
  order: orders,
  productName: sql<string>`coalesce(${products.name}, '(unknown product)')`,
  currency: sql<string>`coalesce(${products.currency}, 'USD')`,
};

/** An account's orders are its own (and admins'); a guest order is reachable by its unguessable
 *  id alone. Anyone else is told it does not exist. */
export function canAccessOrder(order: Pick<OrderRow, "userId">, actor: Actor): boolean {
  if (!order.userId) return true;
  return actor.kind === "user" && (actor.role === "admin" || actor.userId === order.userId);
}

/** Reads an order the actor may see, or throws not_found. */
export async function findOrderForActor(orderId: string, actor: Actor): Promise<OrderWithProduct> {
  const { id } = parseInput(idParamsSchema, { id: orderId });
  const [row] = await db()
    .select(withProduct)
    .from(orders)
    .leftJoin(products, eq(products.id, orders.productId))
    .where(eq(orders.id, id));
  if (!row || !canAccessOrder(row.order, actor)) throw new DomainError("not_found", "No order with this id.");
  return { ...row.order, productName: row.productName, currency: row.currency };
}

export async function getOrder(id: string, actor: Actor): Promise<Order> {
  return toOrder(await findOrderForActor(id, actor));
}

export async function listOrdersForUser(userId: string): Promise<Order[]> {
  const rows = await db()
    .select(withProduct)
    .from(orders)
    .leftJoin(products, eq(products.id, orders.productId))
    .where(eq(orders.userId, userId))
    .orderBy(desc(orders.createdAt))
    .limit(500);
  const now = new Date();
  return rows.map((r) => toOrder({ ...r.order, productName: r.productName, currency: r.currency }, now));
}
