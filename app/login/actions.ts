"use server";
// Signing in from the login form, with or without JavaScript: a POST to this action, never a URL
// with the password. On success it goes back where the visitor came from.
import { redirect } from "next/navigation";
import { validatedAction } from "@/app/_lib/action";
import { safeReturnTo } from "@/app/_lib/return-to";
import { signInWithPassword } from "@/app/_lib/sign-in";
import { DomainError } from "@/lib/errors";
import { signInFormSchema } from "@/lib/users/schemas";

export const signInAction = validatedAction(
  signInFormSchema,
  async ({ email, password, callbackUrl }) => {
    const result = await signInWithPassword({ email, password });
    if (!result.ok) throw new DomainError("unauthorized", result.message);
    redirect(safeReturnTo(callbackUrl ?? ""));
  },
  { echo: ["email"] },
);
