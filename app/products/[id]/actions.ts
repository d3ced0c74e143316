"use server";
// Server actions of the product page.
import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/app/_lib/action";
import { placeHold } from "@/lib/inventory/place-hold";
import type { Order } from "@/lib/orders/schemas";

/** Buy: holds the units (the same command as POST /api/holds), then continues at the checkout. */
export async function placeHoldAction(_previous: ActionResult<Order> | null, form: FormData): Promise<ActionResult<Order>> {
  const email = form.get("email");
  const result = await runAction((actor) =>
    placeHold(
      {
        productId: String(form.get("productId") ?? ""),
        quantity: Number(form.get("quantity")),
        email: typeof email === "string" && email.trim() !== "" ? email : undefined,
      },
      actor,
    ),
  );
  if (result.ok) redirect(`/checkout/${result.data.id}`);
  return result;
}
