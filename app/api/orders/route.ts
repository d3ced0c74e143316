// GET /api/orders: the signed-in customer's own orders, newest first
import { operations } from "@/lib/openapi/operations";
import { listOrdersForUser } from "@/lib/orders/queries";
import { json, otherMethods, route } from "@/app/_lib/http";

export const GET = route(operations.listMyOrders, async ({ actor }) =>
  json({ orders: actor.kind === "user" ? await listOrdersForUser(actor.userId) : [] }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
