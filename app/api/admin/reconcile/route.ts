// GET /api/admin/reconcile: invariants 1-5 checked for every product
import { reconcile } from "@/lib/inventory/reconcile";
import { json, otherMethods, route } from "@/app/_lib/http";

export const GET = route({ access: "admin" }, async () => json(await reconcile()));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
