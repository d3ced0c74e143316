import type { Metadata } from "next";
import { ButtonLink } from "./_components/ui/button";
import { Card } from "./_components/ui/card";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return <NotFoundScreen title="Page not found" body="There is nothing at this address. It may have been mistyped, or the link is old." />;
}

export function NotFoundScreen({ title, body }: { title: string; body: string }) {
  return (
    <Card className="mx-auto max-w-xl p-8 text-center sm:p-10">
      <p className="text-sm font-semibold text-zinc-500">404</p>
      <h1 className="mt-2 text-2xl font-bold tracking-tight text-zinc-950">{title}</h1>
      <p className="mt-3 text-zinc-600">{body}</p>
      <ButtonLink href="/" className="mt-6">
        See all sales
      </ButtonLink>
    </Card>
  );
}
