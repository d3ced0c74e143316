// GET /api/admin/products: every product; POST /api/admin/products: create one
import { createProduct } from "@/lib/products/create-product";
import { listProducts } from "@/lib/products/queries";
import type { CreateProductInput } from "@/lib/products/schemas";
import { json, otherMethods, readJson, route } from "@/app/_lib/http";

export const GET = route({ access: "admin" }, async () => json({ products: await listProducts() }));

export const POST = route({ access: "admin" }, async ({ request, actor }) =>
  json({ product: await createProduct((await readJson(request)) as CreateProductInput, actor) }, 201),
);

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
