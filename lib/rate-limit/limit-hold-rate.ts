// limitHoldRate: holds per shopper (account or e-mail) and per client address, per minute, in
// PostgreSQL so every app process counts together. RATE_LIMITS=off lifts them.
import type { Env } from "../env";
import { env } from "../env";
import { consumeRateLimits, rateLimited } from "./rate-limit";

type HoldRateConfig = Pick<Env, "RATE_LIMITS" | "HOLDS_PER_SHOPPER_PER_MINUTE" | "HOLDS_PER_IP_PER_MINUTE">;

export async function limitHoldRate(
  who: { shopper: string; clientIp?: string },
  config: HoldRateConfig = env(),
): Promise<void> {
  if (config.RATE_LIMITS === "off") return;
  const minute = { windowSeconds: 60 };
  const entries = [
    { key: `hold:shopper:${who.shopper}`, limit: { ...minute, limit: config.HOLDS_PER_SHOPPER_PER_MINUTE } },
  ];
  if (who.clientIp)
    entries.push({ key: `hold:ip:${who.clientIp}`, limit: { ...minute, limit: config.HOLDS_PER_IP_PER_MINUTE } });
  const states = await consumeRateLimits(entries);
  const refused = states.filter((s) => !s.allowed);
  if (refused.length) throw rateLimited(Math.max(...refused.map((s) => s.retryAfterSeconds)), "purchase attempts");
}
