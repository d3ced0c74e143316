// The one server-action wrapper: resolve the actor, run one lib/ command, and return a plain
// result for useActionState: {ok: true, data} or {ok: false, code, message, fieldErrors?}.
import type { Actor } from "@/lib/actor";
import { toDomainError, type ErrorCode } from "@/lib/errors";
import { logger } from "@/lib/observability/log";
import { currentActor } from "./session";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; message: string; fieldErrors?: Record<string, string> };

export async function runAction<T>(work: (actor: Actor) => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work(await currentActor()) };
  } catch (error) {
    const e = toDomainError(error);
    if (e.code === "internal_error")
      logger().error({ event: "unhandled_error", err: error }, "unhandled error in a server action");
    const fieldErrors = e.issues?.length
      ? Object.fromEntries(e.issues.map((i) => [i.path || "form", i.message]))
      : undefined;
    return { ok: false, code: e.code, message: e.message, ...(fieldErrors ? { fieldErrors } : {}) };
  }
}
