// What a shopper's POST /api/holds looks like on the wire, for the load test and the benchmark. At
// production settings every hold comes from its own client address (in the header the app's trusted
// proxy setting reads: X-Forwarded-For behind TRUSTED_PROXY_HOPS=1, or TRUSTED_PROXY_HEADER's), from
// its own shopper, with its own Idempotency-Key as the Buy button sends; so the rate limits are on and
// counted but never refuse. Proof of work, where a product asks for it, is added here too.
import { randomBytes } from "node:crypto";
import type { RequestOptions } from "./http-client";

export type HoldTraffic = {
  /** The header that carries each request's own client address; none: the connection's address. */
  addressHeader?: string;
  /** An Idempotency-Key on every hold. */
  keys: boolean;
};

export const PRODUCTION_TRAFFIC: HoldTraffic = { addressHeader: "x-forwarded-for", keys: true };
/** The benchmark's settings before production ones: one address, no keys (the app needs RATE_LIMITS=off). */
export const LIMITS_OFF_TRAFFIC: HoldTraffic = { keys: false };

/** Builds the requests of one run: each call a new address and key (10.0.0.0/8, from a random start). */
export function holdRequests(traffic: HoldTraffic) {
  const run = randomBytes(6).toString("hex");
  let n = randomBytes(3).readUIntBE(0, 3);
  return (hold: { productId: string; quantity: number; email: string; altcha?: string }): RequestOptions => {
    n = (n + 1) % 2 ** 24;
    const headers: Record<string, string> = {};
    if (traffic.addressHeader) headers[traffic.addressHeader] = `10.${n >>> 16}.${(n >>> 8) & 255}.${n & 255}`;
    if (traffic.keys) headers["idempotency-key"] = `${run}-${n.toString(36)}`;
    return { body: hold, headers };
  };
}
