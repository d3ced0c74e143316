// Account reads, and the actor a session stands for: the role is always re-read from the
// database, so a demoted admin loses admin rights at once, whatever their session token says, and a
// token issued before the account's sessions were ended (its session version) stands for nobody.
import { count, eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { GUEST, type Actor } from "../actor";
import { db } from "../db";
import { uuidSchema } from "../schemas";

export async function actorForUser(userId: string | null | undefined, sessionVersion: unknown): Promise<Actor> {
  if (!userId || !uuidSchema.safeParse(userId).success) return GUEST;
  const [user] = await db()
    .select({ id: users.id, email: users.email, role: users.role, sessionVersion: users.sessionVersion })
    .from(users)
    .where(eq(users.id, userId));
  if (!user || user.sessionVersion !== sessionVersion) return GUEST;
  return { kind: "user", userId: user.id, email: user.email, role: user.role };
}

/** Whether an account's e-mail delivers to this canonical mailbox (index users_by_mailbox): the mailbox is
 *  then the account's. */
export async function isAccountMailbox(mailbox: string): Promise<boolean> {
  const rows = await db()
    .select({ id: users.id })
    .from(users)
    .where(sql`canonical_mailbox(${users.email}) = ${mailbox}`)
    .limit(1);
  return rows.length > 0;
}

export async function countAdmins(): Promise<number> {
  const [row] = await db().select({ n: count() }).from(users).where(eq(users.role, "admin"));
  return row?.n ?? 0;
}
