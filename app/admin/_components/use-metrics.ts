"use client";
// The dashboard's figures: GET /api/admin/metrics every 5 seconds, and sooner when the stock
// stream reports a change (at most one refetch a second; the event's stock shows at once).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import { useStockStream, type StockStreamState } from "@/app/_components/use-stock-stream";
import type { Metrics } from "@/lib/admin/schemas";
import type { StockEvent } from "@/lib/live/stock-event";

export const METRICS_QUERY_KEY = ["admin", "metrics"] as const;
const POLL_MS = 5_000;
const STREAM_REFETCH_MS = 1_000;

async function fetchMetrics(): Promise<Metrics> {
  const response = await fetch("/api/admin/metrics", { cache: "no-store" });
  if (!response.ok) throw new Error(`GET /api/admin/metrics answered ${response.status}`);
  // The route's own JSON, shaped by metricsSchema.
  return (await response.json()) as Metrics;
}

export function useMetrics(initial: Metrics): {
  metrics: Metrics;
  isError: boolean;
  updatedAt: number;
  stream: StockStreamState;
} {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: METRICS_QUERY_KEY,
    queryFn: fetchMetrics,
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initial.generatedAt),
    refetchInterval: POLL_MS,
  });

  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onStock = useCallback(
    (event: StockEvent) => {
      queryClient.setQueryData<Metrics>(METRICS_QUERY_KEY, (current) => {
        if (!current) return current;
        const known = current.products.some((p) => p.id === event.productId);
        if (!known) return current;
        const products = current.products.map((p) =>
          p.id === event.productId ? { ...p, available: event.available, status: event.status } : p,
        );
        return {
          ...current,
          products,
          totals: { ...current.totals, available: products.reduce((n, p) => n + p.available, 0) },
        };
      });
      pending.current ??= setTimeout(() => {
        pending.current = undefined;
        void queryClient.invalidateQueries({ queryKey: METRICS_QUERY_KEY });
      }, STREAM_REFETCH_MS);
    },
    [queryClient],
  );
  const stream = useStockStream(onStock);
  return { metrics: query.data, isError: query.isError, updatedAt: query.dataUpdatedAt, stream };
}
