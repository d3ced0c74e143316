// Real next-auth session cookies for route-handler tests, signed with the app's own secret.
import { encode } from "next-auth/jwt";
import { authSecret } from "@/lib/env";

export async function sessionCookie(user: { id: string; email: string; role: "customer" | "admin" }): Promise<string> {
  const token = await encode({ token: { sub: user.id, email: user.email, role: user.role }, secret: authSecret() });
  return `next-auth.session-token=${token}`;
}
