// listInventoryEvents: the ledger, newest first, filtered by product and type, one page at a
// time (keyset on id), with the admin behind each manual change.
import { sql } from "drizzle-orm";
import type { InventoryEvent } from "../admin/schemas";
import { listEventsInputSchema } from "../admin/schemas";
import { db } from "../db";
import { parseInput } from "../validation";

type Row = {
  id: string | number;
  product_id: string;
  product_name: string | null;
  order_id: string | null;
  type: InventoryEvent["type"];
  delta: number;
  reason: string | null;
  admin_email: string | null;
  metadata: Record<string, unknown>;
  created_at: Date | string;
};

export async function listInventoryEvents(input: unknown): Promise<InventoryEvent[]> {
  const { productId, type, limit, before } = parseInput(listEventsInputSchema, input);
  // Only the filters given reach the SQL, so each query gets the plan of its own index.
  const filters = [
    productId ? sql`e.product_id = ${productId}` : undefined,
    type ? sql`e.type = ${type}` : undefined,
    before ? sql`e.id < ${before}` : undefined,
  ].filter((f) => f !== undefined);
  const where = filters.length ? sql`where ${sql.join(filters, sql` and `)}` : sql``;
  const rows = await db().execute<Row>(sql`
    select e.id, e.product_id, p.name as product_name, e.order_id, e.type, e.delta, e.reason, e.metadata, e.created_at,
           u.email as admin_email
      from inventory_events e
      left join products p on p.id = e.product_id
      left join users u on u.id = case when e.metadata->>'adminId' ~ '^[0-9a-f-]{36}$' then (e.metadata->>'adminId')::uuid end
     ${where}
     order by e.id desc
     limit ${limit}`);
  return rows.map((r) => ({
    id: Number(r.id),
    productId: r.product_id,
    productName: r.product_name ?? "(unknown product)",
    orderId: r.order_id,
    type: r.type,
    delta: r.delta,
    reason: r.reason,
    adminEmail: r.admin_email,
    metadata: r.metadata,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
