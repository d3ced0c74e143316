// The OpenAPI 3.1 document, generated from the same zod schemas that validate requests, so the
// contract and the code cannot drift. JSON Schema 2020-12 is OpenAPI 3.1's own schema dialect.
// Standard tooling must accept it: e2e/openapi-client.spec.ts lints the served document with
// Redocly and drives a client generated from it by openapi-typescript.
import { z } from "zod";
import { inventoryEventSchema, listEventsInputSchema, metricsSchema } from "../admin/schemas";
import { errorStatus, type ErrorCode } from "../errors";
import { idempotencyKeySchema } from "../idempotency/schemas";
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

type Access = "anyone" | "customer" | "admin" | "cron" | "holder";
type Tag = "Storefront" | "Orders" | "Accounts" | "Admin" | "Operations";

export type Endpoint = {
  /** Stable name of the operation: a generated client's method or type name. */
  operationId: string;
  method: "get" | "post" | "patch";
  path: string;
  tag: Tag;
  summary: string;
  access: Access;
  /** One key for each `{name}` in the path. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  success: { status: number; schema?: z.ZodType; description: string; contentType?: string };
  /** A second success status with the same body (joining again answers 200 with the same ticket). */
  alsoSuccess?: { status: number; description: string };
  errors: ErrorCode[];
  /** Honours the Idempotency-Key header. */
  idempotent?: boolean;
};

const tags: { name: Tag; description: string }[] = [
  { name: "Storefront", description: "Products on sale, and holds on them" },
  { name: "Orders", description: "A hold is a pending order: read, confirm or cancel it" },
  { name: "Accounts", description: "Customer accounts (sign-in goes through next-auth at /api/auth/*)" },
  { name: "Admin", description: "The shop's products, stock, ledger and figures; admins only" },
  { name: "Operations", description: "Health, time, live stock, and the expiry job" },
];

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
const admin = ["unauthorized", "forbidden"] satisfies ErrorCode[];

