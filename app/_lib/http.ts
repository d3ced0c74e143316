// The one route-handler wrapper and its helpers: resolve the actor, check the query string, run
// the handler, and answer every failure with the contract's error shape {"error": {code, message, issues?}}.
import type { z } from "zod";
import type { Actor } from "@/lib/actor";
import { requireCronSecret } from "@/lib/cron/require-cron-secret";
import { env } from "@/lib/env";
import { DomainError, toDomainError } from "@/lib/errors";
import type { Access } from "@/lib/openapi/operations";
import { logger } from "@/lib/observability/log";
import { noQuerySchema } from "@/lib/schemas";
import { parseInput } from "@/lib/validation";
import { clientIp } from "./client-ip";
import { observeRequest } from "./observe";
import { actorFromRequest } from "./session";

const MAX_BODY_BYTES = 16 * 1024;

/** What route() reads from an operation of lib/openapi/operations.ts (or, for an undocumented
 *  route, from options of its own): who may call it, its query string, its path parameters. */
export type RouteOptions = { access?: Access; query?: z.ZodType; params?: z.ZodType };
type QueryOf<O> = O extends { query: infer S extends z.ZodType } ? z.output<S> : z.output<typeof noQuerySchema>;
type ParamsOf<O> = O extends { params: infer S extends z.ZodType } ? z.output<S> : Record<string, unknown>;

type Context<P> = { params: Promise<P> };
type Args<P, Q> = { request: Request; params: P; query: Q; actor: Actor; clientIp: string };
type Handler<P, Q> = (args: Args<P, Q>) => Promise<Response>;
type Wrapped<P> = (request: Request, context: Context<P>) => Promise<Response>;

const declared = new WeakMap<object, RouteOptions>();

/** Records which operation a route handler serves (route() does it for its own handlers). */
export function declareRoute<H extends object>(options: RouteOptions, handler: H): H {
  declared.set(handler, options);
  return handler;
}

/** The operation (or options) a route handler was declared with, for tests/route-operations.test.ts. */
export const declaredOptions = (handler: unknown): RouteOptions | undefined =>
  typeof handler === "function" ? declared.get(handler) : undefined;

/** Wraps a route handler for an operation: resolves the actor from the session, enforces `access`
 *  (anonymous callers get 401 and signed-in non-admins 403 on admin routes; a scheduler without
 *  the bearer secret 401), parses the query string with `query` (default: none, so any query key is
 *  a 400 naming it), maps every error, and observes the request (metrics, one log line). */
export function route<O extends RouteOptions>(
  options: O,
  handler: Handler<ParamsOf<O>, QueryOf<O>>,
): Wrapped<ParamsOf<O>> {
  const { access = "anyone", query: schema = noQuerySchema } = options;
  return declareRoute(
    options,
    (request: Request, context: Context<ParamsOf<O>>): Promise<Response> =>
      observeRequest(request, context.params, async (seen) => {
        try {
          assertSameOrigin(request);
          const actor = await actorFromRequest(request);
          seen.actor = actor;
          assertSignedIn(actor, access);
          // What `query` (or noQuerySchema, when there is none) outputs: TypeScript cannot follow the
          // default through the conditional type, hence the one cast.
          const query = parseQuery(request, schema) as QueryOf<O>;
          // The scheduler's secret is input like the query string, checked after it.
          if (access === "cron") requireCronSecret(request.headers.get("authorization"));
          const args = { request, params: await context.params, query, actor, clientIp: clientIp(request.headers) };
          return await withDeadline(handler(args));
        } catch (error) {
          seen.error = error;
          return errorResponse(error);
        }
      }),
  );
}

/** The request's query string parsed by a strict schema: an unknown parameter is a 400 naming it. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  return parseInput(schema, Object.fromEntries(new URL(request.url).searchParams), "query parameter");
}

/** Answers 503 instead of waiting past REQUEST_DEADLINE_MS: a query caught in a dying database
 *  connection may never settle, and a shopper must never wait on it. */
function withDeadline(work: Promise<Response>): Promise<Response> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DomainError("service_unavailable", "The service is busy or briefly unavailable. Please retry shortly."),
        ),
      env().REQUEST_DEADLINE_MS,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** A state-changing request that carries cookies must show it comes from this site: browsers send
 *  Origin (or Sec-Fetch-Site) on such requests, so one without either, or from another origin, is
 *  refused as a cross-site request forgery. The site is the configured public origin (NEXTAUTH_URL),
 *  never a forwarding header a client can set; without one, the Host the request was sent to. */
function assertSameOrigin(request: Request) {
  if (SAFE_METHODS.has(request.method) || !request.headers.get("cookie")) return;
  if (request.headers.get("sec-fetch-site") === "same-origin") return;
  const origin = request.headers.get("origin");
  if (!origin || !isSiteOrigin(origin, request)) {
    throw new DomainError(
      "forbidden",
      "Cross-site requests are not allowed: a request with cookies must carry this site's Origin.",
    );
  }
}

function isSiteOrigin(origin: string, request: Request): boolean {
  let sent: URL;
  try {
    sent = new URL(origin);
  } catch {
    return false;
  }
  const configured = env().NEXTAUTH_URL;
  if (configured) return sent.origin === new URL(configured).origin;
  return sent.host === (request.headers.get("host") ?? new URL(request.url).host);
}

function assertSignedIn(actor: Actor, access: Access) {
  if (access !== "user" && access !== "admin") return;
  if (actor.kind !== "user") throw new DomainError("unauthorized", "Sign in to do this.");
  if (access === "admin" && actor.role !== "admin") throw new DomainError("forbidden", "Only admins can do this.");
}

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/** The answer of an idempotent command: replays carry `Idempotent-Replayed: true`. */
export function idempotentJson(
  result: { status: number; body: unknown; replayed: boolean },
  headers: Record<string, string> = {},
): Response {
  return json(result.body, result.status, {
    ...headers,
    ...(result.replayed ? { "Idempotent-Replayed": "true" } : {}),
  });
}

export const idempotencyKey = (request: Request) => request.headers.get("idempotency-key");

export function errorResponse(error: unknown): Response {
  const e = toDomainError(error);
  if (e.code === "internal_error")
    logger().error({ event: "unhandled_error", err: error }, "unhandled error in a route handler");
  const headers: Record<string, string> = {};
  if (e.code === "service_unavailable" || e.code === "rate_limited" || e.code === "idempotency_key_in_use")
    headers["Retry-After"] = String(e.retryAfterSeconds ?? 1);
  const body = { error: { code: e.code, message: e.message, ...(e.issues ? { issues: e.issues } : {}) } };
  return json(body, e.status, headers);
}

/** Reads a JSON request body: JSON content type, at most 16 KiB, well-formed. */
export async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    throw new DomainError("unsupported_media_type", "Send the request body as JSON (Content-Type: application/json).");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = await readText(request);
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError("invalid_request", "The request body is not valid JSON.");
  }
}

const tooLarge = () => new DomainError("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES} bytes.`);

async function readText(request: Request): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new DomainError("invalid_request", "The request body is not valid UTF-8.");
  }
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

/** Handlers for the methods a route does not serve: 405 in the contract's shape, with Allow. */
export function otherMethods(...allowed: Method[]): Record<Method, () => Promise<Response>> {
  const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : [])].join(", ");
  const refuse = async () =>
    json({ error: { code: "method_not_allowed", message: `This endpoint accepts ${allow} only.` } }, 405, {
      Allow: allow,
    });
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse };
}
