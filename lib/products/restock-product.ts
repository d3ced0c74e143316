// restockProduct: puts n more units on sale. total_stock, available and the stock_added event
// move together in one statement (invariants 2 and 3).
import { sql } from "drizzle-orm";
import type { ProductRow } from "@/db/schema";
import type { Actor } from "../actor";
import { db } from "../db";
import { DomainError } from "../errors";
import { idParamsSchema } from "../schemas";
import { assertAdmin } from "../users/authorize";
import { parseInput } from "../validation";
import { getProduct } from "./queries";
import { restockInputSchema, type Product } from "./schemas";

export async function restockProduct(productId: string, input: unknown, actor: Actor): Promise<Product> {
  assertAdmin(actor);
  const { id } = parseInput(idParamsSchema, { id: productId });
  const { quantity } = parseInput(restockInputSchema, input);
  const metadata = JSON.stringify({ adminId: actor.userId, action: "restock" });
  const rows = await db().execute<Pick<ProductRow, "id">>(sql`
    with restocked as (
      update products set total_stock = total_stock + ${quantity}, available = available + ${quantity}, updated_at = now()
       where id = ${id}
      returning id
    )
    insert into inventory_events (product_id, type, delta, metadata)
    select id, 'stock_added', ${quantity}, ${metadata}::jsonb from restocked
    returning product_id as id`);
  if (rows.length === 0) throw new DomainError("not_found", "No product with this id.");
  return getProduct(id);
}
