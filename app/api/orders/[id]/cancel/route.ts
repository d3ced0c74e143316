// POST /api/orders/:id/cancel: release a live hold; honours Idempotency-Key
import { operations } from "@/lib/openapi/operations";
import { cancelOrderOnce } from "@/lib/orders/idempotent-commands";
import { idempotencyKey, idempotentJson, otherMethods, route } from "@/app/_lib/http";

export const POST = route(operations.cancelOrder, async ({ request, params, actor }) =>
  idempotentJson(await cancelOrderOnce(params.id, actor, idempotencyKey(request))),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
