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
import type { Draw, QueueStats, Ticket } from "./schemas";

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

/** The mailbox a ticket belongs to, for its own page's Buy form (the id is the credential). */
export async function ticketShopper(id: string): Promise<string | undefined> {
  const [row] = await db().execute<{ shopper: string }>(sql`select shopper from tickets where id = ${id}`);
  return row?.shopper;
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

type StatsRow = {
  product_id: string;
  name: string;
  paused: boolean;
  admit_per_minute: number;
  drawn: boolean;
  serving: number;
  waiting: number;
  admitted: number;
  used: number;
  lapsed: number;
  closed: number;
  last_place: number | null;
};

/** Every waiting room's figures: tickets by status (an admission past its deadline counts as lapsed),
 *  the admit rate and the wait of the last in line. */
export async function listQueueStats(): Promise<QueueStats[]> {
  const rows = await db().execute<StatsRow>(sql`
    select p.id as product_id, p.name, p.queue_paused as paused, p.admit_per_minute,
           q.drawn_at is not null as drawn, q.serving,
           count(t.id) filter (where t.status = 'waiting')::int as waiting,
           count(t.id) filter (where t.status = 'admitted' and t.admitted_until > now())::int as admitted,
           count(t.id) filter (where t.status = 'used')::int as used,
           count(t.id) filter (where t.status = 'lapsed' or (t.status = 'admitted' and t.admitted_until <= now()))::int
             as lapsed,
           count(t.id) filter (where t.status = 'closed')::int as closed,
           max(t.position) filter (where t.status = 'waiting') as last_place
      from products p
      join queues q on q.product_id = p.id
      left join tickets t on t.product_id = p.id
     where p.admission = 'queue'
     group by p.id, q.product_id
     order by p.sale_starts_at, p.name`);
  return rows.map((r) => {
    // Before the draw nobody has a place: the last in line is behind everyone waiting.
    const ahead = r.waiting === 0 ? 0 : r.last_place === null ? r.waiting : Math.max(1, r.last_place - r.serving);
    return {
      productId: r.product_id,
      name: r.name,
      paused: r.paused,
      admitPerMinute: r.admit_per_minute,
      drawn: r.drawn,
      serving: r.serving,
      waiting: r.waiting,
      admitted: r.admitted,
      used: r.used,
      lapsed: r.lapsed,
      closed: r.closed,
      lastInLineWaitSeconds: Math.ceil((ahead * 60) / r.admit_per_minute),
    };
  });
}
