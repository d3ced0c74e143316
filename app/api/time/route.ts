// GET /api/time: the server's clock, for countdowns that must not trust the browser's. It touches
// nothing else, so it is also the framework's ceiling that the benchmark measures holds against.
import { json, otherMethods } from "@/app/_lib/http";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return json({ serverTime: new Date().toISOString() });
}

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
