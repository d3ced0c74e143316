// openStockStream: one browser's live stock feed as Server-Sent Events. It starts with the current
// stock of every product, then gets each tick of the process's stock hub (event `stock` for every
// product that changed, event `queue` for every waiting room that moved), and a comment line every
// heartbeat so proxies keep the connection open. Every write is a frame encoded once and shared
// with every other client. A client too slow to read keeps at most one write queued: while it is
// behind, writes are skipped, and once it reads again it gets the current stock (latest wins);
// one behind for STALLED_MS is closed. When `signal` aborts (the client went away) or the reader
// cancels, it unsubscribes and stops its timer, so a departed client leaves nothing behind.
// Each client address holds at most STREAMS_PER_IP streams on a process (one client once opened
// 3,000 and tripled the memory); past that, 429, and the page falls back to polling.
import { env } from "../env";
import { DomainError } from "../errors";
import { HEARTBEAT_FRAME, RETRY_FRAME } from "./frames";
import { stockHub } from "./stock-hub";

export const HEARTBEAT_MS = 15_000;
const STALLED_MS = 60_000;

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
  let behindSince: number | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let unsubscribe = () => {};

  // At most one write waits in the queue (high-water mark 1): past it the client is behind.
  const stream = new ReadableStream<Uint8Array>(
    {
      start: (c) => {
        controller = c;
      },
      // The reader took everything queued: a client that was behind skips to the current stock.
      pull: () => {
        if (behindSince === undefined || closed) return;
        behindSince = undefined;
        controller.enqueue(stockHub().snapshot());
      },
      cancel: () => close(),
    },
    { highWaterMark: 1 },
  );

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

  function send(frame: Uint8Array) {
    if (closed) return;
    if (behindSince !== undefined || (controller.desiredSize ?? 0) <= 0) {
      behindSince ??= Date.now();
      if (Date.now() - behindSince > STALLED_MS) close();
      return;
    }
    try {
      controller.enqueue(frame);
    } catch {
      close();
    }
  }

  const subscription = await stockHub()
    .subscribe(send)
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
  controller.enqueue(RETRY_FRAME);
  controller.enqueue(subscription.snapshot);
  heartbeat = setInterval(() => send(HEARTBEAT_FRAME), options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  return stream;
}
