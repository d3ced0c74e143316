// GET /api/stream: live stock as Server-Sent Events (event `stock`: {productId, available, status})
import { openStockStream } from "@/lib/live/open-stock-stream";
import { operations } from "@/lib/openapi/operations";
import { otherMethods, route } from "@/app/_lib/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(operations.streamStock, async ({ request, clientIp }) => {
  const stream = await openStockStream(request.signal, { clientIp });
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
