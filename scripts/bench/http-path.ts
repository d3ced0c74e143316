// The HTTP path of the benchmark: a real `next start` of this build on the bench database, and
// clients on keep-alive connections from this process; closed loop (each client sends again when
// answered) and open loop (a fixed arrival rate, scripts/load/open-loop.ts).
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import { LAUNCHER, startAppProcess } from "../load/app-process";
import { holdRequests, LIMITS_OFF_TRAFFIC, PRODUCTION_TRAFFIC, type HoldTraffic } from "../load/hold-traffic";
import { httpClient, errorCode, type Answer, type Client } from "../load/http-client";
import { DEFAULT_MAX_LAG_MS, openLoop } from "../load/open-loop";
import { formatMs, formatRate, table } from "../load/stats";
import { ratio, type Bench } from "./context";
import { hotProduct } from "./db-path";
import { measure, type Measurement, type Outcome } from "./measure";

export type AppServer = { base: string; stop: () => Promise<void>; cpuSeconds: () => number };

/** The app's settings in a drop: the hold rate limits on, behind one trusted proxy that appends the
 *  client's address to X-Forwarded-For (what PRODUCTION_TRAFFIC sends). */
export const PRODUCTION_ENV = { RATE_LIMITS: "on", TRUSTED_PROXY_HOPS: "1", TRUSTED_PROXY_HEADER: "" };

/** The first lines of docs/benchmarks.md: what "production settings" means in its tables. */
export async function productionSettings(): Promise<string> {
  const { env } = await import("../../lib/env");
  const { HOLDS_PER_SHOPPER_PER_MINUTE, HOLDS_PER_IP_PER_MINUTE, SWEEPER_INTERVAL_SECONDS } = env();
  return `**Settings.** The HTTP tables run at production settings unless they say otherwise: the app as \`npm start\` runs it (\`NODE_ENV=production\`, \`METRICS=on\`, \`LOG_LEVEL=info\`), one process, the hold rate limits on (\`RATE_LIMITS=on\`: ${HOLDS_PER_SHOPPER_PER_MINUTE} holds per shopper and ${HOLDS_PER_IP_PER_MINUTE} per client address a minute) behind one trusted proxy (\`TRUSTED_PROXY_HOPS=1\`); every hold from its own client address (in \`X-Forwarded-For\`) and its own shopper, with its own \`Idempotency-Key\`, so every limit is counted and none refuses; products without proof of work; \`HOLD_TTL_SECONDS=3600\` and the expiry sweeper ${SWEEPER_INTERVAL_SECONDS ? "on" : "off"} (no hold expires during a run). The database path calls \`lib/\` directly, without HTTP.`;
}

