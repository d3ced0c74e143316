// The Idempotency-Key header's rules, shared by the command runner and the OpenAPI document.
// Client-safe: imports nothing but zod.
import { z } from "zod";

export const idempotencyKeySchema = z
  .string()
  .min(1, { error: "Idempotency-Key must not be empty" })
  .max(255, { error: "Idempotency-Key must be at most 255 characters" })
  .regex(/^[\x20-\x7e]+$/, { error: "Idempotency-Key must be printable ASCII" });
