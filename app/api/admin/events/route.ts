// GET /api/admin/events?productId=&type=&limit=&before=: the inventory ledger, newest first
import { listInventoryEvents } from "@/lib/inventory/events";
import { operations } from "@/lib/openapi/operations";
import { json, otherMethods, route } from "@/app/_lib/http";

export const GET = route(operations.listInventoryEvents, async ({ query }) =>
  json({ events: await listInventoryEvents(query) }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
