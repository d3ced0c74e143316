// issueChallenge: a fresh ALTCHA challenge (altcha-lib v1: SHA-256, HMAC-signed), costing on average
// POW_COST / 2 hashes to solve, expiring after POW_CHALLENGE_TTL_SECONDS. Nothing is stored: the
// signature proves it is ours, and verifyBotCheck stores only spent ones.
import { createChallenge } from "altcha-lib/v1";
import { altchaHmacSecret, env } from "../env";
import type { Challenge } from "./schemas";

export async function issueChallenge(): Promise<Challenge> {
  const { POW_COST, POW_CHALLENGE_TTL_SECONDS } = env();
  const challenge = await createChallenge({
    algorithm: "SHA-256",
    hmacKey: altchaHmacSecret(),
    maxnumber: POW_COST,
    expires: new Date(Date.now() + POW_CHALLENGE_TTL_SECONDS * 1_000),
  });
  return { ...challenge, algorithm: "SHA-256", maxnumber: POW_COST };
}
