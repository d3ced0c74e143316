// PATCH /api/admin/products/:id: edit name, description, price, limit or sale window
import { operations } from "@/lib/openapi/operations";
import { updateProduct } from "@/lib/products/update-product";
import { json, otherMethods, readJson, route } from "@/app/_lib/http";

export const PATCH = route(operations.updateProduct, async ({ request, params, actor }) =>
  json({ product: await updateProduct(params.id, await readJson(request), actor) }),
);

export const { GET, POST, PUT, DELETE } = otherMethods("PATCH");
