"use client";
// The checkout's screens: the live hold with its countdown and Confirm / Cancel, then one screen
// per end state (confirmed receipt, expired, cancelled). A hold whose countdown reaches zero shows
// as expired at once (the server refuses to confirm it from that instant), and the page re-reads
// the order from the server. While the hold is live, the sale's stock left for other shoppers
// updates from the live stock stream.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import type { ActionResult } from "@/app/_lib/action";
import { formatMoney, plural } from "@/lib/format";
import type { HoldReleaseReason, Order, OrderStatus } from "@/lib/orders/schemas";
import { Alert } from "@/app/_components/ui/alert";
import { OrderStatusBadge } from "@/app/_components/ui/badge";
import { Button, ButtonLink } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { Countdown } from "@/app/_components/ui/countdown";
import { LocalTime } from "@/app/_components/ui/local-time";
import { useServerClock, useServerTimeOfPage } from "@/app/_components/server-clock";
import { useLiveStock } from "@/app/_components/use-live-stock";
import { useLiveProduct } from "@/app/products/[id]/live-product";
import type { Product } from "@/lib/products/schemas";
import { cancelOrderAction, confirmOrderAction } from "./actions";

type Result = ActionResult<Order> | null;

export function Checkout({
  order: fromServer,
  product: productFromServer,
  serverTime,
}: {
  order: Order;
  product: Product;
  serverTime: string;
}) {
  useServerTimeOfPage(serverTime);
  const stream = useLiveStock();
  const { data: product } = useLiveProduct(productFromServer, stream);
  const router = useRouter();
  const [confirmed, confirm, confirming] = useActionState(confirmOrderAction, null);
  const [cancelled, cancel, cancelling] = useActionState(cancelOrderAction, null);
  const [last, setLast] = useState<"confirm" | "cancel" | null>(null);
  const busy = confirming || cancelling;

  const answer: Result = last === "confirm" ? confirmed : last === "cancel" ? cancelled : null;
  // A successful answer is the order in its end state; otherwise the server's copy, re-read after
  // every refusal.
  const order = answer?.ok ? answer.data : fromServer;
  const refusal = answer && !answer.ok ? answer : null;

  // Set on submit, before React re-renders with `busy`: a double click sends one request.
  const inFlight = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per answer, and only then.
  useEffect(() => {
    inFlight.current = false;
    if (refusal) router.refresh();
  }, [confirmed, cancelled]);

  const pastExpiry = useServerClock((now) => now >= Date.parse(order.holdExpiresAt), serverTime);
  const status: OrderStatus =
    order.status === "pending" && (pastExpiry || refusal?.code === "hold_expired") ? "expired" : order.status;

  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstStatus = useRef(status);
  useEffect(() => {
    // Moves focus to the new screen's heading when the state changes while the page is open.
    if (status !== firstStatus.current) headingRef.current?.focus();
  }, [status]);

  const submit = (which: "confirm" | "cancel") => (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || inFlight.current) return;
    inFlight.current = true;
    const form = new FormData(event.currentTarget);
    setLast(which);
    startTransition(() => (which === "confirm" ? confirm(form) : cancel(form)));
  };

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <p aria-live="polite" className="sr-only">
        {status === "expired"
          ? "Your hold has expired."
          : status === "confirmed"
            ? "Order confirmed."
            : status === "cancelled"
              ? "Order cancelled."
              : ""}
      </p>
      {status === "pending" ? (
        <>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h1 ref={headingRef} tabIndex={-1} className="text-3xl font-bold tracking-tight text-zinc-950">
              Checkout
            </h1>
            <OrderStatusBadge status="pending" />
          </div>
          <div className="flex flex-col gap-4 rounded-2xl border border-amber-200 bg-amber-50 p-5 shadow-sm sm:flex-row sm:items-center sm:justify-between">
            <div>
              <p className="text-sm font-semibold text-amber-950">{plural(order.quantity, "unit")} held for you</p>
              <p className="mt-0.5 text-sm text-amber-900">
                Confirm before the timer runs out, or the units go back on sale.
              </p>
            </div>
            <Countdown
              target={order.holdExpiresAt}
              renderedAt={serverTime}
              label="Your hold expires in"
              onElapsed={() => router.refresh()}
              className="text-4xl font-bold text-amber-950"
            />
          </div>
          {refusal ? (
            <Alert tone="error" role="alert" title={last === "confirm" ? "Could not confirm" : "Could not cancel"}>
              {refusal.message}
            </Alert>
          ) : null}
          <OrderSummary order={order} />
          <p className="text-sm text-zinc-600" data-testid="checkout-stock-left">
            {product.available > 0
              ? `${plural(product.available, "unit")} still on sale for other shoppers.`
              : "Every other unit is sold or held: yours is safe until the timer runs out."}
          </p>
          <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
            <form action={cancel} onSubmit={submit("cancel")}>
              <input type="hidden" name="orderId" value={order.id} />
              <Button
                type="submit"
                variant="danger"
                size="lg"
                className="w-full sm:w-auto"
                disabled={busy}
                pending={cancelling}
                pendingLabel="Cancelling…"
              >
                Cancel and release
              </Button>
            </form>
            <form action={confirm} onSubmit={submit("confirm")}>
              <input type="hidden" name="orderId" value={order.id} />
              <Button
                type="submit"
                size="lg"
                className="w-full sm:w-auto"
                disabled={busy}
                pending={confirming}
                pendingLabel="Confirming…"
              >
                Confirm order · {formatMoney(order.totalCents, order.currency)}
              </Button>
            </form>
          </div>
        </>
      ) : status === "confirmed" ? (
        <Receipt order={order} headingRef={headingRef} />
      ) : (
        <Released
          order={order}
          status={status}
          headingRef={headingRef}
          notice={refusal && refusal.code !== "hold_expired" ? refusal.message : null}
        />
      )}
    </div>
  );
}

