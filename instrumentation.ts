// Runs once per server process before it serves (next start and next dev, not next build):
// migrate and seed, then start the in-process expiry sweeper and the live view of stock.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { prepareDatabase } = await import("./lib/startup");
  await prepareDatabase();
  const { env } = await import("./lib/env");
  const { startExpirySweeper } = await import("./lib/inventory/expiry");
  startExpirySweeper(env().SWEEPER_INTERVAL_SECONDS);
  // One LISTEN connection per process: it feeds /api/stream, and lets holds answer "sold out"
  // from memory while no change has been heard. Should it fail now, the first stream retries it.
  const { stockHub } = await import("./lib/live/stock-hub");
  stockHub()
    .start()
    .catch((error: Error) =>
      console.error("[live] listening for stock changes failed; retried on the first stream:", error.message),
    );
}
