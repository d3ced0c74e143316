// promoteToAdmin: gives an existing account the admin role, for operators (the admin CLI); no
// HTTP route calls it. The account keeps its password. An unknown e-mail is not_found and creates
// nothing; promoting an admin again changes nothing (promoted: false).
import { and, eq, ne } from "drizzle-orm";
import { users } from "@/db/schema";
import { db } from "../db";
import { DomainError } from "../errors";
import { parseInput } from "../validation";
import { promoteToAdminInputSchema, type User } from "./schemas";

export async function promoteToAdmin(input: unknown): Promise<{ user: User; promoted: boolean }> {
  const { email } = parseInput(promoteToAdminInputSchema, input);
  const columns = { id: users.id, email: users.email, role: users.role };
  const [promoted] = await db()
    .update(users)
    .set({ role: "admin" })
    .where(and(eq(users.email, email), ne(users.role, "admin")))
    .returning(columns);
  if (promoted) return { user: promoted, promoted: true };
  const [existing] = await db().select(columns).from(users).where(eq(users.email, email));
  if (!existing) throw new DomainError("not_found", `No account has the e-mail ${email}.`);
  return { user: existing, promoted: false };
}
