// GET /api/health: liveness with a database round trip
import { checkHealth } from "@/lib/health";
import { operations } from "@/lib/openapi/operations";
import { json, otherMethods, route } from "@/app/_lib/http";

export const GET = route(operations.getHealth, async () => {
  const health = await checkHealth();
  return json(health, health.database === "ok" ? 200 : 503, health.database === "ok" ? {} : { "Retry-After": "5" });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
