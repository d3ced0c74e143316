// GET /api/admin/metrics: totals and per-product figures for the dashboard
import { getMetrics } from "@/lib/admin/metrics";
import { operations } from "@/lib/openapi/operations";
import { json, otherMethods, route } from "@/app/_lib/http";

export const GET = route(operations.getMetrics, async () => json(await getMetrics()));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
