// A separate app process for the multi-process sweeper test: waits until `startAt` (epoch ms), then
// runs the in-process sweep (sweepExpiredHolds, advisory-locked) back to back for `durationMs`,
// and prints how many holds it released and how many batches it skipped because another process
// held the sweeper lock.
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { closeDb, db } from "@/lib/db";
import { sweepExpiredHolds } from "@/lib/inventory/expiry";

const [startAt, durationMs, batchSize] = process.argv.slice(2).map(Number);
await db().execute(sql`select 1`);
await sleep(Math.max(0, startAt! - Date.now()));
let released = 0;
let skipped = 0;
const until = Date.now() + durationMs!;
while (Date.now() < until) {
  const sweep = await sweepExpiredHolds({ batchSize, maxBatches: 1 });
  released += sweep.released;
  if (sweep.skipped) skipped += 1;
}
await closeDb();
console.log(JSON.stringify({ released, skipped }));
