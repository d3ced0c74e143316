// Runs once per server process before it serves (next start and next dev, not next build):
// migrate and seed, then start the in-process expiry sweeper.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { prepareDatabase } = await import("./lib/startup");
  await prepareDatabase();
  const { env } = await import("./lib/env");
  const { startExpirySweeper } = await import("./lib/inventory/expiry-sweeper");
  startExpirySweeper(env().SWEEPER_INTERVAL_SECONDS);
}
