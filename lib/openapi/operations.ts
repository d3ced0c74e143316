// Every operation of the HTTP API, described once. Its route handler passes the description to
// route() (app/_lib/http.ts), which enforces `access` and parses `query` with it, and the OpenAPI
// document (document.ts) is generated from the same objects, so the two cannot tell different
// stories. tests/route-operations.test.ts checks that every route file serves its operations and
// every operation has its route. The key of each is its operationId.
import { z } from "zod";
import { challengeSchema } from "../bot-check/schemas";
import { inventoryEventSchema, listEventsInputSchema, metricsSchema } from "../admin/schemas";
import type { ErrorCode } from "../errors";
import { healthSchema } from "../health";
import { orderSchema, placeHoldInputSchema } from "../orders/schemas";
import {
  createProductInputSchema,
  productSchema,
  restockInputSchema,
  saleActionInputSchema,
  updateProductInputSchema,
} from "../products/schemas";
import { drawSchema, joinQueueInputSchema, queueActionInputSchema, ticketSchema } from "../queue/schemas";
import { uuidSchema } from "../schemas";
import { registerInputSchema, userSchema } from "../users/schemas";

/** Who may call an operation. route() answers 401 to anonymous callers of `user` and `admin`
 *  operations and 403 to non-admins of `admin` ones, and 401 without the scheduler's bearer secret
 *  for `cron`; `holder` is the command's own rule (an order's id is the key to a guest's order). */
export type Access = "anyone" | "holder" | "user" | "admin" | "cron";

export type Tag = "Storefront" | "Orders" | "Accounts" | "Admin" | "Operations";

export type Operation = {
  method: "get" | "post" | "patch";
  /** The OpenAPI path: `{name}` for each dynamic segment of the route's folder. */
  path: string;
  tag: Tag;
  summary: string;
  access: Access;
  /** One key for each `{name}` in the path. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  success: {
    status: number;
    schema?: z.ZodType;
    description: string;
    contentType?: string;
    headers?: Record<string, { description: string; required: boolean; schema: Record<string, unknown> }>;
  };
  /** A second success status with the same body (joining again answers 200 with the same ticket). */
  alsoSuccess?: { status: number; description: string };
  /** What the operation itself may answer. Every operation also declares 400 invalid_request (its
   *  query string is checked), the errors of its `access`, and those of a body and an
   *  Idempotency-Key (document.ts adds them). */
  errors: ErrorCode[];
  /** Honours the Idempotency-Key header. */
  idempotent?: boolean;
};

const ok = (schema: z.ZodType, description: string, status = 200) => ({ status, schema, description });
const productParams = z.object({ id: uuidSchema.meta({ description: "The product's id" }) });
const orderParams = z.object({ id: uuidSchema.meta({ description: "The order's id (the hold's id)" }) });
const ticketParams = z.object({ ticketId: uuidSchema.meta({ description: "The ticket's id" }) });
const productBody = z.object({ product: productSchema });
const ticketBody = z.object({ ticket: ticketSchema });
const orderBody = z.object({ order: orderSchema });
const reconcileSchema = z
  .object({
    ok: z.boolean(),
    checkedAt: z.string(),
    products: z.array(
      z.object({ id: z.string(), name: z.string(), ok: z.boolean(), problems: z.array(z.string()) }).loose(),
    ),
    orphans: z.object({ orders: z.int(), events: z.int() }),
  })
  .meta({ id: "Reconciliation" });
const location = { description: "The new order's URL", required: true, schema: { type: "string" } };

