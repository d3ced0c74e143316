// reconcile: checks invariants 1-5 (numbered in the README's "How it works") for every product,
// from the tables alone, in one consistent snapshot; each problem names the invariant it breaks.
// Invariant 6 (the sale window) is checked when a hold is placed or confirmed: a window may move
// later, so the tables cannot show it. Read-only; `ok` is false on any breach.
import { sql } from "drizzle-orm";
import { db } from "../db";

export type ProductReconciliation = {
  id: string;
  name: string;
  ok: boolean;
  totalStock: number;
  available: number;
  held: number;
  sold: number;
  ledgerSum: number;
  stockAdded: number;
  ordersWithBadEvents: number;
  customersOverLimit: number;
  allocationMismatches: number;
  problems: string[];
};

export type Reconciliation = {
  ok: boolean;
  checkedAt: string;
  products: ProductReconciliation[];
  orphans: { orders: number; events: number };
};

type Row = {
  id: string;
  name: string;
  total_stock: number;
  available: number;
  held: number;
  sold: number;
  ledger_sum: number;
  stock_added: number;
  bad_orders: number;
  over_limit: number;
  allocation_mismatches: number;
};

export async function reconcile(): Promise<Reconciliation> {
  return db().transaction(
    async (tx) => {
      const rows = await tx.execute<Row>(sql`
        with order_units as (
          select product_id,
                 coalesce(sum(quantity) filter (where status = 'pending'), 0) as held,
                 coalesce(sum(quantity) filter (where status = 'confirmed'), 0) as sold
            from orders group by product_id
        ), ledger as (
          select product_id, sum(delta) as ledger_sum,
                 coalesce(sum(delta) filter (where type = 'stock_added'), 0) as stock_added
            from inventory_events group by product_id
        ), order_events as (
          select order_id,
                 count(*) filter (where type = 'hold_created') as created,
                 count(*) filter (where type = 'hold_released') as released,
                 count(*) filter (where type = 'order_confirmed') as confirmed
            from inventory_events where order_id is not null group by order_id
        ), bad_orders as (
          select o.product_id, count(*) as n
            from orders o left join order_events e on e.order_id = o.id
           where coalesce(e.created, 0) <> 1
              or coalesce(e.released, 0) <> (case when o.status in ('expired', 'cancelled') then 1 else 0 end)
              or coalesce(e.confirmed, 0) <> (case when o.status = 'confirmed' then 1 else 0 end)
              or o.confirmed_at > o.hold_expires_at
           group by o.product_id
        ), customer_units as (
          select product_id, canonical_mailbox(customer_email) as mailbox, sum(quantity) as units
            from orders where status in ('pending', 'confirmed') group by 1, 2
        ), over_limit as (
          select c.product_id, count(*) as n
            from customer_units c join products p on p.id = c.product_id
           where c.units > p.max_per_customer group by c.product_id
        ), allocation_mismatches as (
          select coalesce(a.product_id, c.product_id) as product_id, count(*) as n
            from customer_allocations a
            full join customer_units c on c.product_id = a.product_id and c.mailbox = a.mailbox
           where coalesce(a.quantity, 0) <> coalesce(c.units, 0)
           group by 1
        )
        select p.id, p.name, p.total_stock, p.available,
               coalesce(u.held, 0)::int as held, coalesce(u.sold, 0)::int as sold,
               coalesce(l.ledger_sum, 0)::int as ledger_sum, coalesce(l.stock_added, 0)::int as stock_added,
               coalesce(b.n, 0)::int as bad_orders, coalesce(ol.n, 0)::int as over_limit,
               coalesce(am.n, 0)::int as allocation_mismatches
          from products p
          left join order_units u on u.product_id = p.id
          left join ledger l on l.product_id = p.id
          left join bad_orders b on b.product_id = p.id
          left join over_limit ol on ol.product_id = p.id
          left join allocation_mismatches am on am.product_id = p.id
         order by p.created_at, p.id`);
      const [orphans] = await tx.execute<{ orders: number; events: number }>(sql`
        select (select count(*) from orders o where not exists (select 1 from products p where p.id = o.product_id))::int as orders,
               (select count(*) from inventory_events e where not exists (select 1 from products p where p.id = e.product_id))::int as events`);

      const products = rows.map((r): ProductReconciliation => {
        const problems: string[] = [];
        if (r.available < 0) problems.push(`invariant 1: available is negative (${r.available})`);
        if (r.available + r.held + r.sold !== r.total_stock) {
          problems.push(
            `invariant 2: available ${r.available} + held ${r.held} + sold ${r.sold} != total stock ${r.total_stock}`,
          );
        }
        if (r.ledger_sum !== r.available)
          problems.push(`invariant 3: ledger sum ${r.ledger_sum} != available ${r.available}`);
        if (r.stock_added !== r.total_stock)
          problems.push(`invariant 3: stock added ${r.stock_added} != total stock ${r.total_stock}`);
        if (r.bad_orders > 0) problems.push(`invariant 4: ${r.bad_orders} orders with missing or extra ledger events`);
        if (r.over_limit > 0) problems.push(`invariant 5: ${r.over_limit} shoppers over the per-customer limit`);
        if (r.allocation_mismatches > 0)
          problems.push(`invariant 5: ${r.allocation_mismatches} shopper allocations disagree with their orders`);
        return {
          id: r.id,
          name: r.name,
          ok: problems.length === 0,
          totalStock: r.total_stock,
          available: r.available,
          held: r.held,
          sold: r.sold,
          ledgerSum: r.ledger_sum,
          stockAdded: r.stock_added,
          ordersWithBadEvents: r.bad_orders,
          customersOverLimit: r.over_limit,
          allocationMismatches: r.allocation_mismatches,
          problems,
        };
      });
      const orphanCounts = { orders: orphans?.orders ?? 0, events: orphans?.events ?? 0 };
      return {
        ok: products.every((p) => p.ok) && orphanCounts.orders === 0 && orphanCounts.events === 0,
        checkedAt: new Date().toISOString(),
        products,
        orphans: orphanCounts,
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