export const endpoints: Endpoint[] = [
  {
    operationId: "getHealth",
    method: "get",
    path: "/api/health",
    tag: "Operations",
    summary: "Liveness: a database round trip (503 only when the database fails it), and the event-loop delay",
    access: "anyone",
    success: ok(
      z.object({
        status: z.enum(["ok", "degraded"]),
        database: z.enum(["ok", "unreachable"]),
        eventLoopDelayMs: z.object({ p99: z.int(), max: z.int() }),
      }),
      "Healthy",
    ),
    errors: ["invalid_request", "service_unavailable"],
  },
  {
    operationId: "getServerTime",
    method: "get",
    path: "/api/time",
    tag: "Operations",
    summary: "The server's clock",
    access: "anyone",
    success: ok(z.object({ serverTime: z.string() }), "The time"),
    errors: ["invalid_request"],
  },
  {
    operationId: "listProducts",
    method: "get",
    path: "/api/products",
    tag: "Storefront",
    summary: "Every product with live stock figures, and the server's clock",
    access: "anyone",
    success: ok(z.object({ products: z.array(productSchema), serverTime: z.string() }), "The products"),
    errors: ["invalid_request"],
  },
  {
    operationId: "getProduct",
    method: "get",
    path: "/api/products/{id}",
    tag: "Storefront",
    summary: "One product",
    access: "anyone",
    params: productParams,
    success: ok(productBody, "The product"),
    errors: ["invalid_request", "not_found"],
  },
  {
    operationId: "placeHold",
    method: "post",
    path: "/api/holds",
    tag: "Storefront",
    summary: "Hold units of a product for a short time (a pending order)",
    access: "anyone",
    body: placeHoldInputSchema,
    success: ok(orderBody, "The hold", 201),
    errors: [
      "invalid_request",
      "not_found",
      "insufficient_stock",
      "sale_not_active",
      "limit_exceeded",
      "sign_in_required",
      "admission_required",
      "rate_limited",
      "service_unavailable",
    ],
    idempotent: true,
  },
  {
    operationId: "joinQueue",
    method: "post",
    path: "/api/products/{id}/queue",
    tag: "Storefront",
    summary:
      "Join a product's waiting room: 201 with a new ticket, 200 with the shopper's existing one (one per shopper)",
    access: "anyone",
    params: productParams,
    body: joinQueueInputSchema,
    success: ok(ticketBody, "A new ticket", 201),
    alsoSuccess: { status: 200, description: "The shopper's existing ticket (one per shopper and product)" },
    errors: ["invalid_request", "not_found", "queue_not_open", "insufficient_stock", "sign_in_required"],
  },
  {
    operationId: "getTicket",
    method: "get",
    path: "/api/queue/{ticketId}",
    tag: "Storefront",
    summary: "A waiting-room ticket: status, place, estimated wait, admission deadline",
    access: "holder",
    params: ticketParams,
    success: ok(ticketBody, "The ticket"),
    errors: ["invalid_request", "not_found"],
  },
  {
    operationId: "getDraw",
    method: "get",
    path: "/api/products/{id}/draw",
    tag: "Storefront",
    summary:
      "The waiting room's draw: the commitment sha256hex(seed); from the sale's start the seed and the " +
      "pre-queue's keys sha256hex(seed + ticketId) in draw order, for every entrant to check",
    access: "anyone",
    params: productParams,
    success: ok(drawSchema, "The draw"),
    errors: ["invalid_request", "not_found"],
  },
  {
    operationId: "listMyOrders",
    method: "get",
    path: "/api/orders",
    tag: "Orders",
    summary: "The signed-in customer's own orders, newest first",
    access: "customer",
    success: ok(z.object({ orders: z.array(orderSchema) }), "The orders"),
    errors: ["invalid_request", "unauthorized"],
  },
  {
    operationId: "getOrder",
    method: "get",
    path: "/api/orders/{id}",
    tag: "Orders",
    summary: "An order (guest orders by id; account orders for their owner or an admin)",
    access: "holder",
    params: orderParams,
    success: ok(orderBody, "The order"),
    errors: ["invalid_request", "not_found"],
  },
  {
    operationId: "confirmOrder",
    method: "post",
    path: "/api/orders/{id}/confirm",
    tag: "Orders",
    summary: "Confirm a hold before it expires (confirming a confirmed order returns it again)",
    access: "holder",
    params: orderParams,
    success: ok(orderBody, "The confirmed order"),
    errors: ["invalid_request", "not_found", "hold_expired", "invalid_state", "sale_not_active"],
    idempotent: true,
  },
  {
    operationId: "cancelOrder",
    method: "post",
    path: "/api/orders/{id}/cancel",
    tag: "Orders",
    summary: "Cancel a hold; its units go back on sale at once",
    access: "holder",
    params: orderParams,
    success: ok(orderBody, "The cancelled order"),
    errors: ["invalid_request", "not_found", "hold_expired", "invalid_state"],
    idempotent: true,
  },
  {
    operationId: "registerCustomer",
    method: "post",
    path: "/api/register",
    tag: "Accounts",
    summary: "Create a customer account (always a customer: a role in the body is refused, like any unknown field)",
    access: "anyone",
    body: registerInputSchema,
    success: ok(z.object({ user: userSchema }), "The account", 201),
    errors: ["invalid_request", "email_taken", "rate_limited"],
  },
  {
    operationId: "getMetrics",
    method: "get",
    path: "/api/admin/metrics",
    tag: "Admin",
    summary: "Totals and per-product figures",
    access: "admin",
    success: ok(metricsSchema, "The metrics"),
    errors: ["invalid_request", ...admin],
  },
  {
    operationId: "listAdminProducts",
    method: "get",
    path: "/api/admin/products",
    tag: "Admin",
    summary: "Every product",
    access: "admin",
    success: ok(z.object({ products: z.array(productSchema) }), "The products"),
    errors: ["invalid_request", ...admin],
  },
  {
    operationId: "createProduct",
    method: "post",
    path: "/api/admin/products",
    tag: "Admin",
    summary: "Create a product; its initial stock enters through the ledger",
    access: "admin",
    body: createProductInputSchema,
    success: ok(productBody, "The product", 201),
    errors: ["invalid_request", ...admin],
  },
  {
    operationId: "updateProduct",
    method: "patch",
    path: "/api/admin/products/{id}",
    tag: "Admin",
    summary: "Edit name, description, price, limit, sale window or waiting room",
    access: "admin",
    params: productParams,
    body: updateProductInputSchema,
    success: ok(productBody, "The product"),
    errors: ["invalid_request", ...admin, "not_found", "invalid_state"],
  },
  {
    operationId: "restockProduct",
    method: "post",
    path: "/api/admin/products/{id}/restock",
    tag: "Admin",
    summary: "Put more units on sale",
    access: "admin",
    params: productParams,
    body: restockInputSchema,
    success: ok(productBody, "The product"),
    errors: ["invalid_request", ...admin, "not_found"],
  },
  {
    operationId: "setSaleState",
    method: "post",
    path: "/api/admin/products/{id}/sale",
    tag: "Admin",
    summary: "Open the sale now or close it now",
    access: "admin",
    params: productParams,
    body: saleActionInputSchema,
    success: ok(productBody, "The product"),
    errors: ["invalid_request", ...admin, "not_found"],
  },
  {
    operationId: "setQueueState",
    method: "post",
    path: "/api/admin/products/{id}/queue",
    tag: "Admin",
    summary: "Pause or resume the waiting room's admissions",
    access: "admin",
    params: productParams,
    body: queueActionInputSchema,
    success: ok(productBody, "The product"),
    errors: ["invalid_request", ...admin, "not_found"],
  },
  {
    operationId: "listInventoryEvents",
    method: "get",
    path: "/api/admin/events",
    tag: "Admin",
    summary: "The inventory ledger, newest first",
    access: "admin",
    query: listEventsInputSchema,
    success: ok(z.object({ events: z.array(inventoryEventSchema) }), "The events"),
    errors: ["invalid_request", ...admin],
  },
  {
    operationId: "reconcile",
    method: "get",
    path: "/api/admin/reconcile",
    tag: "Admin",
    summary: "The invariants, checked for every product",
    access: "admin",
    success: ok(reconcileSchema, "The result (ok is false on any breach)"),
    errors: ["invalid_request", ...admin],
  },
  {
    operationId: "releaseExpiredHolds",
    method: "get",
    path: "/api/cron/release-holds",
    tag: "Operations",
    summary: "Release expired holds (Authorization: Bearer $CRON_SECRET)",
    access: "cron",
    success: ok(z.object({ released: z.int() }), "How many holds were released"),
    errors: ["invalid_request", "unauthorized"],
  },
  {
    operationId: "streamStock",
    method: "get",
    path: "/api/stream",
    tag: "Operations",
    summary:
      "Live stock as Server-Sent Events (event `stock`: {productId, available, status}; event `queue`: " +
      "{productId, serving, waiting, admitPerMinute, paused} for each waiting room)",
    access: "anyone",
    success: { status: 200, description: "An event stream", contentType: "text/event-stream" },
    errors: ["invalid_request"],
  },
];

