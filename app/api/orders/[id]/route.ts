// GET /api/orders/:id: an order, for whoever may see it
import { operations } from "@/lib/openapi/operations";
import { getOrder } from "@/lib/orders/queries";
import { json, otherMethods, route } from "@/app/_lib/http";

export const GET = route(operations.getOrder, async ({ params, actor }) =>
  json({ order: await getOrder(params.id, actor) }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
