"use server";
// Server actions of the product page.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIp } from "@/app/_lib/client-ip";
import { runAction, type ActionResult } from "@/app/_lib/action";
import { placeHoldOnce } from "@/lib/orders/idempotent-commands";
import { placeHoldFormSchema, type Order } from "@/lib/orders/schemas";
import { joinQueue } from "@/lib/queue/join-queue";
import { joinQueueFormSchema, type Ticket } from "@/lib/queue/schemas";
import { parseForm } from "@/lib/validation";

/** Buy: holds the units (the same command as POST /api/holds, under the attempt's Idempotency-Key),
 *  then continues at the checkout. An unknown form field is refused. */
export async function placeHoldAction(
  _previous: ActionResult<Order> | null,
  form: FormData,
): Promise<ActionResult<Order>> {
  const ip = clientIp(await headers());
  const result = await runAction(async (actor) => {
    const { input, idempotencyKey } = parseForm(placeHoldFormSchema, form);
    const held = await placeHoldOnce(input, actor, idempotencyKey, { clientIp: ip });
    return (held.body as { order: Order }).order;
  });
  if (result.ok) redirect(`/checkout/${result.data.id}`);
  return result;
}

/** Join: the shopper's ticket in the waiting room (the same command as POST /api/products/:id/queue),
 *  then its waiting page. Joining again leads to the same ticket. */
export async function joinQueueAction(
  _previous: ActionResult<Ticket> | null,
  form: FormData,
): Promise<ActionResult<Ticket>> {
  const result = await runAction(async (actor) => {
    const { productId, input } = parseForm(joinQueueFormSchema, form);
    return (await joinQueue(productId, input, actor)).ticket;
  });
  if (result.ok) redirect(`/queue/${result.data.id}`);
  return result;
}
