"use client";
// One product on the storefront: name, price, status, countdown and stock, linking to its page.
import Link from "next/link";
import type { Product } from "@/lib/products/schemas";
import { productStatus } from "@/lib/products/status";
import { nextSaleMoment } from "@/lib/time";
import { ProductStatusBadge } from "./ui/badge";
import { Card } from "./ui/card";
import { Countdown } from "./ui/countdown";
import { Price } from "./ui/stat";
import { StockBar } from "./ui/stock-bar";
import { useServerClock } from "./server-clock";

export function useLiveStatus(product: Product, renderedAt: string) {
  return useServerClock((now) => productStatus(product, new Date(now)), renderedAt);
}

export function ProductCard({ product, renderedAt }: { product: Product; renderedAt: string }) {
  const status = useLiveStatus(product, renderedAt);
  const moment = nextSaleMoment(product, status);
  const headingId = `product-${product.id}`;
  return (
    <Card className="group relative flex h-full flex-col p-5 transition-shadow hover:shadow-md has-[a:focus-visible]:ring-2 has-[a:focus-visible]:ring-blue-600">
      <article aria-labelledby={headingId} className="flex h-full flex-col" data-testid="product-card">
        <div className="flex items-start justify-between gap-3">
          <ProductStatusBadge status={status} />
          <Price cents={product.priceCents} currency={product.currency} className="text-lg text-zinc-950" />
        </div>
        <h3 id={headingId} className="mt-3 text-lg font-semibold leading-snug tracking-tight text-zinc-950">
          <Link
            href={`/products/${product.id}`}
            className="rounded-sm after:absolute after:inset-0 after:rounded-2xl focus-visible:outline-none group-focus-within:underline"
          >
            {product.name}
          </Link>
        </h3>
        <p className="mt-1.5 line-clamp-2 text-sm text-zinc-600">{product.description}</p>
        <div className="mt-auto space-y-4 pt-5">
          <p className="flex items-baseline justify-between gap-2 text-sm text-zinc-600">
            {moment ? (
              <>
                <span>{moment.kind === "opens" ? "Opens in" : "Ends in"}</span>
                <Countdown
                  target={moment.at}
                  renderedAt={renderedAt}
                  label={moment.kind === "opens" ? `${product.name} opens in` : `${product.name} ends in`}
                  className="text-sm font-semibold text-zinc-900"
                />
              </>
            ) : (
              <span>This sale has ended.</span>
            )}
          </p>
          <StockBar
            available={product.available}
            held={product.held}
            sold={product.sold}
            totalStock={product.totalStock}
          />
        </div>
      </article>
    </Card>
  );
}
