"use client";
// Registers with a server action, then signs the new customer in.
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Alert } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { Field } from "@/app/_components/ui/field";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/users/schemas";
import { registerAction } from "./actions";

export function RegisterForm({ returnTo }: { returnTo: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const errors: Record<string, string> = {};
    if (!/^\S+@\S+\.\S+$/.test(email)) errors.email = "Enter a valid e-mail address.";
    if (password.length < PASSWORD_MIN) errors.password = `Use at least ${PASSWORD_MIN} characters.`;
    if (password.length > PASSWORD_MAX) errors.password = `Use at most ${PASSWORD_MAX} characters.`;
    setFieldErrors(errors);
    setError(null);
    if (Object.keys(errors).length) return;
    setPending(true);
    try {
      const result = await registerAction({ email, password });
      if (!result.ok) {
        if (result.code === "email_taken") setFieldErrors({ email: result.message });
        else if (result.fieldErrors) setFieldErrors(result.fieldErrors);
        else setError(result.message);
        setPending(false);
        return;
      }
      const signedIn = await signIn("credentials", { email, password, redirect: false });
      if (!signedIn?.ok) {
        router.replace(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
        return;
      }
      router.replace(returnTo);
      router.refresh();
    } catch {
      setError("We could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      {error ? (
        <Alert tone="error" role="alert" title="Could not create the account">
          {error}
        </Alert>
      ) : null}
      <Field id="register-email" name="email" type="email" label="E-mail" autoComplete="email" required error={fieldErrors.email} />
      <Field
        id="register-password"
        name="password"
        type="password"
        label="Password"
        autoComplete="new-password"
        required
        hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters; a passphrase of a few words works well.`}
        error={fieldErrors.password}
      />
      <Button type="submit" size="lg" className="w-full" pending={pending} pendingLabel="Creating your account…">
        Create account
      </Button>
    </form>
  );
}
