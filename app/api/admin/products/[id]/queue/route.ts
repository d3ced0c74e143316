// POST /api/admin/products/:id/queue: pause or resume the waiting room's admissions
import { operations } from "@/lib/openapi/operations";
import { setQueueState } from "@/lib/queue/set-queue-state";
import { json, otherMethods, readJson, route } from "@/app/_lib/http";

export const POST = route(operations.setQueueState, async ({ request, params, actor }) =>
  json({ product: await setQueueState(params.id, await readJson(request), actor) }),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