const errorCodeSchema = z
  .enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]])
  .meta({ id: "ErrorCode", description: "The closed list of error codes; each maps to one HTTP status" });

const errorSchema = z
  .object({
    error: z.object({
      code: errorCodeSchema,
      message: z.string().meta({ description: "For people; may change, unlike the code" }),
      issues: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .meta({ description: "For invalid_request: the offending fields, dot-separated paths" }),
    }),
  })
  .meta({ id: "Error", description: "Every error answer has this shape" });

type JsonSchema = Record<string, unknown>;
const ERROR_REF = { $ref: "#/components/schemas/Error" };

/**
 * Collects the schemas that carry an `id` (zod's `.meta({ id })`) as components. z.toJSONSchema
 * puts them in `$defs` and, for a schema that has an id itself, answers `{ $ref: "#/$defs/Id" }`
 * with the body in `$defs`: the bodies go to components, every ref is pointed at them, and the
 * same id with two different bodies (such as input and output shapes) is refused, not merged.
 */
class Components {
  readonly schemas: Record<string, JsonSchema> = {};

  /** The JSON Schema of `schema`, with named parts replaced by refs into components. */
  schema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const generated = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" });
    const {
      $schema: _,
      $defs,
      ...root
    } = pointAtComponents(generated) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    for (const [id, body] of Object.entries($defs ?? {})) this.add(id, body);
    return root;
  }

  private add(id: string, body: JsonSchema) {
    const existing = this.schemas[id];
    if (existing && JSON.stringify(existing) !== JSON.stringify(body)) {
      throw new Error(`OpenAPI: the schema "${id}" has two different bodies (input and output?); give one another id`);
    }
    this.schemas[id] = body;
  }
}

function pointAtComponents(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'));
}

const accessNote: Record<Access, string> = {
  anyone: "Anyone.",
  customer: "A signed-in user (401 otherwise).",
  holder: "Whoever holds the id of a guest order; for an account's order, its owner or an admin (404 for anyone else).",
  admin: "An admin (401 when not signed in, 403 for other users).",
  cron: "The scheduler, with Authorization: Bearer $CRON_SECRET (401 otherwise).",
};

// Optional sign-in is `{}` or the session: a customer's hold uses the account's e-mail.
const security: Record<Access, Record<string, string[]>[]> = {
  anyone: [{}, { session: [] }],
  holder: [{}, { session: [] }],
  customer: [{ session: [] }],
  admin: [{ session: [] }],
  cron: [{ cronSecret: [] }],
};

