// createAdmin: a new account with the admin role, for operators (the admin CLI); no HTTP route
// calls it. The e-mail and password obey the registration rules; an e-mail that already has an
// account is refused (email_taken) and left as it is: promoteToAdmin is the way for it. One
// INSERT, so a refusal writes nothing.
import { users } from "@/db/schema";
import { db } from "../db";
import { DomainError } from "../errors";
import { parseInput } from "../validation";
import { hashPassword } from "./password";
import { createAdminInputSchema, type User } from "./schemas";

export async function createAdmin(input: unknown): Promise<User> {
  const { email, password } = parseInput(createAdminInputSchema, input);
  const [created] = await db()
    .insert(users)
    .values({ email, passwordHash: await hashPassword(password), role: "admin" })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id, email: users.email, role: users.role });
  if (!created) throw new DomainError("email_taken", `An account with the e-mail ${email} already exists.`);
  return created;
}
