// requireMetricsToken: admits a scrape only with `Authorization: Bearer $METRICS_TOKEN`, compared in
// constant time over SHA-256 digests; with no METRICS_TOKEN configured every scrape is refused.
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "../env";
import { DomainError } from "../errors";

const digest = (value: string) => createHash("sha256").update(value).digest();

export function requireMetricsToken(authorization: string | null): void {
  const token = env().METRICS_TOKEN;
  const presented = authorization?.match(/^Bearer (.+)$/)?.[1];
  const matches = presented !== undefined && timingSafeEqual(digest(presented), digest(token ?? ""));
  if (!token || !matches) {
    throw new DomainError(
      "unauthorized",
      "This endpoint is for Prometheus: send Authorization: Bearer <METRICS_TOKEN>.",
    );
  }
}