// Response headers, inline: a client generator reads `required` only there.
const retryAfter = (required: boolean) => ({
  description: "Seconds to wait before retrying",
  required,
  schema: { type: "integer", minimum: 0 },
});
const idempotentReplayed = {
  description: "`true` when this is the stored answer to an earlier request with the same Idempotency-Key",
  required: false,
  schema: { type: "string", enum: ["true"] },
};
const location = { description: "The new order's URL", required: true, schema: { type: "string" } };

/** The parameters in `where` described by one object schema: one per property. */
function parametersOf(schema: z.ZodObject, where: "path" | "query", components: Components) {
  const object = components.schema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || (object.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function errorResponses(e: Endpoint) {
  const codesByStatus = new Map<number, ErrorCode[]>();
  const add = (code: ErrorCode) => {
    const status = errorStatus[code];
    const codes = codesByStatus.get(status) ?? [];
    if (!codes.includes(code)) codesByStatus.set(status, [...codes, code]);
  };
  e.errors.forEach(add);
  if (e.body) (["unsupported_media_type", "payload_too_large"] as const).forEach(add);
  if (e.idempotent) (["invalid_request", "idempotency_key_in_use", "idempotency_key_reused"] as const).forEach(add);
  const responses: Record<string, unknown> = {};
  for (const [status, codes] of [...codesByStatus].sort(([a], [b]) => a - b)) {
    // Retry-After comes with every 429 and 503, and with a 409 only for idempotency_key_in_use.
    const retry = codes.some((c) => ["rate_limited", "service_unavailable", "idempotency_key_in_use"].includes(c));
    responses[status] = {
      description: codes.map((c) => `\`${c}\``).join(", "),
      ...(retry ? { headers: { "Retry-After": retryAfter(status !== 409) } } : {}),
      content: { "application/json": { schema: ERROR_REF } },
    };
  }
  responses.default = {
    description: "Any other failure: `internal_error` (500), `service_unavailable` (503), and the like",
    content: { "application/json": { schema: ERROR_REF } },
  };
  return responses;
}

function operation(e: Endpoint, components: Components) {
  const templated = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const declared = Object.keys(e.params?.shape ?? {});
  if (templated.join() !== declared.join()) {
    throw new Error(`OpenAPI: ${e.path} declares path parameters [${declared.join()}]`);
  }
  const parameters: unknown[] = [
    ...(e.params ? parametersOf(e.params, "path", components) : []),
    ...(e.query ? parametersOf(e.query, "query", components) : []),
  ];
  if (e.idempotent) {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "Scoped to the caller: the same key and body replays the stored response; another body with it is 422",
      schema: components.schema(idempotencyKeySchema, "input"),
    });
  }
  const successHeaders = {
    ...(e.idempotent ? { "Idempotent-Replayed": idempotentReplayed } : {}),
    ...(e.operationId === "placeHold" ? { Location: location } : {}),
    ...(e.operationId === "joinQueue" ? { Location: { ...location, description: "The ticket's URL" } } : {}),
  };
  const success = e.success.schema
    ? { schema: components.schema(e.success.schema, "output") }
    : { schema: { type: "string", description: "Server-Sent Events" } };
  return {
    operationId: e.operationId,
    tags: [e.tag],
    summary: e.summary,
    description: `Who may call it: ${accessNote[e.access]}`,
    security: security[e.access],
    ...(parameters.length ? { parameters } : {}),
    ...(e.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: components.schema(e.body, "input") } },
          },
        }
      : {}),
    responses: {
      [e.success.status]: {
        description: e.success.description,
        ...(Object.keys(successHeaders).length ? { headers: successHeaders } : {}),
        content: { [e.success.contentType ?? "application/json"]: success },
      },
      ...(e.alsoSuccess
        ? {
            [e.alsoSuccess.status]: {
              description: e.alsoSuccess.description,
              content: { "application/json": success },
            },
          }
        : {}),
      ...errorResponses(e),
    },
  };
}

export function openApiDocument() {
  const components = new Components();
  components.schema(errorSchema, "output");
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    paths[e.path] ??= {};
    paths[e.path]![e.method] = operation(e, components);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Flash Sale API",
      version: "1.0.0",
      description:
        "Limited stock, short holds, honest answers. Errors always have the shape " +
        '{"error": {"code", "message", "issues"?}}. Request bodies are JSON, at most 16 KiB.',
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: "/", description: "The server that serves this document" }],
    tags,
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        session: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description:
            "The next-auth session cookie (`__Secure-next-auth.session-token` over HTTPS); sign in through " +
            "/api/auth/callback/credentials",
        },
        cronSecret: { type: "http", scheme: "bearer", description: "The CRON_SECRET setting" },
      },
    },
  };
}
