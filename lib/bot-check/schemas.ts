// Proof-of-work shapes: the ALTCHA challenge GET /api/challenge issues and the solution holds and joins
// carry. Client-safe: imports nothing but zod.
import { z } from "zod";
import { botChecks } from "@/db/enums";
import { textSchema } from "../schemas";

export const botCheckSchema = z.enum(botChecks).meta({
  description:
    "off: no check; proof_of_work: every hold and waiting-room join carries a solved ALTCHA challenge (`altcha`)",
});

/** The ALTCHA solution as the widget sends it: base64 of the JSON {algorithm, challenge, number, salt,
 *  signature}. */
export const altchaSchema = textSchema
  .min(1)
  .max(4_096)
  .meta({ description: "The solved proof of work (base64 JSON, as the ALTCHA widget sends it)" });

export const challengeSchema = z
  .object({
    algorithm: z.literal("SHA-256"),
    challenge: z.string().meta({ description: "sha256hex(salt + number) for the secret number to find" }),
    maxnumber: z.int().min(1).meta({ description: "The number lies in 0..maxnumber: the cost (POW_COST)" }),
    salt: z.string().meta({ description: "Random, with the challenge's expiry as `?expires=<unix seconds>`" }),
    signature: z.string().meta({ description: "HMAC-SHA-256 of the challenge by the server" }),
  })
  .meta({ id: "Challenge" });
export type Challenge = z.infer<typeof challengeSchema>;
