import { describe, expect, it } from "vitest";
import { DomainError, errorStatus, toDomainError } from "./errors";

describe("toDomainError", () => {
  it("passes domain errors through with their status", () => {
    const error = new DomainError("hold_expired", "gone");
    expect(toDomainError(error)).toBe(error);
    expect(error.status).toBe(410);
  });
  it.each(["55P03", "57014", "57P01", "08006", "ECONNREFUSED", "CONNECT_TIMEOUT"])(
    "turns database outage %s into service_unavailable",
    (code) => {
      expect(toDomainError(Object.assign(new Error("x"), { code })).code).toBe("service_unavailable");
    },
  );
  it("finds the outage under drizzle's wrapping error", () => {
    const driver = Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" });
    const wrapped = Object.assign(new Error("Failed query: select 1"), { cause: driver });
    expect(toDomainError(wrapped).code).toBe("service_unavailable");
    expect(toDomainError(Object.assign(new Error("Failed query"), { cause: new TypeError("bug") })).code).toBe(
      "internal_error",
    );
  });
  it("hides anything else behind internal_error without its details", () => {
    const mapped = toDomainError(new TypeError("secret stack detail"));
    expect(mapped.code).toBe("internal_error");
    expect(mapped.message).not.toContain("secret");
  });
  it("never maps a business refusal to a 5xx", () => {
    const business = [
      "insufficient_stock",
      "sale_not_active",
      "limit_exceeded",
      "invalid_state",
      "hold_expired",
    ] as const;
    for (const code of business) expect(errorStatus[code]).toBeLessThan(500);
  });
});
