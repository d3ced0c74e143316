// GET /api/queue/:ticketId: a waiting-room ticket (its holder's credential)
import { operations } from "@/lib/openapi/operations";
import { getTicket } from "@/lib/queue/queries";
import { json, otherMethods, route } from "@/app/_lib/http";

export const GET = route(operations.getTicket, async ({ params, actor }) =>
  json({ ticket: await getTicket(params.ticketId, actor) }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
