// The OpenAPI 3.1 document, generated from the same zod schemas that validate requests, so the
// contract and the code cannot drift. JSON Schema 2020-12 is OpenAPI 3.1's own schema dialect.
// Standard tooling must accept it: e2e/openapi-client.spec.ts lints the served document with
// Redocly and drives a client generated from it by openapi-typescript.
import { z } from "zod";
import { errorCodes, errorStatus, type ErrorCode } from "../errors";
import { idempotencyKeySchema } from "../idempotency/schemas";
import { type Access, type Operation, operations, type Tag } from "./operations";

const tags: { name: Tag; description: string }[] = [
  { name: "Storefront", description: "Products on sale, and holds on them" },
  { name: "Orders", description: "A hold is a pending order: read, confirm or cancel it" },
  { name: "Accounts", description: "Customer accounts (sign-in goes through next-auth at /api/auth/*)" },
  { name: "Admin", description: "The shop's products, stock, ledger and figures; admins only" },
  { name: "Operations", description: "Health, time, live stock, and the expiry job" },
];

const errorCodeSchema = z
  .enum(errorCodes)
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
type ParameterObject = {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  schema: JsonSchema;
};
type ResponseObject = {
  description: string;
  headers?: Record<string, unknown>;
  content: Record<string, { schema: JsonSchema }>;
};
/** One operation of the document, as the /docs page reads it. */
export type OperationObject = {
  operationId: string;
  tags: Tag[];
  summary: string;
  description: string;
  security: Record<string, string[]>[];
  parameters?: ParameterObject[];
  requestBody?: { required: true; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, ResponseObject>;
};
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
    // zod types its JSON Schema loosely; this is its documented shape, walked as JSON.
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
  user: "A signed-in user (401 otherwise).",
  holder: "Whoever holds the id of a guest order; for an account's order, its owner or an admin (404 for anyone else).",
  admin: "An admin (401 when not signed in, 403 for other users).",
  cron: "The scheduler, with Authorization: Bearer $CRON_SECRET (401 otherwise).",
};

// Optional sign-in is `{}` or the session: a customer's hold uses the account's e-mail.
const security: Record<Access, Record<string, string[]>[]> = {
  anyone: [{}, { session: [] }],
  holder: [{}, { session: [] }],
  user: [{ session: [] }],
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
  description: "`true` when this replays the answer to an earlier request with the same Idempotency-Key",
  required: false,
  schema: { type: "string", enum: ["true"] },
};

// The refusals route() itself answers for an access rule (app/_lib/http.ts).
const accessErrors: Record<Access, ErrorCode[]> = {
  anyone: [],
  holder: [],
  user: ["unauthorized"],
  admin: ["unauthorized", "forbidden"],
  cron: ["unauthorized"],
};

/** The parameters in `where` described by one object schema: one per property. */
function parametersOf(schema: z.ZodObject, where: "path" | "query", components: Components): ParameterObject[] {
  // The JSON Schema of a zod object: its properties and the names of the required ones.
  const object = components.schema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || (object.required ?? []).includes(name),
      ...(typeof description === "string" && description ? { description } : {}),
      schema: rest,
    };
  });
}

function errorResponses(e: Operation): Record<string, ResponseObject> {
  const codesByStatus = new Map<number, ErrorCode[]>();
  const add = (code: ErrorCode) => {
    const status = errorStatus[code];
    const codes = codesByStatus.get(status) ?? [];
    if (!codes.includes(code)) codesByStatus.set(status, [...codes, code]);
  };
  // Every operation checks its query string (an unknown parameter is a 400), then its access.
  add("invalid_request");
  accessErrors[e.access].forEach(add);
  e.errors.forEach(add);
  if (e.body) (["unsupported_media_type", "payload_too_large"] as const).forEach(add);
  if (e.idempotent) (["invalid_request", "idempotency_key_in_use", "idempotency_key_reused"] as const).forEach(add);
  const responses: Record<string, ResponseObject> = {};
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

function operation(operationId: string, e: Operation, components: Components): OperationObject {
  const templated = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const declared = Object.keys(e.params?.shape ?? {});
  if (templated.join() !== declared.join()) {
    throw new Error(`OpenAPI: ${e.path} declares path parameters [${declared.join()}]`);
  }
  const parameters: ParameterObject[] = [
    ...(e.params ? parametersOf(e.params, "path", components) : []),
    ...(e.query ? parametersOf(e.query, "query", components) : []),
  ];
  if (e.idempotent) {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "Scoped to the caller: the same key and body replays the first answer; another body with it is 422; while the first runs, 409",
      schema: components.schema(idempotencyKeySchema, "input"),
    });
  }
  const successHeaders = {
    ...(e.idempotent ? { "Idempotent-Replayed": idempotentReplayed } : {}),
    ...e.success.headers,
  };
  const success = e.success.schema
    ? { schema: components.schema(e.success.schema, "output") }
    : { schema: { type: "string", description: "Server-Sent Events" } };
  return {
    operationId,
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
  const paths: Record<string, Record<string, OperationObject>> = {};
  for (const [operationId, e] of Object.entries(operations)) {
    paths[e.path] ??= {};
    paths[e.path]![e.method] = operation(operationId, e, components);
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