/** CPU time (user + system) a process has used so far, from /proc; NaN where there is none. */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The production app (npm start's launcher, in `processes` server processes) on the bench database,
 *  with the rate limits off unless `extraEnv` says otherwise; builds first when there is none. */
export async function startApp(
  databaseUrl: string,
  port: number,
  log: (line: string) => void,
  processes = 1,
  extraEnv: Record<string, string> = {},
): Promise<AppServer> {
  if (!existsSync(LAUNCHER)) {
    log("no production build: running npm run build first");
    await new Promise<void>((resolve, reject) => {
      const build = spawn("npm", ["run", "build"], {
        stdio: "inherit",
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      });
      build.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited with ${code}`))));
    });
  }
  const app = await startAppProcess({
    port,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      RATE_LIMITS: "off",
      HOLD_TTL_SECONDS: "3600",
      SEED_DEMO: "false",
      AUTH_SECRET: "bench-only-secret-0123456789abcdefghijklmnopqrstuvwxyz",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      WEB_CONCURRENCY: String(processes),
      ...extraEnv,
    },
  });
  return { base: app.base, stop: () => app.stop(), cpuSeconds: () => cpuSecondsOf(app.child.pid) };
}

const holdOutcome = (a: Answer): Outcome =>
  a.status === 201 ? "ok" : a.status === 409 && errorCode(a.body) === "insufficient_stock" ? "refused" : "error";

/** Answers that were neither a success nor a sold-out refusal, counted by status and error code. */
function otherAnswers() {
  const kinds = new Map<string, number>();
  return {
    add(a: Answer) {
      const kind = `${a.status} ${errorCode(a.body) ?? a.error ?? ""}`.trim();
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    },
    fiveXx: () => [...kinds].reduce((n, [kind, count]) => n + (Number(kind.slice(0, 3)) >= 500 ? count : 0), 0),
    count: () => [...kinds.values()].reduce((n, count) => n + count, 0),
    text: () => [...kinds].map(([kind, count]) => `${kind} ×${count}`).join(", "),
  };
}

/** With the answers that were neither a success nor a refusal, from the warm-up to the last: 5xx,
 *  others (4xx, timeouts, resets) and all of them by kind. */
export type HttpMeasurement = Measurement & { fiveXx: number; otherCount: number; others: string };

async function run(
  clients: number,
  seconds: number,
  attempt: (caller: number, n: number) => Promise<Answer>,
  ok = 200,
) {
  const others = otherAnswers();
  const m = await measure(clients, seconds, async (caller, n) => {
    const a = await attempt(caller, n);
    const outcome = a.status === ok ? "ok" : holdOutcome(a);
    if (outcome === "error") others.add(a);
    return outcome;
  });
  return { ...m, fiveXx: others.fiveXx(), otherCount: others.count() - others.fiveXx(), others: others.text() };
}

/** Holds go out as `traffic` says (PRODUCTION_TRAFFIC: each its own address, shopper and key). */
export function httpPath(base: string, traffic: HoldTraffic = LIMITS_OFF_TRAFFIC) {
  let client: Client | undefined;
  const clientFor = (clients: number) => {
    client?.close();
    client = httpClient(base, clients);
    return client;
  };
  const holdRequest = holdRequests(traffic);
  const hold = (c: Client, productId: string, email: string) =>
    c.request("POST", "/api/holds", holdRequest({ productId, quantity: 1, email }));

  return {
    /** The framework's ceiling: GET /api/time answers from memory. */
    trivial: (clients: number, seconds: number) => {
      const c = clientFor(clients);
      return run(clients, seconds, () => c.request("GET", "/api/time"));
    },
    /** POST /api/holds from distinct shoppers; a sold-out answer counts as refused. */
    holds: (productId: string, tag: string, clients: number, seconds: number) => {
      const c = clientFor(clients);
      return run(clients, seconds, (caller, n) => hold(c, productId, `${tag}-${caller}-${n}@bench.test`), 201);
    },
    /** Holds from distinct shoppers at a fixed arrival rate, on up to `connections` connections. */
    openHolds: async (productId: string, tag: string, rate: number, seconds: number, connections: number) => {
      const c = clientFor(connections);
      const counts = { held: 0, fiveXx: 0, other: 0 };
      const result = await openLoop({
        rate,
        durationMs: seconds * 1_000,
        connections,
        send: (n) => hold(c, productId, `${tag}-${n}@bench.test`),
        onAnswer: (a) => {
          if (a.status === 201) counts.held++;
          else if (a.status >= 500) counts.fiveXx++;
          else counts.other++;
        },
      });
      return { ...result, ...counts, heldRate: counts.held / seconds };
    },
    /** Fires `requests` holds at `clients` concurrency at once; counts what was held. */
    burst: async (productId: string, tag: string, clients: number, requests: number) => {
      const c = clientFor(clients);
      const counts = { held: 0, soldOut: 0, fiveXx: 0, other: 0 };
      const others = otherAnswers();
      let next = 0;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (next < requests) {
            const a = await hold(c, productId, `${tag}-${next++}@bench.test`);
            const outcome = holdOutcome(a);
            if (outcome === "ok") counts.held++;
            else if (outcome === "refused") counts.soldOut++;
            else {
              if (a.status >= 500) counts.fiveXx++;
              else counts.other++;
              others.add(a);
            }
          }
        }),
      );
      return { ...counts, others: others.text() };
    },
    close: () => client?.close(),
  };
}

type Level = { trivial: HttpMeasurement; holds: HttpMeasurement; soldOut: HttpMeasurement };

/** At each client count: the trivial route, holds on a product that never sells out, and holds on a
 *  sold-out one, through one app. */
async function measureLevels(bench: Bench, http: ReturnType<typeof httpPath>, tag: string) {
  const levels = new Map<number, Level>();
  for (const clients of bench.clients) {
    const trivial = await http.trivial(clients, bench.seconds);
    const holds = await http.holds(
      await hotProduct(bench.lib, `${tag}-${clients}`),
      `${tag}-${clients}`,
      clients,
      bench.seconds,
    );
    const empty = await hotProduct(bench.lib, `${tag}-sold-out-${clients}`, 0);
    const soldOut = await http.holds(empty, `${tag}-sold-out-${clients}`, clients, bench.seconds);
    levels.set(clients, { trivial, holds, soldOut });
    bench.log(
      `  c=${String(clients).padEnd(5)} GET /api/time ${formatRate(trivial.rate)}/s (p99 ${formatMs(trivial.latency.p99)} ms)  POST /api/holds ${formatRate(holds.rate)}/s (p50 ${formatMs(holds.latency.p50)} ms, p99 ${formatMs(holds.latency.p99)} ms, 5xx ${holds.fiveXx})  sold out ${formatRate(soldOut.refusedRate)}/s${[trivial, holds, soldOut].some((m) => m.others) ? `; other answers: time ${trivial.others || "none"}, holds ${holds.others || "none"}, sold out ${soldOut.others || "none"}` : ""}`,
    );
  }
  return levels;
}

/** Answers at one level that were neither a success, a refusal nor a 5xx: 4xx, timeouts, resets. */
const othersAt = (l: Level) => l.trivial.otherCount + l.holds.otherCount + l.soldOut.otherCount;

const fiveXxOf = (levels: Map<number, Level>) =>
  [...levels.values()].reduce((n, l) => n + l.trivial.fiveXx + l.holds.fiveXx + l.soldOut.fiveXx, 0);

async function warmUp(bench: Bench, http: ReturnType<typeof httpPath>, tag: string) {
  await http.trivial(50, 2);
  await http.holds(await hotProduct(bench.lib, tag), tag, 50, 2);
}

/** The HTTP path at production settings (closed loop at each client count, open loop at 50/80/95% of
 *  the capacity measured, an exact sell-out), at the earlier limits-off settings for comparison,
 *  and served by one and two processes. Returns the sections of docs/benchmarks.md. */
export async function httpSection(bench: Bench): Promise<string[]> {
  const { lib, log, target, seconds } = bench;
  const sections: string[] = [];
  const top = bench.clients.at(-1)!;
  const mid = bench.clients.includes(100) ? 100 : top;
  let fiveXx = 0;

  // ── production settings, one process ──
  const app = await startApp(bench.url, bench.port, log, 1, PRODUCTION_ENV);
  const http = httpPath(app.base, PRODUCTION_TRAFFIC);
  let levels: Map<number, Level>;
  try {
    log(`\nHTTP path at production settings: next start at ${app.base}`);
    await warmUp(bench, http, "warm-up");
    levels = await measureLevels(bench, http, "http");
    fiveXx += fiveXxOf(levels);
    const best = Math.max(...[...levels.values()].map((l) => l.holds.rate));
    const t = table(
      [
        "clients",
        "GET /api/time req/s",
        "trivial p99 ms",
        "holds/s",
        "holds ÷ trivial",
        "holds ÷ own best",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "hold p99 ÷ trivial p99",
        "5xx",
        "other",
        "sold-out answers/s",
        "sold-out ÷ trivial",
      ],
      [...levels].map(([clients, { trivial, holds, soldOut }]) => [
        String(clients),
        formatRate(trivial.rate),
        formatMs(trivial.latency.p99),
        formatRate(holds.rate),
        ratio(holds.rate, trivial.rate),
        ratio(holds.rate, best),
        formatMs(holds.latency.p50),
        formatMs(holds.latency.p95),
        formatMs(holds.latency.p99),
        ratio(holds.latency.p99, trivial.latency.p99),
        String(trivial.fiveXx + holds.fiveXx + soldOut.fiveXx),
        String(othersAt({ trivial, holds, soldOut })),
        formatRate(soldOut.refusedRate),
        ratio(soldOut.refusedRate, trivial.rate),
      ]),
    );
    log(`\n${t.text}\n`);

    // Open loop at fractions of the best closed-loop rate: latency from each hold's intended send time.
    const openRows: string[][] = [];
    const connections = top;
    log(`open loop: holds at 50%, 80% and 95% of ${formatRate(best)} holds/s, up to ${connections} connections`);
    for (const share of [0.5, 0.8, 0.95]) {
      const o = await http.openHolds(
        await hotProduct(lib, `open-${share}`),
        `open-${share}`,
        best * share,
        seconds,
        connections,
      );
      fiveXx += o.fiveXx;
      log(
        `  ${Math.round(share * 100)}%: ${formatRate(best * share)}/s intended, ${formatRate(o.achievedRate)}/s sent, ${formatRate(o.heldRate)} held/s; p50 ${formatMs(o.latency.p50)} ms, p99 ${formatMs(o.latency.p99)} ms, p99.9 ${formatMs(o.latency.p999)} ms; dropped ${o.dropped}, 5xx ${o.fiveXx}, other ${o.other}`,
      );
      openRows.push([
        `${Math.round(share * 100)}%`,
        formatRate(best * share),
        formatRate(o.achievedRate),
        formatRate(o.heldRate),
        formatMs(o.latency.p50),
        formatMs(o.latency.p99),
        formatMs(o.latency.p999),
        o.dropped.toLocaleString("en-US"),
        String(o.fiveXx),
      ]);
    }
    const ot = table(
      ["load", "intended/s", "achieved/s", "held/s", "p50 ms", "p99 ms", "p99.9 ms", "dropped", "5xx"],
      openRows,
    );
    log(`\n${ot.text}\n`);

    // Exactly the stock sold: a burst of three shoppers per unit at the highest client count.
    const burstStock = 1_000;
    const burstProduct = await hotProduct(lib, "http-exact", burstStock, 1);
    const burst = await http.burst(burstProduct, "http-exact", top, burstStock * 3);
    fiveXx += burst.fiveXx;
    const { sqlClient } = await import("../../lib/db");
    const { reconcile } = await import("../../lib/inventory/reconcile");
    const [left] = await sqlClient()<{ available: number; held: number }[]>`
      select available, (select coalesce(sum(quantity), 0)::int from orders where product_id = ${burstProduct} and status = 'pending') as held
        from products where id = ${burstProduct}`;
    const check = (await reconcile()).products.find((p) => p.id === burstProduct)!;
    const exact = burst.held === burstStock && left!.available === 0 && left!.held === burstStock;
    log(
      `exact sell-out over HTTP: ${burst.held} held, ${burst.soldOut} sold out, ${burst.fiveXx} 5xx, ${burst.other} other of ${burstStock * 3} at ${top} clients on ${burstStock} units; ${left!.available} left; reconcile ${check.ok ? "ok" : "BREACH"}${burst.others ? `; other answers ${burst.others}` : ""}`,
    );
    sections.push(
      `## HTTP path at production settings: \`POST /api/holds\` against the framework's ceiling

One \`next start\` process at production settings (above); closed-loop clients on keep-alive connections, ${seconds} s each, from the same machine. \`GET /api/time\` is a route handler that answers from memory: the most this framework serves here. Holds go to a product with stock that never runs out; sold-out answers to a live product with none. "Own best" is the most holds/s at any client count in this table; "other" counts answers that were neither a success, a sold-out refusal nor a 5xx (4xx, no answer within 30 s, a reset connection), over all three measurements; 5xx and other count every answer from the warm-up on.

${t.markdown}

Open loop: holds arriving at a constant rate, a share of the best closed-loop rate above (${formatRate(best)}/s), for ${seconds} s each, on up to ${connections} connections; latency runs from each hold's intended send time (coordinated omission corrected, HDR histogram), and a hold that could not start within ${formatMs(DEFAULT_MAX_LAG_MS)} ms of that time (every connection busy, or the generator behind) is dropped and counted. Achieved is holds sent per second; held, holds answered 201 per second.

${ot.markdown}

Exact sell-out: ${(burstStock * 3).toLocaleString("en-US")} holds from ${top} clients on ${burstStock.toLocaleString("en-US")} units (limit 1): **${burst.held} held**, ${burst.soldOut} told sold out, ${burst.fiveXx} 5xx, ${burst.other} other answers; ${left!.available} units left, reconcile ${check.ok ? "ok" : "**breach**"}.`,
    );

    log("HTTP path targets (production settings):");
    const high = levels.get(top)!;
    target(
      `holds/s at ${top} clients ≥ 0.8× the trivial route`,
      high.holds.rate >= 0.8 * high.trivial.rate,
      `${formatRate(high.holds.rate)} vs ${formatRate(high.trivial.rate)} (${ratio(high.holds.rate, high.trivial.rate)})`,
    );
    target(
      `holds/s at ${top} clients ≥ 0.8× their own best`,
      high.holds.rate >= 0.8 * best,
      `${formatRate(high.holds.rate)} vs ${formatRate(best)} (${ratio(high.holds.rate, best)})`,
    );
    target(
      `sold-out answers at ${top} clients ≥ 0.9× the trivial route`,
      high.soldOut.refusedRate >= 0.9 * high.trivial.rate,
      `${formatRate(high.soldOut.refusedRate)} vs ${formatRate(high.trivial.rate)} (${ratio(high.soldOut.refusedRate, high.trivial.rate)})`,
    );
    const middle = levels.get(mid)!;
    target(
      `hold p99 at ${mid} clients ≤ 2× the trivial route's p99`,
      middle.holds.latency.p99 <= 2 * middle.trivial.latency.p99,
      `${formatMs(middle.holds.latency.p99)} ms vs ${formatMs(middle.trivial.latency.p99)} ms (${ratio(middle.holds.latency.p99, middle.trivial.latency.p99)})`,
    );
    target("exactly the stock sold", exact && check.ok, `${burst.held} of ${burstStock}`);
  } finally {
    http.close();
    await app.stop();
  }

  // ── the earlier settings, for comparison: limits off, no keys, one address ──
  const off = await startApp(bench.url, bench.port + 3, log);
  const offHttp = httpPath(off.base, LIMITS_OFF_TRAFFIC);
  try {
    log(`\nHTTP path with RATE_LIMITS=off, no Idempotency-Key, one address: next start at ${off.base}`);
    await warmUp(bench, offHttp, "warm-up-off");
    const offLevels = await measureLevels(bench, offHttp, "http-off");
    fiveXx += fiveXxOf(offLevels);
    const t = table(
      [
        "clients",
        "GET /api/time req/s",
        "holds/s",
        "holds ÷ trivial",
        "p50 ms",
        "p99 ms",
        "5xx",
        "other",
        "sold-out answers/s",
        "sold-out ÷ trivial",
        "production holds/s ÷ these",
      ],
      [...offLevels].map(([clients, { trivial, holds, soldOut }]) => [
        String(clients),
        formatRate(trivial.rate),
        formatRate(holds.rate),
        ratio(holds.rate, trivial.rate),
        formatMs(holds.latency.p50),
        formatMs(holds.latency.p99),
        String(trivial.fiveXx + holds.fiveXx + soldOut.fiveXx),
        String(othersAt({ trivial, holds, soldOut })),
        formatRate(soldOut.refusedRate),
        ratio(soldOut.refusedRate, trivial.rate),
        ratio(levels.get(clients)!.holds.rate, holds.rate),
      ]),
    );
    log(`\n${t.text}\n`);
    sections.push(
      `## HTTP path with the limits off, for comparison

The settings of earlier runs, measured in this run after the table above: \`RATE_LIMITS=off\`, no \`Idempotency-Key\`, every request from the load generator's one address; otherwise the same (one process, a new shopper per hold, ${seconds} s each). The last column is what production settings keep of these holds/s.

${t.markdown}`,
    );
  } finally {
    offHttp.close();
    await off.stop();
  }

  // ── one and two processes on one port, production settings ──
  const one = levels.get(mid)!;
  const two = await startApp(bench.url, bench.port + 2, log, 2, PRODUCTION_ENV);
  const twoHttp = httpPath(two.base, PRODUCTION_TRAFFIC);
  try {
    log(`\nprocesses: one port, WEB_CONCURRENCY 2, ${mid} clients, production settings`);
    await warmUp(bench, twoHttp, "warm-2p");
    const trivial = await twoHttp.trivial(mid, seconds);
    const holds = await twoHttp.holds(await hotProduct(lib, "proc-2"), "proc-2", mid, seconds);
    const soldOut = await twoHttp.holds(await hotProduct(lib, "proc-sold-out-2", 0), "proc-sold-out-2", mid, seconds);
    fiveXx += trivial.fiveXx + holds.fiveXx + soldOut.fiveXx;
    log(
      `  2 processes: GET /api/time ${formatRate(trivial.rate)}/s, holds ${formatRate(holds.rate)}/s (p99 ${formatMs(holds.latency.p99)} ms${holds.others ? `; other answers ${holds.others}` : ""}), sold out ${formatRate(soldOut.refusedRate)}/s${soldOut.others ? ` (other answers ${soldOut.others})` : ""}`,
    );
    const row = (processes: number, l: Level) => [
      String(processes),
      formatRate(l.trivial.rate),
      formatRate(l.holds.rate),
      formatMs(l.holds.latency.p99),
      formatRate(l.soldOut.refusedRate),
    ];
    const t = table(
      ["processes", "GET /api/time req/s", "POST /api/holds holds/s", "holds p99 ms", "sold-out answers/s"],
      [row(1, one), row(2, { trivial, holds, soldOut })],
    );
    log(`\n${t.text}\n`);
    sections.push(
      `## Processes: one port served by \`WEB_CONCURRENCY\` processes

\`npm start\` at production settings with \`WEB_CONCURRENCY\` 1 and 2 (node:cluster, one port), ${mid} clients, ${seconds} s each; the row for one process is the ${mid}-client row of the production table. The load generator runs on the same ${os.cpus().length} cores, so a second process competes with it and with PostgreSQL: on a larger machine the processes scale with its cores.

${t.markdown}`,
    );
  } finally {
    twoHttp.close();
    await two.stop();
  }
  target("zero 5xx on the HTTP path", fiveXx === 0, String(fiveXx));
  return sections;
}
