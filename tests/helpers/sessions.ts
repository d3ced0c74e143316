// Real next-auth session cookies for route-handler tests, signed with the app's own secret and
// issued at the account's current session version, as a sign-in would.
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { users } from "@/db/schema";
import { db } from "@/lib/db";
import { authSecret } from "@/lib/env";
import { adminActor } from "./fixtures";

export async function sessionCookie(user: { id: string; email: string; role: "customer" | "admin" }): Promise<string> {
  const [row] = await db().select({ sv: users.sessionVersion }).from(users).where(eq(users.id, user.id));
  const token = await encode({
    token: { sub: user.id, email: user.email, role: user.role, sv: row?.sv ?? 0 },
    secret: authSecret(),
  });
  return `next-auth.session-token=${token}`;
}

/** The session cookie of the suites' admin (adminActor). */
export async function adminCookie(): Promise<string> {
  const admin = await adminActor();
  if (admin.kind !== "user") throw new Error("no admin account");
  return sessionCookie({ id: admin.userId, email: admin.email, role: "admin" });
}
