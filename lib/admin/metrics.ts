// getMetrics: the dashboard's figures from indexed aggregates, never by loading rows. Ledger
// counts come from the roll-ups (folded in first by roll_up_inventory_events) plus the raw
// events of the last few minutes past their watermark, read in one repeatable-read snapshot so
// each event counts once; order counts and units follow from the ledger (invariant 4: one
// hold_created per order, one terminal event each). Refusals come from stock_rejections, the
// expiry lag from one probe of the pending-by-expiry index. Nothing here touches the hold path.
import { sql } from "drizzle-orm";
import { db } from "../db";
import { productStatus } from "../products/status";
import { listQueueStats } from "../queue/queries";
import type { Metrics, ProductMetrics, TimelineMinute } from "./schemas";

/** The timeline covers the open sales since they started, at most this many minutes... */
export const TIMELINE_MAX_MINUTES = 60;
/** ...and at least this many. */
export const TIMELINE_MIN_MINUTES = 15;

type ProductRow = {
  id: string;
  name: string;
  description: string;
  price_cents: number;
  currency: string;
  max_per_customer: number;
  total_stock: number;
  available: number;
  sale_starts_at: Date | string;
  sale_ends_at: Date | string;
  admission: ProductMetrics["admission"];
  queue_opens_at: Date | string | null;
  admit_per_minute: number;
  admission_ttl_seconds: number;
  queue_paused: boolean;
  accounts_only: boolean;
  bot_check: ProductMetrics["botCheck"];
  events: number;
  holds: number;
  confirmations: number;
  expirations: number;
  cancellations: number;
  held_units: number;
  confirmed_units: number;
  expired_units: number;
  cancelled_units: number;
  revenue_cents: number;
  holds_last_minute: number;
  blocked: number;
};

type ScalarsRow = {
  now: Date | string;
  sealed_until: Date | string;
  first_minute: Date | string;
  expiry_lag_seconds: number;
};
type MinuteRow = {
  minute: Date | string;
  holds: number;
  confirmations: number;
  expirations: number;
  rejections: number;
};

// '-infinity' (nothing rolled up yet) arrives as a string; a far past instant stands in for it.
const toTimestamp = (value: Date | string) => {
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? "1970-01-01T00:00:00Z" : new Date(time).toISOString();
};

// Ledger counts of the events past the watermark (at most a few minutes of them), by `key`.
const liveEvents = (key: ReturnType<typeof sql>, since: ReturnType<typeof sql>) => sql`
  select ${key},
         count(*)::float8 as events,
         count(*) filter (where e.type = 'hold_created')::float8 as holds,
         count(*) filter (where e.type = 'order_confirmed')::float8 as confirmations,
         count(*) filter (where e.type = 'hold_released' and e.reason = 'expired')::float8 as expirations,
         count(*) filter (where e.type = 'hold_released' and e.reason = 'cancelled')::float8 as cancellations,
         coalesce(sum(-e.delta) filter (where e.type = 'hold_created'), 0)::float8 as held_units,
         coalesce(sum(o.quantity), 0)::float8 as confirmed_units,
         coalesce(sum(e.delta) filter (where e.type = 'hold_released' and e.reason = 'expired'), 0)::float8 as expired_units,
         coalesce(sum(e.delta) filter (where e.type = 'hold_released' and e.reason = 'cancelled'), 0)::float8 as cancelled_units,
         coalesce(sum(o.quantity::bigint * o.unit_price_cents), 0)::float8 as revenue_cents,
         count(*) filter (where e.type = 'hold_created' and e.created_at > now() - interval '1 minute')::float8 as holds_last_minute
    from inventory_events e
    left join orders o on e.type = 'order_confirmed' and o.id = e.order_id
   where e.created_at >= ${since}
   group by 1`;

