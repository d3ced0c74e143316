// One scrape, every process: behind node:cluster (scripts/serve.ts, WEB_CONCURRENCY > 1) a scrape
// reaches whichever worker the primary hands the connection to. That worker asks the primary over
// IPC; the primary collects every worker's registry with prom-client's AggregatorRegistry and
// sends the text back. Series stay apart by their `process` label, so nothing is summed away.
import cluster from "node:cluster";
import { AggregatorRegistry } from "prom-client";

export const CLUSTER_METRICS_REQUEST = "flash-sale:metrics-request";
export const CLUSTER_METRICS_REPLY = "flash-sale:metrics-reply";

/** In a worker: answer the primary's collection requests (prom-client listens once constructed). */
export function answerClusterCollection() {
  if (cluster.isWorker) new AggregatorRegistry();
}

/** In the primary: answer each worker's request with every worker's metrics. */
export function serveClusterMetrics() {
  const aggregator = new AggregatorRegistry();
  cluster.on("message", (worker, message: { type?: string; id?: string }) => {
    if (message?.type !== CLUSTER_METRICS_REQUEST) return;
    const reply = (body: { text?: string; error?: string }) => {
      if (worker.isConnected()) worker.send({ type: CLUSTER_METRICS_REPLY, id: message.id, ...body });
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      (error: Error) => reply({ error: error.message }),
    );
  });
}
