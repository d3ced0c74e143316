// The OpenAPI 3.1 document, generated from the same zod schemas that validate requests, so the
// contract and the code cannot drift. JSON Schema 2020-12 is OpenAPI 3.1's own schema dialect.
import { z } from "zod";
import { inventoryEventSchema, listEventsInputSchema, metricsSchema } from "../admin/schemas";
import { errorStatus, type ErrorCode } from "../errors";
import { orderSchema, placeHoldInputSchema } from "../orders/schemas";
import {
  createProductInputSchema,
  productSchema,
  restockInputSchema,
  saleActionInputSchema,
  updateProductInputSchema,
} from "../products/schemas";
import { registerInputSchema, userSchema } from "../users/schemas";

type Access = "anyone" | "customer" | "admin" | "cron" | "holder";

export type Endpoint = {
  method: "get" | "post" | "patch";
  path: string;
  summary: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodObject;
  success: { status: number; schema?: z.ZodType; description: string; contentType?: string };
  errors: ErrorCode[];
  idempotent?: boolean;
};

const ok = (schema: z.ZodType, description: string, status = 200) => ({ status, schema, description });
const reconcileSchema = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  products: z.array(z.object({ id: z.string(), name: z.string(), ok: z.boolean(), problems: z.array(z.string()) }).loose()),
  orphans: z.object({ orders: z.int(), events: z.int() }),
});

export const endpoints: Endpoint[] = [
  { method: "get", path: "/api/health", summary: "Liveness, with a database round trip", access: "anyone", success: ok(z.object({ status: z.enum(["ok", "degraded"]), database: z.enum(["ok", "unreachable"]) }), "Healthy"), errors: ["service_unavailable"] },
  { method: "get", path: "/api/time", summary: "The server's clock", access: "anyone", success: ok(z.object({ serverTime: z.string() }), "The time"), errors: [] },
  { method: "get", path: "/api/products", summary: "Every product with live stock figures, and the server's clock", access: "anyone", success: ok(z.object({ products: z.array(productSchema), serverTime: z.string() }), "The products"), errors: [] },
  { method: "get", path: "/api/products/{id}", summary: "One product", access: "anyone", success: ok(z.object({ product: productSchema }), "The product"), errors: ["invalid_request", "not_found"] },
  { method: "post", path: "/api/holds", summary: "Hold units of a product for a short time (a pending order)", access: "anyone", body: placeHoldInputSchema, success: ok(z.object({ order: orderSchema }), "The hold", 201), errors: ["invalid_request", "not_found", "insufficient_stock", "sale_not_active", "limit_exceeded", "rate_limited", "service_unavailable"], idempotent: true },
  { method: "get", path: "/api/orders", summary: "The signed-in customer's own orders, newest first", access: "customer", success: ok(z.object({ orders: z.array(orderSchema) }), "The orders"), errors: ["unauthorized"] },
  { method: "get", path: "/api/orders/{id}", summary: "An order (guest orders by id; account orders for their owner or an admin)", access: "holder", success: ok(z.object({ order: orderSchema }), "The order"), errors: ["invalid_request", "not_found"] },
  { method: "post", path: "/api/orders/{id}/confirm", summary: "Confirm a hold before it expires (confirming a confirmed order returns it again)", access: "holder", success: ok(z.object({ order: orderSchema }), "The confirmed order"), errors: ["invalid_request", "not_found", "hold_expired", "invalid_state", "sale_not_active"], idempotent: true },
  { method: "post", path: "/api/orders/{id}/cancel", summary: "Cancel a hold; its units go back on sale at once", access: "holder", success: ok(z.object({ order: orderSchema }), "The cancelled order"), errors: ["invalid_request", "not_found", "hold_expired", "invalid_state"], idempotent: true },
  { method: "post", path: "/api/register", summary: "Create a customer account (always a customer: a role in the body is refused, like any unknown field)", access: "anyone", body: registerInputSchema, success: ok(z.object({ user: userSchema }), "The account", 201), errors: ["invalid_request", "email_taken", "rate_limited"] },
  { method: "get", path: "/api/admin/metrics", summary: "Totals and per-product figures", access: "admin", success: ok(metricsSchema, "The metrics"), errors: ["unauthorized", "forbidden"] },
  { method: "get", path: "/api/admin/products", summary: "Every product", access: "admin", success: ok(z.object({ products: z.array(productSchema) }), "The products"), errors: ["unauthorized", "forbidden"] },
  { method: "post", path: "/api/admin/products", summary: "Create a product; its initial stock enters through the ledger", access: "admin", body: createProductInputSchema, success: ok(z.object({ product: productSchema }), "The product", 201), errors: ["invalid_request", "unauthorized", "forbidden"] },
  { method: "patch", path: "/api/admin/products/{id}", summary: "Edit name, description, price, limit or sale window", access: "admin", body: updateProductInputSchema, success: ok(z.object({ product: productSchema }), "The product"), errors: ["invalid_request", "unauthorized", "forbidden", "not_found", "invalid_state"] },
  { method: "post", path: "/api/admin/products/{id}/restock", summary: "Put more units on sale", access: "admin", body: restockInputSchema, success: ok(z.object({ product: productSchema }), "The product"), errors: ["invalid_request", "unauthorized", "forbidden", "not_found"] },
  { method: "post", path: "/api/admin/products/{id}/sale", summary: "Open the sale now or close it now", access: "admin", body: saleActionInputSchema, success: ok(z.object({ product: productSchema }), "The product"), errors: ["invalid_request", "unauthorized", "forbidden", "not_found"] },
  { method: "get", path: "/api/admin/events", summary: "The inventory ledger, newest first", access: "admin", query: listEventsInputSchema, success: ok(z.object({ events: z.array(inventoryEventSchema) }), "The events"), errors: ["invalid_request", "unauthorized", "forbidden"] },
  { method: "get", path: "/api/admin/reconcile", summary: "The invariants, checked for every product", access: "admin", success: ok(reconcileSchema, "The result (ok is false on any breach)"), errors: ["unauthorized", "forbidden"] },
  { method: "get", path: "/api/cron/release-holds", summary: "Release expired holds (Authorization: Bearer $CRON_SECRET)", access: "cron", success: ok(z.object({ released: z.int() }), "How many holds were released"), errors: ["unauthorized"] },
  { method: "get", path: "/api/stream", summary: "Live stock as Server-Sent Events (event `stock`: {productId, available, status})", access: "anyone", success: { status: 200, description: "An event stream", contentType: "text/event-stream" }, errors: [] },
];

