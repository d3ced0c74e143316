// Runs once per server process before it serves (next start and next dev, not next build).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { prepareDatabase } = await import("./lib/startup");
  await prepareDatabase();
}
