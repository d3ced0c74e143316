// The production build as an operator runs it: the standalone directory moved away from the
// repository (so nothing outside it, no dev dependency, can be reached), started by its launcher in
// several processes, configured by a copy of .env.example; and the development server on the same
// file. The production half needs `npm run build` (npm test runs it first).
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { parseEnv } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { databaseUrlFor } from "@/db/database-url";
import { recreateDatabase } from "@/db/server";
import { LAUNCHER, startAppProcess, type AppProcess } from "@/scripts/load/app-process";
import { runNode } from "./helpers/processes";

const built = existsSync(LAUNCHER);
if (!built) {
  if (process.env.CI) throw new Error(`No production build (${LAUNCHER}): npm test builds before Vitest runs.`);
  console.warn(`tests/deployment.test.ts skipped: no production build (${LAUNCHER}); run npm run build first.`);
}

const PORT = Number(process.env.DEPLOY_TEST_PORT ?? 3780);
const base = `http://127.0.0.1:${PORT}`;
const secrets = {
  AUTH_SECRET: "deploy-test-secret-0123456789abcdefghijklmnopqrstuvwxyz",
  ADMIN_EMAIL: "ops@deploy.test",
  ADMIN_PASSWORD: "deploy-admin-password",
};

/** The server processes a launcher runs: its children (cluster workers), or itself when it has none. */
function serverProcesses(launcherPid: number): number[] {
  const children = readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[1] === String(launcherPid);
      } catch {
        return false;
      }
    })
    .map(Number);
  return children.length > 0 ? children : [launcherPid];
}

/** A GET on one kept-alive socket; resolves with the status and whether the socket was reused. */
function get(agent: http.Agent, url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; reused: boolean; body: string }>((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, reused: request.reusedSocket, body }));
    });
    request.on("error", reject);
  });
}

describe.skipIf(!built)("the standalone build, moved out of the repository", () => {
  let dir: string;
  let app: AppProcess;
  let databaseUrl: string;
  let printed = "";

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "flash-sale-standalone-"));
    cpSync(path.dirname(LAUNCHER), dir, { recursive: true });
    // The operator's .env: .env.example exactly as committed, blanks and all.
    cpSync(".env.example", path.join(dir, ".env"));
    databaseUrl = databaseUrlFor(inject("databaseUrl"), "flash_sale_deploy");
    await recreateDatabase(databaseUrl);
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: "production" as const,
      ...secrets,
      DATABASE_URL: databaseUrl,
      WEB_CONCURRENCY: "2",
      REGISTRATIONS_PER_IP_PER_HOUR: "2",
    };
    const output = new Writable({
      write(chunk, _encoding, done) {
        printed += String(chunk);
        done();
      },
    });
    app = await startAppProcess({
      port: PORT,
      env,
      launcher: path.join(dir, "serve.mjs"),
      cwd: dir,
      timeoutMs: 90_000,
      output,
    });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("serves one port from WEB_CONCURRENCY processes, each listening for stock changes itself", async () => {
    const pids = serverProcesses(app.child.pid!);
    expect(pids).toHaveLength(2);
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      await expect
        .poll(
          async () => (await sql`select count(*)::int as n from pg_stat_activity where query ilike 'listen%'`)[0]!.n,
        )
        .toBe(2);
    } finally {
      await sql.end();
    }
    const health = await (await fetch(`${base}/api/health`)).json();
    expect(health).toMatchObject({ status: "ok", database: "ok" });
    expect(health.eventLoopDelayMs.p99).toBeGreaterThanOrEqual(0);
    expect((await fetch(`${base}/api/products`)).status).toBe(200);
  });

  it("never prints the configured admin password or the session secret", () => {
    expect(printed).not.toBe("");
    expect(printed).not.toContain(secrets.ADMIN_PASSWORD);
    expect(printed).not.toContain(secrets.AUTH_SECRET);
  });

  it("creates the configured admin in production, without demo products", async () => {
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      expect(await sql`select email, role from users`).toEqual([{ email: secrets.ADMIN_EMAIL, role: "admin" }]);
      expect((await sql`select count(*)::int as n from products`)[0]!.n).toBe(0);
    } finally {
      await sql.end();
    }
  });

  it("ships the admin CLI, which promotes an account and refuses bad input with exit 2", async () => {
    const run = (args: string[], input = "") =>
      runNode([path.join(dir, "admin.mjs"), ...args], {
        cwd: dir,
        env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, NODE_ENV: "production" },
        input,
      });
    const created = await run(["create", "second@deploy.test"], "another-admin-passphrase\n");
    expect(created.code, created.stdout + created.stderr).toBe(0);
    const refused = await run(["promote", "nobody@deploy.test"]);
    expect(refused.code).toBe(2);
    expect(refused.stdout + refused.stderr).not.toMatch(/\bat \S+:\d+/);
  });

  it("binds to HOSTNAME only", async () => {
    // The whole of 127.0.0.0/8 is this machine: a server on every interface would answer here too.
    await expect(
      fetch(`http://127.0.0.2:${PORT}/api/health`, { signal: AbortSignal.timeout(3_000) }),
    ).rejects.toThrow();
  });

  it("keeps an idle kept-alive connection open past Node's default five seconds", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(agent, `${base}/api/time`);
      expect(first.status).toBe(200);
      await sleep(6_000);
      const second = await get(agent, `${base}/api/time`);
      expect(second).toMatchObject({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  }, 20_000);

  it("limits by the connection's address, whatever X-Forwarded-For a client sends", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${base}/api/register`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-forwarded-for": `10.50.0.${i + 1}`,
          "x-real-ip": `10.60.0.${i + 1}`,
          "x-flash-sale-peer-address": `10.70.0.${i + 1}`,
        },
        body: JSON.stringify({ email: `spoof-${i}@deploy.test`, password: "a-long-enough-password" }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([201, 201, 429]);
  });
});

describe("npm run dev with .env.example as it is", () => {
  it("starts, migrates, seeds and answers", async () => {
    const port = PORT + 1;
    const example = parseEnv(readFileSync(".env.example", "utf8"));
    const databaseUrl = databaseUrlFor(inject("databaseUrl"), "flash_sale_dev_start");
    await recreateDatabase(databaseUrl);
    let output = "";
    const app = await startAppProcess({
      mode: "dev",
      port,
      env: {
        PATH: process.env.PATH,
        ...example,
        NODE_ENV: "development" as const,
        DATABASE_URL: databaseUrl,
        HOSTNAME: "127.0.0.1",
      },
      output: new Writable({
        write(chunk: Buffer, _encoding, done) {
          output += chunk;
          done();
        },
      }),
      timeoutMs: 90_000,
    });
    try {
      expect(output).toContain("Development admin login: admin@flash.test / flash-sale-admin");
    } finally {
      await app.stop();
    }
  }, 120_000);
});
