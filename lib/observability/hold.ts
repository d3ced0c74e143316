// What the hold path reports: every hold attempt's outcome and time (metrics and the drop monitor's
// seconds), and every place_holds batch's size and time, in a span of its own when tracing is on.
import { toDomainError } from "../errors";
import { noteDatabaseError, noteDatabaseReachable } from "./database-events";
import { recordHoldBatch, recordHoldOutcome } from "./metrics";
import { traced } from "./tracing";

/** Runs one hold attempt and records its outcome: held, replayed, or the refusal's code. */
export async function observeHold<T extends { replayed: boolean }>(work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await work();
    recordHoldOutcome(result.replayed ? "replayed" : "held", "held", (performance.now() - started) / 1000);
    return result;
  } catch (error) {
    const e = toDomainError(error);
    recordHoldOutcome(e.code, e.status >= 500 ? "failed" : "refused", (performance.now() - started) / 1000);
    throw error;
  }
}

/** Runs one place_holds statement for `size` requests of a product, timed and traced. */
export async function observeHoldBatch<T>(productId: string, size: number, statement: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const rows = await traced(
      "hold batch",
      { "flash_sale.product_id": productId, "flash_sale.batch_size": size },
      statement,
    );
    noteDatabaseReachable();
    return rows;
  } catch (error) {
    noteDatabaseError(error, { productId, batchSize: size });
    throw error;
  } finally {
    recordHoldBatch(size, (performance.now() - started) / 1000);
  }
}
