// GET /api/admin/reconcile: invariants 1-5 checked for every product
import { reconcile } from "@/lib/inventory/reconcile";
import { json, route } from "@/app/_lib/http";

export const GET = route({ access: "admin" }, async () => json(await reconcile()));
