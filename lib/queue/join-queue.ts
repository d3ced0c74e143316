// joinQueue: a shopper's ticket in a product's waiting room. The same shopper joining again gets the
// same ticket (created: false), whatever the room's state; a new ticket needs a product with a waiting
// room that is open (queue_not_open before queueOpensAt and after the sale), and not sold out. Before
// the draw the ticket waits in the pre-queue without a place; after it, it takes the next place
// (db/routines/join-queue.sql). The shopper is the canonical mailbox. Guests join with an e-mail address
// whose mailbox is not an account's, and only where the product does not take signed-in customers only; a
// product's proof of work is verified (and spent) last, before the ticket is written.
import { eq, sql } from "drizzle-orm";
import { products, type ProductRow, tickets, users } from "@/db/schema";
import { verifyBotCheck } from "../bot-check/verify-bot-check";
import type { Actor } from "../actor";
import { db } from "../db";
import { DomainError } from "../errors";
import { idParamsSchema } from "../schemas";
import { parseInput } from "../validation";
import { findTicketOfShopper } from "./queries";
import { joinQueueInputSchema, type Ticket } from "./schemas";
import { canonicalMailbox } from "../users/canonical-mailbox";

export async function joinQueue(
  productId: string,
  input: unknown,
  actor: Actor,
): Promise<{ ticket: Ticket; created: boolean }> {
  const { id } = parseInput(idParamsSchema, { id: productId });
  const { email: typedEmail, altcha } = parseInput(joinQueueInputSchema, input);
  const email = actor.kind === "user" ? actor.email : typedEmail;
  const userId = actor.kind === "user" ? actor.userId : null;
  if (!email) {
    throw new DomainError("invalid_request", "An e-mail address is required to join as a guest.", [
      { path: "email", message: "required for guests" },
    ]);
  }
  const shopper = canonicalMailbox(email);
  // One read for what every join needs first: the product, the shopper's ticket if any, and whether a
  // guest's address is an account's.
  const [found] = await db()
    .select({
      product: products,
      existing: sql<boolean>`exists (select 1 from ${tickets} t where t.product_id = ${id} and t.shopper = ${shopper})`,
      accountEmail: sql<boolean>`exists (select 1 from ${users} u where canonical_mailbox(u.email) = ${shopper})`,
    })
    .from(products)
    .where(eq(products.id, id));
  if (!userId && found?.accountEmail) {
    throw new DomainError("sign_in_required", "This e-mail address belongs to an account: sign in to join with it.");
  }
  const product = found?.product;
  if (product?.admission !== "queue") {
    throw new DomainError("not_found", "This product has no waiting room.");
  }
  if (product.accountsOnly && !userId) {
    throw new DomainError(
      "sign_in_required",
      "This sale is for signed-in customers: sign in to join its waiting room.",
    );
  }
  if (found!.existing) {
    const existing = await findTicketOfShopper(id, shopper);
    if (existing) return { ticket: existing, created: false };
  }

  await assertOpen(product);
  await verifyBotCheck(product, altcha);
  const [row] = await db().execute<{ ticket_id: string; created: boolean }>(
    sql`select ticket_id, created from join_queue(${id}::uuid, ${shopper}, ${userId}::uuid)`,
  );
  const ticket = await findTicketOfShopper(id, shopper);
  if (!row || !ticket) throw new Error("join_queue returned no ticket");
  return { ticket, created: row.created };
}

async function assertOpen(product: ProductRow) {
  const now = new Date();
  if (product.queueOpensAt && now < product.queueOpensAt) {
    throw new DomainError(
      "queue_not_open",
      `The waiting room is not open yet. It opens at ${product.queueOpensAt.toISOString()}.`,
    );
  }
  if (now >= product.saleEndsAt)
    throw new DomainError("queue_not_open", "The sale has ended: the waiting room is closed.");
  if (now >= product.saleStartsAt && product.available === 0) {
    const [pending] = await db().execute<{ any: boolean }>(
      sql`select exists (select 1 from orders where product_id = ${product.id} and status = 'pending') as any`,
    );
    if (!pending?.any) throw new DomainError("insufficient_stock", "Sold out: no units are left.");
  }
}
