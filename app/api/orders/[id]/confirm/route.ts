// POST /api/orders/:id/confirm: turn a live hold into a sale; honours Idempotency-Key
import { confirmOrderOnce } from "@/lib/orders/idempotent-commands";
import { idempotencyKey, idempotentJson, otherMethods, route } from "@/app/_lib/http";

export const POST = route<{ id: string }>(async ({ request, params, actor }) =>
  idempotentJson(await confirmOrderOnce(params.id, actor, idempotencyKey(request))),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
