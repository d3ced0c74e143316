// POST /api/admin/products/:id/sale: open the sale now or close it now
import type { SaleActionInput } from "@/lib/products/schemas";
import { setSaleState } from "@/lib/products/set-sale-state";
import { json, otherMethods, readJson, route } from "@/app/_lib/http";

export const POST = route<{ id: string }>({ access: "admin" }, async ({ request, params, actor }) =>
  json({ product: await setSaleState(params.id, (await readJson(request)) as SaleActionInput, actor) }),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
