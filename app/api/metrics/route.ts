// GET /api/metrics: this server's Prometheus metrics, text format (Authorization: Bearer $METRICS_TOKEN)
import { requireMetricsToken } from "@/lib/observability/require-metrics-token";
import { scrapeMetrics } from "@/lib/observability/scrape";
import { operations } from "@/lib/openapi/operations";
import { otherMethods, route } from "@/app/_lib/http";

export const dynamic = "force-dynamic";

export const GET = route(operations.scrapeMetrics, async ({ request }) => {
  requireMetricsToken(request.headers.get("authorization"));
  const { text, contentType } = await scrapeMetrics();
  return new Response(text, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
