// GET /api/challenge: a fresh proof-of-work challenge (ALTCHA) for a hold or join on a product with the check on
import { issueChallenge } from "@/lib/bot-check/issue-challenge";
import { operations } from "@/lib/openapi/operations";
import { json, otherMethods, route } from "@/app/_lib/http";

export const dynamic = "force-dynamic";

export const GET = route(operations.getChallenge, async () =>
  json(await issueChallenge(), 200, { "Cache-Control": "no-store" }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
