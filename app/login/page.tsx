import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card } from "@/app/_components/ui/card";
import { safeReturnTo } from "@/app/_lib/return-to";
import { currentActor } from "@/app/_lib/session";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const returnTo = safeReturnTo(params.callbackUrl);
  if ((await currentActor()).kind === "user") redirect(returnTo);
  return (
    <section className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold tracking-tight text-zinc-950">Sign in</h1>
      <p className="mt-1 text-sm text-zinc-600">
        New here?{" "}
        <Link
          className="font-medium text-blue-700 underline underline-offset-2"
          href={`/register?callbackUrl=${encodeURIComponent(returnTo)}`}
        >
          Create an account
        </Link>
        . You can also buy as a guest with just your e-mail.
      </p>
      <Card className="mt-6 p-6">
        <LoginForm returnTo={returnTo} />
      </Card>
    </section>
  );
}
