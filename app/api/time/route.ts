// GET /api/time: the server's clock, for countdowns that must not trust the browser's. It touches
// nothing else, so it is also the framework's ceiling that the benchmark measures holds against:
// hence no route() wrapper, only its query check (no parameters taken) and the request's metrics and log line.
import { operations } from "@/lib/openapi/operations";
import { noQuerySchema } from "@/lib/schemas";
import { declareRoute, errorResponse, json, otherMethods, parseQuery } from "@/app/_lib/http";
import { observeRequest } from "@/app/_lib/observe";

export const dynamic = "force-dynamic";

export const GET = declareRoute(
  operations.getServerTime,
  (request: Request): Promise<Response> =>
    observeRequest(request, "/api/time", async (seen) => {
      try {
        parseQuery(request, noQuerySchema);
      } catch (error) {
        seen.error = error;
        return errorResponse(error);
      }
      return json({ serverTime: new Date().toISOString() });
    }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
