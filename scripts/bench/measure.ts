// Closed-loop measurement: `callers` loops each run `attempt` back to back for the given time;
// only what completes inside the window after a short warm-up counts.
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
      if (!counting || stopping) continue;
      latencies.add(performance.now() - started);
      if (outcome === "ok") ok++;
      else if (outcome === "refused") refused++;
      else errors++;
    }
  };

  const loops = Array.from({ length: callers }, (_, i) => loop(i));
  await sleep(warmUpMs);
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
