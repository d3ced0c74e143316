// authenticate: checks an e-mail and password. Every attempt is counted before the password is
// checked, in one statement, so attempts sent together cannot outrun the limits:
// - per account and client address: a few attempts in a row, then growing delays; another address
//   that has not failed still signs in, so nobody can lock an account by failing on purpose;
// - per client address across accounts (password spraying): a fixed window.
// A successful sign-in clears its pair and takes its hit back from the address. Unknown e-mails
// cost the same hash check and get the same answers, so nothing tells whether an account exists.
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { db } from "../db";
import { env } from "../env";
import {
  consumeRateLimit,
  consumeWithBackoff,
  rateLimited,
  refundRateLimit,
  resetRateLimit,
} from "../rate-limit/rate-limit";
import { parseInput } from "../validation";
import { hashPassword, verifyPassword } from "./password";
import { credentialsSchema, type User } from "./schemas";

let decoyHash: Promise<string> | undefined;

export async function authenticate(
  input: unknown,
  context: { clientIp: string },
): Promise<(User & { sessionVersion: number }) | null> {
  const { email, password } = parseInput(credentialsSchema, input);
  const config = env();
  const pairKey = `login:pair:${email}:${context.clientIp}`;
  const ipKey = `login:ip:${context.clientIp}`;
  const address = await consumeRateLimit(ipKey, {
    limit: config.LOGIN_FAILURES_PER_IP,
    windowSeconds: config.LOGIN_LOCKOUT_SECONDS,
  });
  if (!address.allowed) throw rateLimited(address.retryAfterSeconds, "failed sign-in attempts");
  const pair = await consumeWithBackoff(pairKey, {
    freeAttempts: config.LOGIN_FAILURES_PER_ACCOUNT_ADDRESS,
    baseDelaySeconds: config.LOGIN_LOCKOUT_SECONDS,
    maxDelaySeconds: 86_400,
  });
  if (!pair.allowed) throw rateLimited(pair.retryAfterSeconds, "failed sign-in attempts");

  const [user] = await db().select().from(users).where(eq(users.email, email));
  decoyHash ??= hashPassword("decoy password for unknown accounts");
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash), password);
  if (user && valid) {
    await Promise.all([resetRateLimit(pairKey), refundRateLimit(ipKey)]);
    return { id: user.id, email: user.email, role: user.role, sessionVersion: user.sessionVersion };
  }
  return null;
}
