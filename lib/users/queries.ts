// Account reads, and the actor a session stands for: the role is always re-read from the
// database, so a demoted admin loses admin rights at once, whatever their session token says.
import { count, eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { GUEST, type Actor } from "../actor";
import { db } from "../db";
import { uuidSchema } from "../schemas";

export async function actorForUser(userId: string | null | undefined): Promise<Actor> {
  if (!userId || !uuidSchema.safeParse(userId).success) return GUEST;
  const [user] = await db()
    .select({ id: users.id, email: users.email, role: users.role })
    .from(users)
    .where(eq(users.id, userId));
  return user ? { kind: "user", userId: user.id, email: user.email, role: user.role } : GUEST;
}

export async function countAdmins(): Promise<number> {
  const [row] = await db().select({ n: count() }).from(users).where(eq(users.role, "admin"));
  return row?.n ?? 0;
}
