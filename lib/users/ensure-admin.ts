// ensureAdmin: the configured admin (ADMIN_EMAIL / ADMIN_PASSWORD, or the development default)
// exists and has the admin role. Run at every start and by db:seed, in every environment. An
// existing account is only promoted: it keeps its password, so an admin who changed theirs is
// never reset to the configured one. Without ADMIN_PASSWORD in production it does nothing.
import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { db } from "../db";
import { adminCredentials } from "../env";
import type { AdminActor } from "./authorize";
import { hashPassword } from "./password";

export type EnsuredAdmin = { actor: AdminActor; outcome: "created" | "promoted" | "unchanged" };

export async function ensureAdmin(): Promise<EnsuredAdmin | null> {
  const credentials = adminCredentials();
  if (!credentials) return null;
  const { email, password } = credentials;
  const [existing] = await db().select({ id: users.id, role: users.role }).from(users).where(eq(users.email, email));
  if (existing?.role === "admin") return { actor: adminActor(existing.id, email), outcome: "unchanged" };
  // One statement, safe when several processes start at once: insert, or promote the account that is there.
  const [admin] = await db()
    .insert(users)
    .values({ email, passwordHash: await hashPassword(password), role: "admin" })
    .onConflictDoUpdate({ target: users.email, set: { role: sql`'admin'` } })
    .returning({ id: users.id, email: users.email });
  return { actor: adminActor(admin!.id, admin!.email), outcome: existing ? "promoted" : "created" };
}

const adminActor = (userId: string, email: string): AdminActor => ({ kind: "user", userId, email, role: "admin" });
