"use client";
// Signs in through next-auth's credentials provider, then goes back where the visitor came from.
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Alert } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { Field } from "@/app/_components/ui/field";

export function LoginForm({ returnTo }: { returnTo: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const errors = {
      email: /^\S+@\S+\.\S+$/.test(email) ? undefined : "Enter the e-mail address of your account.",
      password: password ? undefined : "Enter your password.",
    };
    setFieldErrors(errors);
    setError(null);
    if (errors.email || errors.password) return;
    setPending(true);
    try {
      const result = await signIn("credentials", { email, password, redirect: false });
      if (result?.ok && !result.error) {
        router.replace(returnTo);
        router.refresh();
        return;
      }
      setError(
        !result?.error || result.error === "CredentialsSignin"
          ? "That e-mail and password do not match an account."
          : result.error,
      );
    } catch {
      setError("We could not reach the server. Check your connection and try again.");
    }
    setPending(false);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5" aria-describedby={error ? "login-error" : undefined}>
      {error ? (
        <Alert tone="error" role="alert" id="login-error" title="Could not sign in">
          {error}
        </Alert>
      ) : null}
      <Field id="login-email" name="email" type="email" label="E-mail" autoComplete="email" required error={fieldErrors.email} />
      <Field id="login-password" name="password" type="password" label="Password" autoComplete="current-password" required error={fieldErrors.password} />
      <Button type="submit" size="lg" className="w-full" pending={pending} pendingLabel="Signing in…">
        Sign in
      </Button>
    </form>
  );
}
