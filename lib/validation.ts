// Parses input with a zod schema inside lib/, so every caller gets the same rules and the same
// invalid_request error, whatever transport it came through.
import type { z } from "zod";
import { DomainError } from "./errors";

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const first = issues[0];
  const where = first?.path ? `${first.path}: ` : "";
  throw new DomainError("invalid_request", `Invalid request. ${where}${first?.message ?? ""}`.trim(), issues);
}
