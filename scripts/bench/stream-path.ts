// Live stock at drop scale in the benchmark: one production app process, POST /api/holds from
// closed-loop clients on one product for a few seconds, once with no stream open and once with
// thousands of GET /api/stream clients connected (opened by stream-clients.ts in a process of its
// own), in the same run. Both at production settings: rate limits on, every request from its own
// address (the app trusts one proxy hop, TRUSTED_PROXY_HOPS=1, and each stream and each hold sends
// its own X-Forwarded-For) and shopper, an Idempotency-Key on every hold. Measures holds/s, hold
// latency, /api/health's answers, and event delivery: for every client, the time from the answer to
// the hold that brought the stock to a value to the client's receipt of that value or a later one.
import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import postgres from "postgres";
import { healthStatus } from "../load/app-process";
import { errorCode, httpClient } from "../load/http-client";
import { Latencies, sleep } from "../load/stats";
import { startApp } from "./http-path";
import { measure, type Measurement } from "./measure";
import type { StreamClientsReady, StreamClientsReport } from "./stream-clients";

export type StreamRun = Measurement & {
  fiveXx: number;
  /** Answers other than 201, by status and error code. */
  other: Record<string, number>;
  health: { answers: number; ok: number; slowestMs: number };
  cpuSeconds: number;
};

export type Delivery = {
  streams: number;
  refused: Record<string, number>;
  /** Client × sampled stock value pairs measured, and those never delivered. */
  samples: number;
  undelivered: number;
  latency: ReturnType<Latencies["summary"]>;
  /** Stock values of the product received, over every client: each came in a write of its own. */
  writes: number;
  finalValue: number;
  /** Clients whose last value received is the product's final stock. */
  gotFinal: number;
  openAtEnd: number;
};

export type StreamMeasurement = { without: StreamRun; with: StreamRun; delivery: Delivery };

const SAMPLED_VALUES = 200;

/** Holds from `clients` closed-loop clients on one product for `seconds`, /api/health asked every
 *  250 ms meanwhile. */
async function runHolds(
  base: string,
  productId: string,
  tag: string,
  clients: number,
  seconds: number,
  cpuSeconds: () => number,
): Promise<StreamRun> {
  const client = httpClient(base, clients);
  let fiveXx = 0;
  const other: Record<string, number> = {};
  let address = 0;
  const health = { answers: 0, ok: 0, slowestMs: 0 };
  let watching = true;
  const watchHealth = (async () => {
    while (watching) {
      const started = performance.now();
      const status = await healthStatus(base, 5_000);
      health.answers++;
      if (status === 200) health.ok++;
      health.slowestMs = Math.max(health.slowestMs, performance.now() - started);
      await sleep(250);
    }
  })();
  const cpuBefore = cpuSeconds();
  try {
    const m = await measure(clients, seconds, async (caller, n) => {
      address++;
      const a = await client.request("POST", "/api/holds", {
        body: { productId, quantity: 1, email: `${tag}-${caller}-${n}@bench.test` },
        headers: {
          "idempotency-key": randomUUID(),
          "x-forwarded-for": `172.${16 + ((address >> 16) & 15)}.${(address >> 8) & 255}.${address & 255}`,
        },
      });
      if (a.status === 201) return "ok";
      if (a.status >= 500) fiveXx++;
      const key = `${a.status} ${errorCode(a.body) ?? a.error ?? ""}`.trim();
      other[key] = (other[key] ?? 0) + 1;
      return "error";
    });
    return { ...m, fiveXx, other, health, cpuSeconds: cpuSeconds() - cpuBefore };
  } finally {
    watching = false;
    await watchHealth;
    client.close();
  }
}

/** Per client, for sampled stock values: when it first held that value or a lower one (stock only
 *  falls here), after the commit of the hold that brought the stock down to it (`committed`: every
 *  hold's transaction time, ascending; the database and this process share the machine's clock). */
