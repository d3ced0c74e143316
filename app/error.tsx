"use client";
// Shown when a page fails to render (the database unreachable, for instance), with a retry.
import { useEffect } from "react";
import { Button, ButtonLink } from "./_components/ui/button";
import { Card } from "./_components/ui/card";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <Card className="mx-auto max-w-xl p-8 text-center sm:p-10" role="alert">
      <h1 className="text-2xl font-bold tracking-tight text-zinc-950">This page could not be loaded</h1>
      <p className="mt-3 text-zinc-600">
        The shop is very busy or briefly unavailable. Your holds and orders are safe; try again in a moment.
      </p>
      {error.digest ? <p className="mt-2 font-mono text-xs text-zinc-500">Reference {error.digest}</p> : null}
      <div className="mt-6 flex justify-center gap-3">
        <Button onClick={reset}>Try again</Button>
        <ButtonLink href="/" variant="secondary">
          All sales
        </ButtonLink>
      </div>
    </Card>
  );
}
