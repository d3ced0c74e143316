"use client";
// The product page's body, kept fresh by the live stock stream (polling GET /api/products/:id only
// while the stream is down). Its status is re-derived
// on the server's clock, so a scheduled sale opens (and a live one ends) on the page by itself.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type { Product, ProductStatus } from "@/lib/products/schemas";
import { plural } from "@/lib/format";
import { ProductStatusBadge } from "@/app/_components/ui/badge";
import { Card } from "@/app/_components/ui/card";
import { Countdown } from "@/app/_components/ui/countdown";
import { LocalTime } from "@/app/_components/ui/local-time";
import { Price, Stat } from "@/app/_components/ui/stat";
import { StockBar } from "@/app/_components/ui/stock-bar";
import { useLiveStatus } from "@/app/_components/product-card";
import { useServerTimeOfPage } from "@/app/_components/server-clock";
import { pollInterval, useLiveStock } from "@/app/_components/use-live-stock";
import type { StockStreamState } from "@/app/_components/use-stock-stream";
import { JoinPanel } from "./join-panel";
import { PurchasePanel } from "./purchase-panel";

export function useLiveProduct(initial: Product, stream: StockStreamState) {
  return useQuery({
    queryKey: ["product", initial.id],
    queryFn: async () => {
      const response = await fetch(`/api/products/${initial.id}`, { cache: "no-store" });
      if (!response.ok) throw new Error(`GET /api/products/${initial.id} answered ${response.status}`);
      // The route's own JSON: { product } as GET /api/products/:id answers it.
      return ((await response.json()) as { product: Product }).product;
    },
    initialData: initial,
    refetchInterval: pollInterval(stream),
  });
}

const statusAnnouncements: Record<ProductStatus, string> = {
  scheduled: "The sale has not started yet.",
  live: "The sale is live.",
  sold_out: "Sold out.",
  ended: "The sale has ended.",
};

type Props = { initial: Product; serverTime: string; accountEmail: string | null };

export function LiveProduct({ initial, serverTime, accountEmail }: Props) {
  useServerTimeOfPage(serverTime);
  const stream = useLiveStock();
  const { data: product } = useLiveProduct(initial, stream);
  const queryClient = useQueryClient();
  const status = useLiveStatus(product, serverTime);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["product", product.id] });

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb">
        <Link href="/" className="text-sm font-medium text-zinc-600 hover:text-zinc-950">
          ← All sales
        </Link>
      </nav>
      <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_24rem] lg:items-start">
        <div className="space-y-6">
          <div>
            <ProductStatusBadge status={status} />
            <h1 className="mt-3 text-3xl font-bold tracking-tight text-zinc-950 sm:text-4xl">{product.name}</h1>
            <Price
              cents={product.priceCents}
              currency={product.currency}
              className="mt-3 block text-2xl text-zinc-950"
            />
            <p className="mt-4 max-w-prose text-base leading-relaxed text-zinc-700">{product.description}</p>
          </div>
          <Card className="p-5">
            <h2 className="sr-only">Stock and sale window</h2>
            <StockBar
              available={product.available}
              held={product.held}
              sold={product.sold}
              totalStock={product.totalStock}
            />
            <dl className="mt-5 grid grid-cols-2 gap-x-4 gap-y-5 sm:grid-cols-4">
              <Stat label="Left">{product.available.toLocaleString("en-US")}</Stat>
              <Stat label="Sold">{product.sold.toLocaleString("en-US")}</Stat>
              <Stat label="Limit">{plural(product.maxPerCustomer, "per customer", "per customer")}</Stat>
              <Stat label={status === "scheduled" ? "Opens" : status === "ended" ? "Ended" : "Ends"}>
                <LocalTime
                  iso={status === "scheduled" ? product.saleStartsAt : product.saleEndsAt}
                  className="text-sm"
                />
              </Stat>
            </dl>
          </Card>
        </div>
        <div className="lg:sticky lg:top-24">
          {product.admission === "queue" ? (
            <JoinPanel
              product={product}
              status={status}
              serverTime={serverTime}
              accountEmail={accountEmail}
              onRefused={refresh}
            >
              {status === "sold_out" ? (
                <ClosedNotice title="Sold out">
                  <p>Every unit is sold or held in a checkout: the waiting room is closed.</p>
                </ClosedNotice>
              ) : (
                <ClosedNotice title="This sale has ended">
                  <p>
                    It closed <LocalTime iso={product.saleEndsAt} />.
                  </p>
                </ClosedNotice>
              )}
            </JoinPanel>
          ) : (
            <PurchasePanel
              product={product}
              status={status}
              serverTime={serverTime}
              accountEmail={accountEmail}
              onRefused={refresh}
            >
              {status === "scheduled" ? (
                <ClosedNotice title="Not on sale yet">
                  <p>The sale opens in</p>
                  <Countdown
                    target={product.saleStartsAt}
                    renderedAt={serverTime}
                    label="The sale opens in"
                    onElapsed={refresh}
                    className="mt-1 block text-4xl font-bold text-zinc-950"
                  />
                  <p className="mt-3">
                    Opens <LocalTime iso={product.saleStartsAt} />. This page switches to Buy by itself when the sale
                    opens.
                  </p>
                </ClosedNotice>
              ) : status === "sold_out" ? (
                <ClosedNotice title="Sold out">
                  <p>
                    Every unit is sold or held in a checkout. Units from holds that are not confirmed go back on sale,
                    and this page shows them as soon as they do.
                  </p>
                </ClosedNotice>
              ) : status === "ended" ? (
                <ClosedNotice title="This sale has ended">
                  <p>
                    It closed <LocalTime iso={product.saleEndsAt} />.{" "}
                    {product.sold > 0 ? `${plural(product.sold, "unit")} found a buyer.` : null}
                  </p>
                </ClosedNotice>
              ) : null}
            </PurchasePanel>
          )}
          <p aria-live="polite" className="sr-only">
            {statusAnnouncements[status]}
          </p>
        </div>
      </div>
    </div>
  );
}

function ClosedNotice({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div>
      <h2 className="text-lg font-semibold text-zinc-950">{title}</h2>
      <div className="mt-2 text-sm text-zinc-600">{children}</div>
    </div>
  );
}
