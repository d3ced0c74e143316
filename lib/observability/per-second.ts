// The process's last 15 minutes at a one-second grain, for the live drop monitor: holds, refusals
// by reason, hold latency (p50, p99), 5xx answers. A ring of 900 slots indexed by the epoch second;
// recording is a few additions (latency keeps at most SAMPLES_PER_SECOND samples a second, chosen
// uniformly), nothing runs on a timer, and a slot left from 15 minutes ago is reset when reused.
export const WINDOW_SECONDS = 900;
const SAMPLES_PER_SECOND = 512;

type Slot = {
  second: number;
  holds: number;
  refusals: Record<string, number>;
  fiveXx: number;
  attempts: number;
  latencies: number[];
};

/** One closed second as the monitor shows it (latencies in milliseconds, null without holds). */
export type SecondFigures = {
  t: number;
  holds: number;
  refusals: Record<string, number>;
  fiveXx: number;
  p50: number | null;
  p99: number | null;
};

const globalForRing = globalThis as unknown as { __flashSalePerSecond?: Slot[] };
globalForRing.__flashSalePerSecond ??= Array.from({ length: WINDOW_SECONDS }, () => emptySlot(-1));
const ring = globalForRing.__flashSalePerSecond;

function emptySlot(second: number): Slot {
  return { second, holds: 0, refusals: {}, fiveXx: 0, attempts: 0, latencies: [] };
}

function slot(second = Math.floor(Date.now() / 1000)): Slot {
  const i = second % WINDOW_SECONDS;
  let s = ring[i]!;
  if (s.second !== second) {
    s = emptySlot(second);
    ring[i] = s;
  }
  return s;
}

/** A decided hold attempt: `reason` is "held" or the refusal's code; `ms` how long it took. */
export function noteHold(reason: string, ms: number) {
  const s = slot();
  if (reason === "held") s.holds += 1;
  else if (reason !== "replayed") s.refusals[reason] = (s.refusals[reason] ?? 0) + 1;
  s.attempts += 1;
  if (s.latencies.length < SAMPLES_PER_SECOND) s.latencies.push(ms);
  else {
    const j = Math.floor(Math.random() * s.attempts);
    if (j < SAMPLES_PER_SECOND) s.latencies[j] = ms;
  }
}

export function noteServerError() {
  slot().fiveXx += 1;
}

function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function figures(second: number): SecondFigures {
  const s = ring[second % WINDOW_SECONDS]!;
  if (s.second !== second) return { t: second, holds: 0, refusals: {}, fiveXx: 0, p50: null, p99: null };
  const sorted = [...s.latencies].sort((a, b) => a - b);
  return {
    t: second,
    holds: s.holds,
    refusals: { ...s.refusals },
    fiveXx: s.fiveXx,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
  };
}

/** The closed seconds from `from` (exclusive) up to the last closed one, oldest first, at most the window. */
export function closedSeconds(from: number, now = Date.now()): SecondFigures[] {
  const last = Math.floor(now / 1000) - 1;
  const first = Math.max(from + 1, last - WINDOW_SECONDS + 1);
  const out: SecondFigures[] = [];
  for (let t = first; t <= last; t++) out.push(figures(t));
  return out;
}
