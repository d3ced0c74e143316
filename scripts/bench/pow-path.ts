// Proof of work in the benchmark: verifications per second of solved challenges, and what solving one
// costs a shopper. The local check alone (altcha-lib: the signature's HMAC and one SHA-256, no database)
// on one thread; then the whole verifyBotCheck as holds and joins run it (the check, then the single-use
// insert into spent_challenges) at `callers` concurrent callers, against a `select 1` round trip on the
// same pool in the same run. Solutions are made with the number known, so no time goes into solving them.
import { createChallenge, verifySolution } from "altcha-lib/v1";
import { Latencies } from "../load/stats";
import { measure, type Measurement } from "./measure";

export type PowMeasurement = {
  cost: number;
  solveMs: ReturnType<Latencies["summary"]>;
  local: Measurement;
  verify: Measurement;
  roundTrip: Measurement;
};

export async function measureProofOfWork(callers: number, seconds: number): Promise<PowMeasurement> {
  const [{ verifyBotCheck }, { altchaHmacSecret, env }, { sqlClient }, { issueChallenge }, { solveChallenge }] =
    await Promise.all([
      import("../../lib/bot-check/verify-bot-check"),
      import("../../lib/env"),
      import("../../lib/db"),
      import("../../lib/bot-check/issue-challenge"),
      import("../../lib/bot-check/solve-challenge"),
    ]);
  const hmacKey = altchaHmacSecret();
  const expires = new Date(Date.now() + 3_600_000);
  const solution = async () => {
    const number = Math.floor(Math.random() * 1_000);
    const c = await createChallenge({ algorithm: "SHA-256", hmacKey, maxnumber: 1_000, number, expires });
    return Buffer.from(JSON.stringify({ ...c, number })).toString("base64");
  };

  // What a shopper pays: solving challenges at POW_COST with the browser's solver.
  const solveMs = new Latencies();
  for (let i = 0; i < 5; i++) {
    const challenge = await issueChallenge();
    const started = performance.now();
    await solveChallenge(challenge);
    solveMs.add(performance.now() - started);
  }

  const reusable = await Promise.all(Array.from({ length: 1_000 }, solution));
  const local = await measure(1, seconds, async (_, n) =>
    (await verifySolution(reusable[n % reusable.length]!, hmacKey, true)) ? "ok" : "error",
  );

  // Fresh solutions for the spending verifications, made ahead (each passes once).
  const fresh: string[] = [];
  while (fresh.length < Math.max(20_000, local.rate * seconds * 1.5))
    fresh.push(...(await Promise.all(Array.from({ length: 1_000 }, solution))));
  let next = 0;
  const product = { botCheck: "proof_of_work" as const };
  const verify = await measure(callers, seconds, async () => {
    const altcha = fresh[next++];
    if (!altcha) return "error";
    await verifyBotCheck(product, altcha);
    return "ok";
  });
  const roundTrip = await measure(callers, seconds, async () => {
    await sqlClient()`select 1`;
    return "ok";
  });
  return { cost: env().POW_COST, solveMs: solveMs.summary(), local, verify, roundTrip };
}
