// Figures for the load test and the benchmark: latency percentiles, rates, a live progress line.

/** Latencies in milliseconds; percentiles by nearest rank. */
export class Latencies {
  private readonly values: number[] = [];

  add(ms: number) {
    this.values.push(ms);
  }

  get count() {
    return this.values.length;
  }

  summary() {
    const sorted = [...this.values].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! : NaN;
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? NaN };
  }
}

export const perSecond = (count: number, ms: number) => (ms > 0 ? (count * 1_000) / ms : 0);
export const formatRate = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "-");
export const formatMs = (n: number) =>
  Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString("en-US")) : "-";
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A status line rewritten in place on a terminal, printed every few seconds elsewhere (CI logs). */
export function progress(render: () => string, everyMs = 250) {
  const tty = process.stdout.isTTY;
  let lastPlain = 0;
  const draw = () => {
    if (tty) process.stdout.write(`\r\x1b[2K${render()}`);
    else if (Date.now() - lastPlain >= 2_000) {
      lastPlain = Date.now();
      console.log(render());
    }
  };
  const timer = setInterval(draw, everyMs);
  return {
    done() {
      clearInterval(timer);
      if (tty) process.stdout.write(`\r\x1b[2K${render()}\n`);
      else console.log(render());
    },
  };
}

/** A plain text table with right-aligned figures, as printed and as written in Markdown. */
export function table(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const markdown = [
    `| ${header.join(" | ")} |`,
    `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
  return { text: [line(header), ...rows.map(line)].join("\n"), markdown };
}
