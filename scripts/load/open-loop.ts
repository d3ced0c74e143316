// Open-loop load: requests start on a fixed schedule, one every 1/rate seconds, whatever the answers
// do, and each latency runs from the request's intended send time, not from when it got onto a
// connection. A server that stalls is charged for every request due during the stall, not only for
// the few it was serving (coordinated omission corrected, as wrk2 does).
// A request is dropped, never sent, when it could not start within `maxLagMs` of its intended send
// time: all `connections` were busy that long (the server is over capacity), or the generator itself
// fell that far behind its schedule. Requests sent late but within `maxLagMs` count with their full
// latency from the intended time. Latencies go into an HDR histogram in microseconds (3 significant
// digits, no upper bound).
import { build } from "hdr-histogram-js";

export type OpenLoopOptions<T> = {
  /** Requests per second. */
  rate: number;
  durationMs: number;
  /** At most this many requests in flight (the sockets of the client that sends them). */
  connections: number;
  /** How long past its intended send time a request may wait for a connection before it is dropped. */
  maxLagMs?: number;
  /** Sends request number `n` (0, 1, 2, ... in schedule order); never rejects. */
  send: (n: number) => Promise<T>;
  /** Each answer with its request number, intended send time (performance.now()) and latency in ms. */
  onAnswer?: (answer: T, n: number, intendedAt: number, latencyMs: number) => void;
};

export type OpenLoopResult = {
  /** Requests the schedule called for: rate × duration. */
  scheduled: number;
  sent: number;
  dropped: number;
  /** Requests sent per second of the schedule. */
  achievedRate: number;
  /** Latency from the intended send time to the answer, over every sent request, in ms. */
  latency: { p50: number; p90: number; p99: number; p999: number; max: number };
  /** The most requests in flight at once. */
  peakInFlight: number;
};

export const DEFAULT_MAX_LAG_MS = 1_000;

export async function openLoop<T>({
  rate,
  durationMs,
  connections,
  maxLagMs = DEFAULT_MAX_LAG_MS,
  send,
  onAnswer,
}: OpenLoopOptions<T>): Promise<OpenLoopResult> {
  if (!(rate > 0) || !(durationMs > 0) || !(connections >= 1)) throw new Error("rate, duration and connections > 0");
  const interval = 1_000 / rate;
  const scheduled = Math.max(1, Math.floor((rate * durationMs) / 1_000));
  const histogram = build({ numberOfSignificantValueDigits: 3 });
  const start = performance.now();
  const intendedAt = (n: number) => start + n * interval;

  // Due but not yet sent, oldest first: a queue kept as an array and the index of its head.
  const due: number[] = [];
  let head = 0;
  let next = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  let sent = 0;
  let answered = 0;
  let dropped = 0;
  let finish: () => void;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const done = () => next === scheduled && head === due.length && inFlight === 0;

  const launch = (n: number) => {
    inFlight++;
    sent++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    void send(n).then((answer) => {
      const latencyMs = performance.now() - intendedAt(n);
      histogram.recordValue(Math.max(1, Math.round(latencyMs * 1_000)));
      answered++;
      inFlight--;
      onAnswer?.(answer, n, intendedAt(n), latencyMs);
      pump();
    });
  };

  function pump() {
    const now = performance.now();
    while (next < scheduled && intendedAt(next) <= now) due.push(next++);
    while (head < due.length && now - intendedAt(due[head]!) > maxLagMs) {
      head++;
      dropped++;
    }
    while (head < due.length && inFlight < connections) launch(due[head++]!);
    if (head === due.length) {
      due.length = 0;
      head = 0;
    }
    if (done()) finish();
  }

  // The clock: wakes at the next intended send time (or soon, while requests wait for a connection).
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    pump();
    if (next < scheduled) timer = setTimeout(tick, Math.max(0, intendedAt(next) - performance.now()));
    else if (head < due.length) timer = setTimeout(tick, 1);
  };
  tick();
  await finished;
  clearTimeout(timer);
  const ms = (percentile: number) => histogram.getValueAtPercentile(percentile) / 1_000;
  const result: OpenLoopResult = {
    scheduled,
    sent,
    dropped,
    achievedRate: (sent * 1_000) / durationMs,
    latency: answered
      ? { p50: ms(50), p90: ms(90), p99: ms(99), p999: ms(99.9), max: histogram.maxValue / 1_000 }
      : { p50: NaN, p90: NaN, p99: NaN, p999: NaN, max: NaN },
    peakInFlight,
  };
  histogram.destroy();
  return result;
}
