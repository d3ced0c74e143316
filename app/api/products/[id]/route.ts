// GET /api/products/:id: one product
import { operations } from "@/lib/openapi/operations";
import { getProduct } from "@/lib/products/queries";
import { json, otherMethods, route } from "@/app/_lib/http";

export const GET = route(operations.getProduct, async ({ params }) => json({ product: await getProduct(params.id) }));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
