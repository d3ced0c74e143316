// Signing in from a server action, so the login and register forms post (never a GET with the
// password in the URL) and work without JavaScript. next-auth 4 signs in only through its
// credentials callback, behind a CSRF double-submit cookie that a page cannot set before a
// script-less form posts. So the action runs that callback here, in this process, through
// next-auth's own handler (the API-route form, NextAuth(req, res, options)): once for a CSRF token
// and its cookie, then the callback with both. authorize() (lib/users/authenticate, with its
// throttling), the JWT callbacks and the cookie names stay next-auth's; the cookies it answers
// with are set on the action's response. Next.js refuses server actions from other origins.
import "server-only";
import type { NextApiRequest, NextApiResponse } from "next";
import NextAuth from "next-auth";
import { cookies, headers } from "next/headers";
import { NextResponse } from "next/server";
import { authOptions } from "./auth";

type HandlerRequest = {
  method: "GET" | "POST";
  body?: Record<string, string>;
  cookies: Record<string, string>;
  headers: Record<string, string>;
};
type HandlerAnswer = { status: number; body: unknown; setCookies: string[] };

async function callNextAuth(route: string[], request: HandlerRequest): Promise<HandlerAnswer> {
  const answer: HandlerAnswer = { status: 200, body: undefined, setCookies: [] };
  const res = {
    status(code: number) {
      answer.status = code;
      return res;
    },
    getHeader: (name: string) => (name.toLowerCase() === "set-cookie" ? answer.setCookies : undefined),
    setHeader(name: string, value: string | string[]) {
      if (name.toLowerCase() === "set-cookie") answer.setCookies = [value].flat();
      return res;
    },
    json: (body: unknown) => {
      answer.body = body;
    },
    send: (body: unknown) => {
      answer.body = body;
    },
    end: () => {},
  };
  const req = { ...request, query: { nextauth: route } };
  // The API-route handler reads and writes only what these two objects have, not a whole Node request and response.
  await NextAuth(req as unknown as NextApiRequest, res as unknown as NextApiResponse, authOptions());
  return answer;
}

const parseSetCookies = (setCookies: string[]) => {
  const headers = setCookies.map((cookie): [string, string] => ["set-cookie", cookie]);
  return new NextResponse(null, { headers }).cookies.getAll();
};

export type SignInResult = { ok: true } | { ok: false; message: string };

/** Checks the credentials through next-auth and, when they match, sets its session cookie. */
export async function signInWithPassword(credentials: { email: string; password: string }): Promise<SignInResult> {
  const requestHeaders = Object.fromEntries(await headers());
  const jar = await cookies();
  const csrf = await callNextAuth(["csrf"], { method: "GET", cookies: {}, headers: requestHeaders });
  // next-auth's JSON answers, untyped: the CSRF route's body and the callback's { url }.
  const { csrfToken } = csrf.body as { csrfToken: string };
  const csrfCookies = Object.fromEntries(parseSetCookies(csrf.setCookies).map((c) => [c.name, c.value]));
  const callback = await callNextAuth(["callback", "credentials"], {
    method: "POST",
    body: { ...credentials, csrfToken, json: "true" },
    cookies: { ...Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])), ...csrfCookies },
    headers: requestHeaders,
  });
  // As next-auth's own signIn() reads it: an error is named in the URL the callback answers with.
  const url = (callback.body as { url?: string } | undefined)?.url;
  const error = url ? new URL(url, "http://localhost").searchParams.get("error") : "Configuration";
  if (!error && callback.status === 200) {
    for (const cookie of parseSetCookies(callback.setCookies)) jar.set(cookie);
    return { ok: true };
  }
  if (!error || error === "CredentialsSignin") {
    return { ok: false, message: "That e-mail and password do not match an account." };
  }
  if (error === "Configuration") {
    return { ok: false, message: "Signing in is unavailable right now. Please try again shortly." };
  }
  // authorize() throws only messages meant for the visitor (app/_lib/auth.ts).
  return { ok: false, message: error };
}
