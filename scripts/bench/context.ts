// What every section of npm run bench is given: the bench database and lib/, the levels and time
// per measurement, and where its log lines and pass/miss lines go.
import type { loadLib } from "./db-path";

export type Bench = {
  url: string;
  lib: Awaited<ReturnType<typeof loadLib>>;
  /** Seconds per measurement. */
  seconds: number;
  /** HTTP client counts, e.g. 10, 100, 1,000. */
  clients: number[];
  /** The first of the ports the section's app processes listen on. */
  port: number;
  log: (line: string) => void;
  /** Records a goal as met or missed, with the figures that decide it. */
  target: (label: string, met: boolean, figure: string) => void;
};

export const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : "-");
