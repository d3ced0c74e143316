// The flash-sale data model. Every invariant the database can hold itself is a CHECK or an index
// here; the rest (ledger sums, sale windows) is kept by the SQL functions in db/migrations and
// verified by the reconcile check.
//
// orders and inventory_events carry product_id without a foreign key on purpose: a foreign key to
// the hot product row makes every order insert take FOR KEY SHARE on it, a second lock on the row
// every hold already fights for. Products are never deleted (a closed sale is the archive), and
// the reconcile check reports orphans.
import { type SQL, sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import {
  admissions,
  botChecks,
  holdReleaseReasons,
  type InventoryEventType,
  inventoryEventTypes,
  orderStatuses,
  rejectionReasons,
  roles,
  ticketStatuses,
} from "./enums";

/** A list as SQL literals (`'a', 'b'`) for a CHECK constraint: drizzle-kit keeps a check's text as
 *  written, so the values go in as literals, never as parameters. */
const literals = (values: readonly string[]) => sql.raw(values.map((v) => `'${v.replaceAll("'", "''")}'`).join(", "));

/** Raw bytes (drizzle's pg-core has no bytea column of its own). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
};

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull().unique(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: roles }).notNull().default("customer"),
    // Session tokens carry the version they were issued at; raising it ends every session of the
    // account (sign-out, a new password, a demotion: see the trigger in the migrations).
    sessionVersion: integer("session_version").notNull().default(0),
    ...timestamps,
  },
  (t) => [
    check("users_email_lower_case", sql`${t.email} = lower(${t.email})`),
    check("users_role_known", sql`${t.role} in (${literals(roles)})`),
    // A guest hold or join under an account's mailbox is refused: found by the canonical mailbox.
    index("users_by_mailbox").on(sql`canonical_mailbox(${t.email})`),
  ],
);

export const products = pgTable(
  "products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    priceCents: integer("price_cents").notNull(),
    currency: text("currency").notNull().default("USD"),
    totalStock: integer("total_stock").notNull().default(0),
    available: integer("available").notNull().default(0),
    maxPerCustomer: integer("max_per_customer").notNull().default(1),
    saleStartsAt: timestamp("sale_starts_at", { withTimezone: true }).notNull(),
    saleEndsAt: timestamp("sale_ends_at", { withTimezone: true }).notNull(),
    // The waiting room (admission "queue"): when shoppers may join, how many it admits a minute, how
    // long an admission lasts, and whether an admin paused it. Its draw and progress live in `queues`.
    admission: text("admission", { enum: admissions }).notNull().default("first_come"),
    queueOpensAt: timestamp("queue_opens_at", { withTimezone: true }),
    admitPerMinute: integer("admit_per_minute").notNull().default(60),
    admissionTtlSeconds: integer("admission_ttl_seconds").notNull().default(180),
    queuePaused: boolean("queue_paused").notNull().default(false),
    // Who may try: signed-in customers only, and whether each hold and join carries a proof of work.
    accountsOnly: boolean("accounts_only").notNull().default(false),
    botCheck: text("bot_check", { enum: botChecks }).notNull().default("off"),
    ...timestamps,
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("products_available_non_negative", sql`${t.available} >= 0`),
    check("products_available_within_stock", sql`${t.available} <= ${t.totalStock}`),
    check("products_price_non_negative", sql`${t.priceCents} >= 0`),
    check("products_max_per_customer_positive", sql`${t.maxPerCustomer} >= 1`),
    check("products_sale_window_ordered", sql`${t.saleEndsAt} > ${t.saleStartsAt}`),
    check("products_name_present", sql`length(btrim(${t.name})) between 1 and 200`),
    check("products_currency_code", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("products_admission_known", sql`${t.admission} in (${literals(admissions)})`),
    // A waiting room opens no later than the sale starts: its pre-queue is drawn at the start.
    check(
      "products_queue_opens_in_time",
      sql`${t.admission} = 'first_come' or (${t.queueOpensAt} is not null and ${t.queueOpensAt} <= ${t.saleStartsAt})`,
    ),
    check("products_admit_per_minute_positive", sql`${t.admitPerMinute} >= 1`),
    check("products_admission_ttl_positive", sql`${t.admissionTtlSeconds} >= 1`),
    check("products_bot_check_known", sql`${t.botCheck} in (${literals(botChecks)})`),
  ],
);

// A hold is an order in status `pending`.
export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    productId: uuid("product_id").notNull(),
    userId: uuid("user_id").references(() => users.id),
    customerEmail: text("customer_email").notNull(),
    quantity: integer("quantity").notNull(),
    unitPriceCents: integer("unit_price_cents").notNull(),
    status: text("status", { enum: orderStatuses }).notNull().default("pending"),
    holdExpiresAt: timestamp("hold_expires_at", { withTimezone: true }).notNull(),
    ...timestamps,
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    releasedAt: timestamp("released_at", { withTimezone: true }),
  },
  (t) => [
    check("orders_quantity_positive", sql`${t.quantity} > 0`),
    check("orders_price_non_negative", sql`${t.unitPriceCents} >= 0`),
    check("orders_email_lower_case", sql`${t.customerEmail} = lower(${t.customerEmail})`),
    check("orders_status_known", sql`${t.status} in (${literals(orderStatuses)})`),
    // One terminal state, stamped once: confirmed has confirmed_at, released has released_at.
    check("orders_confirmed_stamped", sql`(${t.status} = 'confirmed') = (${t.confirmedAt} is not null)`),
    check(
      "orders_released_stamped",
      sql`(${t.status} in (${literals(holdReleaseReasons)})) = (${t.releasedAt} is not null)`,
    ),
    // Invariant 4: nothing is confirmed after its hold expired.
    check("orders_confirmed_in_time", sql`${t.confirmedAt} is null or ${t.confirmedAt} <= ${t.holdExpiresAt}`),
    // Pending holds by product and expiry: the held-units sum, and the single probe a hold makes to
    // learn whether a short product has expired holds to reclaim.
    index("orders_pending_by_product").on(t.productId, t.holdExpiresAt).where(sql`${t.status} = 'pending'`),
    index("orders_pending_by_expiry").on(t.holdExpiresAt).where(sql`${t.status} = 'pending'`),
    index("orders_by_product_status").on(t.productId, t.status),
    index("orders_by_user").on(t.userId, t.createdAt.desc()).where(sql`${t.userId} is not null`),
  ],
);

// Units each shopper (the canonical mailbox, shared by a customer and a guest with the same one) holds
// or bought, per product. The row is the lock that keeps the per-customer limit exact under concurrency
// (invariant 5); it is only written while the product row is locked.
export const customerAllocations = pgTable(
  "customer_allocations",
  {
    productId: uuid("product_id").notNull(),
    mailbox: text("mailbox").notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.mailbox] }),
    check("customer_allocations_quantity_non_negative", sql`${t.quantity} >= 0`),
  ],
);

// The append-only ledger: Σ delta per product is its `available` (invariant 3). Besides the four
// stock events, `product_changed` (delta 0) records an admin's change to a sale's settings.
export const inventoryEvents = pgTable(
  "inventory_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    productId: uuid("product_id").notNull(),
    orderId: uuid("order_id"),
    type: text("type", { enum: inventoryEventTypes }).notNull(),
    delta: integer("delta").notNull(),
    reason: text("reason"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
  },
  (t) => {
    // What a row of each type looks like: the sign of its delta, whether it names an order, and a
    // release's reason. One `when` per type, in the list's order; any other type is refused.
    const released = literals(holdReleaseReasons);
    const rules: Record<InventoryEventType, SQL> = {
      stock_added: sql`${t.delta} > 0 and ${t.orderId} is null`,
      hold_created: sql`${t.delta} < 0 and ${t.orderId} is not null`,
      hold_released: sql`${t.delta} > 0 and ${t.orderId} is not null and ${t.reason} in (${released})`,
      order_confirmed: sql`${t.delta} = 0 and ${t.orderId} is not null`,
      product_changed: sql`${t.delta} = 0 and ${t.orderId} is null`,
    };
    const whens = inventoryEventTypes.map((type) => sql`when ${literals([type])} then ${rules[type]}`);
    // Line breaks as in the text the migrations created, so drizzle-kit sees no change.
    const indent = sql.raw("\n        ");
    return [
      check(
        "inventory_events_delta_matches_type",
        sql`case ${t.type}${indent}${sql.join(whens, indent)}${indent}else false end`,
      ),
      // Invariant 4, held by the database: at most one event of each kind per order.
      uniqueIndex("inventory_events_one_per_order_and_type").on(t.orderId, t.type).where(sql`${t.orderId} is not null`),
      index("inventory_events_by_product").on(t.productId, t.id.desc()),
      index("inventory_events_by_time").on(t.createdAt),
    ];
  },
);

// Refused hold attempts, counted per product, minute and reason. The app aggregates them in
// memory and adds them here about once a second, so the sold-out path never writes per request.
export const stockRejections = pgTable(
  "stock_rejections",
  {
    productId: uuid("product_id").notNull(),
    minute: timestamp("minute", { withTimezone: true }).notNull(),
    reason: text("reason", { enum: rejectionReasons }).notNull(),
    attempts: bigint("attempts", { mode: "number" }).notNull(),
    units: bigint("units", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.minute, t.reason] }), index("stock_rejections_by_minute").on(t.minute)],
);

// Roll-ups of the ledger for the dashboard, so its figures never scan the ledger or the orders.
// roll_up_inventory_events() (db/routines) folds the events of whole minutes that are at least
// two minutes old into them, in one transaction with the watermark `inventory_rollup.sealed_until`;
// readers add the few events at or after the watermark, read in the same snapshot. Nothing on the
// hold, confirm or release path writes here: these rows are derived data, rebuilt from the ledger.
const rollupCounts = {
  events: bigint("events", { mode: "number" }).notNull().default(0),
  holds: bigint("holds", { mode: "number" }).notNull().default(0),
  confirmations: bigint("confirmations", { mode: "number" }).notNull().default(0),
  expirations: bigint("expirations", { mode: "number" }).notNull().default(0),
  cancellations: bigint("cancellations", { mode: "number" }).notNull().default(0),
};

/** Per product, everything up to the watermark: counts, units and revenue. */
export const inventoryTotals = pgTable("inventory_totals", {
  productId: uuid("product_id").primaryKey(),
  ...rollupCounts,
  heldUnits: bigint("held_units", { mode: "number" }).notNull().default(0),
  confirmedUnits: bigint("confirmed_units", { mode: "number" }).notNull().default(0),
  expiredUnits: bigint("expired_units", { mode: "number" }).notNull().default(0),
  cancelledUnits: bigint("cancelled_units", { mode: "number" }).notNull().default(0),
  revenueCents: bigint("revenue_cents", { mode: "number" }).notNull().default(0),
});

/** Per minute, all products together: the dashboard's timeline. */
export const inventoryMinutes = pgTable("inventory_minutes", {
  minute: timestamp("minute", { withTimezone: true }).primaryKey(),
  ...rollupCounts,
});

/** The one watermark row: events created before `sealed_until` are in the roll-ups. */
export const inventoryRollup = pgTable(
  "inventory_rollup",
  {
    id: integer("id").primaryKey().default(1),
    sealedUntil: timestamp("sealed_until", { withTimezone: true }).notNull(),
  },
  (t) => [check("inventory_rollup_single_row", sql`${t.id} = 1`)],
);

export type ProductRow = typeof products.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type InventoryEventRow = typeof inventoryEvents.$inferSelect;

// Fixed-window counters behind every rate limit and the login throttle, keyed by what is limited
// (e.g. "login:account:<email>", "login:ip:<address>", "register:ip:<address>").
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull(),
    hits: integer("hits").notNull(),
  },
  (t) => [index("rate_limits_by_window").on(t.windowStartedAt)],
);

