"use client";
// The waiting page. The queue's progress (the last place admitted) comes from the live stream's `queue`
// events, so each page computes its own place and wait without asking the server; the ticket itself is
// read again only when its turn may have come, while it waits for the draw, and now and then (or every
// few seconds while the stream is down). Admitted, it turns into the Buy form with its own countdown.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { formatCount, plural } from "@/lib/format";
import type { QueueEvent, StockEvent } from "@/lib/live/stock-event";
import type { Product } from "@/lib/products/schemas";
import type { Ticket } from "@/lib/queue/schemas";
import { useLiveStatus } from "@/app/_components/product-card";
import { useServerClock, useServerTimeOfPage } from "@/app/_components/server-clock";
import { Alert } from "@/app/_components/ui/alert";
import { Card } from "@/app/_components/ui/card";
import { Countdown } from "@/app/_components/ui/countdown";
import { LocalTime } from "@/app/_components/ui/local-time";
import { applyStockEvent } from "@/app/_components/use-live-stock";
import { useStockStream } from "@/app/_components/use-stock-stream";
import { useLiveProduct } from "@/app/products/[id]/live-product";
import { PurchasePanel } from "@/app/products/[id]/purchase-panel";
import { DrawCheck } from "./draw-check";

/** `email`: the ticket's own mailbox, the only one its admission buys with. */
type Props = { initialTicket: Ticket; initialProduct: Product; serverTime: string; email: string | null };

