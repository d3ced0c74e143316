// GET /api/products: every product with live stock figures, and the server's clock
import { operations } from "@/lib/openapi/operations";
import { listProducts } from "@/lib/products/queries";
import { json, otherMethods, route } from "@/app/_lib/http";

export const GET = route(operations.listProducts, async () =>
  json({ products: await listProducts(), serverTime: new Date().toISOString() }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
