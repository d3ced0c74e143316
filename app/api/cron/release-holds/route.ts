// GET /api/cron/release-holds: release every expired hold (Vercel Cron; Authorization: Bearer $CRON_SECRET)
import { requireCronSecret } from "@/lib/cron/require-cron-secret";
import { releaseExpiredHolds } from "@/lib/inventory/expiry";
import { json, otherMethods, route } from "@/app/_lib/http";

export const dynamic = "force-dynamic";

export const GET = route(async ({ request }) => {
  requireCronSecret(request.headers.get("authorization"));
  return json({ released: await releaseExpiredHolds() });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
