// /api/auth/*: next-auth (sign-in with the `credentials` provider, sign-out, session, CSRF token)
import NextAuth from "next-auth";
import { authOptions } from "@/app/_lib/auth";
import { observeRequest } from "@/app/_lib/observe";

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth 4 types its App Router entry for the Pages Router's request and response; it takes these.
const handler = (request: Request, context: Context) =>
  observeRequest(request, "/api/auth/[...nextauth]", () => NextAuth(request as never, context as never, authOptions()));

export { handler as GET, handler as POST };
