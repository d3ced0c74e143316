"use client";
// The sign-in form: it posts to a server action (signInAction), so it works before the page's
// scripts load and without them, and the password never travels in a URL.
import { useActionState } from "react";
import { Alert } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { Field } from "@/app/_components/ui/field";
import { signInAction, type SignInState } from "./actions";

export function LoginForm({ returnTo }: { returnTo: string }) {
  const [state, formAction, pending] = useActionState(signInAction, {} as SignInState);
  const error = state.error;
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
        defaultValue={state.email}
        error={state.fieldErrors?.email}
      />
      <Field
        id="login-password"
        name="password"
        type="password"
        label="Password"
        autoComplete="current-password"
        required
        error={state.fieldErrors?.password}
      />
      <Button type="submit" size="lg" className="w-full" pending={pending} pendingLabel="Signing in…">
        Sign in
      </Button>
    </form>
  );
}
