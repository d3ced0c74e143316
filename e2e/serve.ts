// The server the Playwright suite runs against: a fresh, migrated database and `next start`
// (a prior `next build` is needed), with a short hold TTL so expiry can be watched. Stops its
// PostgreSQL when it is stopped.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { migrateDatabase } from "../db/migrate";
import { recreateDatabase, startEmbeddedPostgres } from "../db/server";
import { E2E_PG_PORT, E2E_PORT, e2eAppEnv, e2eDatabaseUrl } from "./database";

const server = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ name: "e2e-pg", port: E2E_PG_PORT });
const url = e2eDatabaseUrl();
await recreateDatabase(url);
await migrateDatabase(url);

const next = createRequire(import.meta.url).resolve("next/dist/bin/next");
const child = spawn(process.execPath, [next, "start", "--hostname", "127.0.0.1", "--port", String(E2E_PORT)], {
  stdio: "inherit",
  env: e2eAppEnv(E2E_PORT),
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", async (code) => {
  await server?.stop();
  process.exit(code ?? 0);
});
