// The load test's proof of work (--proof-of-work): each hold first fetches a challenge from the process
// it is sent to (GET /api/challenge) and solves it with the browser's solver (lib/bot-check), so the
// load pays the same cost a shopper does. The cost is the server's POW_COST; the time solving takes is
// counted apart from the holds' latency and reported.
import { solveChallenge } from "../../lib/bot-check/solve-challenge";
import type { Challenge } from "../../lib/bot-check/schemas";
import type { Client } from "./http-client";
import { formatMs, Latencies } from "./stats";

export function proofOfWork() {
  const solving = new Latencies();
  let cost: number | undefined;
  return {
    /** A solved challenge from `client`'s server, as `altcha`. */
    async solve(client: Client): Promise<string> {
      const answer = await client.request("GET", "/api/challenge");
      if (answer.status !== 200) throw new Error(`GET /api/challenge answered ${answer.status || answer.error}`);
      const challenge = answer.body as Challenge;
      cost = challenge.maxnumber;
      const started = performance.now();
      const altcha = await solveChallenge(challenge);
      solving.add(performance.now() - started);
      return altcha;
    },
    /** One line: the cost, how many were solved, and how long each took (all solves share this
     *  process's one thread, so under concurrency each waits for the others). */
    report(): string {
      const s = solving.summary();
      return `proof of work: cost ${cost?.toLocaleString("en-US") ?? "?"} (the server's POW_COST), ${solving.count.toLocaleString("en-US")} challenges solved here, p50 ${formatMs(s.p50)} ms, p95 ${formatMs(s.p95)} ms each; a lower POW_COST on the server lets the load test send more`;
    },
  };
}
