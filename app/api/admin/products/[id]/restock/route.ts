// POST /api/admin/products/:id/restock: put more units on sale
import { restockProduct } from "@/lib/products/restock-product";
import type { RestockInput } from "@/lib/products/schemas";
import { json, otherMethods, readJson, route } from "@/app/_lib/http";

export const POST = route<{ id: string }>({ access: "admin" }, async ({ request, params, actor }) =>
  json({ product: await restockProduct(params.id, (await readJson(request)) as RestockInput, actor) }),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
