// setSaleState: opens a sale now (keeping its end, or running 24 hours if the end has passed) or
// closes it now. Holds already placed stay valid until they expire; none outlive the window's end
// for confirmation (confirmOrder checks the window).
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { db } from "../db";
import { DomainError } from "../errors";
import { idParamsSchema } from "../schemas";
import { assertAdmin } from "../users/authorize";
import { parseInput } from "../validation";
import { getProduct } from "./queries";
import { saleActionInputSchema, type Product } from "./schemas";

export async function setSaleState(productId: string, input: unknown, actor: Actor): Promise<Product> {
  assertAdmin(actor);
  const { id } = parseInput(idParamsSchema, { id: productId });
  const { action } = parseInput(saleActionInputSchema, input);
  // A waiting room opens no later than its sale: opening (or closing) early brings its opening along.
  const window =
    action === "open"
      ? sql`sale_starts_at = least(sale_starts_at, now()), queue_opens_at = least(queue_opens_at, now()),
            sale_ends_at = case when sale_ends_at > now() then sale_ends_at else now() + interval '24 hours' end`
      : sql`sale_starts_at = least(sale_starts_at, now() - interval '1 millisecond'),
            queue_opens_at = least(queue_opens_at, now() - interval '1 millisecond'),
            sale_ends_at = least(sale_ends_at, now())`;
  const metadata = JSON.stringify({ adminId: actor.userId, action });
  // The change and its ledger record (who, what) commit together.
  const rows = await db().execute(sql`
    with changed as (
      update products set ${window}, updated_at = now() where id = ${id}
      returning id, sale_starts_at, sale_ends_at
    )
    insert into inventory_events (product_id, type, delta, metadata)
    select id, 'product_changed', 0,
           ${metadata}::jsonb || jsonb_build_object('saleStartsAt', sale_starts_at, 'saleEndsAt', sale_ends_at)
      from changed
    returning product_id`);
  if (rows.length === 0) throw new DomainError("not_found", "No product with this id.");
  return getProduct(id);
}
