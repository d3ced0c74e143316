// Scale-out: two more app processes on the e2e database, and `npm run loadtest` splitting a flash
// sale between them. Correctness never depends on process memory, so the sale must sell exactly
// its stock, with no 5xx and every invariant intact, however the requests fall.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { expect, test } from "@playwright/test";
import { stopProcess } from "../scripts/load/stop-process";
import { E2E_PORT, e2eAppEnv } from "./database";
import { ADMIN } from "./sessions";

const ports = [E2E_PORT + 1, E2E_PORT + 2];
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const apps: ChildProcess[] = [];

async function answers(port: number) {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200;
  } catch {
    return false;
  }
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  for (const port of ports) {
    // The load comes from one address: the hold rate limits are lifted, as for any load test.
    const app = spawn(process.execPath, [nextBin, "start", "--hostname", "127.0.0.1", "--port", String(port)], {
      env: { ...e2eAppEnv(port), RATE_LIMITS: "off", SEED_DEMO: "false" },
      stdio: "ignore",
    });
    apps.push(app);
  }
  await expect.poll(async () => (await Promise.all(ports.map(answers))).every(Boolean), { timeout: 60_000 }).toBe(true);
});

test.afterAll(async () => {
  await Promise.all(apps.map((app) => stopProcess(app)));
});

test("two app processes on one database sell exactly the stock under a split load test", async () => {
  test.setTimeout(180_000);
  const run = spawn(process.execPath, ["--import", "tsx", "scripts/loadtest.ts", "--holds", "1000", "--concurrency", "200", "--stock", "100"], {
    env: { ...process.env, BASE_URL: ports.map((p) => `http://127.0.0.1:${p}`).join(","), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  run.stdout!.on("data", (chunk: Buffer) => void (output += chunk.toString()));
  run.stderr!.on("data", (chunk: Buffer) => void (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => run.on("exit", resolve));

  expect(code, output).toBe(0);
  expect(output).toContain("✓ no oversell, no lost unit, no 5xx");
  expect(output).toMatch(/reconcile: ok/);
  // The summary row: 1,000 holds, exactly 100 held, 900 told sold out, no 5xx, none unanswered.
  expect(output).toMatch(/^1,000\s+100\s+900\s+0\s+0\s+0\s+0\s/m);
  // Both processes served their share.
  for (const port of ports) expect(output).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}: 500 requests`));
});
