// GET /api/admin/events?productId=&type=&limit=&before=: the inventory ledger, newest first
import { listInventoryEvents } from "@/lib/inventory/events";
import { json, otherMethods, route } from "@/app/_lib/http";

export const GET = route({ access: "admin" }, async ({ request }) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return json({ events: await listInventoryEvents(query) });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
