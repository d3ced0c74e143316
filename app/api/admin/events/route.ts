// GET /api/admin/events?productId=&type=&limit=&before=: the inventory ledger, newest first
import { listEventsInputSchema } from "@/lib/admin/schemas";
import { listInventoryEvents } from "@/lib/inventory/events";
import { json, otherMethods, route } from "@/app/_lib/http";

export const GET = route({ access: "admin", query: listEventsInputSchema }, async ({ query }) =>
  json({ events: await listInventoryEvents(query) }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
