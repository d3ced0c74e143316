// Parses input with a zod schema inside lib/, so every caller gets the same rules and the same
// invalid_request error, whatever transport it came through. Input schemas are strict objects:
// an unknown key (a misspelt field) is refused and named, never silently dropped.
import type { z } from "zod";
import { DomainError, type FieldIssue } from "./errors";

/** What an input's keys are called in messages: body and form fields, or query parameters. */
export type KeyKind = "field" | "query parameter";

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, kind: KeyKind = "field"): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const unknown: FieldIssue[] = [];
  const others: FieldIssue[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) unknown.push({ path: [...issue.path, key].join("."), message: `Unknown ${kind}` });
    } else {
      others.push({ path: issue.path.join("."), message: issue.message });
    }
  }
  // A misspelt key is the likely cause of every other issue (its field then looks missing): name it first.
  if (unknown.length) {
    throw new DomainError("invalid_request", unknownKeysMessage(unknown, kind), [...unknown, ...others]);
  }
  const first = others[0];
  const where = first?.path ? `${first.path}: ` : "";
  throw new DomainError("invalid_request", `Invalid request. ${where}${first?.message ?? ""}`.trim(), others);
}

const NAMED_IN_MESSAGE = 3;
const quote = (key: string) => JSON.stringify(key.length > 60 ? `${key.slice(0, 40)}…` : key);

// `Invalid request. Unknown field "quantty".`: a few keys by name (long ones shortened), the rest counted.
function unknownKeysMessage(unknown: FieldIssue[], kind: KeyKind): string {
  const named = unknown
    .slice(0, NAMED_IN_MESSAGE)
    .map((i) => quote(i.path))
    .join(", ");
  const more = unknown.length > NAMED_IN_MESSAGE ? ` and ${unknown.length - NAMED_IN_MESSAGE} more` : "";
  return `Invalid request. Unknown ${kind}${unknown.length > 1 ? "s" : ""} ${named}${more}.`;
}

// Keys React and Next.js add to a server action's FormData (the action's id, bound arguments, form state).
const FRAMEWORK_KEY = /^\$ACTION_/;

/** Parses a server action's form with a strict schema of its field names. The framework's own
 *  `$ACTION_…` keys are skipped; any other unknown field is refused, as in a JSON body. A field sent
 *  twice becomes an array, which a text field refuses. */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): z.infer<S> {
  const fields = new Map<string, unknown>();
  for (const [key, value] of form) {
    if (FRAMEWORK_KEY.test(key)) continue;
    fields.set(key, fields.has(key) ? [fields.get(key), value].flat() : value);
  }
  return parseInput(schema, Object.fromEntries(fields));
}
