// Product shapes: the DTO every transport returns and the inputs of the admin commands.
// Client-safe: imports nothing but zod.
import { z } from "zod";
import { admissions } from "@/db/enums";
import { botCheckSchema } from "../bot-check/schemas";
import {
  dateTimeSchema,
  type FormInput,
  formNumber,
  formText,
  isoDateTimeOutput,
  textSchema,
  uuidSchema,
} from "../schemas";

export const MAX_STOCK = 1_000_000;
export const MAX_PER_CUSTOMER = 1_000;
export const MAX_PRICE_CENTS = 100_000_000;
export const MAX_ADMIT_PER_MINUTE = 100_000;
export const ADMISSION_TTL_SECONDS = { min: 10, max: 3_600 } as const;

/** A product's sale status, derived from its window and stock at a moment (status.ts); never stored. */
export const productStatuses = ["scheduled", "live", "sold_out", "ended"] as const;
export const productStatusSchema = z.enum(productStatuses);
export type ProductStatus = z.infer<typeof productStatusSchema>;

export const admissionSchema = z.enum(admissions).meta({
  description: "first_come: anyone may hold while the sale is live; queue: only shoppers the waiting room admitted",
});

export const productSchema = z
  .object({
    id: uuidSchema,
    name: z.string(),
    description: z.string(),
    priceCents: z.int(),
    currency: z.string(),
    totalStock: z.int().meta({ description: "All units ever put on sale" }),
    available: z.int().meta({ description: "Units free to hold now" }),
    held: z.int().meta({ description: "Units in pending holds" }),
    sold: z.int().meta({ description: "Units in confirmed orders" }),
    maxPerCustomer: z.int(),
    saleStartsAt: isoDateTimeOutput,
    saleEndsAt: isoDateTimeOutput,
    status: productStatusSchema,
    admission: admissionSchema,
    queueOpensAt: isoDateTimeOutput
      .nullable()
      .meta({ description: "When shoppers may join the waiting room; null without one" }),
    admitPerMinute: z.int().meta({ description: "Shoppers the waiting room admits per minute" }),
    admissionTtlSeconds: z.int().meta({ description: "How long an admission lasts: the time to press Buy" }),
    queuePaused: z.boolean().meta({ description: "An admin paused the waiting room's admissions" }),
    accountsOnly: z.boolean().meta({ description: "Only signed-in customers may hold or join its waiting room" }),
    botCheck: botCheckSchema,
  })
  .meta({ id: "Product" });
export type Product = z.infer<typeof productSchema>;

const name = textSchema.trim().min(1, { error: "must not be empty" }).max(200);
const description = textSchema.trim().max(2_000);
const priceCents = z.int().min(0).max(MAX_PRICE_CENTS);
const maxPerCustomer = z.int().min(1).max(MAX_PER_CUSTOMER);
const admitPerMinute = z.int().min(1).max(MAX_ADMIT_PER_MINUTE);
const admissionTtlSeconds = z.int().min(ADMISSION_TTL_SECONDS.min).max(ADMISSION_TTL_SECONDS.max);

const windowOrdered = (v: { saleStartsAt?: Date; saleEndsAt?: Date }) =>
  !v.saleStartsAt || !v.saleEndsAt || v.saleEndsAt > v.saleStartsAt;
const windowError = { error: "saleEndsAt must be after saleStartsAt", path: ["saleEndsAt"] };
// A waiting room opens no later than its sale (the pre-queue is drawn at the start).
const queueInTime = (v: { queueOpensAt?: Date; saleStartsAt?: Date }) =>
  !v.queueOpensAt || !v.saleStartsAt || v.queueOpensAt <= v.saleStartsAt;
const queueTimeError = { error: "queueOpensAt must not be after saleStartsAt", path: ["queueOpensAt"] };

export const createProductInputSchema = z
  .strictObject({
    name,
    description: description.default(""),
    priceCents,
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, { error: "must be a 3-letter currency code" })
      .default("USD"),
    initialStock: z.int().min(0).max(MAX_STOCK).default(0),
    maxPerCustomer: maxPerCustomer.default(1),
    saleStartsAt: dateTimeSchema,
    saleEndsAt: dateTimeSchema,
    admission: admissionSchema.default("first_come"),
    queueOpensAt: dateTimeSchema.optional().meta({ description: "Required with admission queue" }),
    admitPerMinute: admitPerMinute.default(60),
    admissionTtlSeconds: admissionTtlSeconds.default(180),
    accountsOnly: z.boolean().default(false),
    botCheck: botCheckSchema.default("off"),
  })
  .refine(windowOrdered, windowError)
  .refine((v) => v.admission !== "queue" || v.queueOpensAt, {
    error: "required for a waiting room (admission queue)",
    path: ["queueOpensAt"],
  })
  .refine(queueInTime, queueTimeError);
