// GET /api/admin/products: every product; POST /api/admin/products: create one
import { operations } from "@/lib/openapi/operations";
import { createProduct } from "@/lib/products/create-product";
import { listProducts } from "@/lib/products/queries";
import { json, otherMethods, readJson, route } from "@/app/_lib/http";

export const GET = route(operations.listAdminProducts, async () => json({ products: await listProducts() }));

export const POST = route(operations.createProduct, async ({ request, actor }) =>
  json({ product: await createProduct(await readJson(request), actor) }, 201),
);

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
