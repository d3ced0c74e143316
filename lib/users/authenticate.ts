// authenticate: checks an e-mail and password. Failed attempts are counted per account and per
// client address in PostgreSQL; past the limit every attempt is refused until the window ends.
// Unknown e-mails cost the same hash check and get the same answer, so nothing tells whether an
// account exists.
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { db } from "../db";
import { env } from "../env";
import { consumeRateLimit, peekRateLimit, rateLimited, resetRateLimit } from "../rate-limit/rate-limit";
import { parseInput } from "../validation";
import { hashPassword, verifyPassword } from "./password";
import { credentialsSchema, type Credentials, type User } from "./schemas";

let decoyHash: Promise<string> | undefined;

export async function authenticate(input: Credentials, context: { clientIp: string }): Promise<User | null> {
  const { email, password } = parseInput(credentialsSchema, input);
  const config = env();
  const window = config.LOGIN_LOCKOUT_SECONDS;
  const accountKey = `login:account:${email}`;
  const ipKey = `login:ip:${context.clientIp}`;
  const accountLimit = { limit: config.LOGIN_FAILURES_PER_ACCOUNT, windowSeconds: window };
  const ipLimit = { limit: config.LOGIN_FAILURES_PER_IP, windowSeconds: window };

  const [account, address] = await Promise.all([peekRateLimit(accountKey, accountLimit), peekRateLimit(ipKey, ipLimit)]);
  if (account.hits >= accountLimit.limit || address.hits >= ipLimit.limit) {
    throw rateLimited(Math.max(account.retryAfterSeconds, address.retryAfterSeconds), "failed sign-in attempts");
  }

  const [user] = await db().select().from(users).where(eq(users.email, email));
  decoyHash ??= hashPassword("decoy password for unknown accounts");
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash), password);
  if (user && valid) {
    await resetRateLimit(accountKey);
    return { id: user.id, email: user.email, role: user.role };
  }
  await Promise.all([consumeRateLimit(accountKey, accountLimit), consumeRateLimit(ipKey, ipLimit)]);
  return null;
}
