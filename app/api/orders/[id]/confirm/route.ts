// POST /api/orders/:id/confirm: turn a live hold into a sale; honours Idempotency-Key
import { operations } from "@/lib/openapi/operations";
import { confirmOrderOnce } from "@/lib/orders/idempotent-commands";
import { idempotencyKey, idempotentJson, otherMethods, route } from "@/app/_lib/http";

export const POST = route(operations.confirmOrder, async ({ request, params, actor }) =>
  idempotentJson(await confirmOrderOnce(params.id, actor, idempotencyKey(request))),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
