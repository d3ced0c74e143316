"use server";
// Server actions of the checkout page: the same commands as POST /api/orders/:id/confirm and
// /cancel. The form holds the order's id and nothing else.
import { validatedAction } from "@/app/_lib/action";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { confirmOrder } from "@/lib/orders/confirm-order";
import { orderFormSchema } from "@/lib/orders/schemas";

export const confirmOrderAction = validatedAction(orderFormSchema, (orderId, actor) => confirmOrder(orderId, actor));

export const cancelOrderAction = validatedAction(orderFormSchema, (orderId, actor) => cancelOrder(orderId, actor));
