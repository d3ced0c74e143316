// GET /api/products/:id/draw: the waiting room's draw (commitment; after the start the seed and the keys)
import { operations } from "@/lib/openapi/operations";
import { getDraw } from "@/lib/queue/queries";
import { json, otherMethods, route } from "@/app/_lib/http";

export const GET = route(operations.getDraw, async ({ params }) => json(await getDraw(params.id)));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
