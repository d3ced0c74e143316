// The closed lists the database stores, each written once: db/schema.ts derives its column types and
// CHECK constraints from them, lib/ its zod enums. Plain arrays, no imports: drizzle-kit loads this
// file, and client components may import it.

/** `products.admission`: anyone may hold while the sale is live, or only through the waiting room. */
export const admissions = ["first_come", "queue"] as const;
export type Admission = (typeof admissions)[number];

/** `tickets.status`: waiting for its turn, admitted (may hold until admitted_until), used (held once),
 *  lapsed (its admission ran out unused) or closed (the sale sold out or ended while it waited). */
export const ticketStatuses = ["waiting", "admitted", "used", "lapsed", "closed"] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
