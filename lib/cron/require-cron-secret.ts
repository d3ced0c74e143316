// requireCronSecret: admits a scheduler's call only when it carries `Authorization: Bearer
// $CRON_SECRET` (what Vercel Cron sends). Compared in constant time over SHA-256 digests, so
// neither the secret's content nor its length leaks through timing; with no CRON_SECRET configured
// every call is refused.
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "../env";
import { DomainError } from "../errors";

const digest = (value: string) => createHash("sha256").update(value).digest();

export function requireCronSecret(authorization: string | null): void {
  const secret = env().CRON_SECRET;
  const presented = authorization?.match(/^Bearer (.+)$/)?.[1];
  const matches = presented !== undefined && timingSafeEqual(digest(presented), digest(secret ?? ""));
  if (!secret || !matches) {
    throw new DomainError(
      "unauthorized",
      "This endpoint is for the scheduler: send Authorization: Bearer <CRON_SECRET>.",
    );
  }
}
