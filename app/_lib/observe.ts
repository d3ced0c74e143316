// Every API request, observed once: a request id (the caller's X-Request-Id when it is a sane one,
// else a new UUID; answered in X-Request-Id), the route's pattern (/api/orders/[id]/confirm, never
// the concrete path, so metrics stay a bounded set of series), then the request's metrics and one
// JSON log line: id, route, method, status, duration, actor kind and error code. Nothing from the
// request's headers, cookies or body is logged.
import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/actor";
import { toDomainError } from "@/lib/errors";
import { noteDatabaseError } from "@/lib/observability/database-events";
import { logger } from "@/lib/observability/log";
import { recordHttp } from "@/lib/observability/metrics";

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** What the handler learns while it runs: who asked, and what went wrong. */
export type Seen = { actor?: Actor; error?: unknown };

export function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** The route's pattern: each path parameter's segment replaced by its name ([id], [...path]). */
export function routePattern(pathname: string, params: unknown): string {
  if (!params || typeof params !== "object") return pathname;
  const segments = pathname.split("/");
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      const start = Math.max(1, segments.length - value.length);
      segments.splice(start, segments.length - start, `[...${name}]`);
    } else if (typeof value === "string") {
      const i = segments.findIndex((s) => s === value || safeDecode(s) === value);
      if (i > 0) segments[i] = `[${name}]`;
    }
  }
  return segments.join("/");
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const actorKind = (actor: Actor | undefined) =>
  !actor ? "unknown" : actor.kind === "guest" ? "guest" : actor.role === "admin" ? "admin" : "customer";

/** Runs a route's work and observes it. `route` is a fixed name, or found from the params. */
export async function observeRequest(
  request: Request,
  route: string | Promise<unknown> | undefined,
  work: (seen: Seen) => Promise<Response>,
): Promise<Response> {
  const started = performance.now();
  const id = requestIdOf(request);
  const seen: Seen = {};
  let response: Response | undefined;
  try {
    response = await work(seen);
  } catch (error) {
    // A handler that threw past its own error mapping (next-auth) is still logged, as a 500.
    seen.error = error;
  }
  const ms = performance.now() - started;
  const method = request.method;
  const pattern =
    typeof route === "string"
      ? route
      : routePattern(new URL(request.url).pathname, await route?.catch(() => undefined));
  const status = response?.status ?? 500;
  recordHttp(pattern, method, status, ms / 1000);
  const error = seen.error === undefined ? undefined : toDomainError(seen.error);
  if (seen.error !== undefined) noteDatabaseError(seen.error, { route: pattern, reqId: id });
  const line = {
    reqId: id,
    route: pattern,
    method,
    status,
    durationMs: Math.round(ms * 10) / 10,
    actor: actorKind(seen.actor),
    ...(error ? { errorCode: error.code } : {}),
  };
  const message = `${method} ${pattern} ${status}`;
  if (!response) logger().error({ ...line, err: seen.error }, message);
  else if (status >= 500 && status !== 503) logger().error(line, message);
  else if (status >= 500) logger().warn(line, message);
  else logger().info(line, message);
  if (!response) throw seen.error;
  return withRequestId(response, id);
}

function withRequestId(response: Response, id: string): Response {
  try {
    response.headers.set("X-Request-Id", id);
    return response;
  } catch {
    // Immutable headers (a fetched response): answer a copy that carries the id.
    const copy = new Response(response.body, response);
    copy.headers.set("X-Request-Id", id);
    return copy;
  }
}
