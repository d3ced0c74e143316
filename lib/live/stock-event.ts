// What the live stock stream sends: event `stock` with this JSON as data, and event `queue` for each
// waiting room: the last place admitted (`serving`) and how many wait, so a waiting page computes its
// own place without asking. Client-safe.
import type { ProductStatus } from "../products/schemas";

export type StockEvent = { productId: string; available: number; status: ProductStatus };

export const STOCK_EVENT = "stock";

export type QueueEvent = {
  productId: string;
  serving: number;
  waiting: number;
  admitPerMinute: number;
  paused: boolean;
};

export const QUEUE_EVENT = "queue";