function deliveryOf(report: StreamClientsReport, initial: number, committed: number[], finalValue: number) {
  const sorted = committed;
  const step = Math.max(1, Math.floor(sorted.length / SAMPLED_VALUES));
  const sampled: { value: number; at: number }[] = [];
  for (let k = step; k <= sorted.length; k += step) sampled.push({ value: initial - k, at: sorted[k - 1]! });
  const latencies = new Latencies();
  let undelivered = 0;
  let gotFinal = 0;
  let writes = 0;
  for (const events of report.received) {
    writes += events.length / 2;
    let e = 0;
    for (const { value, at } of sampled) {
      while (e < events.length && events[e]! > value) e += 2;
      if (e >= events.length) undelivered++;
      else latencies.add(Math.max(0, events[e + 1]! - at));
    }
    if (events.length > 0 && events.at(-2) === finalValue) gotFinal++;
  }
  return {
    samples: sampled.length * report.received.length,
    undelivered,
    latency: latencies.summary(),
    gotFinal,
    writes,
  };
}

export async function measureStreams(options: {
  url: string;
  port: number;
  streams: number;
  clients: number;
  seconds: number;
  hotProduct: (label: string) => Promise<string>;
  log: (line: string) => void;
}): Promise<StreamMeasurement> {
  const { streams, clients, seconds, log } = options;
  const app = await startApp(options.url, options.port, log, 1, {
    RATE_LIMITS: "on",
    TRUSTED_PROXY_HOPS: "1",
  });
  let worker: ReturnType<typeof fork> | undefined;
  const sql = postgres(options.url, { max: 1, onnotice: () => {} });
  try {
    const warm = await options.hotProduct("streams-warm");
    await runHolds(app.base, warm, "streams-warm", clients, 2, app.cpuSeconds);
    const quiet = await options.hotProduct("streams-without");
    const busy = await options.hotProduct("streams-with");
    const availableOf = async (id: string) =>
      (await sql<{ available: number }[]>`select available from products where id = ${id}`)[0]!.available;
    const initial = await availableOf(busy);

    const without = await runHolds(app.base, quiet, "streams-without", clients, seconds, app.cpuSeconds);
    log(
      `  without streams: ${Math.round(without.rate)} holds/s, p99 ${Math.round(without.latency.p99)} ms${Object.keys(without.other).length ? `, other answers ${JSON.stringify(without.other)}` : ""}`,
    );

    log(`  opening ${streams.toLocaleString("en-US")} streams from a separate process`);
    const child = fork(path.join(import.meta.dirname, "stream-clients.ts"), [app.base, String(streams)], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    worker = child;
    const next = <T>(type: string) =>
      new Promise<T>((resolve, reject) => {
        const onMessage = (message: { type: string }) => {
          if (message.type !== type) return;
          child.off("message", onMessage);
          child.off("exit", onExit);
          resolve(message as T);
        };
        const onExit = (code: number | null) => reject(new Error(`the stream clients exited with ${code}`));
        child.on("message", onMessage);
        child.once("exit", onExit);
      });
    const ready = await next<StreamClientsReady>("ready");
    log(
      `  ${ready.open} streams open${Object.keys(ready.refused).length ? `, refused ${JSON.stringify(ready.refused)}` : ""}`,
    );
    child.send({ type: "watch", productId: busy });
    await sleep(1_000);

    const withStreams = await runHolds(app.base, busy, "streams-with", clients, seconds, app.cpuSeconds);
    // Every stream has the final value within a few ticks of the last hold.
    await sleep(3_000);
    const finalValue = await availableOf(busy);
    const committed = await sql<{ at: number }[]>`
      select extract(epoch from created_at)::float8 * 1000 as at from orders where product_id = ${busy} order by created_at`;
    const reportPromise = next<StreamClientsReport>("report");
    child.send({ type: "report" });
    const report = await reportPromise;
    const d = deliveryOf(
      report,
      initial,
      committed.map((r) => r.at),
      finalValue,
    );
    log(
      `  with ${ready.open} streams: ${Math.round(withStreams.rate)} holds/s, p99 ${Math.round(withStreams.latency.p99)} ms; delivery p50 ${Math.round(d.latency.p50)} ms, p99 ${Math.round(d.latency.p99)} ms, max ${Math.round(d.latency.max)} ms; ${d.gotFinal} of ${report.received.length} clients got the final value; ${d.writes} writes; app CPU ${without.cpuSeconds.toFixed(1)} s without, ${withStreams.cpuSeconds.toFixed(1)} s with${Object.keys(withStreams.other).length ? `; other answers ${JSON.stringify(withStreams.other)}` : ""}`,
    );
    return {
      without,
      with: withStreams,
      delivery: {
        streams: ready.open,
        refused: ready.refused,
        ...d,
        finalValue,
        openAtEnd: report.open,
      },
    };
  } finally {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker!.once("exit", resolve));
      worker.send({ type: "close" });
      await Promise.race([exited, sleep(5_000)]);
      if (worker.exitCode === null) worker.kill("SIGKILL");
    }
    await sql.end();
    await app.stop();
  }
}

