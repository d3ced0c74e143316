// GET /api/cron/release-holds: release every expired hold (Vercel Cron; Authorization: Bearer $CRON_SECRET)
import { requireCronSecret } from "@/lib/cron/require-cron-secret";
import { releaseExpiredHolds } from "@/lib/inventory/release-expired-holds";
import { recordExpirations } from "@/lib/observability/metrics";
import { json, otherMethods, route } from "@/app/_lib/http";

export const dynamic = "force-dynamic";

export const GET = route(async ({ request }) => {
  requireCronSecret(request.headers.get("authorization"));
  const released = await releaseExpiredHolds();
  recordExpirations("cron", released);
  return json({ released });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
