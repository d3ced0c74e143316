import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card } from "@/app/_components/ui/card";
import { safeReturnTo } from "@/app/_lib/return-to";
import { currentActor } from "@/app/_lib/session";
import { RegisterForm } from "./register-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function RegisterPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const returnTo = safeReturnTo((await searchParams).callbackUrl);
  if ((await currentActor()).kind === "user") redirect(returnTo);
  return (
    <section className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold tracking-tight text-zinc-950">Create an account</h1>
      <p className="mt-1 text-sm text-zinc-600">
        Your holds and orders stay with your account.{" "}
        <Link
          className="font-medium text-blue-700 underline underline-offset-2"
          href={`/login?callbackUrl=${encodeURIComponent(returnTo)}`}
        >
          Already have one? Sign in
        </Link>
      </p>
      <Card className="mt-6 p-6">
        <RegisterForm returnTo={returnTo} />
      </Card>
    </section>
  );
}
