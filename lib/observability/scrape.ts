// scrapeMetrics: what GET /api/metrics answers. The gauges that are read when scraped (pool,
// stream clients, expiry lag) are registered here, so a process that is never scraped never reads
// them. Behind a node:cluster primary (WEB_CONCURRENCY > 1) a scrape reaches one process, which
// asks the primary for every process's metrics (scripts/serve.ts gathers them with prom-client's
// AggregatorRegistry; each series keeps its `process` label); without an answer in time it
// answers its own.
import cluster from "node:cluster";
import { randomUUID } from "node:crypto";
import { sqlClient } from "../db";
import { DomainError } from "../errors";
import { stockHub } from "../live/stock-hub";
import { CLUSTER_METRICS_REPLY, CLUSTER_METRICS_REQUEST } from "./cluster-metrics";
import { exposition, metrics, registerGauge } from "./metrics";
import { poolUsage } from "./pool";

const CLUSTER_TIMEOUT_MS = 4_000;
const LAG_TIMEOUT_MS = 2_000;

async function expiryLagSeconds(): Promise<number> {
  const query = sqlClient()<{ lag: number }[]>`
    select coalesce(extract(epoch from now() - min(hold_expires_at)), 0)::float8 as lag
      from orders where status = 'pending' and hold_expires_at <= now()`;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("expiry lag query timed out")), LAG_TIMEOUT_MS);
  });
  try {
    const [row] = await Promise.race([query, timeout]);
    return Number(row?.lag ?? 0);
  } finally {
    clearTimeout(timer);
  }
}

function registerScrapeGauges() {
  registerGauge(
    "flash_sale_db_pool_size",
    "Connections the process's pool may open (DATABASE_POOL_SIZE).",
    () => poolUsage().size,
  );
  registerGauge(
    "flash_sale_db_pool_in_use",
    "Pool connections busy with a statement or a transaction.",
    () => poolUsage().inUse,
  );
  registerGauge(
    "flash_sale_db_pool_waiting",
    "Statements waiting for a pool connection (queued, or pipelined behind a busy one).",
    () => poolUsage().waiting,
  );
  registerGauge(
    "flash_sale_stream_clients",
    "Open live-stock streams (GET /api/stream) on this process.",
    () => stockHub().subscriberCount,
  );
  registerGauge(
    "flash_sale_expiry_lag_seconds",
    "How long the oldest expired hold still pending has been past its expiry (0: none): the expiry schedulers' delay.",
    expiryLagSeconds,
  );
}

function fromPrimary(): Promise<string> {
  return new Promise((resolve, reject) => {
    const id = randomUUID();
    const timer = setTimeout(() => {
      process.off("message", onMessage);
      reject(new Error("the primary did not answer"));
    }, CLUSTER_TIMEOUT_MS);
    function onMessage(message: unknown) {
      const m = message as { type?: string; id?: string; text?: string; error?: string };
      if (m?.type !== CLUSTER_METRICS_REPLY || m.id !== id) return;
      clearTimeout(timer);
      process.off("message", onMessage);
      if (typeof m.text === "string") resolve(m.text);
      else reject(new Error(m.error ?? "no metrics"));
    }
    process.on("message", onMessage);
    process.send?.({ type: CLUSTER_METRICS_REQUEST, id });
  });
}

export async function scrapeMetrics(): Promise<{ text: string; contentType: string }> {
  if (!metrics()) throw new DomainError("not_found", "Metrics are switched off on this server (METRICS=off).");
  registerScrapeGauges();
  const local = await exposition();
  if (!cluster.isWorker || !process.send) return local;
  try {
    return { text: await fromPrimary(), contentType: local.contentType };
  } catch {
    return local;
  }
}
