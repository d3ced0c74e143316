// next-auth: the credentials provider `credentials` and JWT sessions carrying the user's id and
// role. Built on first use, so `next build` needs no secret.
import type { NextAuthOptions } from "next-auth";
import type { Role } from "@/lib/actor";
import CredentialsProvider from "next-auth/providers/credentials";
import { authSecret } from "@/lib/env";
import { DomainError, toDomainError } from "@/lib/errors";
import { authenticate } from "@/lib/users/authenticate";
import { endSessions } from "@/lib/users/end-sessions";
import { clientIp } from "./client-ip";
import { safeRedirect } from "./return-to";
import { logger } from "@/lib/observability/log";

declare module "next-auth" {
  interface User {
    role: Role;
    sessionVersion: number;
  }
  interface Session {
    user: { id: string; email: string; role: Role };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: Role;
    /** The account's session version when the token was issued (lib/users/end-sessions.ts). */
    sv?: number;
  }
}

let options: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  options ??= {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 7 * 24 * 3_600 },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "E-mail and password",
        credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          try {
            const user = await authenticate(
              { email: credentials?.email ?? "", password: credentials?.password ?? "" },
              { clientIp: clientIp(req.headers ?? {}) },
            );
            return user && { id: user.id, email: user.email, role: user.role, sessionVersion: user.sessionVersion };
          } catch (error) {
            // next-auth passes a thrown message to the sign-in form; say only what is safe to say.
            if (error instanceof DomainError && error.code === "invalid_request") return null;
            const safe = toDomainError(error);
            if (safe.code === "internal_error")
              logger().error({ event: "sign_in_failed", err: error }, "sign-in failed");
            throw new Error(safe.message);
          }
        },
      }),
    ],
    events: {
      // Signing out ends the session for good, not only in this browser's cookie jar.
      async signOut({ token }) {
        if (token?.sub && typeof token.sv === "number") await endSessions(token.sub, token.sv);
      },
    },
    callbacks: {
      redirect: safeRedirect,
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.email = user.email;
          token.role = user.role;
          token.sv = user.sessionVersion;
        }
        return token;
      },
      session({ session, token }) {
        session.user = { id: token.sub ?? "", email: token.email ?? "", role: token.role ?? "customer" };
        return session;
      },
    },
  };
  return options;
}
