"use client";
// The sign-in form: it posts to a server action (signInAction), so it works before the page's
// scripts load and without them, and the password never travels in a URL.
import { useActionState } from "react";
import { Alert } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { Field } from "@/app/_components/ui/field";
import { signInAction } from "./actions";

export function LoginForm({ returnTo }: { returnTo: string }) {
  const [state, formAction, pending] = useActionState(signInAction, null);
  const failed = state?.ok === false ? state : undefined;
  const fieldErrors = failed?.fieldErrors ?? {};
  // A refusal not about a field here (wrong password, throttled) is the form's alert.
  const error = failed && !fieldErrors.email && !fieldErrors.password ? failed.message : undefined;
  return (
    <form action={formAction} noValidate className="space-y-5" aria-describedby={error ? "login-error" : undefined}>
      {error ? (
        <Alert tone="error" role="alert" id="login-error" title="Could not sign in">
          {error}
        </Alert>
      ) : null}
      <input type="hidden" name="callbackUrl" value={returnTo} />
      <Field
        id="login-email"
        name="email"
        type="email"
        label="E-mail"
        autoComplete="email"
        required
        defaultValue={failed?.values?.email}
        error={fieldErrors.email}
      />
      <Field
        id="login-password"
        name="password"
        type="password"
        label="Password"
        autoComplete="current-password"
        required
        error={fieldErrors.password}
      />
      <Button type="submit" size="lg" className="w-full" pending={pending} pendingLabel="Signing in…">
        Sign in
      </Button>
    </form>
  );
}
