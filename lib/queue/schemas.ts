// Waiting-room shapes: the ticket, the draw, the join and the admin's pause. Client-safe: imports
// nothing but zod and the lists of db/enums.
import { z } from "zod";
import { ticketStatuses } from "@/db/enums";
import { altchaSchema } from "../bot-check/schemas";
import { emailSchema, formText, isoDateTimeOutput, uuidSchema } from "../schemas";

export const ticketStatusSchema = z.enum(ticketStatuses);

export const ticketSchema = z
  .object({
    id: uuidSchema.meta({ description: "The ticket's id: unguessable, the shopper's credential" }),
    productId: uuidSchema,
    status: ticketStatusSchema.meta({
      description:
        "waiting for its turn; admitted (may hold until admittedUntil); used (held once); lapsed (the admission " +
        "ran out); closed (the sale sold out or ended while it waited)",
    }),
    position: z
      .int()
      .min(1)
      .nullable()
      .meta({ description: "Place in the queue; null in the pre-queue before the draw" }),
    estimatedWaitSeconds: z
      .int()
      .min(0)
      .nullable()
      .meta({ description: "Until admission at the current rate; null when unknown (before the draw, paused)" }),
    admittedUntil: isoDateTimeOutput.nullable().meta({ description: "While admitted: when the admission lapses" }),
  })
  .meta({ id: "Ticket" });
export type Ticket = z.infer<typeof ticketSchema>;

export const drawSchema = z
  .object({
    commitment: z.string().meta({ description: "sha256hex(seed), public from the moment the waiting room exists" }),
    seed: z.string().nullable().meta({ description: "Revealed by the draw at the sale's start; null before" }),
    drawnAt: isoDateTimeOutput.nullable(),
    entries: z.array(z.string()).meta({
      description:
        "The pre-queue's keys sha256hex(seed + ticketId) in draw order (place 1 first); empty before the draw",
    }),
  })
  .meta({ id: "Draw" });
export type Draw = z.infer<typeof drawSchema>;

export const joinQueueInputSchema = z.strictObject({
  email: emailSchema
    .optional()
    .meta({ description: "Required for guests; a signed-in customer's ticket is the account's" }),
  altcha: altchaSchema.optional(),
});
export type JoinQueueInput = z.input<typeof joinQueueInputSchema>;

export const queueActions = ["pause", "resume"] as const;
export const queueActionInputSchema = z.strictObject({ action: z.enum(queueActions) });
export type QueueActionInput = z.input<typeof queueActionInputSchema>;

// The product page's Join form and the admin's pause and resume buttons (server actions).
export const joinQueueFormSchema = z
  .strictObject({ productId: formText, email: formText, altcha: formText })
  .transform((f) => ({
    productId: f.productId ?? "",
    input: { email: f.email?.trim() ? f.email : undefined, altcha: f.altcha || undefined } satisfies JoinQueueInput,
  }));
export const queueActionFormSchema = z
  .strictObject({ productId: formText, action: formText })
  .transform((f) => ({ productId: f.productId ?? "", input: { action: f.action } as QueueActionInput }));

const count = z.int().min(0);

/** A waiting room's figures on the admin dashboard. */
export const queueStatsSchema = z.object({
  productId: uuidSchema,
  name: z.string(),
  paused: z.boolean(),
  admitPerMinute: count,
  drawn: z.boolean().meta({ description: "Whether the pre-queue has been drawn (at the sale's start)" }),
  serving: count.meta({ description: "The last place admitted" }),
  waiting: count,
  admitted: count.meta({ description: "Admissions open now" }),
  used: count,
  lapsed: count,
  closed: count,
  lastInLineWaitSeconds: count.meta({ description: "The estimated wait of the last ticket in line, at the rate" }),
});
export type QueueStats = z.infer<typeof queueStatsSchema>;
