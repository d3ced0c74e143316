// GET /api/admin/monitor/stream: the live drop monitor's figures as Server-Sent Events (admins only)
import { openMonitorStream } from "@/lib/observability/monitor-feed";
import { operations } from "@/lib/openapi/operations";
import { otherMethods, route } from "@/app/_lib/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(operations.streamMonitor, async ({ request }) => {
  const stream = await openMonitorStream(request.signal);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
