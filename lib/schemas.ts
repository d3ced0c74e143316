// zod building blocks shared by the domain schemas.
import { z } from "zod";

export const uuidSchema = z.uuid({ error: "must be a UUID" });
export const idParamsSchema = z.object({ id: uuidSchema });

export const emailSchema = z
  .string({ error: "must be an e-mail address" })
  .trim()
  .max(254, { error: "must be at most 254 characters" })
  .toLowerCase()
  .pipe(z.email({ error: "must be an e-mail address" }));

export const dateTimeSchema = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date-time with a time zone" })
  .transform((value) => new Date(value));

export const isoDateTimeOutput = z.iso.datetime({ offset: true });
