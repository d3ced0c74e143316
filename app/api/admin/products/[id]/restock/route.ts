// POST /api/admin/products/:id/restock: put more units on sale
import { operations } from "@/lib/openapi/operations";
import { restockProduct } from "@/lib/products/restock-product";
import { json, otherMethods, readJson, route } from "@/app/_lib/http";

export const POST = route(operations.restockProduct, async ({ request, params, actor }) =>
  json({ product: await restockProduct(params.id, await readJson(request), actor) }),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
