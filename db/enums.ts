// The closed lists the database stores, each written once. db/schema.ts derives its column types and
// CHECK constraints from them, lib/ its zod enums and TypeScript types, the UI its labels (maps typed
// by these unions, so a new member fails to compile until it has one). Plain arrays, no imports:
// drizzle-kit loads this file, and client components may import it.

/** `users.role`. */
export const roles = ["customer", "admin"] as const;
export type Role = (typeof roles)[number];

/** `orders.status`: a hold is an order in status `pending`. */
export const orderStatuses = ["pending", "confirmed", "expired", "cancelled"] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** The terminal statuses of a released hold, which are also the `reason` of its `hold_released` event. */
export const holdReleaseReasons = ["expired", "cancelled"] as const satisfies readonly OrderStatus[];
export type HoldReleaseReason = (typeof holdReleaseReasons)[number];

/** `inventory_events.type`: the four stock events and `product_changed` (an admin's change, delta 0). */
export const inventoryEventTypes = [
  "stock_added",
  "hold_created",
  "hold_released",
  "order_confirmed",
  "product_changed",
] as const;
export type InventoryEventType = (typeof inventoryEventTypes)[number];

/** `stock_rejections.reason`: why a hold was refused; each is also the refusal's error code. */
export const rejectionReasons = ["insufficient_stock", "limit_exceeded", "sale_not_active"] as const;
export type RejectionReason = (typeof rejectionReasons)[number];

/** `products.admission`: anyone may hold while the sale is live, or only through the waiting room. */
export const admissions = ["first_come", "queue"] as const;
export type Admission = (typeof admissions)[number];

/** `tickets.status`: waiting for its turn, admitted (may hold until admitted_until), used (held once),
 *  lapsed (its admission ran out unused) or closed (the sale sold out or ended while it waited). */
export const ticketStatuses = ["waiting", "admitted", "used", "lapsed", "closed"] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/** `products.bot_check`: no check, or a proof of work (ALTCHA) with every hold and waiting-room join. */
export const botChecks = ["off", "proof_of_work"] as const;
export type BotCheck = (typeof botChecks)[number];
