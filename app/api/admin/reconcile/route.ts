// GET /api/admin/reconcile: invariants 1-5 checked for every product
import { reconcile } from "@/lib/inventory/reconcile";
import { operations } from "@/lib/openapi/operations";
import { json, otherMethods, route } from "@/app/_lib/http";

export const GET = route(operations.reconcile, async () => json(await reconcile()));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
