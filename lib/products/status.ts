// A product's sale status at a moment. Client-safe: the storefront re-derives it as countdowns run.
import type { ProductStatus } from "./schemas";

export function productStatus(
  p: { available: number; saleStartsAt: Date | string; saleEndsAt: Date | string },
  now: Date,
): ProductStatus {
  if (now < new Date(p.saleStartsAt)) return "scheduled";
  if (now >= new Date(p.saleEndsAt)) return "ended";
  return p.available > 0 ? "live" : "sold_out";
}
