"use client";
// The storefront's product grid, kept fresh by the live stock stream (polling GET /api/products
// only while the stream is down). Products are grouped by
// their status on the server's clock, so a sale moves from "Coming soon" to "On sale now" when it
// opens.
import { useQuery } from "@tanstack/react-query";
import type { Product, ProductStatus } from "@/lib/products/schemas";
import { productStatus } from "@/lib/products/status";
import { ProductCard } from "./product-card";
import { pollInterval, useLiveStock } from "./use-live-stock";
import type { StockStreamState } from "./use-stock-stream";
import { fetchWithServerTime, useServerClock, useServerTimeOfPage } from "./server-clock";

type Catalogue = { products: Product[]; serverTime: string };

export function useCatalogue(initial: Catalogue, stream: StockStreamState) {
  return useQuery({
    queryKey: ["products"],
    queryFn: () => fetchWithServerTime<Catalogue>("/api/products"),
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initial.serverTime),
    refetchInterval: pollInterval(stream),
  });
}

const sections: { title: string; statuses: ProductStatus[]; empty: string }[] = [
  {
    title: "On sale now",
    statuses: ["live", "sold_out"],
    empty: "Nothing is on sale at this moment. Check the upcoming drops below.",
  },
  { title: "Coming soon", statuses: ["scheduled"], empty: "No drops are scheduled yet." },
  { title: "Ended", statuses: ["ended"], empty: "" },
];

export function Storefront({ initial }: { initial: Catalogue }) {
  useServerTimeOfPage(initial.serverTime);
  const stream = useLiveStock();
  const { data, isError } = useCatalogue(initial, stream);
  const { products, serverTime } = data;
  // A string key of every product's current status: re-renders only when one of them flips.
  const statusKey = useServerClock((now) => products.map((p) => productStatus(p, new Date(now))).join(","), serverTime);
  const statuses = statusKey.split(",");

  if (products.length === 0) {
    return (
      <p className="rounded-2xl border border-dashed border-zinc-300 bg-white p-10 text-center text-zinc-600">
        No sales yet. New drops appear here as soon as they are announced.
      </p>
    );
  }

  return (
    <div className="space-y-12">
      {isError ? (
        <p role="status" className="text-sm text-amber-800">
          Live updates paused: the shop could not be reached. Figures may be a few seconds old.
        </p>
      ) : null}
      {sections.map((section) => {
        const items = products.filter((_, i) => section.statuses.some((status) => status === statuses[i]));
        if (items.length === 0 && !section.empty) return null;
        const id = `section-${section.statuses[0]}`;
        return (
          <section key={section.title} aria-labelledby={id}>
            <div className="mb-4 flex items-baseline justify-between">
              <h2 id={id} className="text-lg font-semibold tracking-tight text-zinc-950">
                {section.title}
              </h2>
              {items.length > 0 ? <span className="text-sm text-zinc-500">{items.length}</span> : null}
            </div>
            {items.length === 0 ? (
              <p className="rounded-2xl border border-dashed border-zinc-300 bg-white/60 p-6 text-sm text-zinc-600">
                {section.empty}
              </p>
            ) : (
              <ul className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
                {items.map((product) => (
                  <li key={product.id}>
                    <ProductCard product={product} renderedAt={serverTime} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
