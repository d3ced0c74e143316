"use server";
// Server actions of the product page.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIp } from "@/app/_lib/client-ip";
import { runAction, type ActionResult } from "@/app/_lib/action";
import { placeHoldOnce } from "@/lib/orders/idempotent-commands";
import { placeHoldFormSchema, type Order } from "@/lib/orders/schemas";
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
