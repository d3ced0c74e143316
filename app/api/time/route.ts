// GET /api/time: the server's clock, for countdowns that must not trust the browser's. It touches
// nothing else, so it is also the framework's ceiling that the benchmark measures holds against:
// hence no route() wrapper, only its query check (no parameters taken).
import { operations } from "@/lib/openapi/operations";
import { noQuerySchema } from "@/lib/schemas";
import { declareRoute, errorResponse, json, otherMethods, parseQuery } from "@/app/_lib/http";

export const dynamic = "force-dynamic";

export const GET = declareRoute(operations.getServerTime, function GET(request: Request): Response {
  try {
    parseQuery(request, noQuerySchema);
  } catch (error) {
    return errorResponse(error);
  }
  return json({ serverTime: new Date().toISOString() });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
