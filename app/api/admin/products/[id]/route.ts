// PATCH /api/admin/products/:id: edit name, description, price, limit or sale window
import type { UpdateProductInput } from "@/lib/products/schemas";
import { updateProduct } from "@/lib/products/update-product";
import { json, otherMethods, readJson, route } from "@/app/_lib/http";

export const PATCH = route<{ id: string }>({ access: "admin" }, async ({ request, params, actor }) =>
  json({ product: await updateProduct(params.id, (await readJson(request)) as UpdateProductInput, actor) }),
);

export const { GET, POST, PUT, DELETE } = otherMethods("PATCH");
