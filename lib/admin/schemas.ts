// Shapes of the admin reads: metrics, ledger events, reconciliation. Client-safe.
import { z } from "zod";
import { isoDateTimeOutput, uuidSchema } from "../schemas";

const count = z.int().min(0);

export const productMetricsSchema = z.object({
  id: uuidSchema,
  name: z.string(),
  status: z.enum(["scheduled", "live", "sold_out", "ended"]),
  totalStock: count,
  available: count,
  held: count,
  sold: count,
  pendingOrders: count,
  confirmedOrders: count,
  expiredOrders: count,
  cancelledOrders: count,
  oversellAttemptsBlocked: count,
  revenueCents: count,
});

export const metricsSchema = z
  .object({
    generatedAt: isoDateTimeOutput,
    totals: z.object({
      products: count,
      available: count,
      pendingOrders: count,
      confirmedOrders: count,
      expiredOrders: count,
      cancelledOrders: count,
      oversellAttemptsBlocked: count,
      inventoryEvents: count,
      revenueCents: count,
    }),
    products: z.array(productMetricsSchema),
  })
  .meta({ id: "Metrics" });
export type Metrics = z.infer<typeof metricsSchema>;
export type ProductMetrics = z.infer<typeof productMetricsSchema>;

export const inventoryEventTypeSchema = z.enum([
  "stock_added",
  "hold_created",
  "hold_released",
  "order_confirmed",
  "product_changed",
]);

export const inventoryEventSchema = z
  .object({
    id: z.int(),
    productId: uuidSchema,
    productName: z.string(),
    orderId: uuidSchema.nullable(),
    type: inventoryEventTypeSchema,
    delta: z.int(),
    reason: z.string().nullable(),
    adminEmail: z.string().nullable().meta({ description: "The admin who made a manual change" }),
    metadata: z.record(z.string(), z.unknown()),
    createdAt: isoDateTimeOutput,
  })
  .meta({ id: "InventoryEvent" });
export type InventoryEvent = z.infer<typeof inventoryEventSchema>;

export const listEventsInputSchema = z.object({
  productId: uuidSchema.optional(),
  type: inventoryEventTypeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().min(1).optional().meta({ description: "Return events with ids below this one (the next page)" }),
});
export type ListEventsInput = z.input<typeof listEventsInputSchema>;
