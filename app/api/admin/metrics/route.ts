// GET /api/admin/metrics: totals and per-product figures for the dashboard
import { getMetrics } from "@/lib/admin/metrics";
import { json, otherMethods, route } from "@/app/_lib/http";

export const GET = route({ access: "admin" }, async () => json(await getMetrics()));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