async function fetchTicket(id: string): Promise<Ticket> {
  const response = await fetch(`/api/queue/${id}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`GET /api/queue/${id} answered ${response.status}`);
  return ((await response.json()) as { ticket: Ticket }).ticket;
}

export function WaitingRoom({ initialTicket, initialProduct, serverTime, email }: Props) {
  useServerTimeOfPage(serverTime);
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<QueueEvent | null>(null);
  const onStock = useCallback((event: StockEvent) => applyStockEvent(queryClient, event), [queryClient]);
  const onQueue = useCallback(
    (event: QueueEvent) => {
      if (event.productId === initialProduct.id) setProgress(event);
    },
    [initialProduct.id],
  );
  const stream = useStockStream(onStock, onQueue);
  const { data: product } = useLiveProduct(initialProduct, stream);
  const status = useLiveStatus(product, serverTime);
  const started = useServerClock((now) => now >= Date.parse(product.saleStartsAt), serverTime);

  const { data: ticket, refetch } = useQuery({
    queryKey: ["ticket", initialTicket.id],
    queryFn: () => fetchTicket(initialTicket.id),
    initialData: initialTicket,
    refetchInterval: (query) => {
      const t = query.state.data;
      if (t?.status !== "waiting") return false;
      if (t.position === null) return started ? 1_500 : stream === "live" ? 30_000 : 5_000;
      return stream === "live" ? 15_000 : 3_000;
    },
  });
  const serving = progress?.serving ?? null;
  const place = ticket.position !== null && serving !== null ? Math.max(0, ticket.position - serving) : null;
  // The queue has reached this ticket: read it again to learn its admission.
  useEffect(() => {
    if (ticket.status === "waiting" && place === 0) void refetch();
  }, [ticket.status, place, refetch]);
  // Sold out or ended while waiting: the next tick closes the ticket.
  useEffect(() => {
    if (ticket.status === "waiting" && (status === "sold_out" || status === "ended")) {
      const timer = setTimeout(() => void refetch(), 2_000);
      return () => clearTimeout(timer);
    }
  }, [ticket.status, status, refetch]);

  const rate = progress?.admitPerMinute ?? product.admitPerMinute;
  const paused = progress?.paused ?? product.queuePaused;
  const estimate =
    place !== null && !paused ? Math.ceil((Math.max(place, 1) * 60) / rate) : ticket.estimatedWaitSeconds;

  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <nav aria-label="Breadcrumb">
        <Link href={`/products/${product.id}`} className="text-sm font-medium text-zinc-600 hover:text-zinc-950">
          ← {product.name}
        </Link>
      </nav>
      <div>
        <p className="text-sm font-semibold uppercase tracking-wide text-zinc-500">Waiting room</p>
        <h1 className="mt-1 text-3xl font-bold tracking-tight text-zinc-950">{product.name}</h1>
      </div>

      <div aria-live="polite" data-testid="ticket-status" data-status={ticket.status}>
        {ticket.status === "waiting" && ticket.position === null ? (
          <Card className="p-5 sm:p-6">
            <h2 className="text-lg font-semibold text-zinc-950">You are in the pre-queue</h2>
            <p className="mt-2 text-sm text-zinc-600">
              Everyone who joins before the sale starts gets a place drawn at random at the start:{" "}
              {started
                ? "the draw is being made…"
                : "arriving early gives no advantage, and arriving late none either."}
            </p>
            {!started ? (
              <p className="mt-4 text-sm text-zinc-600">
                The draw in{" "}
                <Countdown
                  target={product.saleStartsAt}
                  renderedAt={serverTime}
                  label="The draw in"
                  onElapsed={() => void refetch()}
                  className="text-2xl font-bold text-zinc-950"
                />
              </p>
            ) : null}
            {progress ? (
              <p className="mt-3 text-sm text-zinc-600" data-testid="pre-queue-size">
                {plural(progress.waiting, "shopper")} in the pre-queue so far.
              </p>
            ) : null}
          </Card>
        ) : ticket.status === "waiting" ? (
          <Card className="p-5 sm:p-6">
            <h2 className="text-lg font-semibold text-zinc-950">You are in the queue</h2>
            <dl className="mt-4 grid grid-cols-3 gap-4">
              <div>
                <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">Your place</dt>
                <dd className="mt-1 text-3xl font-bold tabular-nums text-zinc-950" data-testid="queue-position">
                  {formatCount(ticket.position!)}
                </dd>
              </div>
              <div>
                <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">Ahead of you</dt>
                <dd className="mt-1 text-3xl font-bold tabular-nums text-zinc-950" data-testid="queue-ahead">
                  {place === null ? "…" : formatCount(Math.max(0, place - 1))}
                </dd>
              </div>
              <div>
                <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">Estimated wait</dt>
                <dd className="mt-1 text-3xl font-bold tabular-nums text-zinc-950" data-testid="queue-wait">
                  {estimate === null ? "–" : formatWait(estimate)}
                </dd>
              </div>
            </dl>
            {serving !== null && ticket.position ? (
              <div className="mt-5">
                <div
                  className="h-2 overflow-hidden rounded-full bg-zinc-100"
                  role="progressbar"
                  aria-label="The queue's progress to your place"
                  aria-valuemin={0}
                  aria-valuemax={ticket.position}
                  aria-valuenow={Math.min(serving, ticket.position)}
                >
                  <div
                    className="h-full bg-zinc-900 transition-[width]"
                    style={{ width: `${Math.min(100, (serving / ticket.position) * 100)}%` }}
                  />
                </div>
                <p className="mt-2 text-xs text-zinc-500">
                  Admitting {plural(rate, "shopper")} a minute · {formatCount(serving)} admitted so far
                </p>
              </div>
            ) : null}
            {paused ? (
              <Alert tone="info" className="mt-4" title="Paused">
                The shop paused admissions for a moment. Your place is kept.
              </Alert>
            ) : null}
            <p className="mt-4 text-xs text-zinc-500">Keep this page open: it turns into the Buy form at your turn.</p>
          </Card>
        ) : ticket.status === "admitted" ? (
          <div className="space-y-4">
            <Alert tone="success" title="It is your turn">
              Buy before your turn ends:{" "}
              <Countdown
                target={ticket.admittedUntil!}
                renderedAt={serverTime}
                label="Your turn ends in"
                onElapsed={() => void refetch()}
                className="font-semibold"
              />
            </Alert>
            <PurchasePanel
              product={product}
              status={status}
              serverTime={serverTime}
              accountEmail={email}
              onRefused={() => void refetch()}
              ticketId={ticket.id}
            >
              <p className="text-sm text-zinc-600">
                {status === "sold_out" ? "Sold out: every unit is sold or held." : "The sale is not open."}
              </p>
            </PurchasePanel>
          </div>
        ) : (
          <Card className="p-5 sm:p-6">
            <h2 className="text-lg font-semibold text-zinc-950">{endTitle(ticket.status, status)}</h2>
            <p className="mt-2 text-sm text-zinc-600">{endText(ticket.status, status)}</p>
          </Card>
        )}
      </div>

      {ticket.position !== null && started ? <DrawCheck productId={product.id} ticket={ticket} /> : null}
      <p className="text-xs text-zinc-500">
        Ticket <span className="font-mono">{ticket.id}</span>: keep this page's address, it is your place. The sale
        starts <LocalTime iso={product.saleStartsAt} /> and ends <LocalTime iso={product.saleEndsAt} />.
      </p>
    </div>
  );
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, seconds)} s`;
  if (seconds < 3_600) return `${Math.ceil(seconds / 60)} min`;
  return `${Math.floor(seconds / 3_600)} h ${Math.ceil((seconds % 3_600) / 60)} min`;
}

function endTitle(ticketStatus: Ticket["status"], status: Product["status"]): string {
  if (ticketStatus === "used") return "You used your turn";
  if (ticketStatus === "lapsed") return "Your turn has passed";
  return status === "ended" ? "The sale has ended" : "Sold out";
}

function endText(ticketStatus: Ticket["status"], status: Product["status"]): string {
  if (ticketStatus === "used")
    return "Your units are held for you: confirm them at the checkout before the hold expires.";
  if (ticketStatus === "lapsed") return "The time to buy ran out, and your place went to the next shopper.";
  return status === "ended"
    ? "The sale ended before your turn came."
    : "Every unit was sold before your turn came. Sorry: nobody waits for nothing here.";
}
