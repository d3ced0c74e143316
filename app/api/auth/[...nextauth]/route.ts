// /api/auth/*: next-auth (sign-in with the `credentials` provider, sign-out, session, CSRF token)
import NextAuth from "next-auth";
import { authOptions } from "@/app/_lib/auth";
import { observeRequest } from "@/app/_lib/observe";

type Context = { params: Promise<{ nextauth: string[] }> };

const handler = (request: Request, context: Context) =>
  observeRequest(request, "/api/auth/[...nextauth]", () => NextAuth(request as never, context as never, authOptions()));

export { handler as GET, handler as POST };
