"use server";
// Creating an account from the register form, with or without JavaScript: the same lib command
// as POST /api/register, then the new customer is signed in and sent back where they came from.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { runAction } from "@/app/_lib/action";
import { clientIp } from "@/app/_lib/client-ip";
import { safeReturnTo } from "@/app/_lib/return-to";
import { signInWithPassword } from "@/app/_lib/sign-in";
import { registerUser } from "@/lib/users/register-user";

export type RegisterState = { email?: string; error?: string; fieldErrors?: Record<string, string> };

const fieldNames: Record<string, string> = { email: "The e-mail", password: "The password" };

export async function registerAction(_previous: RegisterState, form: FormData): Promise<RegisterState> {
  const email = String(form.get("email") ?? "").trim();
  const password = String(form.get("password") ?? "");
  const returnTo = safeReturnTo(String(form.get("callbackUrl") ?? ""));
  const ip = clientIp(await headers());
  const result = await runAction(() => registerUser({ email, password }, { clientIp: ip }));
  if (!result.ok) {
    if (result.code === "email_taken") return { email, fieldErrors: { email: result.message } };
    if (!result.fieldErrors) return { email, error: result.message };
    const entries = Object.entries(result.fieldErrors);
    return { email, fieldErrors: Object.fromEntries(entries.map(([f, m]) => [f, `${fieldNames[f] ?? "This"} ${m}.`])) };
  }
  const signedIn = await signInWithPassword({ email, password });
  redirect(signedIn.ok ? returnTo : `/login?callbackUrl=${encodeURIComponent(returnTo)}`);
}
