"use client";
// The register form: it posts to a server action (registerAction) that creates the account and
// signs the customer in, so it works before the page's scripts load and without them, and the
// password never travels in a URL.
import { useActionState } from "react";
import { Alert } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { Field } from "@/app/_components/ui/field";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/users/schemas";
import { registerAction } from "./actions";

export function RegisterForm({ returnTo }: { returnTo: string }) {
  const [state, formAction, pending] = useActionState(registerAction, null);
  const failed = state?.ok === false ? state : undefined;
  const fieldErrors = failed?.fieldErrors ?? {};
  // A refusal not about a field here (too many attempts, a fault) is the form's alert.
  const error = failed && !fieldErrors.email && !fieldErrors.password ? failed.message : undefined;
  return (
    <form action={formAction} noValidate className="space-y-5">
      {error ? (
        <Alert tone="error" role="alert" title="Could not create the account">
          {error}
        </Alert>
      ) : null}
      <input type="hidden" name="callbackUrl" value={returnTo} />
      <Field
        id="register-email"
        name="email"
        type="email"
        label="E-mail"
        autoComplete="email"
        required
        defaultValue={failed?.values?.email}
        error={fieldErrors.email}
      />
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
