// Counts refused hold attempts ("oversell attempts blocked" and friends) without a write per
// refusal: counts gather in memory per product, minute and reason, and one upsert adds them to
// stock_rejections about once a second (and on flushRejections()). A crash loses at most that
// second of counts, never stock.
import { sql } from "drizzle-orm";
import type { RejectionReason } from "@/db/enums";
import { stockRejections } from "@/db/schema";
import { db } from "../db";

export type { RejectionReason };

type Tally = { productId: string; minute: Date; reason: RejectionReason; attempts: number; units: number };

const FLUSH_INTERVAL_MS = 1_000;
const tallies = new Map<string, Tally>();
let timer: NodeJS.Timeout | undefined;

export function recordRejection(productId: string, reason: RejectionReason, units: number) {
  const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const key = `${productId}|${minute.getTime()}|${reason}`;
  const tally = tallies.get(key);
  if (tally) {
    tally.attempts += 1;
    tally.units += units;
  } else {
    tallies.set(key, { productId, minute, reason, attempts: 1, units });
  }
  if (!timer) {
    timer = setTimeout(() => void flushRejections().catch(() => {}), FLUSH_INTERVAL_MS);
    timer.unref();
  }
}

/** Writes the gathered counts now. Counts that fail to write are kept for the next flush. */
export async function flushRejections(): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  if (tallies.size === 0) return;
  const batch = [...tallies.values()];
  tallies.clear();
  try {
    await db()
      .insert(stockRejections)
      .values(batch)
      .onConflictDoUpdate({
        target: [stockRejections.productId, stockRejections.minute, stockRejections.reason],
        set: {
          attempts: sql`${stockRejections.attempts} + excluded.attempts`,
          units: sql`${stockRejections.units} + excluded.units`,
        },
      });
  } catch (error) {
    for (const t of batch) {
      const key = `${t.productId}|${t.minute.getTime()}|${t.reason}`;
      const current = tallies.get(key);
      if (current) {
        current.attempts += t.attempts;
        current.units += t.units;
      } else tallies.set(key, t);
    }
    throw error;
  }
}
