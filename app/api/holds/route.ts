// POST /api/holds: place a hold (a pending order) on a product
import { placeHold } from "@/lib/inventory/place-hold";
import type { PlaceHoldInput } from "@/lib/orders/schemas";
import { json, readJson, route } from "@/app/_lib/http";

export const POST = route(async ({ request, actor }) => {
  const order = await placeHold((await readJson(request)) as PlaceHoldInput, actor);
  return json({ order }, 201, { Location: `/api/orders/${order.id}` });
});