export async function getMetrics(): Promise<Metrics> {
  // Folds finished minutes into the roll-ups: a no-op most calls, one minute's events otherwise.
  await db().execute(sql`select roll_up_inventory_events()`);
  const { rows, scalars, minutes } = await db().transaction(
    async (tx) => {
      // The watermark and the timeline's first minute are read first and passed on as values, so
      // the planner sees how short the range of raw events is and takes the created_at index.
      const [scalars] = await tx.execute<ScalarsRow>(sql`
        select now() as now,
               (select sealed_until from inventory_rollup where id = 1) as sealed_until,
               date_trunc('minute', greatest(
                 now() - make_interval(mins => ${TIMELINE_MAX_MINUTES - 1}),
                 least(now() - make_interval(mins => ${TIMELINE_MIN_MINUTES - 1}),
                       (select min(sale_starts_at) from products where sale_starts_at <= now() and sale_ends_at > now())))) as first_minute,
               coalesce(extract(epoch from now() - (
                 select min(hold_expires_at) from orders where status = 'pending' and hold_expires_at <= now())), 0)::float8
                 as expiry_lag_seconds`);
      const sealedUntil = toTimestamp(scalars!.sealed_until);
      const firstMinute = toTimestamp(scalars!.first_minute);
      // biome-ignore lint/complexity/useMathMinMax: ISO strings in UTC, compared as strings.
      const liveFrom = sealedUntil > firstMinute ? sealedUntil : firstMinute;
      const rows = await tx.execute<ProductRow>(sql`
        with live as (${liveEvents(sql`e.product_id`, sql`${sealedUntil}::timestamptz`)}),
        blocked as (
          select product_id, sum(attempts)::float8 as blocked from stock_rejections
           where reason = 'insufficient_stock' group by product_id
        )
        select p.id, p.name, p.description, p.price_cents, p.currency, p.max_per_customer, p.total_stock, p.available,
               p.sale_starts_at, p.sale_ends_at,
               p.admission, p.queue_opens_at, p.admit_per_minute, p.admission_ttl_seconds, p.queue_paused,
               p.accounts_only, p.bot_check,
               coalesce(t.events, 0) + coalesce(l.events, 0) as events,
               coalesce(t.holds, 0) + coalesce(l.holds, 0) as holds,
               coalesce(t.confirmations, 0) + coalesce(l.confirmations, 0) as confirmations,
               coalesce(t.expirations, 0) + coalesce(l.expirations, 0) as expirations,
               coalesce(t.cancellations, 0) + coalesce(l.cancellations, 0) as cancellations,
               coalesce(t.held_units, 0) + coalesce(l.held_units, 0) as held_units,
               coalesce(t.confirmed_units, 0) + coalesce(l.confirmed_units, 0) as confirmed_units,
               coalesce(t.expired_units, 0) + coalesce(l.expired_units, 0) as expired_units,
               coalesce(t.cancelled_units, 0) + coalesce(l.cancelled_units, 0) as cancelled_units,
               coalesce(t.revenue_cents, 0) + coalesce(l.revenue_cents, 0) as revenue_cents,
               coalesce(l.holds_last_minute, 0) as holds_last_minute,
               coalesce(b.blocked, 0) as blocked
          from products p
          left join inventory_totals t on t.product_id = p.id
          left join live l on l.product_id = p.id
          left join blocked b on b.product_id = p.id
         order by p.sale_starts_at, p.name`);
      const minutes = await tx.execute<MinuteRow>(sql`
        with bounds as (
          select ${firstMinute}::timestamptz as first, date_trunc('minute', now()) as last
        ), live as (
          ${liveEvents(sql`date_trunc('minute', e.created_at) as minute`, sql`${liveFrom}::timestamptz`)}
        ), rejections as (
          select minute, sum(attempts)::float8 as rejections from stock_rejections
           where minute >= ${firstMinute}::timestamptz group by minute
        )
        select g.minute,
               coalesce(m.holds, 0) + coalesce(l.holds, 0) as holds,
               coalesce(m.confirmations, 0) + coalesce(l.confirmations, 0) as confirmations,
               coalesce(m.expirations, 0) + coalesce(l.expirations, 0) as expirations,
               coalesce(r.rejections, 0) as rejections
          from bounds, generate_series(bounds.first, bounds.last, interval '1 minute') as g(minute)
          left join inventory_minutes m on m.minute = g.minute
          left join live l on l.minute = g.minute
          left join rejections r on r.minute = g.minute
         order by g.minute`);
      return { rows, scalars: scalars!, minutes };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );

  const now = new Date(scalars.now);
  const n = (value: number | string) => Number(value);
  const products = rows.map(
    (r): ProductMetrics => ({
      id: r.id,
      name: r.name,
      description: r.description,
      priceCents: r.price_cents,
      currency: r.currency,
      maxPerCustomer: r.max_per_customer,
      saleStartsAt: new Date(r.sale_starts_at).toISOString(),
      saleEndsAt: new Date(r.sale_ends_at).toISOString(),
      status: productStatus(
        { available: r.available, saleStartsAt: r.sale_starts_at, saleEndsAt: r.sale_ends_at },
        now,
      ),
      totalStock: r.total_stock,
      available: r.available,
      held: n(r.held_units) - n(r.confirmed_units) - n(r.expired_units) - n(r.cancelled_units),
      sold: n(r.confirmed_units),
      expiredUnits: n(r.expired_units),
      pendingOrders: n(r.holds) - n(r.confirmations) - n(r.expirations) - n(r.cancellations),
      confirmedOrders: n(r.confirmations),
      expiredOrders: n(r.expirations),
      cancelledOrders: n(r.cancellations),
      oversellAttemptsBlocked: n(r.blocked),
      revenueCents: n(r.revenue_cents),
      admission: r.admission,
      queueOpensAt: r.admission === "queue" && r.queue_opens_at ? new Date(r.queue_opens_at).toISOString() : null,
      admitPerMinute: r.admit_per_minute,
      admissionTtlSeconds: r.admission_ttl_seconds,
      queuePaused: r.queue_paused,
      accountsOnly: r.accounts_only,
      botCheck: r.bot_check,
    }),
  );
  const sum = (pick: (r: ProductRow) => number | string) => rows.reduce((total, r) => total + n(pick(r)), 0);
  const of = (pick: (p: ProductMetrics) => number) => products.reduce((total, p) => total + pick(p), 0);
  const timeline = minutes.map(
    (m): TimelineMinute => ({
      minute: new Date(m.minute).toISOString(),
      holds: n(m.holds),
      confirmations: n(m.confirmations),
      expirations: n(m.expirations),
      rejections: n(m.rejections),
    }),
  );
  return {
    generatedAt: now.toISOString(),
    totals: {
      products: products.length,
      available: of((p) => p.available),
      pendingOrders: of((p) => p.pendingOrders),
      confirmedOrders: of((p) => p.confirmedOrders),
      expiredOrders: of((p) => p.expiredOrders),
      cancelledOrders: of((p) => p.cancelledOrders),
      oversellAttemptsBlocked: of((p) => p.oversellAttemptsBlocked),
      inventoryEvents: sum((r) => r.events),
      revenueCents: of((p) => p.revenueCents),
      holdsLastMinute: sum((r) => r.holds_last_minute),
      expiryLagSeconds: Math.round(n(scalars.expiry_lag_seconds) * 10) / 10,
    },
    products,
    queues: await listQueueStats(),
    timeline,
  };
}
