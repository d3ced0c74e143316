// GET /api/queue/:ticketId: a waiting-room ticket (its holder's credential)
import { getTicket } from "@/lib/queue/queries";
import { json, otherMethods, route } from "@/app/_lib/http";

export const GET = route<{ ticketId: string }>(async ({ params, actor }) =>
  json({ ticket: await getTicket(params.ticketId, actor) }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
