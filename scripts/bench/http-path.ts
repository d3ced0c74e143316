// The HTTP path of the benchmark: a real `next start` of this build on the bench database, and
// closed-loop clients on keep-alive connections from this process.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { httpClient, errorCode, type Client } from "../load/http-client";
import { LAUNCHER, startAppProcess } from "../load/app-process";
import { measure, type Measurement, type Outcome } from "./measure";

export type AppServer = { base: string; stop: () => Promise<void>; cpuSeconds: () => number };

/** CPU time (user + system) a process has used so far, from /proc; NaN where there is none. */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The production app (npm start's launcher, in `processes` server processes) on the bench database;
 *  builds first when there is none. */
export async function startApp(
  databaseUrl: string,
  port: number,
  log: (line: string) => void,
  processes = 1,
  extraEnv: Record<string, string> = {},
): Promise<AppServer> {
  if (!existsSync(LAUNCHER)) {
    log("no production build: running npm run build first");
    await new Promise<void>((resolve, reject) => {
      const build = spawn("npm", ["run", "build"], {
        stdio: "inherit",
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      });
      build.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited with ${code}`))));
    });
  }
  const app = await startAppProcess({
    port,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      RATE_LIMITS: "off",
      HOLD_TTL_SECONDS: "3600",
      SEED_DEMO: "false",
      AUTH_SECRET: "bench-only-secret-0123456789abcdefghijklmnopqrstuvwxyz",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      WEB_CONCURRENCY: String(processes),
      ...extraEnv,
    },
  });
  return { base: app.base, stop: () => app.stop(), cpuSeconds: () => cpuSecondsOf(app.child.pid) };
}

export type HttpMeasurement = Measurement & { fiveXx: number };

async function run(
  clients: number,
  seconds: number,
  attempt: (caller: number, n: number, count5xx: () => void) => Promise<Outcome>,
) {
  let fiveXx = 0;
  const m = await measure(clients, seconds, (caller, n) => attempt(caller, n, () => void fiveXx++));
  return { ...m, fiveXx } satisfies HttpMeasurement;
}

export function httpPath(base: string) {
  let client: Client | undefined;
  const clientFor = (clients: number) => {
    client?.close();
    client = httpClient(base, clients);
    return client;
  };

  return {
    /** The framework's ceiling: GET /api/time answers from memory. */
    trivial: (clients: number, seconds: number) => {
      const c = clientFor(clients);
      return run(clients, seconds, async (_caller, _n, count5xx) => {
        const a = await c.request("GET", "/api/time");
        if (a.status >= 500) count5xx();
        return a.status === 200 ? "ok" : "error";
      });
    },
    /** POST /api/holds from distinct shoppers; a sold-out answer counts as refused. */
    holds: (productId: string, tag: string, clients: number, seconds: number) => {
      const c = clientFor(clients);
      return run(clients, seconds, async (caller, n, count5xx) => {
        const a = await c.request("POST", "/api/holds", {
          body: { productId, quantity: 1, email: `${tag}-${caller}-${n}@bench.test` },
        });
        if (a.status === 201) return "ok";
        if (a.status === 409 && errorCode(a.body) === "insufficient_stock") return "refused";
        if (a.status >= 500) count5xx();
        return "error";
      });
    },
    /** Fires `requests` holds at `clients` concurrency at once; counts what was held. */
    burst: async (productId: string, tag: string, clients: number, requests: number) => {
      const c = clientFor(clients);
      const counts = { held: 0, soldOut: 0, fiveXx: 0, other: 0 };
      let next = 0;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (next < requests) {
            const n = next++;
            const a = await c.request("POST", "/api/holds", {
              body: { productId, quantity: 1, email: `${tag}-${n}@bench.test` },
            });
            if (a.status === 201) counts.held++;
            else if (a.status === 409 && errorCode(a.body) === "insufficient_stock") counts.soldOut++;
            else if (a.status >= 500) counts.fiveXx++;
            else counts.other++;
          }
        }),
      );
      return counts;
    },
    close: () => client?.close(),
  };
}
