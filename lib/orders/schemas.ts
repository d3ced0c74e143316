// Order shapes and the hold input. Client-safe: imports nothing but zod.
import { z } from "zod";
import { emailSchema, isoDateTimeOutput, uuidSchema } from "../schemas";

export const MAX_HOLD_QUANTITY = 1_000;

export const orderStatusSchema = z.enum(["pending", "confirmed", "expired", "cancelled"]);
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

export const placeHoldInputSchema = z.object({
  productId: uuidSchema,
  quantity: z.int().min(1).max(MAX_HOLD_QUANTITY),
  email: emailSchema.optional().meta({ description: "Required for guests; a signed-in customer's account e-mail is used instead" }),
});
export type PlaceHoldInput = z.input<typeof placeHoldInputSchema>;
