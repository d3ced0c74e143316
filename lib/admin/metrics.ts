// getMetrics: the dashboard's figures, computed by aggregates in the database (never by loading
// rows): order counts and units per product and status, refusals from stock_rejections.
import { sql } from "drizzle-orm";
import { db } from "../db";
import { productStatus } from "../products/status";
import type { Metrics, ProductMetrics } from "./schemas";

type Row = {
  id: string;
  name: string;
  total_stock: number;
  available: number;
  sale_starts_at: Date;
  sale_ends_at: Date;
  held: number;
  pending_orders: number;
  confirmed_orders: number;
  expired_orders: number;
  cancelled_orders: number;
  revenue_cents: number;
  blocked: number;
};

export async function getMetrics(): Promise<Metrics> {
  const [rows, [events]] = await Promise.all([
    db().execute<Row>(sql`
      with by_status as (
        select product_id,
               coalesce(sum(quantity) filter (where status = 'pending'), 0) as held,
               count(*) filter (where status = 'pending') as pending_orders,
               count(*) filter (where status = 'confirmed') as confirmed_orders,
               count(*) filter (where status = 'expired') as expired_orders,
               count(*) filter (where status = 'cancelled') as cancelled_orders,
               coalesce(sum(quantity::bigint * unit_price_cents) filter (where status = 'confirmed'), 0) as revenue_cents
          from orders group by product_id
      ), blocked as (
        select product_id, sum(attempts) as blocked from stock_rejections
         where reason = 'insufficient_stock' group by product_id
      )
      select p.id, p.name, p.total_stock, p.available, p.sale_starts_at, p.sale_ends_at,
             coalesce(s.held, 0)::int as held, coalesce(s.pending_orders, 0)::int as pending_orders,
             coalesce(s.confirmed_orders, 0)::int as confirmed_orders, coalesce(s.expired_orders, 0)::int as expired_orders,
             coalesce(s.cancelled_orders, 0)::int as cancelled_orders, coalesce(s.revenue_cents, 0)::float8 as revenue_cents,
             coalesce(b.blocked, 0)::float8 as blocked
        from products p
        left join by_status s on s.product_id = p.id
        left join blocked b on b.product_id = p.id
       order by p.sale_starts_at, p.name`),
    db().execute<{ n: number }>(sql`select count(*)::float8 as n from inventory_events`),
  ]);
  const now = new Date();
  const products = rows.map(
    (r): ProductMetrics => ({
      id: r.id,
      name: r.name,
      status: productStatus({ available: r.available, saleStartsAt: r.sale_starts_at, saleEndsAt: r.sale_ends_at }, now),
      totalStock: r.total_stock,
      available: r.available,
      held: r.held,
      sold: r.total_stock - r.available - r.held,
      pendingOrders: r.pending_orders,
      confirmedOrders: r.confirmed_orders,
      expiredOrders: r.expired_orders,
      cancelledOrders: r.cancelled_orders,
      oversellAttemptsBlocked: Number(r.blocked),
      revenueCents: Number(r.revenue_cents),
    }),
  );
  const sum = (pick: (p: ProductMetrics) => number) => products.reduce((total, p) => total + pick(p), 0);
  return {
    generatedAt: now.toISOString(),
    totals: {
      products: products.length,
      available: sum((p) => p.available),
      pendingOrders: sum((p) => p.pendingOrders),
      confirmedOrders: sum((p) => p.confirmedOrders),
      expiredOrders: sum((p) => p.expiredOrders),
      cancelledOrders: sum((p) => p.cancelledOrders),
      oversellAttemptsBlocked: sum((p) => p.oversellAttemptsBlocked),
      inventoryEvents: Number(events?.n ?? 0),
      revenueCents: sum((p) => p.revenueCents),
    },
    products,
  };
}