export type CreateProductInput = z.input<typeof createProductInputSchema>;

export const updateProductInputSchema = z
  .strictObject({
    name: name.optional(),
    description: description.optional(),
    priceCents: priceCents.optional(),
    maxPerCustomer: maxPerCustomer.optional(),
    saleStartsAt: dateTimeSchema.optional(),
    saleEndsAt: dateTimeSchema.optional(),
    admission: admissionSchema.optional(),
    queueOpensAt: dateTimeSchema.optional(),
    admitPerMinute: admitPerMinute.optional(),
    admissionTtlSeconds: admissionTtlSeconds.optional(),
    accountsOnly: z.boolean().optional(),
    botCheck: botCheckSchema.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { error: "Nothing to change" })
  .refine(windowOrdered, windowError)
  .refine(queueInTime, queueTimeError);
export type UpdateProductInput = z.input<typeof updateProductInputSchema>;

export const restockInputSchema = z.strictObject({ quantity: z.int().min(1).max(MAX_STOCK) });
export type RestockInput = z.input<typeof restockInputSchema>;

export const saleActions = ["open", "close"] as const;
export const saleActionInputSchema = z.strictObject({ action: z.enum(saleActions) });
export type SaleActionInput = z.input<typeof saleActionInputSchema>;

// The admin dashboard's forms (server actions), by the names their fields have there, read into the
// commands' inputs: the product's id comes from a hidden field, a price typed in currency units
// ("12.50") becomes integer cents.
const formCents = formNumber.transform((units) => (units === undefined ? undefined : Math.round(units * 100)));

// Who may try (sign-in, proof of work) and the waiting-room fields of both forms: the admission as chosen, and the room's settings only with a
// waiting room (a first-come product's form leaves them as they are).
const queueFormFields = {
  accountsOnly: formText,
  botCheck: formText,
  admission: formText,
  queueOpensAt: formText,
  admitPerMinute: formNumber,
  admissionTtlSeconds: formNumber,
};
function queueSettings(f: {
  accountsOnly?: string;
  botCheck?: string;
  admission?: string;
  queueOpensAt?: string;
  admitPerMinute?: number;
  admissionTtlSeconds?: number;
}) {
  // Who may try: the checkbox is sent only when ticked, and both forms always show it.
  const access = { accountsOnly: f.accountsOnly === "on", botCheck: f.botCheck || undefined };
  const admission = f.admission || undefined;
  if (admission !== "queue") return { ...access, admission };
  return {
    ...access,
    admission,
    queueOpensAt: f.queueOpensAt || undefined,
    admitPerMinute: f.admitPerMinute,
    admissionTtlSeconds: f.admissionTtlSeconds,
  };
}

export const createProductFormSchema = z
  .strictObject({
    name: formText,
    description: formText,
    price: formCents,
    initialStock: formNumber,
    maxPerCustomer: formNumber,
    saleStartsAt: formText,
    saleEndsAt: formText,
    ...queueFormFields,
  })
  .transform(
    ({ accountsOnly, botCheck, admission, queueOpensAt, admitPerMinute, admissionTtlSeconds, ...f }) =>
      ({
        name: f.name ?? "",
        description: f.description ?? "",
        priceCents: f.price,
        initialStock: f.initialStock ?? 0,
        maxPerCustomer: f.maxPerCustomer ?? 1,
        saleStartsAt: f.saleStartsAt ?? "",
        saleEndsAt: f.saleEndsAt ?? "",
        ...queueSettings({ accountsOnly, botCheck, admission, queueOpensAt, admitPerMinute, admissionTtlSeconds }),
      }) satisfies FormInput<CreateProductInput>,
  );

export const updateProductFormSchema = z
  .strictObject({
    productId: formText,
    name: formText,
    description: formText,
    price: formCents,
    maxPerCustomer: formNumber,
    saleStartsAt: formText,
    saleEndsAt: formText,
    ...queueFormFields,
  })
  .transform(
    ({
      productId,
      price,
      accountsOnly,
      botCheck,
      admission,
      queueOpensAt,
      admitPerMinute,
      admissionTtlSeconds,
      ...changes
    }) => ({
      productId: productId ?? "",
      input: {
        ...changes,
        priceCents: price,
        ...queueSettings({ accountsOnly, botCheck, admission, queueOpensAt, admitPerMinute, admissionTtlSeconds }),
      } satisfies FormInput<UpdateProductInput>,
    }),
  );

export const restockFormSchema = z.strictObject({ productId: formText, quantity: formNumber }).transform((f) => ({
  productId: f.productId ?? "",
  input: { quantity: f.quantity } satisfies FormInput<RestockInput>,
}));

export const saleStateFormSchema = z.strictObject({ productId: formText, action: formText }).transform((f) => ({
  productId: f.productId ?? "",
  input: { action: f.action } satisfies FormInput<SaleActionInput>,
}));
