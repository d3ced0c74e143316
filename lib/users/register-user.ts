// registerUser: creates a customer account. Registrations are limited per client address (a
// malformed request is refused before it is counted, so it writes nothing); an e-mail is taken
// by its canonical mailbox (409 email_taken: x.y+shop@gmail.com is taken by xy@gmail.com); the role
// is always customer (a `role` in the input is an unknown field, refused).
import { users } from "@/db/schema";
import { db } from "../db";
import { env } from "../env";
import { DomainError } from "../errors";
import { consumeRateLimit, rateLimited } from "../rate-limit/rate-limit";
import { parseInput } from "../validation";
import { canonicalMailbox } from "./canonical-mailbox";
import { hashPassword } from "./password";
import { isAccountMailbox } from "./queries";
import { registerInputSchema, type User } from "./schemas";

export async function registerUser(input: unknown, context: { clientIp: string }): Promise<User> {
  const { email, password } = parseInput(registerInputSchema, input);
  const limit = await consumeRateLimit(`register:ip:${context.clientIp}`, {
    limit: env().REGISTRATIONS_PER_IP_PER_HOUR,
    windowSeconds: 3_600,
  });
  if (!limit.allowed) throw rateLimited(limit.retryAfterSeconds, "registrations from your network");
  const taken = () => new DomainError("email_taken", "An account with this e-mail already exists. Sign in instead.");
  if (await isAccountMailbox(canonicalMailbox(email))) throw taken();
  const [created] = await db()
    .insert(users)
    .values({ email, passwordHash: await hashPassword(password), role: "customer" })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id, email: users.email, role: users.role });
  if (!created) throw taken();
  return created;
}
