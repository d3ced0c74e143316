"use server";
// Creating an account from the register form, with or without JavaScript: the same lib command
// as POST /api/register, then the new customer is signed in and sent back where they came from.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { validatedAction } from "@/app/_lib/action";
import { clientIp } from "@/app/_lib/client-ip";
import { safeReturnTo } from "@/app/_lib/return-to";
import { signInWithPassword } from "@/app/_lib/sign-in";
import { DomainError } from "@/lib/errors";
import { registerUser } from "@/lib/users/register-user";
import { registerFormSchema } from "@/lib/users/schemas";

export const registerAction = validatedAction(
  registerFormSchema,
  async ({ input, callbackUrl }) => {
    const returnTo = safeReturnTo(callbackUrl ?? "");
    await registerUser(input, { clientIp: clientIp(await headers()) }).catch(inTheFormsWords);
    const signedIn = await signInWithPassword(input);
    redirect(signedIn.ok ? returnTo : `/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  },
  { echo: ["email"] },
);

const fieldNames: Record<string, string> = { email: "The e-mail", password: "The password" };

/** A refusal in the form's words: a taken e-mail beside its field, each field's problem a sentence. */
function inTheFormsWords(error: unknown): never {
  if (!(error instanceof DomainError)) throw error;
  if (error.code === "email_taken") {
    throw new DomainError(error.code, error.message, [{ path: "email", message: error.message }]);
  }
  if (!error.issues?.length) throw error;
  const issues = error.issues.map((i) => ({ path: i.path, message: `${fieldNames[i.path] ?? "This"} ${i.message}.` }));
  throw new DomainError(error.code, error.message, issues);
}
