// The stream's bytes: Server-Sent Events frames, each encoded once and shared by every client it
// goes to (a tick's changes, the current stock for a new or lagging client, the heartbeat).
import { QUEUE_EVENT, type QueueEvent, STOCK_EVENT, type StockEvent } from "./stock-event";

const encoder = new TextEncoder();

const RECONNECT_AFTER_MS = 3_000;

/** Tells the browser how long to wait before reconnecting, and keeps proxies from closing an idle stream. */
export const RETRY_FRAME = encoder.encode(`retry: ${RECONNECT_AFTER_MS}\n\n`);
export const HEARTBEAT_FRAME = encoder.encode(": heartbeat\n\n");

/** One write carrying an event per product and per waiting room, in that order. */
export function encodeFrame(stock: Iterable<StockEvent>, queues: Iterable<QueueEvent> = []): Uint8Array {
  let text = "";
  for (const event of stock) text += `event: ${STOCK_EVENT}\ndata: ${JSON.stringify(event)}\n\n`;
  for (const event of queues) text += `event: ${QUEUE_EVENT}\ndata: ${JSON.stringify(event)}\n\n`;
  return encoder.encode(text);
}
