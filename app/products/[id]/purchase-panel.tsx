"use client";
// The Buy box. It owns the Buy action's state, so a refusal stays on screen when the product's
// status changes under it (the race for the last unit ends with "sold out" here).
import Link from "next/link";
import { startTransition, useActionState, useEffect, useId, useRef, useState } from "react";
import type { ActionResult } from "@/app/_lib/action";
import type { ErrorCode } from "@/lib/errors";
import { formatMoney, plural } from "@/lib/format";
import type { Order } from "@/lib/orders/schemas";
import type { Product, ProductStatus } from "@/lib/products/schemas";
import { Alert } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { Countdown } from "@/app/_components/ui/countdown";
import { ProofOfWorkNeedsJavaScript, ProofOfWorkProgress } from "@/app/_components/proof-of-work-progress";
import { useProofOfWork } from "@/app/_components/use-proof-of-work";
import { placeHoldAction } from "./actions";

type Props = {
  product: Product;
  status: ProductStatus;
  serverTime: string;
  accountEmail: string | null;
  onRefused: () => void;
  /** What to show instead of the form while the sale is not live. */
  children: React.ReactNode;
  /** For a sale with a waiting room: the admitted ticket the hold uses. */
  ticketId?: string;
};

type Refusal = Extract<ActionResult<Order>, { ok: false }>;

function refusalTitle(code: ErrorCode, quantity: number): string {
  switch (code) {
    case "insufficient_stock":
      return quantity === 1 ? "Sold out" : "Not enough stock";
    case "limit_exceeded":
      return "Limit reached";
    case "sign_in_required":
      return "Please sign in";
    case "admission_required":
      return "Your turn has passed";
    case "challenge_required":
    case "challenge_failed":
      return "The browser check did not pass";
    case "sale_not_active":
      return "Not on sale right now";
    case "invalid_request":
      return "Please check your details";
    case "not_found":
      return "This product is no longer available";
    case "rate_limited":
      return "Too many attempts";
    case "service_unavailable":
      return "The shop is very busy";
    default:
      return "Your order could not be placed";
  }
}

function newAttemptKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function PurchasePanel({ product, status, serverTime, accountEmail, onRefused, children, ticketId }: Props) {
  const [result, buy, pending] = useActionState(placeHoldAction, null);
  const [submittedQuantity, setSubmittedQuantity] = useState(1);
  const refusal: Refusal | null = result && !result.ok ? result : null;
  // Set on submit, before React re-renders with `pending`: a double click places one hold.
  const inFlight = useRef(false);
  // One Idempotency-Key per purchase attempt: a resubmission or retry of the same attempt never
  // holds twice; the next attempt, after an answer, gets a fresh key.
  const attemptKey = useRef<string | null>(null);
  // A product with the bot check on: each attempt solves its own challenge first (kept with the
  // attempt's key, so a resubmission of the attempt sends the same body).
  const proofOfWork = useProofOfWork();
  const attemptSolution = useRef<string | null>(null);
  const [checkFailed, setCheckFailed] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: once per answer (each is a new object).
  useEffect(() => {
    inFlight.current = false;
    attemptKey.current = null;
    attemptSolution.current = null;
    if (refusal) onRefused();
  }, [result]);

  return (
    <Card className="p-5 sm:p-6">
      {refusal ? (
        <Alert
          tone="error"
          role="alert"
          title={refusalTitle(refusal.code, submittedQuantity)}
          className="mb-5"
          data-testid="buy-refusal"
        >
          {refusal.code === "invalid_request" && refusal.fieldErrors
            ? "Correct the highlighted field and try again."
            : refusal.message}
          {refusal.code === "sign_in_required" ? (
            <>
              {" "}
              <Link
                className="font-medium underline underline-offset-2"
                href={`/login?callbackUrl=${encodeURIComponent(`/products/${product.id}`)}`}
              >
                Sign in
              </Link>
            </>
          ) : null}
        </Alert>
      ) : null}
      {checkFailed ? (
        <Alert tone="error" role="alert" title="The browser check did not pass" className="mb-5">
          {checkFailed}
        </Alert>
      ) : null}
      {status === "live" ? (
        <BuyForm
          ticketId={ticketId}
          product={product}
          serverTime={serverTime}
          accountEmail={accountEmail}
          pending={pending || proofOfWork.progress !== null}
          progress={proofOfWork.progress}
          fieldErrors={refusal?.fieldErrors}
          onSubmit={async (form) => {
            if (inFlight.current) return;
            inFlight.current = true;
            setCheckFailed(null);
            attemptKey.current ??= newAttemptKey();
            form.set("idempotencyKey", attemptKey.current);
            if (product.botCheck === "proof_of_work") {
              try {
                attemptSolution.current ??= await proofOfWork.solve();
              } catch (error) {
                inFlight.current = false;
                setCheckFailed((error as Error).message);
                return;
              }
              form.set("altcha", attemptSolution.current);
            }
            setSubmittedQuantity(Number(form.get("quantity")));
            startTransition(() => buy(form));
          }}
          action={buy}
        />
      ) : (
        children
      )}
    </Card>
  );
}

type BuyFormProps = {
  ticketId?: string;
  product: Product;
  serverTime: string;
  accountEmail: string | null;
  pending: boolean;
  /** The proof of work's progress while the browser solves it (null otherwise). */
  progress: number | null;
  fieldErrors?: Record<string, string>;
  onSubmit: (form: FormData) => void;
  action: (form: FormData) => void;
};

