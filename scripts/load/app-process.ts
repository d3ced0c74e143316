// Starts the production app the way an operator does: the launcher of the standalone build
// (.next/standalone/serve.mjs, what `npm start` runs) on 127.0.0.1:port, resolved once /api/health
// answers 200; or, with `mode: "dev"`, the development server (scripts/serve.ts dev). The one
// way the chaos run, the bench, the e2e server, the scale-out spec and the deployment suite start an
// app process; stopProcess stops it.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import type { Writable } from "node:stream";
import { stopProcess } from "./stop-process";

export type AppProcess = { child: ChildProcess; base: string; stop: (signal?: NodeJS.Signals) => Promise<void> };

export const LAUNCHER = path.resolve(".next/standalone/serve.mjs");

/** GET /api/health's status code, or 0 when nothing answers within `timeoutMs`. */
export async function healthStatus(base: string, timeoutMs = 2_000): Promise<number> {
  try {
    const response = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}

const healthy = async (base: string) => (await healthStatus(base)) === 200;

export async function startAppProcess(options: {
  port: number;
  env: NodeJS.ProcessEnv;
  /** Where the app's output goes (default: nowhere). */
  output?: "inherit" | Writable;
  timeoutMs?: number;
  /** Another copy of the launcher (a standalone directory moved elsewhere), and its working directory. */
  launcher?: string;
  cwd?: string;
  /** `dev`: the development server of `npm run dev` (scripts/serve.ts dev) instead of the build. */
  mode?: "start" | "dev";
}): Promise<AppProcess> {
  const launcher = options.launcher ?? LAUNCHER;
  const dev = options.mode === "dev";
  if (!dev && !existsSync(launcher))
    throw new Error(`No production build (${launcher} is missing): run \`npm run build\` first.`);
  const base = `http://127.0.0.1:${options.port}`;
  if (await healthy(base)) throw new Error(`Something already answers on ${base}: stop it or choose another port.`);
  const args = dev ? ["--import", "tsx", path.resolve("scripts/serve.ts"), "dev"] : [launcher, "start"];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { HOSTNAME: "127.0.0.1", ...options.env, PORT: String(options.port), NEXT_TELEMETRY_DISABLED: "1" },
    stdio: options.output === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"],
  });
  let tail = "";
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4_000);
      if (options.output && options.output !== "inherit") options.output.write(chunk);
    });
  }
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app on ${base} exited with ${child.exitCode}: ${tail}`);
    if (await healthy(base)) return { child, base, stop: (signal) => stopProcess(child, signal) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopProcess(child, "SIGKILL");
  throw new Error(`the app on ${base} did not answer /api/health in time: ${tail}`);
}
