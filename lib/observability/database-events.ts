// Database trouble, seen from the app: a lock timeout is logged once per failed statement (a hold
// batch's one error reaches all its requests) and counted; losing the database and reaching it
// again are logged once each, not once per request in between.
import { logger } from "./log";
import { recordLockTimeout } from "./metrics";

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03"]);
// On globalThis like the rest of this state: Next.js bundles a module into more than one chunk.
const globalForDb = globalThis as unknown as {
  __flashSaleDatabaseDownSince?: number;
  __flashSaleSeenErrors?: WeakSet<object>;
};
globalForDb.__flashSaleSeenErrors ??= new WeakSet<object>();
const seen = globalForDb.__flashSaleSeenErrors;

function codes(error: unknown): string[] {
  const found: string[] = [];
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") found.push(code);
  }
  return found;
}

/** Looks at a failure for database trouble: lock timeouts and lost connections. */
export function noteDatabaseError(error: unknown, context: Record<string, unknown> = {}) {
  if (!error || typeof error !== "object" || seen.has(error)) return;
  seen.add(error);
  const found = codes(error);
  if (found.includes("55P03")) {
    recordLockTimeout();
    logger().warn({ event: "lock_timeout", ...context }, "a statement gave up waiting for a row lock (lock_timeout)");
    return;
  }
  const lost = found.find((c) => CONNECTION_CODES.has(c) || c.startsWith("08") || c.startsWith("CONNECTION_"));
  if (lost && globalForDb.__flashSaleDatabaseDownSince === undefined) {
    globalForDb.__flashSaleDatabaseDownSince = Date.now();
    logger().error({ event: "database_unavailable", code: lost, ...context }, "the database connection was lost");
  }
}

/** A statement succeeded: if the database was lost before, it is back. */
export function noteDatabaseReachable(context: Record<string, unknown> = {}) {
  const since = globalForDb.__flashSaleDatabaseDownSince;
  if (since === undefined) return;
  globalForDb.__flashSaleDatabaseDownSince = undefined;
  logger().info(
    { event: "database_reconnected", downMs: Date.now() - since, ...context },
    "reconnected to the database",
  );
}
