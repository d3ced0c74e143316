// openStockStream: one browser's live stock feed as Server-Sent Events. It starts with the current
// stock of every product, then sends each (coalesced) change from the process's stock hub as event
// `stock`, each waiting room's progress as event `queue`, and a comment line every heartbeat so
// proxies keep the connection open. When `signal`
// aborts (the client went away) or the reader cancels, it unsubscribes and stops its timer, so a
// departed client leaves nothing behind; a client too slow to read is dropped the same way.
// Each client address holds at most STREAMS_PER_IP streams on a process (one client once opened
// 3,000 and tripled the memory); past that, 429, and the page falls back to polling.
import { env } from "../env";
import { DomainError } from "../errors";
import { QUEUE_EVENT, type QueueEvent, STOCK_EVENT, type StockEvent } from "./stock-event";
import { stockHub } from "./stock-hub";

export const HEARTBEAT_MS = 15_000;
const RECONNECT_AFTER_MS = 3_000;
const MAX_BACKLOG_CHUNKS = 1_000;
const encoder = new TextEncoder();

export const stockFrame = (event: StockEvent) => `event: ${STOCK_EVENT}\ndata: ${JSON.stringify(event)}\n\n`;
export const queueFrame = (event: QueueEvent) => `event: ${QUEUE_EVENT}\ndata: ${JSON.stringify(event)}\n\n`;

const openByAddress = new Map<string, number>();

/** Counts a stream against its address, or refuses it; returns the release. */
function admitStream(clientIp: string | undefined): () => void {
  // Without a known address every client would share one count: nothing to cap fairly.
  if (!clientIp || clientIp === "unknown") return () => {};
  const open = openByAddress.get(clientIp) ?? 0;
  if (open >= env().STREAMS_PER_IP) {
    throw new DomainError("rate_limited", "Too many live connections from your address.", undefined, 30);
  }
  openByAddress.set(clientIp, open + 1);
  return () => {
    const left = (openByAddress.get(clientIp) ?? 1) - 1;
    if (left > 0) openByAddress.set(clientIp, left);
    else openByAddress.delete(clientIp);
  };
}

export async function openStockStream(
  signal: AbortSignal,
  options: { heartbeatMs?: number; clientIp?: string } = {},
): Promise<ReadableStream<Uint8Array>> {
  const release = admitStream(options.clientIp);
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let unsubscribe = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
    cancel: () => close(),
  });

  function close() {
    if (closed) return;
    closed = true;
    release();
    clearInterval(heartbeat);
    unsubscribe();
    signal.removeEventListener("abort", close);
    try {
      controller.close();
    } catch {
      // already closed or errored by the reader
    }
  }

  function send(text: string) {
    if (closed) return;
    if ((controller.desiredSize ?? 0) < -MAX_BACKLOG_CHUNKS) return close();
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      close();
    }
  }

  const subscription = await stockHub()
    .subscribe(
      (event) => send(stockFrame(event)),
      (event) => send(queueFrame(event)),
    )
    .catch((error: unknown) => {
      release();
      throw error;
    });
  unsubscribe = subscription.unsubscribe;
  signal.addEventListener("abort", close, { once: true });
  if (signal.aborted) {
    close();
    return stream;
  }
  send(`retry: ${RECONNECT_AFTER_MS}\n\n`);
  send(subscription.snapshot.map(stockFrame).join("") + subscription.queues.map(queueFrame).join(""));
  heartbeat = setInterval(() => send(": heartbeat\n\n"), options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  return stream;
}
