// What the live stock stream sends: event `stock` with this JSON as data. Client-safe.
import type { ProductStatus } from "../products/schemas";

export type StockEvent = { productId: string; available: number; status: ProductStatus };

export const STOCK_EVENT = "stock";