// Idempotency-Key records of POST /api/holds, confirm and cancel, per caller: what a replay needs
// and no more. `request_hash` is the first 16 bytes of the SHA-256 of the operation and its request;
// `order_id` is the order the command made or changed (null while a confirm or cancel is in flight),
// from which the answer is rebuilt. A hold's record is written inside the transaction that creates
// the order (place_holds), so a retry after any crash finds either the order or no effect at all.
// Kept at least 24 hours; records are written in time order, so a BRIN index serves the purge.
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    requestHash: bytea("request_hash").notNull(),
    orderId: uuid("order_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.key] }),
    check("idempotency_keys_request_hash_short", sql`octet_length(${t.requestHash}) = 16`),
    index("idempotency_keys_by_age").using("brin", t.createdAt),
  ],
);

// The waiting room of a product with admission "queue" (db/routines/advance-queues.sql). The seed of
// the draw is drawn when the room is set up; only its commitment, sha256hex(seed), is public until the
// draw at the sale's start reveals it. `last_position` is the last place given out (the draw gives
// 1..n, later joiners the next ones), `serving` the last place admitted, `credit` the fraction of an
// admission carried to the next tick, `ticked_at` the last tick, `notice` what was last announced.
export const queues = pgTable(
  "queues",
  {
    productId: uuid("product_id").primaryKey(),
    seed: text("seed").notNull(),
    commitment: text("commitment").notNull(),
    drawnAt: timestamp("drawn_at", { withTimezone: true }),
    drawnEntries: integer("drawn_entries").notNull().default(0),
    lastPosition: integer("last_position").notNull().default(0),
    serving: integer("serving").notNull().default(0),
    waiting: integer("waiting").notNull().default(0),
    credit: doublePrecision("credit").notNull().default(0),
    tickedAt: timestamp("ticked_at", { withTimezone: true }),
    notice: text("notice"),
  },
  (t) => [
    check("queues_commitment_of_seed", sql`${t.commitment} = encode(sha256(convert_to(${t.seed}, 'UTF8')), 'hex')`),
    check("queues_serving_within_places", sql`${t.serving} between 0 and ${t.lastPosition}`),
    check("queues_credit_fraction", sql`${t.credit} >= 0 and ${t.credit} < 1`),
  ],
);

