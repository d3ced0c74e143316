// POST /api/orders/:id/cancel: release a live hold
import { cancelOrder } from "@/lib/orders/cancel-order";
import { json, route } from "@/app/_lib/http";

export const POST = route<{ id: string }>(async ({ params, actor }) => json({ order: await cancelOrder(params.id, actor) }));
