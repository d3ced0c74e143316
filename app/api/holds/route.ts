// POST /api/holds: place a hold (a pending order) on a product; honours Idempotency-Key
import type { Order, PlaceHoldInput } from "@/lib/orders/schemas";
import { placeHoldOnce } from "@/lib/orders/idempotent-commands";
import { idempotencyKey, idempotentJson, readJson, route } from "@/app/_lib/http";

export const POST = route(async ({ request, actor }) => {
  const result = await placeHoldOnce((await readJson(request)) as PlaceHoldInput, actor, idempotencyKey(request));
  const { order } = result.body as { order: Order };
  return idempotentJson(result, { Location: `/api/orders/${order.id}` });
});
