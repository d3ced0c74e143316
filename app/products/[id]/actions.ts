"use server";
// Server actions of the product page.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { validatedAction } from "@/app/_lib/action";
import { clientIp } from "@/app/_lib/client-ip";
import { placeHoldOnce } from "@/lib/orders/idempotent-commands";
import { placeHoldFormSchema } from "@/lib/orders/schemas";
import { joinQueue } from "@/lib/queue/join-queue";
import { joinQueueFormSchema } from "@/lib/queue/schemas";

/** Buy: holds the units (the same command as POST /api/holds, under the attempt's Idempotency-Key),
 *  then continues at the checkout. An unknown form field is refused. */
export const placeHoldAction = validatedAction(placeHoldFormSchema, async ({ input, idempotencyKey }, actor) => {
  const held = await placeHoldOnce(input, actor, idempotencyKey, { clientIp: clientIp(await headers()) });
  redirect(`/checkout/${held.body.order.id}`);
});

/** Join: the shopper's ticket in the waiting room (the same command as POST /api/products/:id/queue),
 *  then its waiting page. Joining again leads to the same ticket. */
export const joinQueueAction = validatedAction(joinQueueFormSchema, async ({ productId, input }, actor) => {
  const { ticket } = await joinQueue(productId, input, actor);
  redirect(`/queue/${ticket.id}`);
});
