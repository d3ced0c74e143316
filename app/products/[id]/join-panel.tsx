"use client";
// The Join box of a sale with a waiting room: before the room opens, its countdown; then the Join form
// (an e-mail address for guests), which leads to the ticket's waiting page. Before the sale starts the
// shopper joins the pre-queue, whose order is drawn at the start. With the bot check on, Join solves a
// proof of work first (in a Web Worker, with its progress shown).
import { startTransition, useActionState, useEffect, useId, useState } from "react";
import type { Product, ProductStatus } from "@/lib/products/schemas";
import { secondsUntil } from "@/lib/time";
import { Alert } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { Countdown } from "@/app/_components/ui/countdown";
import { LocalTime } from "@/app/_components/ui/local-time";
import { useServerClock } from "@/app/_components/server-clock";
import { ProofOfWorkNeedsJavaScript, ProofOfWorkProgress } from "@/app/_components/proof-of-work-progress";
import { useProofOfWork } from "@/app/_components/use-proof-of-work";
import { joinQueueAction } from "./actions";

type Props = {
  product: Product;
  status: ProductStatus;
  serverTime: string;
  accountEmail: string | null;
  onRefused: () => void;
  /** What to show once the sale sold out or ended. */
  children: React.ReactNode;
};

export function JoinPanel({ product, status, serverTime, accountEmail, onRefused, children }: Props) {
  const id = useId();
  const [result, join, joining] = useActionState(joinQueueAction, null);
  const proofOfWork = useProofOfWork();
  const [checkFailed, setCheckFailed] = useState<string | null>(null);
  const pending = joining || proofOfWork.progress !== null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per answer (each is a new object).
  useEffect(() => {
    if (result && !result.ok) onRefused();
  }, [result]);
  const opensIn = useServerClock((now) => secondsUntil(product.queueOpensAt ?? product.saleStartsAt, now), serverTime);
  const refusal = result && !result.ok ? result : null;
  const emailError = refusal?.fieldErrors?.email;

  if (status === "sold_out" || status === "ended") return <Card className="p-5 sm:p-6">{children}</Card>;
  return (
    <Card className="p-5 sm:p-6">
      <h2 className="text-lg font-semibold text-zinc-950">Waiting room</h2>
      {opensIn > 0 ? (
        <div className="mt-2 text-sm text-zinc-600">
          <p>The waiting room opens in</p>
          <Countdown
            target={product.queueOpensAt ?? product.saleStartsAt}
            renderedAt={serverTime}
            label="The waiting room opens in"
            className="mt-1 block text-4xl font-bold text-zinc-950"
          />
          <p className="mt-3">This page shows the Join button by itself when it opens.</p>
        </div>
      ) : (
        <form
          action={join}
          className="mt-3 space-y-4"
          noValidate
          onSubmit={async (event) => {
            if (product.botCheck !== "proof_of_work") return;
            event.preventDefault();
            if (pending) return;
            const form = new FormData(event.currentTarget);
            setCheckFailed(null);
            try {
              form.set("altcha", await proofOfWork.solve());
            } catch (error) {
              setCheckFailed((error as Error).message);
              return;
            }
            startTransition(() => join(form));
          }}
        >
          <input type="hidden" name="productId" value={product.id} />
          <p className="text-sm text-zinc-600">
            {status === "scheduled" ? (
              <>
                Join before the sale starts (<LocalTime iso={product.saleStartsAt} />) and your place is drawn at random
                at the start, fairly for everyone who joined before it. You can check the draw yourself.
              </>
            ) : (
              <>The sale is live: you join at the end of the queue, and buy when it is your turn.</>
            )}
          </p>
          {refusal ? (
            <Alert tone="error" role="alert" title="Could not join" data-testid="join-refusal">
              {refusal.code === "invalid_request" && refusal.fieldErrors
                ? "Enter your e-mail address to join as a guest."
                : refusal.message}
            </Alert>
          ) : null}
          {checkFailed ? (
            <Alert tone="error" role="alert" title="The browser check did not pass">
              {checkFailed}
            </Alert>
          ) : null}
          <div>
            <label htmlFor={`${id}-email`} className="block text-sm font-medium text-zinc-900">
              E-mail address
            </label>
            <input
              key={accountEmail ?? "guest"}
              id={`${id}-email`}
              name="email"
              type="email"
              autoComplete="email"
              required
              defaultValue={accountEmail ?? ""}
              readOnly={pending || accountEmail !== null}
              placeholder="you@example.com"
              aria-invalid={emailError ? true : undefined}
              className="mt-1.5 h-11 w-full rounded-lg border border-zinc-300 bg-white px-3 text-base text-zinc-950 placeholder:text-zinc-400 read-only:bg-zinc-100 read-only:text-zinc-700 aria-invalid:border-rose-500"
            />
            <p className="mt-1.5 text-xs text-zinc-500">One place per shopper: joining again keeps your place.</p>
          </div>
          {product.botCheck === "proof_of_work" ? <ProofOfWorkNeedsJavaScript /> : null}
          <ProofOfWorkProgress progress={proofOfWork.progress} />
          <Button
            type="submit"
            size="lg"
            className="w-full"
            pending={pending}
            pendingLabel={proofOfWork.progress !== null ? "Checking your browser…" : "Joining…"}
          >
            Join the waiting room
          </Button>
        </form>
      )}
    </Card>
  );
}
