// Countdown maths on the server's clock. Client-safe. Browsers' clocks are often wrong by seconds
// or minutes; every countdown runs on `clientNow + offset`, the offset measured against the
// `serverTime` the pages and the API report.
import type { ProductStatus } from "./products/schemas";

/** The server's clock minus the client's, from a server timestamp seen between `sentAt` and
 *  `receivedAt` (client milliseconds). The midpoint halves the error a slow response adds. */
export function clockOffsetMs(serverTime: string, sentAt: number, receivedAt = sentAt): number {
  const server = Date.parse(serverTime);
  if (Number.isNaN(server)) return 0;
  return Math.round(server - (sentAt + receivedAt) / 2);
}

/** Whole seconds until `target` (rounded up, so "0" means it has passed), never negative. */
export function secondsUntil(target: string | Date, nowMs: number): number {
  const at = typeof target === "string" ? Date.parse(target) : target.getTime();
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

export type SaleMoment = { kind: "opens" | "closes"; at: string } | null;

/** The next moment of a sale that a countdown shows: its opening while scheduled, its close while
 *  live or sold out (units from expired holds may return until then), nothing once it has ended. */
export function nextSaleMoment(
  product: { saleStartsAt: string; saleEndsAt: string },
  status: ProductStatus,
): SaleMoment {
  switch (status) {
    case "scheduled":
      return { kind: "opens", at: product.saleStartsAt };
    case "live":
    case "sold_out":
      return { kind: "closes", at: product.saleEndsAt };
    case "ended":
      return null;
  }
}
