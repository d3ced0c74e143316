// POST /api/products/:id/queue: join the product's waiting room (201 a new ticket, 200 the shopper's own)
import { operations } from "@/lib/openapi/operations";
import { joinQueue } from "@/lib/queue/join-queue";
import { json, otherMethods, readJson, route } from "@/app/_lib/http";

export const POST = route(operations.joinQueue, async ({ request, params, actor }) => {
  const { ticket, created } = await joinQueue(params.id, await readJson(request), actor);
  return json({ ticket }, created ? 201 : 200, { Location: `/api/queue/${ticket.id}` });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
