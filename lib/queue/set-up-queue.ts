// setUpQueue: gives a product with a waiting room its queue, once: the draw's seed, drawn now from the
// operating system's random source, and its public commitment sha256hex(seed). Runs inside the command
// that creates the product or turns its waiting room on, so the seed is fixed before anyone can join.
import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";

export const sha256hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

export async function setUpQueue(tx: Pick<Database, "execute">, productId: string): Promise<void> {
  const seed = randomBytes(32).toString("hex");
  await tx.execute(sql`
    insert into queues (product_id, seed, commitment) values (${productId}, ${seed}, ${sha256hex(seed)})
    on conflict (product_id) do nothing`);
}
