"use server";
// Signing in from the login form, with or without JavaScript: a POST to this action, never a URL
// with the password. On success it goes back where the visitor came from.
import { redirect } from "next/navigation";
import { safeReturnTo } from "@/app/_lib/return-to";
import { signInWithPassword } from "@/app/_lib/sign-in";

export type SignInState = { email?: string; error?: string; fieldErrors?: { email?: string; password?: string } };

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "").trim();
  const password = String(form.get("password") ?? "");
  const fieldErrors = {
    ...(email ? {} : { email: "Enter the e-mail address of your account." }),
    ...(password ? {} : { password: "Enter your password." }),
  };
  if (fieldErrors.email || fieldErrors.password) return { email, fieldErrors };
  const result = await signInWithPassword({ email, password });
  if (!result.ok) return { email, error: result.message };
  redirect(safeReturnTo(String(form.get("callbackUrl") ?? "")));
}
