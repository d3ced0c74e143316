// The one domain error type, its closed list of codes, and the one table that maps a code to an
// HTTP status. Every command throws DomainError; transports map it with httpStatus().
export const errorStatus = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  sign_in_required: 403,
  admission_required: 403,
  challenge_required: 403,
  challenge_failed: 403,
  not_found: 404,
  method_not_allowed: 405,
  insufficient_stock: 409,
  sale_not_active: 409,
  limit_exceeded: 409,
  invalid_state: 409,
  email_taken: 409,
  idempotency_key_in_use: 409,
  queue_not_open: 409,
  hold_expired: 410,
  payload_too_large: 413,
  idempotency_key_reused: 422,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;
// Object.keys types its answer as string[]; these are exactly the table's keys, in its order.
export const errorCodes = Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]];

export type FieldIssue = { path: string; message: string };

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
    /** For rate_limited and service_unavailable: when to try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "DomainError";
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

// PostgreSQL and driver failures that mean "try again shortly", never a business answer.
const TRANSIENT_SQLSTATES = new Set([
  "55P03", // lock_not_available (lock_timeout)
  "57014", // query_canceled (statement_timeout)
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
  "40001", // serialization_failure
  "40P01", // deadlock_detected
]);
const TRANSIENT_NETWORK = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/** Turns any thrown value into a DomainError: domain errors pass through, database outages become
 *  service_unavailable, anything else internal_error (its details stay in the server log). */
export function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (isTransient(error)) {
    return new DomainError("service_unavailable", "The service is busy or briefly unavailable. Please retry shortly.");
  }
  return new DomainError("internal_error", "Something went wrong on our side.");
}

// drizzle wraps the driver's error in a DrizzleQueryError whose `cause` carries the code, so the
// chain of causes is followed (a few links at most).
function isTransient(error: unknown): boolean {
  for (
    let current = error, depth = 0;
    current && depth < 5;
    current = (current as { cause?: unknown }).cause, depth++
  ) {
    const code = (current as { code?: unknown }).code;
    if (
      typeof code === "string" &&
      (TRANSIENT_SQLSTATES.has(code) || code.startsWith("08") || TRANSIENT_NETWORK.has(code))
    )
      return true;
  }
  return false;
}
