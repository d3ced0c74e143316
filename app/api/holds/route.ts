// POST /api/holds: place a hold (a pending order) on a product; honours Idempotency-Key
import type { Order, PlaceHoldInput } from "@/lib/orders/schemas";
import { placeHoldOnce } from "@/lib/orders/idempotent-commands";
import { idempotencyKey, idempotentJson, otherMethods, readJson, route } from "@/app/_lib/http";

export const POST = route(async ({ request, actor, clientIp }) => {
  const input = (await readJson(request)) as PlaceHoldInput;
  const result = await placeHoldOnce(input, actor, idempotencyKey(request), { clientIp });
  const { order } = result.body as { order: Order };
  return idempotentJson(result, { Location: `/api/orders/${order.id}` });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
