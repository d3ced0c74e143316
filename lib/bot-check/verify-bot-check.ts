// verifyBotCheck: a hold or join on a product with the proof of work on must carry a solution of a
// challenge we issued, unexpired, used once. The solution is checked locally (signature, number, expiry:
// altcha-lib), then spent by one insert into spent_challenges keyed by the challenge's signature: of any
// number of concurrent uses, across processes, exactly one inserts and passes. Without the check, no
// solution is taken (an `altcha` there would be ignored, so it is refused).
import { sql } from "drizzle-orm";
import { extractParams, verifySolution } from "altcha-lib/v1";
import type { BotCheck } from "@/db/enums";
import { db } from "../db";
import { altchaHmacSecret } from "../env";
import { DomainError } from "../errors";

export async function verifyBotCheck(product: { botCheck: BotCheck }, altcha: string | undefined): Promise<void> {
  if (product.botCheck === "off") {
    if (altcha === undefined) return;
    throw new DomainError("invalid_request", "Invalid request. altcha: this product asks for no proof of work", [
      { path: "altcha", message: "this product asks for no proof of work" },
    ]);
  }
  if (altcha === undefined) {
    throw new DomainError("challenge_required", "This sale asks for a proof of work: solve a challenge and send it.");
  }
  const spent = await spendSolution(altcha);
  if (!spent) {
    throw new DomainError(
      "challenge_failed",
      "The proof of work is invalid, expired or already used: solve a new one.",
    );
  }
}

/** Whether the solution is valid and was not spent before; a valid one is spent by this call. The spend
 *  commits without waiting for its WAL flush, as the rate-limit counters do: a database crash may forget
 *  the last moment's spends (those solutions could pass once more before they expire, each still bound by
 *  the limits), and no hold waits for a disk flush of its proof of work. */
async function spendSolution(altcha: string): Promise<boolean> {
  let payload: { signature?: unknown };
  let expires: number;
  try {
    payload = JSON.parse(Buffer.from(altcha, "base64").toString("utf8"));
    expires = Number(extractParams(payload as never).expires);
    if (typeof payload.signature !== "string" || !Number.isFinite(expires)) return false;
    if (!(await verifySolution(payload as never, altchaHmacSecret(), true))) return false;
  } catch {
    return false;
  }
  const rows = await db().execute(sql`
    with relaxed as (select set_config('synchronous_commit', 'off', true))
    insert into spent_challenges (signature, expires_at)
    select ${payload.signature}, to_timestamp(${expires}) from relaxed
    on conflict (signature) do nothing returning 1`);
  return rows.length === 1;
}
