// Waiting-room reads: a ticket as its holder sees it, the draw as anyone may check it, and each
// room's figures for the admin. A read that finds a draw due (the sale started, no tick has drawn yet)
// has it drawn first (advanceQueue), so nobody waits on the scheduler's interval for their place.
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { db } from "../db";
import { DomainError } from "../errors";
import { idParamsSchema } from "../schemas";
import { parseInput } from "../validation";
import { advanceQueue } from "./advance-queue";
import type { Draw, Ticket } from "./schemas";

type TicketRead = {
  id: string;
  product_id: string;
  user_id: string | null;
  status: Ticket["status"];
  position: number | null;
  admitted_until: Date | string | null;
  serving: number;
  admit_per_minute: number;
  queue_paused: boolean;
  draw_due: boolean;
};

const ticketRead = (where: ReturnType<typeof sql>) => sql`
  select t.id, t.product_id, t.user_id, t.status, t.position, t.admitted_until,
         q.serving, p.admit_per_minute, p.queue_paused,
         (q.drawn_at is null and p.sale_starts_at <= now()) as draw_due
    from tickets t join queues q on q.product_id = t.product_id join products p on p.id = t.product_id
   where ${where}`;

export function toTicket(row: TicketRead, now = new Date()): Ticket {
  const admittedUntil = row.admitted_until ? new Date(row.admitted_until) : null;
  // An admission past its deadline is lapsed at once, whether or not a tick has marked it.
  const status = row.status === "admitted" && admittedUntil! <= now ? "lapsed" : row.status;
  let estimatedWaitSeconds: number | null = null;
  if (status === "admitted") estimatedWaitSeconds = 0;
  else if (status === "waiting" && row.position !== null && !row.queue_paused) {
    const place = Math.max(1, row.position - row.serving);
    estimatedWaitSeconds = Math.ceil((place * 60) / row.admit_per_minute);
  }
  return {
    id: row.id,
    productId: row.product_id,
    status,
    position: row.position,
    estimatedWaitSeconds,
    admittedUntil: status === "admitted" ? admittedUntil!.toISOString() : null,
  };
}

async function readTicket(id: string): Promise<TicketRead | undefined> {
  const [row] = await db().execute<TicketRead>(ticketRead(sql`t.id = ${id}`));
  if (row?.draw_due) {
    await advanceQueue(row.product_id);
    return (await db().execute<TicketRead>(ticketRead(sql`t.id = ${id}`)))[0];
  }
  return row;
}

/** A ticket by its id: a guest's to whoever holds the id, an account's to that account (and admins);
 *  anyone else is told it does not exist. */
export async function getTicket(ticketId: string, actor: Actor): Promise<Ticket> {
  const { id } = parseInput(idParamsSchema, { id: ticketId });
  const row = await readTicket(id);
  const allowed =
    row && (!row.user_id || (actor.kind === "user" && (actor.role === "admin" || actor.userId === row.user_id)));
  if (!row || !allowed) throw new DomainError("not_found", "No ticket with this id.");
  return toTicket(row);
}

/** The shopper's ticket for a product, if any. */
export async function findTicketOfShopper(productId: string, shopper: string): Promise<Ticket | undefined> {
  const [row] = await db().execute<TicketRead>(ticketRead(sql`t.product_id = ${productId} and t.shopper = ${shopper}`));
  return row ? toTicket(row) : undefined;
}

/** What the hold path needs of a ticket: whose it is and whether it admits now. */
export async function readTicketForHold(id: string) {
  const [row] = await db().execute<{ product_id: string; shopper: string; status: string; admitted: boolean }>(sql`
    select product_id, shopper, status, (status = 'admitted' and admitted_until > now()) as admitted
      from tickets where id = ${id}`);
  return row;
}

type DrawRead = { commitment: string; seed: string; drawn_at: Date | string | null; draw_due: boolean };

/** The draw of a product's waiting room: the commitment always; the seed and the keys in draw order
 *  once the draw has been made (at the sale's start). */
export async function getDraw(productId: string): Promise<Draw> {
  const { id } = parseInput(idParamsSchema, { id: productId });
  const read = () =>
    db().execute<DrawRead>(sql`
      select q.commitment, q.seed, q.drawn_at, (q.drawn_at is null and p.sale_starts_at <= now()) as draw_due
        from queues q join products p on p.id = q.product_id
       where q.product_id = ${id} and p.admission = 'queue'`);
  let [row] = await read();
  if (row?.draw_due) {
    await advanceQueue(id);
    [row] = await read();
  }
  if (!row) throw new DomainError("not_found", "No waiting room for this product.");
  if (!row.drawn_at) return { commitment: row.commitment, seed: null, drawnAt: null, entries: [] };
  const keys = await db().execute<{ draw_key: string }>(sql`
    select draw_key from tickets where product_id = ${id} and draw_key is not null order by position`);
  return {
    commitment: row.commitment,
    seed: row.seed,
    drawnAt: new Date(row.drawn_at).toISOString(),
    entries: keys.map((k) => k.draw_key),
  };
}