const ms = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "-");
const times = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : "-");

/** The benchmark's section: measures, prints, and returns its Markdown and its targets. */
export async function streamsSection(options: Parameters<typeof measureStreams>[0]) {
  const { log } = options;
  log(
    `\nlive stock: POST /api/holds from ${options.clients} clients, without streams and with ${options.streams.toLocaleString("en-US")} GET /api/stream clients`,
  );
  const m = await measureStreams(options);
  const d = m.delivery;
  const rows = [
    ["without streams", m.without],
    [`with ${d.streams.toLocaleString("en-US")} streams`, m.with],
  ] as const;
  const markdownTable = [
    "| | holds/s | p50 ms | p99 ms | 5xx | /api/health 200 | app CPU s |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      ([label, r]) =>
        `| ${label} | ${ms(r.rate)} | ${ms(r.latency.p50)} | ${ms(r.latency.p99)} | ${r.fiveXx} | ${r.health.ok} of ${r.health.answers} | ${r.cpuSeconds.toFixed(1)} |`,
    ),
  ].join("\n");
  const targets = [
    {
      label: `holds/s with ${d.streams.toLocaleString("en-US")} streams ≥ 0.8× without`,
      met: m.with.rate >= 0.8 * m.without.rate,
      figure: `${ms(m.with.rate)} vs ${ms(m.without.rate)} (${times(m.with.rate, m.without.rate)})`,
    },
    {
      label: "hold p99 with streams within 2× of without",
      met: m.with.latency.p99 <= 2 * m.without.latency.p99,
      figure: `${ms(m.with.latency.p99)} ms vs ${ms(m.without.latency.p99)} ms (${times(m.with.latency.p99, m.without.latency.p99)})`,
    },
    {
      label: "stock delivered to every stream, p99 ≤ 1 s",
      met: d.latency.p99 <= 1_000 && d.undelivered === 0 && d.gotFinal === d.streams && d.streams === options.streams,
      figure: `p99 ${ms(d.latency.p99)} ms, ${d.undelivered} undelivered, ${d.gotFinal} of ${d.streams} with the final value`,
    },
    {
      label: "/api/health 200 throughout",
      met: m.with.health.ok === m.with.health.answers && m.without.health.ok === m.without.health.answers,
      figure: `${m.with.health.ok} of ${m.with.health.answers} with streams, slowest ${ms(m.with.health.slowestMs)} ms`,
    },
  ];
  const markdown = `## Live stock: holds with ${d.streams.toLocaleString("en-US")} stream clients connected

One production app process (rate limits on, \`TRUSTED_PROXY_HOPS=1\`: every stream and every hold from its own \`X-Forwarded-For\` address, a new shopper and an \`Idempotency-Key\` on every hold). \`POST /api/holds\` from ${options.clients} closed-loop clients on one product, ${options.seconds} s, first with no stream open, then with ${d.streams.toLocaleString("en-US")} \`GET /api/stream\` clients connected, opened and read by a separate process on the same machine; \`/api/health\` asked every 250 ms throughout.

${markdownTable}

Delivery, from the answer to the hold that brought the stock to a value until a client holds that value or a later one (${d.samples.toLocaleString("en-US")} client × value samples): **p50 ${ms(d.latency.p50)} ms, p99 ${ms(d.latency.p99)} ms**, max ${ms(d.latency.max)} ms; ${d.undelivered} never delivered; ${d.gotFinal.toLocaleString("en-US")} of ${d.streams.toLocaleString("en-US")} clients ended on the final stock (${d.finalValue.toLocaleString("en-US")}). Holds/s with the streams ${times(m.with.rate, m.without.rate)} without; hold p99 ${times(m.with.latency.p99, m.without.latency.p99)}.`;
  return { markdown, targets };
}
