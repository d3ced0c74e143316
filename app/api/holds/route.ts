// POST /api/holds: place a hold (a pending order) on a product; honours Idempotency-Key
import { operations } from "@/lib/openapi/operations";
import { placeHoldOnce } from "@/lib/orders/idempotent-commands";
import { idempotencyKey, idempotentJson, otherMethods, readJson, route } from "@/app/_lib/http";

export const POST = route(operations.placeHold, async ({ request, actor, clientIp }) => {
  const result = await placeHoldOnce(await readJson(request), actor, idempotencyKey(request), { clientIp });
  return idempotentJson(result, { Location: `/api/orders/${result.body.order.id}` });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
