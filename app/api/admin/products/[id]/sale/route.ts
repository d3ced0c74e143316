// POST /api/admin/products/:id/sale: open the sale now or close it now
import { operations } from "@/lib/openapi/operations";
import { setSaleState } from "@/lib/products/set-sale-state";
import { json, otherMethods, readJson, route } from "@/app/_lib/http";

export const POST = route(operations.setSaleState, async ({ request, params, actor }) =>
  json({ product: await setSaleState(params.id, await readJson(request), actor) }),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