// Waiting-room tickets: one per shopper (the canonical mailbox; a customer's is the account's) and
// product. The id is random and is the shopper's credential. No foreign key to products, for the
// reason orders have none. `position` is null in the pre-queue until the draw; `draw_key` is
// sha256hex(seed || id) for the entrants the draw ordered.
export const tickets = pgTable(
  "tickets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    productId: uuid("product_id").notNull(),
    shopper: text("shopper").notNull(),
    userId: uuid("user_id").references(() => users.id),
    seq: bigint("seq", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
    position: integer("position"),
    drawKey: text("draw_key"),
    status: text("status", { enum: ticketStatuses }).notNull().default("waiting"),
    admittedAt: timestamp("admitted_at", { withTimezone: true }),
    admittedUntil: timestamp("admitted_until", { withTimezone: true }),
    orderId: uuid("order_id"),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [
    check("tickets_status_known", sql`${t.status} in (${literals(ticketStatuses)})`),
    check("tickets_position_positive", sql`${t.position} is null or ${t.position} >= 1`),
    check("tickets_shopper_lower_case", sql`${t.shopper} = lower(${t.shopper})`),
    // Only a placed ticket is admitted, and every admission has its deadline.
    check(
      "tickets_admission_stamped",
      sql`(${t.status} in ('admitted', 'used', 'lapsed')) = (${t.admittedUntil} is not null and ${t.position} is not null)`,
    ),
    check("tickets_used_has_order", sql`(${t.status} = 'used') = (${t.orderId} is not null)`),
    uniqueIndex("tickets_one_per_shopper").on(t.productId, t.shopper),
    uniqueIndex("tickets_one_per_place").on(t.productId, t.position),
    // The next tickets to admit, and the admissions to lapse.
    index("tickets_waiting_by_place").on(t.productId, t.position).where(sql`${t.status} = 'waiting'`),
    index("tickets_admitted_by_deadline").on(t.productId, t.admittedUntil).where(sql`${t.status} = 'admitted'`),
    index("tickets_by_product_status").on(t.productId, t.status),
  ],
);

export type TicketRow = typeof tickets.$inferSelect;
export type QueueRow = typeof queues.$inferSelect;

// Proof-of-work solutions already spent: each ALTCHA challenge (by its signature) admits one hold or join.
// Kept until the challenge expires (after which it fails verification anyway), then purged.
export const spentChallenges = pgTable(
  "spent_challenges",
  {
    signature: text("signature").primaryKey(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("spent_challenges_by_expiry").on(t.expiresAt)],
);
