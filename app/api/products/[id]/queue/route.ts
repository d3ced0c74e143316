// POST /api/products/:id/queue: join the product's waiting room (201 a new ticket, 200 the shopper's own)
import type { JoinQueueInput } from "@/lib/queue/schemas";
import { joinQueue } from "@/lib/queue/join-queue";
import { json, otherMethods, readJson, route } from "@/app/_lib/http";

export const POST = route<{ id: string }>(async ({ request, params, actor }) => {
  const { ticket, created } = await joinQueue(params.id, (await readJson(request)) as JoinQueueInput, actor);
  return json({ ticket }, created ? 201 : 200, { Location: `/api/queue/${ticket.id}` });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
