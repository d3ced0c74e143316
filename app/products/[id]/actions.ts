"use server";
// Server actions of the product page.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIp } from "@/app/_lib/client-ip";
import { runAction, type ActionResult } from "@/app/_lib/action";
import { placeHoldOnce } from "@/lib/orders/idempotent-commands";
import type { Order } from "@/lib/orders/schemas";

/** Buy: holds the units (the same command as POST /api/holds, under the attempt's Idempotency-Key),
 *  then continues at the checkout. */
export async function placeHoldAction(_previous: ActionResult<Order> | null, form: FormData): Promise<ActionResult<Order>> {
  const email = form.get("email");
  const key = form.get("idempotencyKey");
  const ip = clientIp(await headers());
  const result = await runAction(async (actor) => {
    const held = await placeHoldOnce(
      {
        productId: String(form.get("productId") ?? ""),
        quantity: Number(form.get("quantity")),
        email: typeof email === "string" && email.trim() !== "" ? email : undefined,
      },
      actor,
      typeof key === "string" ? key : null,
      { clientIp: ip },
    );
    return (held.body as { order: Order }).order;
  });
  if (result.ok) redirect(`/checkout/${result.data.id}`);
  return result;
}
