"use server";
// Server actions of the checkout page: the same commands as POST /api/orders/:id/confirm and
// /cancel. The form holds the order's id and nothing else.
import { runAction, type ActionResult } from "@/app/_lib/action";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { confirmOrder } from "@/lib/orders/confirm-order";
import { orderFormSchema, type Order } from "@/lib/orders/schemas";
import { parseForm } from "@/lib/validation";

export async function confirmOrderAction(
  _previous: ActionResult<Order> | null,
  form: FormData,
): Promise<ActionResult<Order>> {
  return runAction((actor) => confirmOrder(parseForm(orderFormSchema, form), actor));
}

export async function cancelOrderAction(
  _previous: ActionResult<Order> | null,
  form: FormData,
): Promise<ActionResult<Order>> {
  return runAction((actor) => cancelOrder(parseForm(orderFormSchema, form), actor));
}
