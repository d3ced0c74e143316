// Order shapes and the hold input. Client-safe: imports nothing but zod.
import { z } from "zod";
import { orderStatuses } from "@/db/enums";

export type { HoldReleaseReason } from "@/db/enums";
import { altchaSchema } from "../bot-check/schemas";
import { emailSchema, type FormInput, formNumber, formText, isoDateTimeOutput, uuidSchema } from "../schemas";

export const MAX_HOLD_QUANTITY = 1_000;

export const orderStatusSchema = z.enum(orderStatuses);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const orderSchema = z
  .object({
    id: uuidSchema,
    productId: uuidSchema,
    productName: z.string(),
    quantity: z.int(),
    unitPriceCents: z.int(),
    totalCents: z.int(),
    currency: z.string(),
    status: orderStatusSchema.meta({
      description: "A pending hold past holdExpiresAt is reported as expired: it can no longer be confirmed",
    }),
    customerEmail: z.string(),
    holdExpiresAt: isoDateTimeOutput,
    createdAt: isoDateTimeOutput,
    confirmedAt: isoDateTimeOutput.nullable(),
  })
  .meta({ id: "Order" });
export type Order = z.infer<typeof orderSchema>;

export const placeHoldInputSchema = z.strictObject({
  productId: uuidSchema,
  quantity: z.int().min(1).max(MAX_HOLD_QUANTITY),
  email: emailSchema
    .optional()
    .meta({ description: "Required for guests; a signed-in customer's account e-mail is used instead" }),
  ticketId: uuidSchema
    .optional()
    .meta({ description: "For a product with a waiting room: the shopper's admitted ticket (used by the hold)" }),
  altcha: altchaSchema.optional(),
});
export type PlaceHoldInput = z.input<typeof placeHoldInputSchema>;

// The storefront's forms (server actions), read into the commands' inputs: the product page's Buy
// form (a blank e-mail is none) and the checkout's buttons (the order's id only).
export const placeHoldFormSchema = z
  .strictObject({
    productId: formText,
    quantity: formNumber,
    email: formText,
    idempotencyKey: formText,
    ticketId: formText,
    altcha: formText,
  })
  .transform((f) => {
    const email = f.email?.trim() ? f.email : undefined;
    const ticketId = f.ticketId || undefined;
    const input = {
      productId: f.productId ?? "",
      quantity: f.quantity,
      email,
      ticketId,
      altcha: f.altcha || undefined,
    } satisfies FormInput<PlaceHoldInput>;
    return { input, idempotencyKey: f.idempotencyKey ?? null };
  });
export const orderFormSchema = z.strictObject({ orderId: formText }).transform((f) => f.orderId ?? "");
