// POST /api/orders/:id/confirm: turn a live hold into a sale
import { confirmOrder } from "@/lib/orders/confirm-order";
import { json, route } from "@/app/_lib/http";

export const POST = route<{ id: string }>(async ({ params, actor }) => json({ order: await confirmOrder(params.id, actor) }));
