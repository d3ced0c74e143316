// Shapes of the admin reads: metrics, ledger events, reconciliation. Client-safe.
import { z } from "zod";
import { inventoryEventTypes } from "@/db/enums";
import { botCheckSchema } from "../bot-check/schemas";
import { admissionSchema, productStatusSchema } from "../products/schemas";
import { queueStatsSchema } from "../queue/schemas";
import { isoDateTimeOutput, uuidSchema } from "../schemas";

const count = z.int().min(0);

export const productMetricsSchema = z.object({
  id: uuidSchema,
  name: z.string(),
  description: z.string(),
  priceCents: count,
  currency: z.string(),
  maxPerCustomer: count,
  saleStartsAt: isoDateTimeOutput,
  saleEndsAt: isoDateTimeOutput,
  status: productStatusSchema,
  totalStock: count,
  available: count,
  held: count.meta({ description: "Units in pending holds" }),
  sold: count.meta({ description: "Units in confirmed orders" }),
  expiredUnits: count.meta({ description: "Units of holds that expired unconfirmed" }),
  pendingOrders: count,
  confirmedOrders: count,
  expiredOrders: count,
  cancelledOrders: count,
  oversellAttemptsBlocked: count,
  revenueCents: count,
  admission: admissionSchema,
  queueOpensAt: isoDateTimeOutput.nullable(),
  admitPerMinute: count,
  admissionTtlSeconds: count,
  queuePaused: z.boolean(),
  accountsOnly: z.boolean(),
  botCheck: botCheckSchema,
});

export const timelineMinuteSchema = z.object({
  minute: isoDateTimeOutput,
  holds: count,
  confirmations: count,
  expirations: count,
  rejections: count.meta({ description: "Hold attempts refused (sold out, over the limit, sale closed)" }),
});
export type TimelineMinute = z.infer<typeof timelineMinuteSchema>;

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
      holdsLastMinute: count.meta({ description: "Holds placed in the last 60 seconds" }),
      expiryLagSeconds: z.number().min(0).meta({
        description: "How long the oldest pending hold has been past its expiry (0 when the expiry job is keeping up)",
      }),
    }),
    products: z.array(productMetricsSchema),
    queues: z.array(queueStatsSchema).meta({ description: "Every waiting room's figures" }),
    timeline: z.array(timelineMinuteSchema).meta({ description: "Per minute, oldest first, up to the current minute" }),
  })
  .meta({ id: "Metrics" });
export type Metrics = z.infer<typeof metricsSchema>;
export type ProductMetrics = z.infer<typeof productMetricsSchema>;

export const inventoryEventTypeSchema = z.enum(inventoryEventTypes);
export type InventoryEventType = z.infer<typeof inventoryEventTypeSchema>;

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

export const listEventsInputSchema = z.strictObject({
  productId: uuidSchema.optional(),
  type: inventoryEventTypeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .meta({ description: "Return events with ids below this one (the next page)" }),
});
export type ListEventsInput = z.input<typeof listEventsInputSchema>;
