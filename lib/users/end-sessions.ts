// endSessions: signs an account out everywhere. Session tokens cannot be revoked one by one; each
// carries the account's session version, and raising it makes every token issued before stand for
// nobody (lib/users/queries.ts). Only the version the token was issued at is raised, so ending an
// old session twice costs nothing.
import { and, eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { db } from "../db";

export async function endSessions(userId: string, issuedAtVersion: number): Promise<void> {
  await db()
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(and(eq(users.id, userId), eq(users.sessionVersion, issuedAtVersion)));
}
