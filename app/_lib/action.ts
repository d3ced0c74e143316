// The one server-action wrapper, after saas-starter's validatedAction: read the form with its one
// strict, coercing schema (lib/<domain>/schemas.ts, through parseForm), resolve the actor, run one
// lib/ command, and return a plain result for useActionState: {ok: true, data} or
// {ok: false, code, message, fieldErrors?, values?}.
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { Actor } from "@/lib/actor";
import { toDomainError, type ErrorCode } from "@/lib/errors";
import { parseForm } from "@/lib/validation";
import { logger } from "@/lib/observability/log";
import { currentActor } from "./session";

export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: ErrorCode;
      message: string;
      fieldErrors?: Record<string, string>;
      /** The fields named in `echo`, as typed, so a form posted without JavaScript keeps them. */
      values?: Record<string, string>;
    };

export type ServerAction<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

/** Runs `work` with the actor; a failure becomes {ok: false}. Next.js's own signals (redirect(),
 *  notFound(), forbidden()) pass through, so `work` may end by redirecting. */
export async function runAction<T>(
  work: (actor: Actor) => Promise<T>,
  values?: Record<string, string>,
): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work(await currentActor()) };
  } catch (error) {
    unstable_rethrow(error);
    const e = toDomainError(error);
    if (e.code === "internal_error")
      logger().error({ event: "unhandled_error", err: error }, "unhandled error in a server action");
    const fieldErrors = e.issues?.length
      ? Object.fromEntries(e.issues.map((i) => [i.path || "form", i.message]))
      : undefined;
    return {
      ok: false,
      code: e.code,
      message: e.message,
      ...(fieldErrors ? { fieldErrors } : {}),
      ...(values ? { values } : {}),
    };
  }
}

/** A server action that reads its form with `schema` (an unknown field is refused, as in a JSON
 *  body) and runs `work` with the parsed data and the actor. `echo` names text fields (never a
 *  password) to send back with a failure. */
export function validatedAction<S extends z.ZodType, T>(
  schema: S,
  work: (data: z.output<S>, actor: Actor) => Promise<T>,
  options: { echo?: string[] } = {},
): ServerAction<T> {
  return async (_previous, form) =>
    runAction((actor) => work(parseForm(schema, form), actor), echoed(form, options.echo));
}

function echoed(form: FormData, names: string[] | undefined): Record<string, string> | undefined {
  if (!names?.length) return undefined;
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = form.get(name);
    if (typeof value === "string") values[name] = value.trim();
  }
  return values;
}
