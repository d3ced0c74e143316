// Resolves who is asking from the next-auth session cookie: for route handlers from the request,
// for pages and server actions from next/headers. The user's role comes from the database, not
// from the token, so a demoted admin is a customer at once.
import { cookies } from "next/headers";
import { getToken } from "next-auth/jwt";
import type { Actor } from "@/lib/actor";
import { authSecret } from "@/lib/env";
import { actorForUser } from "@/lib/users/queries";

function parseCookies(header: string | null): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0) jar[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return jar;
}

async function actorFromCookies(jar: Record<string, string>): Promise<Actor> {
  // getToken reads only a request's cookies (and headers); its type asks for a whole Next.js request.
  const token = await getToken({ req: { headers: {}, cookies: jar } as never, secret: authSecret() });
  return actorForUser(token?.sub, token?.sv);
}

export function actorFromRequest(request: Request): Promise<Actor> {
  return actorFromCookies(parseCookies(request.headers.get("cookie")));
}

export async function currentActor(): Promise<Actor> {
  const jar = Object.fromEntries((await cookies()).getAll().map((c) => [c.name, c.value]));
  return actorFromCookies(jar);
}
