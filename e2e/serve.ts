// The server the Playwright suite runs against: a fresh, migrated database and the production app
// (a prior `npm run build` is needed), with a short hold TTL so expiry can be watched. Stops its
// PostgreSQL when it is stopped.
import { migrateDatabase } from "../db/migrate";
import { recreateDatabase, startEmbeddedPostgres } from "../db/server";
import { startAppProcess } from "../scripts/load/app-process";
import { E2E_PG_PORT, E2E_PORT, e2eAppEnv, e2eDatabaseUrl } from "./database";

const server = process.env.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({ name: "e2e-pg", port: E2E_PG_PORT });
const url = e2eDatabaseUrl();
await recreateDatabase(url);
await migrateDatabase(url);

const app = await startAppProcess({ port: E2E_PORT, env: e2eAppEnv(E2E_PORT), output: "inherit", timeoutMs: 120_000 });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => app.child.kill(signal));
app.child.on("exit", async (code) => {
  await server?.stop();
  process.exit(code ?? 0);
});
