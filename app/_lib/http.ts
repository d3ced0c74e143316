// The one route-handler wrapper and its helpers: resolve the actor, run the handler, and answer
// every failure with the contract's error shape {"error": {code, message, issues?}}.
import type { Actor } from "@/lib/actor";
import { DomainError, toDomainError } from "@/lib/errors";
import { currentActor } from "./session";

const MAX_BODY_BYTES = 16 * 1024;

type Context<P> = { params: Promise<P> };
type Handler<P> = (args: { request: Request; params: P; actor: Actor }) => Promise<Response>;

export function route<P = Record<string, unknown>>(handler: Handler<P>) {
  return async (request: Request, context: Context<P>): Promise<Response> => {
    try {
      const actor = await currentActor();
      return await handler({ request, params: await context.params, actor });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export function errorResponse(error: unknown): Response {
  const e = toDomainError(error);
  if (e.code === "internal_error") console.error("Unhandled error in route handler:", error);
  const headers: Record<string, string> = {};
  if (e.code === "service_unavailable") headers["Retry-After"] = "1";
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
