// Runs once per server process before it serves (next start and next dev, not next build): tracing
// when an OTLP endpoint is configured (loaded only then), migrate and seed, then start the
// in-process expiry sweeper and the live view of stock.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/env");
  const config = env();
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) {
    const { startTracing } = await import("./lib/observability/start-tracing");
    startTracing(config.OTEL_EXPORTER_OTLP_ENDPOINT, config.OTEL_SERVICE_NAME);
  }
  // Metrics exist from the start, so the primary of a cluster can collect them from every process.
  const { metrics } = await import("./lib/observability/metrics");
  metrics();
  const { logger } = await import("./lib/observability/log");
  const { prepareDatabase } = await import("./lib/startup");
  await prepareDatabase((line, fields) => logger().info({ event: "startup", ...fields }, line));
  const { startExpirySweeper } = await import("./lib/inventory/expiry");
  startExpirySweeper(config.SWEEPER_INTERVAL_SECONDS);
  // One LISTEN connection per process: it feeds /api/stream, and lets holds answer "sold out"
  // from memory while no change has been heard. Should it fail now, the first stream retries it.
  const { stockHub } = await import("./lib/live/stock-hub");
  stockHub()
    .start()
    .catch((error: Error) =>
      logger().error(
        { event: "stock_listen_failed", err: error },
        "listening for stock changes failed; retried on the first stream",
      ),
    );
}