function OrderSummary({ order }: { order: Order }) {
  return (
    <Card className="p-5 sm:p-6">
      <h2 className="text-sm font-semibold uppercase tracking-wide text-zinc-500">Your order</h2>
      <table className="mt-4 w-full text-sm">
        <caption className="sr-only">Items in this order</caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Amount</th>
          </tr>
        </thead>
        <tbody>
          <tr className="align-top">
            <th scope="row" className="pb-4 pr-4 text-left font-normal">
              <Link href={`/products/${order.productId}`} className="font-semibold text-zinc-950 hover:underline">
                {order.productName}
              </Link>
              <span className="mt-0.5 block text-zinc-600 tabular-nums" data-testid="order-quantity">
                {order.quantity} × {formatMoney(order.unitPriceCents, order.currency)}
              </span>
            </th>
            <td className="pb-4 text-right font-medium tabular-nums text-zinc-950">
              {formatMoney(order.totalCents, order.currency)}
            </td>
          </tr>
        </tbody>
        <tfoot>
          <tr className="border-t border-zinc-200">
            <th scope="row" className="pt-4 text-left text-base font-semibold text-zinc-950">
              Total
            </th>
            <td className="pt-4 text-right text-base font-bold tabular-nums text-zinc-950" data-testid="order-total">
              {formatMoney(order.totalCents, order.currency)}
            </td>
          </tr>
        </tfoot>
      </table>
      <p className="mt-4 text-sm text-zinc-600">
        For <span className="font-medium text-zinc-900">{order.customerEmail}</span>
      </p>
    </Card>
  );
}

type ScreenProps = { order: Order; headingRef: React.RefObject<HTMLHeadingElement | null> };

function Receipt({ order, headingRef }: ScreenProps) {
  return (
    <>
      <Card className="p-6 sm:p-8">
        <div className="flex items-start gap-4">
          <span
            className="flex size-11 shrink-0 items-center justify-center rounded-full bg-emerald-100 text-emerald-700"
            aria-hidden="true"
          >
            <svg viewBox="0 0 20 20" fill="currentColor" className="size-6" aria-hidden="true">
              <path
                fillRule="evenodd"
                d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.58l7.3-7.3a1 1 0 0 1 1.4 0Z"
                clipRule="evenodd"
              />
            </svg>
          </span>
          <div className="min-w-0">
            <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-bold tracking-tight text-zinc-950 sm:text-3xl">
              Order confirmed
            </h1>
            <p className="mt-1 text-zinc-600">Thank you. The units are yours; keep this receipt.</p>
          </div>
        </div>
        <dl className="mt-6 grid gap-4 border-t border-zinc-200 pt-6 text-sm sm:grid-cols-2">
          <div className="min-w-0">
            <dt className="text-zinc-500">Order number</dt>
            <dd className="mt-1 break-all font-mono text-zinc-950" data-testid="order-id">
              {order.id}
            </dd>
          </div>
          <div>
            <dt className="text-zinc-500">Confirmed</dt>
            <dd className="mt-1 text-zinc-950">
              {order.confirmedAt ? <LocalTime iso={order.confirmedAt} /> : "just now"}
            </dd>
          </div>
          <div className="min-w-0">
            <dt className="text-zinc-500">E-mail</dt>
            <dd className="mt-1 break-all text-zinc-950">{order.customerEmail}</dd>
          </div>
          <div>
            <dt className="text-zinc-500">Status</dt>
            <dd className="mt-1">
              <OrderStatusBadge status="confirmed" />
            </dd>
          </div>
        </dl>
      </Card>
      <OrderSummary order={order} />
      <div className="flex justify-end">
        <ButtonLink href="/" variant="secondary">
          Continue shopping
        </ButtonLink>
      </div>
    </>
  );
}

function Released({
  order,
  status,
  headingRef,
  notice,
}: ScreenProps & { status: HoldReleaseReason; notice: string | null }) {
  const units = plural(order.quantity, "unit");
  return (
    <Card className="p-6 sm:p-8">
      <OrderStatusBadge status={status} />
      <h1 ref={headingRef} tabIndex={-1} className="mt-3 text-2xl font-bold tracking-tight text-zinc-950 sm:text-3xl">
        {status === "expired" ? "Your hold expired" : "Order cancelled"}
      </h1>
      {notice ? (
        <Alert tone="info" className="mt-4">
          {notice}
        </Alert>
      ) : null}
      <p className="mt-3 max-w-prose text-zinc-700">
        {status === "expired" ? (
          <>
            The hold on {units} of <strong className="font-semibold text-zinc-950">{order.productName}</strong> ran out
            at <LocalTime iso={order.holdExpiresAt} /> before it was confirmed.{" "}
            {order.quantity === 1 ? "That unit goes" : "Those units go"} back on sale for other shoppers, and you have
            not bought anything.
          </>
        ) : (
          <>
            You cancelled your hold on {units} of{" "}
            <strong className="font-semibold text-zinc-950">{order.productName}</strong>.{" "}
            {order.quantity === 1 ? "It" : "They"} went back on sale, and you have not bought anything.
          </>
        )}
      </p>
      <p className="mt-2 text-sm text-zinc-500">
        Order <span className="font-mono">{order.id}</span>
      </p>
      <div className="mt-6 flex flex-col gap-3 sm:flex-row">
        <ButtonLink href={`/products/${order.productId}`}>Back to {order.productName}</ButtonLink>
        <ButtonLink href="/" variant="secondary">
          All sales
        </ButtonLink>
      </div>
    </Card>
  );
}
