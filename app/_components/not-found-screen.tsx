// The body of every not-found page: what is missing, and the way back to the storefront.
import { ButtonLink } from "./ui/button";
import { Card } from "./ui/card";

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