const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: "Error" });

const components: Record<string, unknown> = {};

/** JSON Schema for one zod schema; schemas with an id land in components and are referenced. */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): unknown {
  const { $schema: _, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown> & {
    $defs?: Record<string, unknown>;
  };
  for (const [id, def] of Object.entries($defs ?? {})) components[id] = def;
  return JSON.parse(JSON.stringify(rest).replaceAll('"#/$defs/', '"#/components/schemas/'));
}

const accessNote: Record<Access, string> = {
  anyone: "Anyone.",
  customer: "A signed-in user (401 otherwise).",
  holder: "Whoever holds the id of a guest order; for an account's order, its owner or an admin (404 for anyone else).",
  admin: "An admin (401 when not signed in, 403 for other users).",
  cron: "The scheduler, with Authorization: Bearer $CRON_SECRET (401 otherwise).",
};

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const responses: Record<string, unknown> = {
      [e.success.status]: {
        description: e.success.description,
        content: { [e.success.contentType ?? "application/json"]: e.success.schema ? { schema: jsonSchema(e.success.schema, "output") } : {} },
      },
    };
    const byStatus = new Map<number, ErrorCode[]>();
    for (const code of e.errors) byStatus.set(errorStatus[code], [...(byStatus.get(errorStatus[code]) ?? []), code]);
    if (e.body) byStatus.set(415, ["unsupported_media_type"]).set(413, ["payload_too_large"]);
    for (const [status, codes] of byStatus) {
      responses[status] = {
        description: codes.map((c) => `\`${c}\``).join(", "),
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    const parameters: unknown[] = [];
    if (e.path.includes("{id}")) parameters.push({ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } });
    if (e.query) {
      for (const [name, schema] of Object.entries(e.query.shape)) {
        parameters.push({ name, in: "query", required: false, schema: jsonSchema(schema as z.ZodType, "input") });
      }
    }
    if (e.idempotent) {
      parameters.push({
        name: "Idempotency-Key",
        in: "header",
        required: false,
        description: "1-255 printable characters, scoped to the caller: the same key and body replays the stored response",
        schema: { type: "string", minLength: 1, maxLength: 255 },
      });
    }
    paths[e.path] ??= {};
    paths[e.path]![e.method] = {
      summary: e.summary,
      description: `Who may call it: ${accessNote[e.access]}`,
      ...(parameters.length ? { parameters } : {}),
      ...(e.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(e.body, "input") } } } } : {}),
      responses,
      ...(e.access === "admin" || e.access === "customer" ? { security: [{ session: [] }] } : {}),
    };
  }
  components.Error = jsonSchema(errorSchema, "output");
  return {
    openapi: "3.1.0",
    info: {
      title: "Flash Sale API",
      version: "1.0.0",
      description:
        "Limited stock, short holds, honest answers. Errors always have the shape {\"error\": {\"code\", \"message\", \"issues\"?}}. Request bodies are JSON, at most 16 KiB.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The next-auth session cookie (sign in through /api/auth/callback/credentials)" },
      },
    },
  };
}