export const operations = {
  getHealth: {
    method: "get",
    path: "/api/health",
    tag: "Operations",
    summary: "Liveness: a database round trip (503 only when the database fails it), and the event-loop delay",
    access: "anyone",
    success: ok(healthSchema, "Healthy"),
    errors: ["service_unavailable"],
  },
  getServerTime: {
    method: "get",
    path: "/api/time",
    tag: "Operations",
    summary: "The server's clock",
    access: "anyone",
    success: ok(z.object({ serverTime: z.string() }), "The time"),
    errors: [],
  },
  listProducts: {
    method: "get",
    path: "/api/products",
    tag: "Storefront",
    summary: "Every product with live stock figures, and the server's clock",
    access: "anyone",
    success: ok(z.object({ products: z.array(productSchema), serverTime: z.string() }), "The products"),
    errors: [],
  },
  getProduct: {
    method: "get",
    path: "/api/products/{id}",
    tag: "Storefront",
    summary: "One product",
    access: "anyone",
    params: productParams,
    success: ok(productBody, "The product"),
    errors: ["not_found"],
  },
  placeHold: {
    method: "post",
    path: "/api/holds",
    tag: "Storefront",
    summary: "Hold units of a product for a short time (a pending order)",
    access: "anyone",
    body: placeHoldInputSchema,
    success: { ...ok(orderBody, "The hold", 201), headers: { Location: location } },
    errors: [
      "not_found",
      "insufficient_stock",
      "sale_not_active",
      "limit_exceeded",
      "sign_in_required",
      "admission_required",
      "challenge_required",
      "challenge_failed",
      "rate_limited",
      "service_unavailable",
    ],
    idempotent: true,
  },
  joinQueue: {
    method: "post",
    path: "/api/products/{id}/queue",
    tag: "Storefront",
    summary:
      "Join a product's waiting room: 201 with a new ticket, 200 with the shopper's existing one (one per shopper)",
    access: "anyone",
    params: productParams,
    body: joinQueueInputSchema,
    success: {
      ...ok(ticketBody, "A new ticket", 201),
      headers: { Location: { ...location, description: "The ticket's URL" } },
    },
    alsoSuccess: { status: 200, description: "The shopper's existing ticket (one per shopper and product)" },
    errors: [
      "not_found",
      "queue_not_open",
      "insufficient_stock",
      "sign_in_required",
      "challenge_required",
      "challenge_failed",
    ],
  },
  getChallenge: {
    method: "get",
    path: "/api/challenge",
    tag: "Storefront",
    summary:
      "A proof-of-work challenge (ALTCHA, SHA-256): find the number, send the solution as `altcha` with a hold " +
      "or join of a product whose botCheck is proof_of_work; each solution is accepted once, until it expires",
    access: "anyone",
    success: ok(challengeSchema, "The challenge"),
    errors: [],
  },
  getTicket: {
    method: "get",
    path: "/api/queue/{ticketId}",
    tag: "Storefront",
    summary: "A waiting-room ticket: status, place, estimated wait, admission deadline",
    access: "holder",
    params: ticketParams,
    success: ok(ticketBody, "The ticket"),
    errors: ["not_found"],
  },
  getDraw: {
    method: "get",
    path: "/api/products/{id}/draw",
    tag: "Storefront",
    summary:
      "The waiting room's draw: the commitment sha256hex(seed); from the sale's start the seed and the " +
      "pre-queue's keys sha256hex(seed + ticketId) in draw order, for every entrant to check",
    access: "anyone",
    params: productParams,
    success: ok(drawSchema, "The draw"),
    errors: ["not_found"],
  },
  listMyOrders: {
    method: "get",
    path: "/api/orders",
    tag: "Orders",
    summary: "The signed-in customer's own orders, newest first",
    access: "user",
    success: ok(z.object({ orders: z.array(orderSchema) }), "The orders"),
    errors: [],
  },
  getOrder: {
    method: "get",
    path: "/api/orders/{id}",
    tag: "Orders",
    summary: "An order (guest orders by id; account orders for their owner or an admin)",
    access: "holder",
    params: orderParams,
    success: ok(orderBody, "The order"),
    errors: ["not_found"],
  },
  confirmOrder: {
    method: "post",
    path: "/api/orders/{id}/confirm",
    tag: "Orders",
    summary: "Confirm a hold before it expires (confirming a confirmed order returns it again)",
    access: "holder",
    params: orderParams,
    success: ok(orderBody, "The confirmed order"),
    errors: ["not_found", "hold_expired", "invalid_state", "sale_not_active"],
    idempotent: true,
  },
  cancelOrder: {
    method: "post",
    path: "/api/orders/{id}/cancel",
    tag: "Orders",
    summary: "Cancel a hold; its units go back on sale at once",
    access: "holder",
    params: orderParams,
    success: ok(orderBody, "The cancelled order"),
    errors: ["not_found", "hold_expired", "invalid_state"],
    idempotent: true,
  },
  registerCustomer: {
    method: "post",
    path: "/api/register",
    tag: "Accounts",
    summary: "Create a customer account (always a customer: a role in the body is refused, like any unknown field)",
    access: "anyone",
    body: registerInputSchema,
    success: ok(z.object({ user: userSchema }), "The account", 201),
    errors: ["email_taken", "rate_limited"],
  },
  getMetrics: {
    method: "get",
    path: "/api/admin/metrics",
    tag: "Admin",
    summary: "Totals and per-product figures",
    access: "admin",
    success: ok(metricsSchema, "The metrics"),
    errors: [],
  },
  listAdminProducts: {
    method: "get",
    path: "/api/admin/products",
    tag: "Admin",
    summary: "Every product",
    access: "admin",
    success: ok(z.object({ products: z.array(productSchema) }), "The products"),
    errors: [],
  },
  createProduct: {
    method: "post",
    path: "/api/admin/products",
    tag: "Admin",
    summary: "Create a product; its initial stock enters through the ledger",
    access: "admin",
    body: createProductInputSchema,
    success: ok(productBody, "The product", 201),
    errors: [],
  },
  updateProduct: {
    method: "patch",
    path: "/api/admin/products/{id}",
    tag: "Admin",
    summary: "Edit name, description, price, limit, sale window or waiting room",
    access: "admin",
    params: productParams,
    body: updateProductInputSchema,
    success: ok(productBody, "The product"),
    errors: ["not_found", "invalid_state"],
  },
  restockProduct: {
    method: "post",
    path: "/api/admin/products/{id}/restock",
    tag: "Admin",
    summary: "Put more units on sale",
    access: "admin",
    params: productParams,
    body: restockInputSchema,
    success: ok(productBody, "The product"),
    errors: ["not_found"],
  },
  setSaleState: {
    method: "post",
    path: "/api/admin/products/{id}/sale",
    tag: "Admin",
    summary: "Open the sale now or close it now",
    access: "admin",
    params: productParams,
    body: saleActionInputSchema,
    success: ok(productBody, "The product"),
    errors: ["not_found"],
  },
  setQueueState: {
    method: "post",
    path: "/api/admin/products/{id}/queue",
    tag: "Admin",
    summary: "Pause or resume the waiting room's admissions",
    access: "admin",
    params: productParams,
    body: queueActionInputSchema,
    success: ok(productBody, "The product"),
    errors: ["not_found"],
  },
  listInventoryEvents: {
    method: "get",
    path: "/api/admin/events",
    tag: "Admin",
    summary: "The inventory ledger, newest first",
    access: "admin",
    query: listEventsInputSchema,
    success: ok(z.object({ events: z.array(inventoryEventSchema) }), "The events"),
    errors: [],
  },
  reconcile: {
    method: "get",
    path: "/api/admin/reconcile",
    tag: "Admin",
    summary: "The invariants, checked for every product",
    access: "admin",
    success: ok(reconcileSchema, "The result (ok is false on any breach)"),
    errors: [],
  },
  releaseExpiredHolds: {
    method: "get",
    path: "/api/cron/release-holds",
    tag: "Operations",
    summary: "Release expired holds (Authorization: Bearer $CRON_SECRET)",
    access: "cron",
    success: ok(z.object({ released: z.int() }), "How many holds were released"),
    errors: [],
  },
  streamStock: {
    method: "get",
    path: "/api/stream",
    tag: "Operations",
    summary:
      "Live stock as Server-Sent Events (event `stock`: {productId, available, status}; event `queue`: " +
      "{productId, serving, waiting, admitPerMinute, paused} for each waiting room)",
    access: "anyone",
    success: { status: 200, description: "An event stream", contentType: "text/event-stream" },
    errors: [],
  },
  scrapeMetrics: {
    method: "get",
    path: "/api/metrics",
    tag: "Operations",
    summary: "This server process's Prometheus metrics, text format (Authorization: Bearer $METRICS_TOKEN)",
    access: "anyone",
    success: { status: 200, description: "Prometheus text exposition format", contentType: "text/plain" },
    errors: ["unauthorized"],
  },
  streamMonitor: {
    method: "get",
    path: "/api/admin/monitor/stream",
    tag: "Admin",
    summary: "The live drop monitor's per-second figures as Server-Sent Events",
    access: "admin",
    success: { status: 200, description: "An event stream", contentType: "text/event-stream" },
    errors: [],
  },
} satisfies Record<string, Operation>;

export type OperationId = keyof typeof operations;
