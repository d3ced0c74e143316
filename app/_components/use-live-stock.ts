"use client";
// useLiveStock: the stock stream written into React Query's cache, so the storefront's catalogue
// (["products"]) and any product page (["product", id]) show a change within a second. Pages
// poll only while the stream is down (state "polling"). A stock event carries available units
// and status only; the held/total split is adjusted from the change (units taken are held, units
// back come out of holds first, more than that is a restock), and a page whose copy is over 30 s
// old re-reads the exact figures (confirmations move held units to sold without a stock event).
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { StockEvent } from "@/lib/live/stock-event";
import type { Product } from "@/lib/products/schemas";
import { useStockStream, type StockStreamState } from "./use-stock-stream";

export const POLL_MS = 3_000;
const REREAD_AFTER_MS = 30_000;

/** How often a page polls: only while the stream is down. */
export const pollInterval = (stream: StockStreamState) => (stream === "polling" ? POLL_MS : false);

export function useLiveStock(): StockStreamState {
  const queryClient = useQueryClient();
  const onStock = useCallback((event: StockEvent) => applyStockEvent(queryClient, event), [queryClient]);
  return useStockStream(onStock);
}

type Catalogue = { products: Product[]; serverTime: string };

export function applyStockEvent(queryClient: QueryClient, event: StockEvent) {
  let known = false;
  const catalogue = queryClient.setQueryData<Catalogue>(["products"], (current) => {
    if (!current) return current;
    const products = current.products.map((p) => {
      if (p.id !== event.productId) return p;
      known = true;
      return withStock(p, event);
    });
    return known ? { ...current, products } : current;
  });
  // A product the catalogue does not list yet: a new sale, read it in.
  if (catalogue && !known) void queryClient.invalidateQueries({ queryKey: ["products"], exact: true });
  const productKey = ["product", event.productId];
  queryClient.setQueryData<Product>(productKey, (current) => (current ? withStock(current, event) : current));

  const stale = Date.now() - REREAD_AFTER_MS;
  for (const key of [["products"], productKey]) {
    const state = queryClient.getQueryState(key);
    if (state?.data !== undefined && state.dataUpdatedAt < stale)
      void queryClient.invalidateQueries({ queryKey: key, exact: true });
  }
}

function withStock(p: Product, { available, status }: StockEvent): Product {
  if (p.available === available && p.status === status) return p;
  const change = available - p.available;
  const held = change < 0 ? p.held - change : Math.max(0, p.held - change);
  const totalStock = Math.max(p.totalStock, available + held + p.sold);
  return { ...p, available, held, totalStock, status };
}
