// registerUser: creates a customer account. Registrations are limited per client address (a
// malformed request is refused before it is counted, so it writes nothing); an e-mail is taken
// case-insensitively (409 email_taken); the role is always customer (a `role` in the input is an
// unknown field, refused).
import { users } from "@/db/schema";
import { db } from "../db";
import { env } from "../env";
import { DomainError } from "../errors";
import { consumeRateLimit, rateLimited } from "../rate-limit/rate-limit";
import { parseInput } from "../validation";
import { hashPassword } from "./password";
import { registerInputSchema, type User } from "./schemas";

export async function registerUser(input: unknown, context: { clientIp: string }): Promise<User> {
  const { email, password } = parseInput(registerInputSchema, input);
  const limit = await consumeRateLimit(`register:ip:${context.clientIp}`, {
    limit: env().REGISTRATIONS_PER_IP_PER_HOUR,
    windowSeconds: 3_600,
  });
  if (!limit.allowed) throw rateLimited(limit.retryAfterSeconds, "registrations from your network");
  const [created] = await db()
    .insert(users)
    .values({ email, passwordHash: await hashPassword(password), role: "customer" })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id, email: users.email, role: users.role });
  if (!created) throw new DomainError("email_taken", "An account with this e-mail already exists. Sign in instead.");
  return created;
}
