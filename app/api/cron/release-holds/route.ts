// GET /api/cron/release-holds: release every expired hold (Vercel Cron; Authorization: Bearer $CRON_SECRET)
import { releaseExpiredHolds } from "@/lib/inventory/expiry";
import { recordExpirations } from "@/lib/observability/metrics";
import { operations } from "@/lib/openapi/operations";
import { json, otherMethods, route } from "@/app/_lib/http";

export const dynamic = "force-dynamic";

export const GET = route(operations.releaseExpiredHolds, async () => {
  const released = await releaseExpiredHolds();
  recordExpirations("cron", released);
  return json({ released });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
