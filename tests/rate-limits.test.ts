// Hold rate limits in PostgreSQL, shared by every app process.
import { describe, expect, it } from "vitest";
import { limitHoldRate } from "@/lib/rate-limit/limit-hold-rate";
import { guestEmail } from "./helpers/fixtures";

const config = { RATE_LIMITS: "on" as const, HOLDS_PER_SHOPPER_PER_MINUTE: 3, HOLDS_PER_IP_PER_MINUTE: 5 };

describe("hold rate limits", () => {
  it("refuses a shopper past the limit with rate_limited and a retry time", async () => {
    const shopper = guestEmail();
    for (let i = 0; i < 3; i++) await limitHoldRate({ shopper }, config);
    const refused = await limitHoldRate({ shopper }, config).catch((e) => e);
    expect(refused).toMatchObject({ code: "rate_limited", status: 429 });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("counts one address across shoppers, exactly under concurrency", async () => {
    const clientIp = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => limitHoldRate({ shopper: guestEmail(), clientIp }, config)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
  });

  it("is lifted entirely by RATE_LIMITS=off", async () => {
    const shopper = guestEmail();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        limitHoldRate({ shopper, clientIp: "198.18.0.1" }, { ...config, RATE_LIMITS: "off" }),
      ),
    );
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
  });
});
