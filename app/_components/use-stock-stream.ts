"use client";
// useStockStream: live stock from GET /api/stream. Calls `onStock` for every `stock` event (the
// first ones are the current stock of every product) and reports the connection: "connecting"
// until the first open, "live" while the stream is open, "polling" while it is down, when pages
// should poll instead. Reconnects by itself with exponential backoff and jitter (1 s to 30 s),
// also after answers the browser's EventSource would not retry (a 503, a proxy error). `onQueue`, when
// given, gets every `queue` event (a waiting room's progress).
import { useEffect, useRef, useState } from "react";
import { QUEUE_EVENT, type QueueEvent, STOCK_EVENT, type StockEvent } from "@/lib/live/stock-event";

export type StockStreamState = "live" | "connecting" | "polling";

const STREAM_URL = "/api/stream";
const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

export function useStockStream(
  onStock: (event: StockEvent) => void,
  onQueue?: (event: QueueEvent) => void,
): StockStreamState {
  const [state, setState] = useState<StockStreamState>("connecting");
  const handler = useRef(onStock);
  const queueHandler = useRef(onQueue);
  useEffect(() => {
    handler.current = onStock;
    queueHandler.current = onQueue;
  }, [onStock, onQueue]);

  useEffect(() => {
    if (typeof EventSource === "undefined") {
      setState("polling");
      return;
    }
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let disposed = false;

    const onMessage = (message: Event) => {
      if (!(message instanceof MessageEvent) || typeof message.data !== "string") return;
      try {
        // The stream's own JSON: a StockEvent as lib/live/stock-event.ts writes it.
        handler.current(JSON.parse(message.data) as StockEvent);
      } catch {
        // a malformed event is skipped; the next one carries the latest stock
      }
    };

    const onQueueMessage = (message: Event) => {
      if (!(message instanceof MessageEvent) || typeof message.data !== "string") return;
      try {
        // The stream's own JSON: a QueueEvent as lib/live/stock-event.ts writes it.
        queueHandler.current?.(JSON.parse(message.data) as QueueEvent);
      } catch {
        // skipped, as a malformed stock event is
      }
    };

    const connect = () => {
      if (disposed) return;
      source = new EventSource(STREAM_URL);
      source.addEventListener(STOCK_EVENT, onMessage);
      source.addEventListener(QUEUE_EVENT, onQueueMessage);
      source.onopen = () => {
        failures = 0;
        setState("live");
      };
      source.onerror = () => {
        // Close and reconnect on our own schedule, whatever the browser would have done.
        source?.close();
        source = undefined;
        setState("polling");
        const backoff = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** failures);
        failures += 1;
        retry = setTimeout(connect, backoff / 2 + Math.random() * (backoff / 2));
      };
    };

    connect();
    return () => {
      disposed = true;
      clearTimeout(retry);
      source?.close();
    };
  }, []);

  return state;
}
