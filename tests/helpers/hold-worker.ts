// A separate app process for the multi-process tests: places `count` holds at once through
// placeHold (its own pool, its own coalescing queue) and prints what happened as JSON.
import { placeHold } from "@/lib/inventory/place-hold";
import { GUEST } from "@/lib/actor";
import { closeDb } from "@/lib/db";
import { tallyHolds } from "./fixtures";

const [productId, count, prefix, quantity = "1"] = process.argv.slice(2);
const results = await Promise.allSettled(
  Array.from({ length: Number(count) }, (_, i) =>
    placeHold({ productId: productId!, quantity: Number(quantity), email: `${prefix}-${i}@example.com` }, GUEST),
  ),
);
await closeDb();
console.log(JSON.stringify(tallyHolds(results)));
