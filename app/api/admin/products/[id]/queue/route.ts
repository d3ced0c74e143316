// POST /api/admin/products/:id/queue: pause or resume the waiting room's admissions
import type { QueueActionInput } from "@/lib/queue/schemas";
import { setQueueState } from "@/lib/queue/set-queue-state";
import { json, otherMethods, readJson, route } from "@/app/_lib/http";

export const POST = route<{ id: string }>({ access: "admin" }, async ({ request, params, actor }) =>
  json({ product: await setQueueState(params.id, (await readJson(request)) as QueueActionInput, actor) }),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
