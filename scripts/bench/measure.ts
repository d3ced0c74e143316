// Closed-loop measurement: `callers` loops each run `attempt` back to back for the given time;
// only what completes inside the window counts. The window opens after a short warm-up and once
// every caller has had an answer (at most a minute): callers that all start at once are answered
// together when the server shares itself among them, so a window shorter than that first round
// would count nothing.
import { Latencies, sleep } from "../load/stats";

export type Outcome = "ok" | "refused" | "error";

export type Measurement = {
  callers: number;
  ok: number;
  refused: number;
  errors: number;
  seconds: number;
  /** Successful attempts per second. */
  rate: number;
  /** Refused attempts per second (a sold-out answer). */
  refusedRate: number;
  latency: ReturnType<Latencies["summary"]>;
  firstError?: string;
};

export async function measure(
  callers: number,
  seconds: number,
  attempt: (caller: number, n: number) => Promise<Outcome>,
  warmUpMs = 500,
): Promise<Measurement> {
  let counting = false;
  let stopping = false;
  let ok = 0;
  let refused = 0;
  let errors = 0;
  let firstError: string | undefined;
  let answeredOnce = 0;
  const latencies = new Latencies();

  const loop = async (caller: number) => {
    for (let n = 0; !stopping; n++) {
      const started = performance.now();
      let outcome: Outcome;
      try {
        outcome = await attempt(caller, n);
      } catch (error) {
        outcome = "error";
        firstError ??= (error as Error).message;
      }
      if (n === 0) answeredOnce++;
      if (!counting || stopping) continue;
      latencies.add(performance.now() - started);
      if (outcome === "ok") ok++;
      else if (outcome === "refused") refused++;
      else errors++;
    }
  };

  const loops = Array.from({ length: callers }, (_, i) => loop(i));
  await sleep(warmUpMs);
  for (const giveUpAt = performance.now() + 60_000; answeredOnce < callers && performance.now() < giveUpAt; )
    await sleep(50);
  counting = true;
  const from = performance.now();
  await sleep(seconds * 1_000);
  const elapsed = performance.now() - from;
  stopping = true;
  await Promise.all(loops);
  return {
    callers,
    ok,
    refused,
    errors,
    seconds: elapsed / 1_000,
    rate: (ok * 1_000) / elapsed,
    refusedRate: (refused * 1_000) / elapsed,
    latency: latencies.summary(),
    firstError,
  };
}