function BuyForm({
  ticketId,
  product,
  serverTime,
  accountEmail,
  pending,
  progress,
  fieldErrors,
  onSubmit,
  action,
}: BuyFormProps) {
  const id = useId();
  const maxQuantity = Math.max(1, Math.min(product.maxPerCustomer, product.available));
  // Both inputs are uncontrolled, so what a shopper types before the page hydrates is kept;
  // quantityText mirrors the quantity for the price on the button.
  const quantityRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const [quantityText, setQuantityText] = useState("1");
  const [emailWasBlank, setEmailWasBlank] = useState(false);
  const quantity = Number(quantityText);
  const validQuantity = Number.isInteger(quantity) && quantity >= 1;
  const emailError = fieldErrors?.email;
  const quantityError = fieldErrors?.quantity;

  useEffect(() => {
    if (quantityRef.current) setQuantityText(quantityRef.current.value);
  }, []);

  useEffect(() => {
    if (emailError) emailRef.current?.focus();
  }, [emailError]);

  const step = (delta: number) => {
    const current = validQuantity ? quantity : 1;
    const next = String(Math.min(maxQuantity, Math.max(1, current + delta)));
    if (quantityRef.current) quantityRef.current.value = next;
    setQuantityText(next);
  };

  return (
    <form
      action={action}
      noValidate
      onSubmit={(event) => {
        // Dispatched by hand so that React keeps the typed values after a refusal.
        event.preventDefault();
        if (pending) return;
        const form = new FormData(event.currentTarget);
        setEmailWasBlank(String(form.get("email") ?? "").trim() === "");
        onSubmit(form);
      }}
      className="space-y-5"
      aria-describedby={`${id}-ends`}
    >
      <input type="hidden" name="productId" value={product.id} />
      {ticketId ? <input type="hidden" name="ticketId" value={ticketId} /> : null}
      <p id={`${id}-ends`} className="flex items-baseline justify-between text-sm text-zinc-600">
        <span>Sale ends in</span>
        <Countdown
          target={product.saleEndsAt}
          renderedAt={serverTime}
          label="The sale ends in"
          className="font-semibold text-zinc-900"
        />
      </p>

      <div>
        <label htmlFor={`${id}-quantity`} className="block text-sm font-medium text-zinc-900">
          Quantity
        </label>
        <div className="mt-1.5 flex items-stretch gap-2">
          <button
            type="button"
            onClick={() => step(-1)}
            disabled={pending || (validQuantity && quantity <= 1)}
            aria-label="One fewer"
            className="h-11 w-11 rounded-lg border border-zinc-300 bg-white text-lg font-semibold text-zinc-900 hover:bg-zinc-50 disabled:opacity-40"
          >
            −
          </button>
          <input
            ref={quantityRef}
            id={`${id}-quantity`}
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={maxQuantity}
            step={1}
            defaultValue="1"
            onChange={(e) => setQuantityText(e.target.value)}
            readOnly={pending}
            aria-invalid={quantityError ? true : undefined}
            aria-describedby={`${id}-quantity-hint${quantityError ? ` ${id}-quantity-error` : ""}`}
            className="h-11 w-20 rounded-lg border border-zinc-300 bg-white px-3 text-center text-base font-semibold tabular-nums text-zinc-950 aria-invalid:border-rose-500"
          />
          <button
            type="button"
            onClick={() => step(1)}
            disabled={pending || (validQuantity && quantity >= maxQuantity)}
            aria-label="One more"
            className="h-11 w-11 rounded-lg border border-zinc-300 bg-white text-lg font-semibold text-zinc-900 hover:bg-zinc-50 disabled:opacity-40"
          >
            +
          </button>
        </div>
        <p id={`${id}-quantity-hint`} className="mt-1.5 text-xs text-zinc-500">
          Up to {plural(product.maxPerCustomer, "unit")} per customer · {product.available.toLocaleString("en-US")} left
        </p>
        {quantityError ? (
          <p id={`${id}-quantity-error`} className="mt-1 text-sm font-medium text-rose-700">
            Choose a whole number from 1 to {maxQuantity}.
          </p>
        ) : null}
      </div>

      <div>
        <label htmlFor={`${id}-email`} className="block text-sm font-medium text-zinc-900">
          E-mail address
        </label>
        <input
          ref={emailRef}
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
          aria-describedby={`${id}-email-hint${emailError ? ` ${id}-email-error` : ""}`}
          className="mt-1.5 h-11 w-full rounded-lg border border-zinc-300 bg-white px-3 text-base text-zinc-950 placeholder:text-zinc-500 read-only:bg-zinc-100 read-only:text-zinc-700 aria-invalid:border-rose-500"
        />
        <p id={`${id}-email-hint`} className="mt-1.5 text-xs text-zinc-500">
          {ticketId
            ? "The address you joined the waiting room with: your turn is its own."
            : accountEmail
              ? "Your account's address. The order is saved to your account."
              : "Your order and its receipt are kept under this address."}
        </p>
        {emailError ? (
          <p id={`${id}-email-error`} className="mt-1 text-sm font-medium text-rose-700">
            {emailWasBlank
              ? "Enter your e-mail address to buy as a guest."
              : "Enter a valid e-mail address, such as name@example.com."}
          </p>
        ) : null}
      </div>

      {product.botCheck === "proof_of_work" ? <ProofOfWorkNeedsJavaScript /> : null}
      <ProofOfWorkProgress progress={progress} />
      <Button
        type="submit"
        size="lg"
        className="w-full"
        pending={pending}
        pendingLabel={progress !== null ? "Checking your browser…" : "Holding your units…"}
      >
        Buy now{validQuantity ? ` · ${formatMoney(product.priceCents * quantity, product.currency)}` : ""}
      </Button>
      <p className="text-xs text-zinc-500">Buy holds your units for a short time; you confirm on the next page.</p>
    </form>
  );
}
