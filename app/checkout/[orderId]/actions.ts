"use server";
// Server actions of the checkout page: the same commands as POST /api/orders/:id/confirm and
// /cancel.
import { runAction, type ActionResult } from "@/app/_lib/action";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { confirmOrder } from "@/lib/orders/confirm-order";
import type { Order } from "@/lib/orders/schemas";

export async function confirmOrderAction(_previous: ActionResult<Order> | null, form: FormData): Promise<ActionResult<Order>> {
  return runAction((actor) => confirmOrder(String(form.get("orderId") ?? ""), actor));
}

export async function cancelOrderAction(_previous: ActionResult<Order> | null, form: FormData): Promise<ActionResult<Order>> {
  return runAction((actor) => cancelOrder(String(form.get("orderId") ?? ""), actor));
}
