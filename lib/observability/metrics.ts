// The process's Prometheus metrics (prom-client, its global registry), served by GET /api/metrics
// and documented in docs/operations.md. Counters are per process and start from zero when it
// starts, as Prometheus expects; every series carries a `process` label (host:pid), so the series of
// the processes behind one port stay apart (scripts/serve.ts gathers them all into one scrape).
// With METRICS=off nothing is created or recorded: every record* function returns at once.
// Names are final: later counters (waiting room, challenges) join these families, e.g. a hold
// refused for a missing admission is flash_sale_hold_outcomes_total{reason="admission_required"}.
import os from "node:os";
import client from "prom-client";
import { env } from "../env";
import { answerClusterCollection } from "./cluster-metrics";
import { noteHold, noteServerError } from "./per-second";

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

function createMetrics() {
  const register = client.register;
  register.setDefaultLabels({ process: `${os.hostname()}:${process.pid}` });
  client.collectDefaultMetrics({ register });
  // prom-client names three gauges *_total, which promtool rejects (a suffix reserved for counters);
  // the same figures remain by type in nodejs_active_handles, _requests and _resources.
  for (const name of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"])
    register.removeSingleMetric(name);
  answerClusterCollection();
  return {
    register,
    httpRequests: new client.Counter({
      name: "flash_sale_http_requests_total",
      help: "HTTP requests answered, by route pattern, method and status code.",
      labelNames: ["route", "method", "status"] as const,
    }),
    httpDuration: new client.Histogram({
      name: "flash_sale_http_request_duration_seconds",
      help: "Time from a request's arrival in its route handler to its answer, by route pattern and method.",
      labelNames: ["route", "method"] as const,
      buckets: SECONDS,
    }),
    holdOutcomes: new client.Counter({
      name: "flash_sale_hold_outcomes_total",
      help: "Hold attempts (POST /api/holds and the Buy button) by outcome: held, replayed, or the refusal's error code.",
      labelNames: ["reason"] as const,
    }),
    holdDuration: new client.Histogram({
      name: "flash_sale_hold_duration_seconds",
      help: "Time to decide a hold attempt in lib/, by result: held, refused (a 4xx answer) or failed (5xx).",
      labelNames: ["result"] as const,
      buckets: SECONDS,
    }),
    confirmations: new client.Counter({
      name: "flash_sale_confirmations_total",
      help: "Holds confirmed into orders by this process.",
    }),
    cancellations: new client.Counter({
      name: "flash_sale_cancellations_total",
      help: "Holds cancelled by their shoppers through this process.",
    }),
    expirations: new client.Counter({
      name: "flash_sale_expirations_total",
      help: "Expired holds whose stock this process returned, by scheduler: sweeper, cron (the cron route) or reclaim (a hold that found stock short). pg_cron's releases are not counted by any process.",
      labelNames: ["scheduler"] as const,
    }),
    batchSize: new client.Histogram({
      name: "flash_sale_hold_batch_size",
      help: "Hold requests decided together by one place_holds statement (the per-product hold queue).",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 200],
    }),
    batchDuration: new client.Histogram({
      name: "flash_sale_hold_batch_duration_seconds",
      help: "Time of one place_holds statement, from sending it to its rows (lock wait included).",
      buckets: SECONDS,
    }),
    lockTimeouts: new client.Counter({
      name: "flash_sale_db_lock_timeouts_total",
      help: "Statements that gave up waiting for a row lock (lock_timeout, SQLSTATE 55P03).",
    }),
    listenReconnects: new client.Counter({
      name: "flash_sale_stock_listen_reconnects_total",
      help: "Times this process re-established its live-stock LISTEN connection after losing it.",
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { __flashSaleMetrics?: Metrics | null };

/** The process's metrics, or null with METRICS=off. */
export function metrics(): Metrics | null {
  if (globalForMetrics.__flashSaleMetrics === undefined) {
    globalForMetrics.__flashSaleMetrics = env().METRICS === "off" ? null : createMetrics();
  }
  return globalForMetrics.__flashSaleMetrics;
}

/** Gauges read when scraped (pool, stream clients, expiry lag): registered once by their owners. */
export function registerGauge(name: string, help: string, read: () => number | Promise<number>) {
  const m = metrics();
  if (!m || m.register.getSingleMetric(name)) return;
  new client.Gauge({
    name,
    help,
    // A process answers scrapes even when a reading fails (the database is down): the series is
    // then left out of this scrape rather than failing all of it.
    async collect() {
      try {
        this.set(await read());
      } catch {
        this.reset();
      }
    },
  });
}

export function recordHttp(route: string, method: string, status: number, seconds: number) {
  const m = metrics();
  if (!m) return;
  m.httpRequests.inc({ route, method, status: String(status) });
  m.httpDuration.observe({ route, method }, seconds);
  if (status >= 500) noteServerError();
}

export function recordHoldOutcome(reason: string, result: "held" | "refused" | "failed", seconds: number) {
  const m = metrics();
  if (!m) return;
  m.holdOutcomes.inc({ reason });
  m.holdDuration.observe({ result }, seconds);
  noteHold(reason, seconds * 1000);
}

export function recordHoldBatch(size: number, seconds: number) {
  const m = metrics();
  if (!m) return;
  m.batchSize.observe(size);
  m.batchDuration.observe(seconds);
}

export function recordOrderTransition(kind: "confirmed" | "cancelled") {
  const m = metrics();
  if (!m) return;
  (kind === "confirmed" ? m.confirmations : m.cancellations).inc();
}

export function recordExpirations(scheduler: "sweeper" | "cron" | "reclaim", released: number) {
  const m = metrics();
  if (!m || released <= 0) return;
  m.expirations.inc({ scheduler }, released);
}

export function recordLockTimeout() {
  metrics()?.lockTimeouts.inc();
}

export function recordListenReconnect() {
  metrics()?.listenReconnects.inc();
}

/** The exposition text of this process's registry. */
export async function exposition(): Promise<{ text: string; contentType: string }> {
  const m = metrics();
  if (!m) return { text: "", contentType: client.register.contentType };
  return { text: await m.register.metrics(), contentType: m.register.contentType };
}
